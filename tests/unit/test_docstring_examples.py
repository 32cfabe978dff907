"""The runnable examples in smstub's docstrings run, against the installed package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import smstub

MODULES = ["smstub"] + [f"smstub.{info.name}" for info in pkgutil.iter_modules(smstub.__path__)]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_pass(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0


def test_there_are_docstring_examples() -> None:
    tried = sum(
        doctest.testmod(importlib.import_module(name), verbose=False).attempted for name in MODULES
    )
    assert tried >= 5

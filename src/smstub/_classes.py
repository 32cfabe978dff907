"""Decorated classes: each test of a ``unittest.TestCase`` or a plain pytest class runs in its
own fresh activation, and class-level set-up (``setUpClass``, ``setup_class``) runs in a mock of
its own and is refused if it called Secrets Manager (each test starts empty, so what it made
would silently be missing). :mod:`smstub._activation` hands in how to make an activation."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from smstub.errors import ClassSetupError

__all__ = ["CONFIG", "decorate_plain_class", "decorate_testcase"]

C = TypeVar("C", bound=type)
# An activation: a context manager whose ``mock`` is the handle it activates.
Factory = Callable[[], Any]
_ATTR = "_smstub_activation"
CONFIG = "_smstub_config"  # on a decorated class; `_self_` + this on a function's wrapper


def decorate_testcase(config: Any, cls: C, new: Factory) -> C:
    """Each test of a ``unittest.TestCase`` (setUp, the test, tearDown, cleanups) in its own
    activation; class-level set-up guarded (see :func:`_guard_class_level`)."""
    original_run = cls.run  # type: ignore[attr-defined]

    def run(self: Any, result: Any = None) -> Any:
        # setUp, the test, tearDown and cleanups all run inside one fresh activation.
        with new():
            return original_run(self, result)

    cls.run = run  # type: ignore[attr-defined]
    default = sys.modules["unittest"].TestCase.__dict__
    for name, instead in (("setUpClass", "setUp"), ("tearDownClass", "tearDown")):
        if inspect.getattr_static(cls, name) is not default[name]:
            _guard_class_level(config, cls, name, instead, new)
    setattr(cls, CONFIG, config)
    return cls


def decorate_plain_class(config: Any, cls: C, new: Factory) -> C:
    """Each test method of a plain pytest class, with its setup_method/teardown_method and
    the method's fixtures, in its own activation; class-level set-up guarded."""
    original_setup = getattr(cls, "setup_method", None)
    original_teardown = getattr(cls, "teardown_method", None)

    def setup_method(self: Any, method: Any = None) -> None:
        activation = new()
        activation.__enter__()
        setattr(self, _ATTR, activation)
        try:
            if original_setup is not None:
                _call_xunit(original_setup, self, method)
        except BaseException:
            delattr(self, _ATTR)
            activation.__exit__(None, None, None)
            raise

    def teardown_method(self: Any, method: Any = None) -> None:
        try:
            if original_teardown is not None:
                _call_xunit(original_teardown, self, method)
        finally:
            activation = self.__dict__.pop(_ATTR, None)
            if activation is not None:
                activation.__exit__(None, None, None)

    cls.setup_method = setup_method  # type: ignore[attr-defined]
    cls.teardown_method = teardown_method  # type: ignore[attr-defined]
    for name, instead in (
        ("setup_class", "setup_method"),
        ("teardown_class", "teardown_method"),
    ):
        if getattr(cls, name, None) is not None:
            _guard_class_level(config, cls, name, instead, new)
    setattr(cls, CONFIG, config)
    return cls


def _guard_class_level(config: Any, cls: type, name: str, instead: str, new: Factory) -> None:
    """Run class-level set-up or tear-down in a mock of its own, so that nothing it does
    reaches AWS, and refuse it if it called Secrets Manager: each test method has a fresh
    mock, so what it made would silently be missing from the tests."""
    raw = inspect.getattr_static(cls, name)
    func: Callable[..., Any] = raw.__func__ if isinstance(raw, (classmethod, staticmethod)) else raw
    takes_class = _positional_count(func) >= 1

    def guarded(klass: type) -> None:
        activation = new()
        with activation:
            if takes_class:
                func(klass)
            else:
                func()
        if activation.mock._store is not None:  # a request reached it
            raise ClassSetupError(klass.__qualname__, name, instead)

    setattr(cls, name, classmethod(guarded))


def _positional_count(func: Callable[..., Any]) -> int:
    try:
        return len(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return 2


def _call_xunit(func: Callable[..., Any], instance: object, method: Any) -> None:
    """Call setup_method/teardown_method as pytest does: with the method if it takes one."""
    if _positional_count(func) >= 2:
        func(instance, method)
    else:
        func(instance)

"""The layer rules of DESIGN.md, checked on the source: who may import what."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "smstub"

# Only these modules may touch botocore (DESIGN.md, "Layers").
BOTOCORE_ALLOWED = {"_install", "_hook", "_wire"}
# The domain: typed rules only, no botocore, no wrapt, no pytest, no wire layer.
DOMAIN = {
    "_aws_errors",
    "_backend",
    "_batch",
    "_clock",
    "_crypto",
    "_ids",
    "_kms",
    "_listing",
    "_model",
    "_paging",
    "_password",
    "_tags",
}
FORBIDDEN_IN_DOMAIN = {
    "botocore",
    "boto3",
    "wrapt",
    "pytest",
    "smstub._wire",
    "smstub._hook",
    "smstub._install",
    "smstub._operations",
    "smstub._activation",
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


MODULES = sorted(p for p in SRC.glob("*.py"))


def test_the_domain_modules_exist() -> None:
    present = {p.stem for p in MODULES}
    assert {"_backend", "_model", "_crypto", "_kms", "_clock"} <= present


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_only_install_hook_and_wire_import_botocore(path: Path) -> None:
    touches = {name for name in _imports(path) if name.split(".")[0] in {"botocore", "boto3"}}
    if path.stem not in BOTOCORE_ALLOWED:
        assert touches == set()


@pytest.mark.parametrize("path", [p for p in MODULES if p.stem in DOMAIN], ids=lambda p: p.stem)
def test_domain_modules_import_no_outer_layer(path: Path) -> None:
    bad = {
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_DOMAIN)
    }
    assert bad == set()


def test_only_install_patches_botocore() -> None:
    for path in MODULES:
        if path.stem == "_install":
            continue
        text = path.read_text()
        assert "Endpoint._send =" not in text
        assert "RequestSigner.sign =" not in text
        assert "BUILTIN_HANDLERS" not in text

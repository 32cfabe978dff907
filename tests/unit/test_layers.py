"""The layer rules of DESIGN.md, checked on the source: who may import what, and who patches.

The outer modules are named here; every other module of the package is domain, so a new
module is checked without being listed. Patching is found in the syntax tree (attributes
assigned on botocore objects, setattr on them, their registries mutated), not by searching for
text, and the checks are themselves tested on planted examples.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "smstub"
MODULES = sorted(SRC.glob("*.py"))

# The request path above the domain (DESIGN.md, "Layers"), outermost first.
OUTER = {
    "pytest_plugin",
    "__init__",
    "_activation",
    "_classes",
    "_handle",
    "_handle_tools",
    "_install",
    "_hook",
    "_wire",
    "_dispatch",
    "_operations",
}
# Only these may import botocore (or aiobotocore), and only _install may patch it.
SDK_ALLOWED = {"_install", "_hook", "_wire"}
PATCHER = "_install"
SDK_PACKAGES = {"botocore", "boto3", "aiobotocore", "aioboto3"}
# The domain never imports these (nor any outer module).
FOREIGN_TO_DOMAIN = SDK_PACKAGES | {"wrapt", "pytest"}
# Methods that change a botocore registry in place (handlers.BUILTIN_HANDLERS.append(...)).
_MUTATORS = {"append", "extend", "insert", "register", "register_first", "register_last"}


def imports(tree: ast.AST) -> set[str]:
    """Every module a tree imports, wherever the import stands (lazy imports included)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _sdk_aliases(tree: ast.AST) -> set[str]:
    """Local names bound to botocore modules, classes or functions."""
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in SDK_PACKAGES:
                    bound.add(alias.asname or alias.name.split(".")[0])
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.split(".")[0] in SDK_PACKAGES
        ):
            bound.update(alias.asname or alias.name for alias in node.names)
    return bound


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def patches(tree: ast.AST) -> list[str]:
    """Where a tree changes botocore objects: ``X.attr = ...``, ``setattr(X, ...)``,
    ``del X.attr`` and in-place changes of their registries, X being bound to botocore."""
    aliases = _sdk_aliases(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif isinstance(node, ast.Delete):
            targets = node.targets
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in {"setattr", "delattr"} and node.args:
                if _root(node.args[0]) in aliases:
                    found.append(f"line {node.lineno}: {func.id} on {_root(node.args[0])}")
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in _MUTATORS
                and isinstance(func.value, ast.Attribute)
                and _root(func.value) in aliases
            ):
                found.append(f"line {node.lineno}: {ast.unparse(func)}(...)")
        for target in targets:
            if isinstance(target, (ast.Attribute, ast.Subscript)) and _root(target) in aliases:
                found.append(f"line {node.lineno}: {ast.unparse(target)} changed")
    return found


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text())


def _foreign(names: set[str], forbidden: set[str]) -> set[str]:
    return {name for name in names if name.split(".")[0] in forbidden}


def _outer_imports(names: set[str]) -> set[str]:
    return {n for n in names if n.startswith("smstub.") and n.split(".")[1] in OUTER}


def test_the_outer_modules_exist() -> None:
    assert {p.stem for p in MODULES} >= OUTER


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_only_install_hook_and_wire_import_botocore(path: Path) -> None:
    if path.stem not in SDK_ALLOWED:
        assert _foreign(imports(_tree(path)), SDK_PACKAGES) == set()


DOMAIN = [p for p in MODULES if p.stem not in OUTER]


@pytest.mark.parametrize("path", DOMAIN, ids=lambda p: p.stem)
def test_domain_modules_import_no_sdk_no_test_tools_and_no_outer_layer(path: Path) -> None:
    names = imports(_tree(path))
    assert _foreign(names, FOREIGN_TO_DOMAIN) == set()
    assert _outer_imports(names) == set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_only_install_patches_botocore(path: Path) -> None:
    if path.stem != PATCHER:
        assert patches(_tree(path)) == []


def test_install_is_seen_patching() -> None:
    # The check finds the patches that really exist, so an empty answer elsewhere means something.
    found = patches(_tree(SRC / "_install.py"))
    assert any("Endpoint._send" in line for line in found)
    assert any("RequestSigner.sign" in line for line in found)
    assert any("BUILTIN_HANDLERS.append" in line for line in found)


# --- the checks, on planted examples ------------------------------------------------------------
def _planted(source: str) -> ast.Module:
    return ast.parse(textwrap.dedent(source))


@pytest.mark.parametrize(
    "source",
    [
        "from botocore.endpoint import Endpoint\nEndpoint._send = lambda self, r: None\n",
        "import botocore.signers as s\ns.RequestSigner.sign = None\n",
        "def later():\n    from botocore import handlers\n"
        "    handlers.BUILTIN_HANDLERS.append(1)\n",
        "from botocore.endpoint import Endpoint as E\nsetattr(E, '_send', None)\n",
        "import botocore\nbotocore.endpoint.Endpoint._send += 1\n",
        "from aiobotocore.endpoint import AioEndpoint\ndel AioEndpoint._send\n",
    ],
    ids=["assign", "module-alias", "registry", "setattr", "augassign", "aiobotocore-del"],
)
def test_a_planted_patch_is_found(source: str) -> None:
    assert patches(_planted(source)) != []


def test_reading_botocore_is_not_patching() -> None:
    source = """
        from botocore.awsrequest import AWSResponse
        from smstub import thing
        response = AWSResponse("u", 200, {}, None)
        thing.attr = AWSResponse.content
        local = [AWSResponse]
        local.append(1)
    """
    assert patches(_planted(source)) == []


def test_a_planted_botocore_import_in_a_domain_module_is_found() -> None:
    names = imports(_planted("def f():\n    from botocore.model import Shape\n"))
    assert _foreign(names, FOREIGN_TO_DOMAIN) == {"botocore.model", "botocore.model.Shape"}


def test_a_planted_outer_import_in_a_domain_module_is_found() -> None:
    names = imports(_planted("from smstub import _wire\nfrom smstub._hook import respond\n"))
    assert _outer_imports(names) == {"smstub._wire", "smstub._hook", "smstub._hook.respond"}

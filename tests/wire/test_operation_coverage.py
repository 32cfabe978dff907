"""Every operation in the installed botocore model is answered, or known to be pending."""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

import pytest

from smstub import _operations, _wire
from smstub._operations import OPERATIONS

# Operations whose issues have not landed yet. A botocore upgrade that adds an operation makes
# this test fail, so it is noticed; an operation that lands must be removed from here.
PENDING = {}


def test_every_model_operation_is_answered_or_pending() -> None:
    model_ops = set(_wire.service_model().operation_names)
    unanswered = model_ops - set(OPERATIONS)
    assert unanswered == set(PENDING) & model_ops


def test_no_pending_entry_is_already_answered() -> None:
    assert not set(PENDING) & set(OPERATIONS)


# Answered operations that botocore models only from a later release than smstub's lowest
# (and than the one aiobotocore pins): an older installed model simply lacks them.
NEWER_THAN_SOME_MODELS = {
    "AssociateCrossAccountReplica",
    "DisassociateCrossAccountReplica",
    "ListResourcePolicies",
}


def test_every_answered_operation_is_in_the_model() -> None:
    assert set(OPERATIONS) - set(_wire.service_model().operation_names) <= NEWER_THAN_SOME_MODELS


# --- request members ----------------------------------------------------------------------------
def _members_read(function: Any, seen: set[str] | None = None) -> set[str]:
    """The request members a handler reads (``p["X"]``, ``p.get("X")``), following the
    module-level helpers of the operations layer (smstub._operations and its
    smstub._operations_* parts) it calls."""
    seen = set() if seen is None else seen
    # A handler imported by its first call (smstub._operations._policy) names the real one.
    resolve = getattr(inspect.unwrap(function), "resolve", None)
    if resolve is not None:
        function = resolve()
    if function.__name__ in seen:
        return set()
    seen.add(function.__name__)
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            if isinstance(node.slice.value, str):
                read.add(node.slice.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            read.add(str(node.args[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            helper = function.__globals__.get(node.func.id)
            if inspect.isfunction(helper) and helper.__module__.startswith(_operations.__name__):
                read |= _members_read(helper, seen)
    return read


# Members the model gained after the oldest supported botocore: CrossAccountPrimaryARN is in
# botocore 1.44.8's CreateSecret and not in 1.43.117's (which aiobotocore 3.10 pins).
NEWER_THAN_SOME_SUPPORTED_BOTOCORE = frozenset({"CrossAccountPrimaryARN"})


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_request_member_is_acted_on_or_refused_by_name(name: str) -> None:
    model = _wire.operation_model(name)
    if model is None:
        assert name in NEWER_THAN_SOME_MODELS
        pytest.skip(f"the installed botocore's model has no {name} (a later release adds it)")
    members = set(model.input_shape.members) if model.input_shape is not None else set()
    spec = OPERATIONS[name]
    ignored = members - _members_read(spec.handler) - spec.refused
    assert ignored == set(), f"{name} would silently ignore {sorted(ignored)}"
    # A member newer than the installed botocore is absent from its model (botocore cannot send
    # it there, so refusing it is harmless); any other refused name would be a typo.
    unknown = spec.refused - members
    assert unknown <= NEWER_THAN_SOME_SUPPORTED_BOTOCORE, "a refused member the model lacks"
    assert not spec.refused & _members_read(spec.handler), "refused yet read by the handler"


def test_the_member_walk_sees_what_a_handler_reads() -> None:
    # SecretString is read through the _value helper, not by create_secret itself.
    read = _members_read(OPERATIONS["CreateSecret"].handler)
    assert {"Name", "SecretString", "SecretBinary", "KmsKeyId", "Tags"} <= read
    # ... and AddReplicaRegions through a helper of smstub._operations_replication.
    assert {"AddReplicaRegions", "CrossAccountPrimaryARN"} <= read

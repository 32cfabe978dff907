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
PENDING = {
    "AssociateCrossAccountReplica": "replication",
    "DisassociateCrossAccountReplica": "replication",
    "RemoveRegionsFromReplication": "replication",
    "ReplicateSecretToRegions": "replication",
    "StopReplicationToReplica": "replication",
}


def test_every_model_operation_is_answered_or_pending() -> None:
    model_ops = set(_wire.service_model().operation_names)
    unanswered = model_ops - set(OPERATIONS)
    assert unanswered == set(PENDING) & model_ops


def test_no_pending_entry_is_already_answered() -> None:
    assert not set(PENDING) & set(OPERATIONS)


def test_every_answered_operation_is_in_the_model() -> None:
    assert set(OPERATIONS) <= set(_wire.service_model().operation_names)


# --- request members ----------------------------------------------------------------------------
def _members_read(function: Any, seen: set[str] | None = None) -> set[str]:
    """The request members a handler reads (``p["X"]``, ``p.get("X")``), following the
    module-level helpers of smstub._operations it calls."""
    seen = set() if seen is None else seen
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
            helper = getattr(_operations, node.func.id, None)
            if inspect.isfunction(helper) and helper.__module__ == _operations.__name__:
                read |= _members_read(helper, seen)
    return read


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_request_member_is_acted_on_or_refused_by_name(name: str) -> None:
    model = _wire.operation_model(name)
    assert model is not None
    members = set(model.input_shape.members) if model.input_shape is not None else set()
    spec = OPERATIONS[name]
    ignored = members - _members_read(spec.handler) - spec.refused
    assert ignored == set(), f"{name} would silently ignore {sorted(ignored)}"
    assert spec.refused <= members, "a refused member the model does not have"
    assert not spec.refused & _members_read(spec.handler), "refused yet read by the handler"


def test_the_member_walk_sees_what_a_handler_reads() -> None:
    # SecretString is read through the _value helper, not by create_secret itself.
    read = _members_read(OPERATIONS["CreateSecret"].handler)
    assert {"Name", "SecretString", "SecretBinary", "KmsKeyId", "Tags"} <= read
    assert "AddReplicaRegions" not in read

"""Every operation in the installed botocore model is answered, or known to be pending."""

from __future__ import annotations

from smstub import _wire
from smstub._operations import OPERATIONS

# Operations whose issues have not landed yet. A botocore upgrade that adds an operation makes
# this test fail, so it is noticed; an operation that lands must be removed from here.
PENDING = {
    "CancelRotateSecret": "rotation",
    "RotateSecret": "rotation",
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

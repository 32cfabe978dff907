"""Cross-account replication: a replica secret in another account of the same Region that
receives the primary's values.

The replica-account owner creates the replica with CreateSecret's ``CrossAccountPrimaryARN``
(empty, under a customer managed key); the primary-account owner links it with
AssociateCrossAccountReplica, which starts replication; DisassociateCrossAccountReplica (from the
primary's account) detaches it; StopReplicationToReplica (from the replica's account) makes it
standalone and shows ``Detached`` on the primary. Source: the API reference of those operations
and the user guide's "Replicate AWS Secrets Manager secrets across accounts" pages. What is
replicated: the versions (ids, labels, values resealed under the replica's key); the replica
keeps its own description, tags and lifecycle ("an independent secret that has its own access
policies, KMS key, and lifecycle").

The error texts here are UNVERIFIED[cross-account-texts]: the feature is recent and no
public record of AWS's words was found; the codes are those the model lists for each
operation, chosen by the model's own descriptions (InvalidParameterException for a bad
parameter, InvalidRequestException for a state that does not allow the call,
LimitExceededException for the one-replica limit).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._model import Secret, Version
from smstub._replication import (
    CrossAccountLink,
    Replication,
    Status,
    failure_message,
    mirror_versions,
)
from smstub._replication_access import (
    attach_managed_policy,
    detach_managed_policy,
    replication_denied,
)
from smstub._sealing import reveal, seal_version

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = [
    "associate",
    "check_replica_request",
    "disassociate",
    "make_replica",
    "stop_cross_account",
    "sync_cross_account",
]

_SECRET_ARN = re.compile(
    r"arn:(?P<partition>[^:]+):secretsmanager:(?P<region>[^:]+):(?P<account>\d{12}):secret:"
    r"(?P<name>.+)\Z"
)
# The texts are guesses (see the module docstring).
NEEDS_CUSTOMER_KEY = (
    "You must encrypt a cross-account replica secret with a customer managed KMS key."
)
SAME_REGION = (
    "The primary secret and the cross-account replica secret must be in the same Region and "
    "partition, and in different accounts."
)
NOT_ALLOWED_WITH = "You can't include {member} when you create a cross-account replica secret."
NOT_ITS_REPLICA = "The secret {arn} isn't a cross-account replica of this primary secret."
ONE_REPLICA = "A primary secret can have at most one cross-account replica."
NOT_ASSOCIATED = "The secret {arn} isn't associated with this primary secret."
CROSS_REPLICA_WRITE = (
    "Operation not permitted on a cross-account replica secret while it replicates from its "
    "primary secret."
)
STILL_ASSOCIATED = (
    "You can't delete secret {arn} that still has an associated cross-account replica."
)
REPLICA_GONE = "Replication failed: the replica secret doesn't exist."


def _parse(arn: str) -> re.Match[str]:
    match = _SECRET_ARN.match(arn)
    if match is None:
        raise err.InvalidParameterException(SAME_REGION)
    return match


def _same_region_other_account(backend: RegionBackend, arn: str) -> re.Match[str]:
    match = _parse(arn)
    if (
        match["region"] != backend.region
        or match["partition"] != backend.partition
        or match["account"] == backend.account
    ):
        raise err.InvalidParameterException(SAME_REGION)
    return match


def check_replica_request(
    backend: RegionBackend, primary_arn: str, present: list[str], key_ref: str | None
) -> None:
    """CreateSecret's rules for ``CrossAccountPrimaryARN`` (API reference, CreateSecret): the
    primary in the same Region and partition, a customer managed key, and none of
    AddReplicaRegions, Description, SecretBinary, SecretString or Type."""
    for member in present:
        raise err.InvalidParameterException(NOT_ALLOWED_WITH.format(member=member))
    _same_region_other_account(backend, primary_arn)
    if key_ref is None:
        raise err.InvalidParameterException(NEEDS_CUSTOMER_KEY)


def make_replica(secret: Secret, primary_arn: str) -> None:
    """The new secret is a cross-account replica of ``primary_arn``, Pending until associated,
    with the managed resource policy AWS attaches (see smstub._replication_access)."""
    secret.replication = Replication(
        primary_region=None, cross_primary=CrossAccountLink(primary_arn, Status.PENDING)
    )
    attach_managed_policy(secret, primary_arn)


def _cross_state(secret: Secret) -> Replication:
    state = secret.replication
    if state is None:
        state = secret.replication = Replication(primary_region=None)
    return state


def associate(
    backend: RegionBackend, primary: Secret, replica_arn: str, role_arn: str | None
) -> CrossAccountLink:
    """AssociateCrossAccountReplica: link ``primary`` with the replica ``replica_arn`` names
    and replicate into it. Idempotent for the same replica (it repairs replication)."""
    match = _same_region_other_account(backend, replica_arn)
    state = primary.replication
    if state is not None and (state.primary is not None or state.cross_primary is not None):
        raise err.InvalidRequestException(NOT_ITS_REPLICA.format(arn=replica_arn))
    owner = backend.store.backend(match["account"], backend.region)
    replica = owner.find_live(replica_arn)
    link = replica.replication.cross_primary if replica.replication is not None else None
    if link is None or link.arn != primary.arn:
        raise err.InvalidRequestException(NOT_ITS_REPLICA.format(arn=replica_arn))
    current = state.cross_replica if state is not None else None
    if (
        current is not None
        and current.other is not replica
        and current.status is not (Status.DETACHED)
    ):
        raise err.LimitExceededException(ONE_REPLICA)
    entry = CrossAccountLink(replica.arn, Status.IN_PROGRESS, other=replica, role_arn=role_arn)
    _cross_state(primary).cross_replica = entry
    link.other = primary
    sync_cross_account(backend, primary, entry)
    return entry


def sync_cross_account(backend: RegionBackend, primary: Secret, entry: CrossAccountLink) -> None:
    """Bring the cross-account replica in step with ``primary`` (values only)."""
    replica = entry.other
    if replica is None or entry.status is Status.DETACHED:
        return
    state = replica.replication
    link = None if state is None else state.cross_primary
    if link is None or link.other is not primary:
        return
    owner = backend.store.backend(replica.place.arn_base.split(":")[4], backend.region)
    if owner.named(replica.name) is not replica or replica.deleted_date is not None:
        entry.status, entry.message = Status.FAILED, REPLICA_GONE
        return
    authorizer = backend.store.authorizer
    if authorizer is not None:  # enforce_access: the replication identity needs both keys
        denied = replication_denied(
            authorizer,  # type: ignore[arg-type]
            backend,
            primary,
            owner,
            replica,
            entry.role_arn,
        )
        if denied is not None:
            entry.status, entry.message = Status.FAILED, denied
            link.status, link.message = Status.FAILED, denied
            return
    kms = backend.store.kms

    def reseal(version: Version) -> Version:
        value = reveal(kms, primary, version)
        return seal_version(
            kms,
            replica,
            version.version_id,
            value,
            replica.kms_key_id,
            account=owner.account,
            region=owner.region,
            now=version.created_date,
        )

    try:
        mirror_versions(primary, replica, reseal)
    except (err.EncryptionFailure, err.DecryptionFailure) as error:
        entry.status, entry.message = Status.FAILED, failure_message(error)
        link.status, link.message = Status.FAILED, failure_message(error)
        return
    entry.status, entry.message = Status.IN_SYNC, None
    link.status, link.message = Status.IN_SYNC, None
    replica.last_changed_date = primary.last_changed_date
    owner.listing.touch(replica)


def disassociate(backend: RegionBackend, primary: Secret, replica_arn: str) -> None:
    """DisassociateCrossAccountReplica: replication stops; the replica stays, Detached."""
    state = primary.replication
    entry = None if state is None else state.cross_replica
    if state is None or entry is None or entry.arn != replica_arn:
        raise err.InvalidRequestException(NOT_ASSOCIATED.format(arn=replica_arn))
    state.cross_replica = None
    if state.unused:
        primary.replication = None
    replica = entry.other
    link = None if replica is None or replica.replication is None else replica.replication
    if link is not None and link.cross_primary is not None:
        link.cross_primary.status, link.cross_primary.message = Status.DETACHED, None
        link.cross_primary.other = None


def stop_cross_account(backend: RegionBackend, replica: Secret) -> None:
    """StopReplicationToReplica on a cross-account replica: it becomes standalone, and its
    primary shows the replica as Detached."""
    state = replica.replication
    assert state is not None
    assert state.cross_primary is not None
    primary = state.cross_primary.other
    replica.replication = None
    detach_managed_policy(replica)
    if primary is not None and primary.replication is not None:
        entry = primary.replication.cross_replica
        if entry is not None and entry.other is replica:
            entry.status, entry.message, entry.other = Status.DETACHED, None, None
    backend._committed(replica)


def check_value_write(secret: Secret) -> None:
    """Values of a cross-account replica come from its primary while it is linked
    (UNVERIFIED[cross-replica-writes]: the user guide's model; no record of AWS refusing such
    a write)."""
    state = secret.replication
    if state is not None and state.cross_primary is not None:
        raise err.InvalidRequestException(CROSS_REPLICA_WRITE)


def check_deletable(secret: Secret) -> None:
    """API reference (DisassociateCrossAccountReplica): "The DeleteSecret call fails if any
    replicas are still associated with the primary secret." """
    state = secret.replication
    entry = None if state is None else state.cross_replica
    if entry is not None and entry.status is not Status.DETACHED:
        raise err.InvalidParameterException(STILL_ASSOCIATED.format(arn=secret.arn))

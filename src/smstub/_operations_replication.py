"""The replication operations and replication's part of other answers: the operations layer
for :mod:`smstub._replicas` (kept apart from :mod:`smstub._operations` so that each stays
small; the table there lists these handlers)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from smstub._clock import epoch
from smstub._cross_account import (
    associate,
    check_replica_request,
    disassociate,
    stop_cross_account,
)
from smstub._keyrules import secret_key_id
from smstub._replicas import add_replicas, check_new_replicas, promote, remove_replicas
from smstub._replication import (
    DEFAULT_KEY_ALIAS,
    CrossAccountLink,
    RegionReplica,
    Status,
    check_not_replica,
)

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._model import Secret

__all__ = [
    "associate_cross_account_replica",
    "check_cross_account_create",
    "disassociate_cross_account_replica",
    "remove_regions_from_replication",
    "replicate_secret_to_regions",
    "replication_fields",
    "start_replication",
    "stop_replication_to_replica",
    "wanted_replicas",
]

Params = dict[str, Any]
Result = dict[str, Any]
Wanted = list[tuple[str | None, str | None]]


def wanted_replicas(p: Params) -> Wanted | None:
    raw = p.get("AddReplicaRegions")
    if raw is None:
        return None
    return [(item.get("Region"), item.get("KmsKeyId")) for item in raw]


def _entry(entry: RegionReplica, started: bool) -> Result:
    out: Result = {"Region": entry.region, "KmsKeyId": entry.kms_key_id or DEFAULT_KEY_ALIAS}
    if started:
        # AWS CLI documentation (replicate-secret-to-regions): the answer of the call that
        # starts replication shows InProgress, without a message.
        out["Status"] = "InProgress"
        return out
    out["Status"] = entry.status.value
    if entry.message is not None:
        out["StatusMessage"] = entry.message
    replica = entry.secret
    if replica is not None and replica.last_accessed_date is not None:
        out["LastAccessedDate"] = epoch(replica.last_accessed_date)
    return out


def _status(entries: Iterable[RegionReplica], started: bool = False) -> list[Result]:
    return [_entry(entry, started) for entry in entries]


def replication_fields(secret: Secret, out: Result, with_status: bool) -> None:
    """PrimaryRegion (DescribeSecret and ListSecrets) and, on a primary, ReplicationStatus;
    CrossAccountPrimary and CrossAccountReplicas (DescribeSecret only: ListSecrets' entries
    have no such members)."""
    state = secret.replication
    if state is None:
        return
    if state.primary_region is not None:
        out["PrimaryRegion"] = state.primary_region
        if with_status and state.primary is None:
            out["ReplicationStatus"] = _status(state.replicas.values())
    if not with_status:
        return
    link = state.cross_primary
    if link is not None:
        out["CrossAccountPrimary"] = _link(link, "PrimarySecretARN")
    entry = state.cross_replica
    if entry is not None:
        replica = _link(entry, "ReplicaSecretARN")
        if entry.role_arn is not None:
            replica["ReplicationRoleARN"] = entry.role_arn
        out["CrossAccountReplicas"] = [replica]


def _link(link: CrossAccountLink, arn_key: str) -> Result:
    out: Result = {arn_key: link.arn, "ReplicationStatus": link.status.value}
    if link.message is not None:
        out["StatusMessage"] = link.message
    return out


def start_replication(
    backend: RegionBackend, secret: Secret, wanted: Wanted, force: bool
) -> list[Result]:
    """CreateSecret's AddReplicaRegions, once the secret exists (regions checked before). An
    idempotent retry (the same token and value) finds the replicas made by the first call and
    answers their status as it stands."""
    state = secret.replication
    if state is not None:
        return _status(state.replicas.values())
    return _status(add_replicas(backend, secret, wanted, force), started=True)


def replicate_secret_to_regions(backend: RegionBackend, p: Params) -> Result:
    secret = backend.find_live(p["SecretId"])
    check_not_replica(secret)
    wanted = wanted_replicas(p) or []
    check_new_replicas(backend, secret, wanted)
    added = add_replicas(backend, secret, wanted, bool(p.get("ForceOverwriteReplicaSecret")))
    return {"ARN": secret.arn, "ReplicationStatus": _status(added, started=True)}


def remove_regions_from_replication(backend: RegionBackend, p: Params) -> Result:
    secret = backend.find_live(p["SecretId"])
    check_not_replica(secret)
    remove_replicas(backend, secret, p["RemoveReplicaRegions"])
    state = secret.replication
    remaining = () if state is None else state.replicas.values()
    return {"ARN": secret.arn, "ReplicationStatus": _status(remaining)}


def stop_replication_to_replica(backend: RegionBackend, p: Params) -> Result:
    secret = backend.find_live(p["SecretId"])
    state = secret.replication
    if state is not None and state.cross_primary is not None:
        stop_cross_account(backend, secret)
    else:
        promote(backend, secret)
    return {"ARN": secret.arn}


# Members CreateSecret refuses next to CrossAccountPrimaryARN (API reference, CreateSecret).
_NOT_WITH_CROSS_ACCOUNT = (
    "AddReplicaRegions",
    "Description",
    "SecretBinary",
    "SecretString",
    "Type",
)


def check_cross_account_create(backend: RegionBackend, p: Params) -> str | None:
    """CreateSecret's CrossAccountPrimaryARN, checked before the secret exists."""
    primary_arn: str | None = p.get("CrossAccountPrimaryARN")
    if primary_arn is None:
        return None
    present = [member for member in _NOT_WITH_CROSS_ACCOUNT if member in p]
    key = p.get("KmsKeyId")
    key_ref = (
        None
        if key is None
        else secret_key_id(backend.store.kms, key, backend.account, backend.region)
    )
    check_replica_request(backend, primary_arn, present, key_ref)
    return primary_arn


def associate_cross_account_replica(backend: RegionBackend, p: Params) -> Result:
    primary = backend.find_live(p["SecretId"])
    check_not_replica(primary)
    # ReplicaRestriction (SameOrg by default): smstub has no organizations, so every account
    # counts as one organization and both values are accepted (UNVERIFIED[cross-account-org]).
    _ = p.get("ReplicaRestriction")
    entry = associate(backend, primary, p["CrossAccountReplicaARN"], p.get("ReplicationRoleARN"))
    return {
        "ARN": primary.arn,
        "CrossAccountReplicaARN": entry.arn,
        # As for Region replicas: the call that starts replication answers InProgress
        # (UNVERIFIED[cross-associate-status] for this operation).
        "ReplicationStatus": Status.IN_PROGRESS.value,
    }


def disassociate_cross_account_replica(backend: RegionBackend, p: Params) -> Result:
    primary = backend.find_live(p["SecretId"])
    replica_arn = p["CrossAccountReplicaARN"]
    disassociate(backend, primary, replica_arn)
    return {"ARN": primary.arn, "CrossAccountReplicaARN": replica_arn}

"""Replication links in seed documents and dumps, under DescribeSecret's own member names.

- A Region primary: ``ReplicationStatus``, a list of ``{"Region", "KmsKeyId", "Status",
  "StatusMessage"}`` (``KmsKeyId`` as given for that Region; absent: the AWS managed key).
- A Region replica: its own entry (Region, versions, its own ``KmsKeyId`` and dates) with
  ``PrimaryRegion``; its primary, in the same document, lists its Region.
- A cross-account replica: ``CrossAccountPrimary`` (``PrimarySecretARN``, ``ReplicationStatus``,
  ``StatusMessage``); its primary: ``CrossAccountReplicas`` (``ReplicaSecretARN``,
  ``ReplicationRoleARN``, ``ReplicationStatus``, ``StatusMessage``). Both sides of a link that
  is not ``Detached`` are in the document.

Loading restores the links as they were dumped, statuses included, without replicating again;
a hand-written ``ReplicationStatus`` entry without ``Status`` whose replica is not in the
document is replicated when the document is loaded, as ReplicateSecretToRegions would.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smstub import _seed
from smstub._replication import SUCCEEDED, CrossAccountLink, RegionReplica, Replication, Status
from smstub._replication_access import MANAGED_POLICY, attach_managed_policy
from smstub._seed import Member, SeedError, register_member

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._model import Secret
    from smstub._seed import SecretSeed

__all__: list[str] = []

_STATUSES = {status.value: status for status in Status}


@dataclass(slots=True, frozen=True)
class _Entry:
    region: str
    kms_key_id: str | None
    status: Status | None  # None: replicate when the document is loaded
    message: str | None


@dataclass(slots=True, frozen=True)
class _Link:
    arn: str
    status: Status
    message: str | None
    role_arn: str | None = None


def _state(backend: Any, secret: Any) -> Replication:
    if secret.replication is None:
        secret.replication = Replication(primary_region=None)
    state: Replication = secret.replication
    return state


def _text(raw: dict[str, Any], member: str, where: str, required: bool = False) -> str | None:
    value = raw.get(member)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise SeedError(where, f"{member} must be a string")
    return value


def _status(raw: dict[str, Any], member: str, where: str, required: bool) -> Status | None:
    value = raw.get(member)
    if value is None and not required:
        return None
    if not isinstance(value, str) or value not in _STATUSES:
        raise SeedError(where, f"{member} must be one of {', '.join(_STATUSES)}")
    return _STATUSES[value]


def _mapping(value: Any, where: str, members: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - set(members):
        raise SeedError(where, f"must be a mapping of {', '.join(members)}")
    return value


# --- ReplicationStatus (a Region primary) ------------------------------------------------------
_ENTRY = ("Region", "KmsKeyId", "Status", "StatusMessage")


def _parse_status(value: Any, where: str) -> list[_Entry]:
    if not isinstance(value, list):
        raise SeedError(where, "must be a list of {Region, KmsKeyId, Status, StatusMessage}")
    out: list[_Entry] = []
    for index, item in enumerate(value):
        at = f"{where}[{index}]"
        raw = _mapping(item, at, _ENTRY)
        region = _text(raw, "Region", at, required=True)
        assert region is not None
        if any(entry.region == region for entry in out):
            raise SeedError(at, f"Region {region} is listed twice")
        out.append(
            _Entry(
                region,
                _text(raw, "KmsKeyId", at),
                _status(raw, "Status", at, required=False),
                _text(raw, "StatusMessage", at),
            )
        )
    return out


def _apply_status(backend: Any, secret: Any, value: list[_Entry]) -> None:
    state = _state(backend, secret)
    state.primary_region = backend.region
    for entry in value:
        if entry.region == backend.region:
            raise SeedError(secret.name, f"ReplicationStatus: {entry.region} is its own Region")
        replica = RegionReplica(entry.region, entry.kms_key_id)
        # Pending (no Region replica shows it): to replicate once the document is stored.
        replica.status = entry.status or Status.PENDING
        replica.message = entry.message
        state.replicas[entry.region] = replica


def _read_status(backend: Any, secret: Any) -> list[dict[str, Any]] | None:
    state = secret.replication
    if state is None or state.primary is not None or not state.replicas:
        return None
    out = []
    for entry in state.replicas.values():
        item: dict[str, Any] = {"Region": entry.region}
        if entry.kms_key_id is not None:
            item["KmsKeyId"] = entry.kms_key_id
        item["Status"] = entry.status.value
        if entry.message is not None:
            item["StatusMessage"] = entry.message
        out.append(item)
    return out


# --- PrimaryRegion (a Region replica) ----------------------------------------------------------
def _parse_primary_region(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise SeedError(where, "must be the primary's Region")
    return value


def _apply_primary_region(backend: Any, secret: Any, value: str) -> None:
    if value == backend.region:
        raise SeedError(secret.name, "PrimaryRegion: a replica is in another Region")
    _state(backend, secret).primary_region = value


def _read_primary_region(backend: Any, secret: Any) -> str | None:
    state = secret.replication
    return None if state is None or state.primary is None else state.primary_region


# --- CrossAccountPrimary / CrossAccountReplicas ------------------------------------------------
_SECRET_ARN = re.compile(r"arn:[^:]+:secretsmanager:[^:]+:\d{12}:secret:[^:]+\Z")


def _parse_link(raw: Any, where: str, arn_member: str, with_role: bool) -> _Link:
    members: tuple[str, ...] = (arn_member, "ReplicationStatus", "StatusMessage")
    if with_role:
        members += ("ReplicationRoleARN",)
    raw = _mapping(raw, where, members)
    arn = _text(raw, arn_member, where, required=True)
    if arn is None or _SECRET_ARN.match(arn) is None:
        raise SeedError(where, f"{arn_member} must be a secret's ARN")
    status = _status(raw, "ReplicationStatus", where, required=True)
    assert status is not None
    role = _text(raw, "ReplicationRoleARN", where) if with_role else None
    return _Link(arn, status, _text(raw, "StatusMessage", where), role)


def _parse_cross_primary(value: Any, where: str) -> _Link:
    return _parse_link(value, where, "PrimarySecretARN", with_role=False)


def _parse_cross_replicas(value: Any, where: str) -> list[_Link]:
    if not isinstance(value, list) or len(value) > 1:
        raise SeedError(where, "must be a list of one replica (AWS allows one per primary)")
    return [
        _parse_link(item, f"{where}[{i}]", "ReplicaSecretARN", True) for i, item in enumerate(value)
    ]


def _apply_cross_primary(backend: Any, secret: Any, value: _Link) -> None:
    _state(backend, secret).cross_primary = CrossAccountLink(value.arn, value.status, value.message)
    if secret.policies is None or MANAGED_POLICY not in secret.policies.others:
        attach_managed_policy(secret, value.arn)


def _apply_cross_replicas(backend: Any, secret: Any, value: list[_Link]) -> None:
    for link in value:
        _state(backend, secret).cross_replica = CrossAccountLink(
            link.arn, link.status, link.message, role_arn=link.role_arn
        )


def _render_link(link: CrossAccountLink, arn_member: str) -> dict[str, Any]:
    out: dict[str, Any] = {arn_member: link.arn, "ReplicationStatus": link.status.value}
    if link.message is not None:
        out["StatusMessage"] = link.message
    if link.role_arn is not None:
        out["ReplicationRoleARN"] = link.role_arn
    return out


def _read_cross_primary(backend: Any, secret: Any) -> dict[str, Any] | None:
    state = secret.replication
    link = None if state is None else state.cross_primary
    return None if link is None else _render_link(link, "PrimarySecretARN")


def _read_cross_replicas(backend: Any, secret: Any) -> list[dict[str, Any]] | None:
    state = secret.replication
    link = None if state is None else state.cross_replica
    return None if link is None else [_render_link(link, "ReplicaSecretARN")]


# --- linking, once every secret of the document is built ---------------------------------------
Built = list[tuple["RegionBackend", "Secret", "SecretSeed"]]


def _link(built: Built) -> list[Callable[[], None]]:
    """Connect the document's replicas and primaries; the work to run once they are stored."""
    by_place = {(b.account, b.region, s.name): s for b, s, _ in built}
    for backend, secret, seed in built:
        state = secret.replication
        if state is not None and state.primary_region not in (None, backend.region):
            _link_region_replica(backend, secret, seed, by_place)
    by_arn = {s.arn: s for _, s, _ in built}  # replicas have their primary's suffix now
    after: list[Callable[[], None]] = []
    for _backend, secret, seed in built:
        state = secret.replication
        if state is None:
            continue
        where = seed.where
        if state.cross_primary is not None:
            _link_cross(secret, state.cross_primary, where, by_arn, replica_side=True)
        if state.cross_replica is not None:
            _link_cross(secret, state.cross_replica, where, by_arn, replica_side=False)
    for backend, secret, seed in built:  # once every replica found its primary
        state = secret.replication
        if state is not None and state.primary is None and state.replicas:
            after.extend(_primary_work(backend, secret, seed.where))
    return after


def _link_region_replica(
    backend: RegionBackend,
    replica: Secret,
    seed: SecretSeed,
    by_place: dict[tuple[str, str, str], Secret],
) -> None:
    where = seed.where
    state = replica.replication
    assert state is not None
    assert state.primary_region is not None
    primary = by_place.get((backend.account, state.primary_region, replica.name))
    primary_state = None if primary is None else primary.replication
    entry = None if primary_state is None else primary_state.replicas.get(backend.region)
    if primary is None or entry is None or entry.secret is not None:
        raise SeedError(
            where,
            f"PrimaryRegion: no secret {replica.name} in {state.primary_region} of this "
            f"document lists {backend.region} in its ReplicationStatus",
        )
    if replica.replication is not None and replica.replication.replicas:
        raise SeedError(where, "a replica has no ReplicationStatus of its own")
    if replica.serial != primary.serial:
        same = replica.place.suffix_of(replica.serial) == primary.place.suffix_of(primary.serial)
        if seed.arn is not None and not same:
            raise SeedError(where, "ARN: a replica's ARN is its primary's with the Region changed")
        replica.renumber(primary.serial)  # the ARN AWS gives a replica (user guide)
    state.primary = primary
    entry.secret = replica
    if entry.status is Status.PENDING:  # listed without a Status, its replica given
        entry.status, entry.message = Status.IN_SYNC, SUCCEEDED


def _link_cross(
    secret: Secret,
    link: CrossAccountLink,
    where: str,
    by_arn: dict[str, Secret],
    *,
    replica_side: bool,
) -> None:
    """A link that replicates (or did until it failed) points both ways; a Pending replica
    (not associated yet) and a Detached side point nowhere."""
    if link.status in (Status.DETACHED, Status.PENDING):
        return
    other = by_arn.get(link.arn)
    other_state = None if other is None else other.replication
    back = None
    if other_state is not None:
        back = other_state.cross_replica if replica_side else other_state.cross_primary
    if other is None or back is None or back.arn != secret.arn:
        member = "CrossAccountPrimary" if replica_side else "CrossAccountReplicas"
        raise SeedError(where, f"{member}: {link.arn} is not in this document, linked back")
    link.other = other


def _primary_work(backend: RegionBackend, primary: Secret, where: str) -> list[Callable[[], None]]:
    from smstub._replicas import sync_entry

    state = primary.replication
    assert state is not None
    work: list[Callable[[], None]] = []
    for region, entry in state.replicas.items():
        if entry.secret is not None:
            continue
        if entry.status is Status.PENDING:
            work.append(functools.partial(sync_entry, backend, primary, entry))
        elif entry.status is not Status.FAILED:
            raise SeedError(
                where,
                f"ReplicationStatus: the replica in {region} is not in this document (leave out "
                "Status to have it replicated when the document loads)",
            )
    return work


for _name, _member in (
    ("ReplicationStatus", Member(_parse_status, _apply_status, _read_status)),
    ("PrimaryRegion", Member(_parse_primary_region, _apply_primary_region, _read_primary_region)),
    (
        "CrossAccountPrimary",
        Member(_parse_cross_primary, _apply_cross_primary, _read_cross_primary),
    ),
    (
        "CrossAccountReplicas",
        Member(_parse_cross_replicas, _apply_cross_replicas, _read_cross_replicas),
    ),
):
    register_member(_name, _member)
_seed.register_linker(_link)

"""Replication across backends: creating Region replicas, keeping them in step with their
primary, removing them, and promoting one to a standalone secret.

The rules and texts are in :mod:`smstub._replication`; this module moves secrets between the
backends of one account. Everything runs under the store lock, inside the request that changed
the primary (AWS replicates asynchronously; the fake has finished by the time it answers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._cross_account import sync_cross_account
from smstub._keyrules import secret_key_id
from smstub._model import Secret, Version
from smstub._replication import (
    NAME_TAKEN,
    NOT_A_REPLICA,
    SUCCEEDED,
    RegionReplica,
    Replication,
    Status,
    check_regions,
    failure_message,
    mirror_metadata,
    mirror_versions,
)
from smstub._sealing import reveal, seal_version

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = [
    "add_replicas",
    "check_new_replicas",
    "mirror",
    "promote",
    "remove_replicas",
    "sync_entry",
]

# (Region, KmsKeyId as given) for each replica a request asks for.
Wanted = Sequence[tuple[str | None, str | None]]


def check_new_replicas(backend: RegionBackend, secret: Secret | None, wanted: Wanted) -> None:
    """AWS's errors for replica Regions and keys that cannot be, before anything changes."""
    existing = () if secret is None or secret.replication is None else secret.replication.replicas
    regions = check_regions(backend.region, existing, [region for region, _ in wanted])
    for region, (_, key) in zip(regions, wanted, strict=True):
        if key is not None:
            # The form of each Region's key is checked as CreateSecret checks its own.
            secret_key_id(backend.store.kms, key, backend.account, region)


def add_replicas(
    backend: RegionBackend, secret: Secret, wanted: Wanted, force: bool
) -> list[RegionReplica]:
    """Start replicating ``secret`` to the Regions of ``wanted`` (checked already); the new
    entries of its ReplicationStatus."""
    state = secret.replication
    if state is None:
        state = secret.replication = Replication(primary_region=backend.region)
    state.primary_region = backend.region
    added = []
    for region, key in wanted:
        assert region is not None  # check_new_replicas refused it
        entry = RegionReplica(region, key or None, force=force)
        state.replicas[region] = entry
        _sync(backend, secret, entry)
        added.append(entry)
    return added


def mirror(backend: RegionBackend, secret: Secret) -> None:
    """After a change to a primary: bring every replica in step (from ``_committed``)."""
    state = secret.replication
    if state is None or state.primary is not None:
        return
    for entry in state.replicas.values():
        _sync(backend, secret, entry)
    if state.cross_replica is not None:
        sync_cross_account(backend, secret, state.cross_replica)


def _sync(backend: RegionBackend, primary: Secret, entry: RegionReplica) -> None:
    """Bring one Region replica in step, creating it if it does not exist yet: a replica that
    failed is tried again on every change of its primary (UNVERIFIED[replica-retry]); a new
    replica's CreatedDate is the time it is made (UNVERIFIED[replica-created-date])."""
    target = backend.store.backend(backend.account, entry.region)
    replica = entry.secret
    if replica is None:
        replica = _new_replica(target, primary, backend.region, entry)
        if replica is None:
            return
    kms = backend.store.kms

    def reseal(version: Version) -> Version:
        value = reveal(kms, primary, version)
        mine = seal_version(
            kms,
            replica,
            version.version_id,
            value,
            replica.kms_key_id,
            account=target.account,
            region=target.region,
            now=version.created_date,
        )
        return mine

    try:
        mirror_versions(primary, replica, reseal)
    except (err.EncryptionFailure, err.DecryptionFailure) as error:
        # The replica stays as it was (or is not created): a failed status, not an error.
        entry.status, entry.message = Status.FAILED, failure_message(error)
        return
    entry.status, entry.message = Status.IN_SYNC, SUCCEEDED
    mirror_metadata(primary, replica)
    if entry.secret is None:
        existing = target.named(replica.name)
        if existing is not None:  # ForceOverwriteReplicaSecret
            target._remove(existing)
        entry.secret = replica
        target.adopt(replica)
    else:
        target._committed(replica)


sync_entry = _sync  # a seeded primary's Region that the document gives no replica for


def _new_replica(
    target: RegionBackend, primary: Secret, primary_region: str, entry: RegionReplica
) -> Secret | None:
    """A replica secret for ``target``'s Region (not yet in its backend), or None when the name
    is taken there (the entry then shows why)."""
    existing = target.named(primary.name)
    # Overwriting a secret that is itself part of a replication is not offered
    # (UNVERIFIED[overwrite-replicated]).
    if existing is not None and (not entry.force or existing.replication is not None):
        entry.status, entry.message = Status.FAILED, NAME_TAKEN
        return None
    replica = Secret(
        name=primary.name,
        place=target.place,
        # The replica ARN is the primary's with the Region changed (AWS user guide).
        serial=primary.serial,
        created_date=target.store.clock.now(),
        last_changed_date=primary.last_changed_date,
        kms_key_id=(
            None
            if entry.kms_key_id is None
            else secret_key_id(target.store.kms, entry.kms_key_id, target.account, target.region)
        ),
    )
    replica.replication = Replication(primary_region=primary_region, primary=primary)
    return replica


def remove_replicas(backend: RegionBackend, secret: Secret, regions: Sequence[str]) -> None:
    """RemoveRegionsFromReplication: delete the replicas in ``regions``. A Region that holds no
    replica is passed over (UNVERIFIED[remove-unreplicated-region]: moto's behaviour; no record
    of AWS's)."""
    state = secret.replication
    if state is None:
        return
    for region in regions:
        entry = state.replicas.pop(region, None)
        if entry is not None and entry.secret is not None:
            backend.store.backend(backend.account, region)._remove(entry.secret)
    if not state.replicas:
        # UNVERIFIED[primary-region-after-removal]: whether AWS keeps PrimaryRegion then.
        state.primary_region = None
        if state.unused:
            secret.replication = None


def promote(backend: RegionBackend, replica: Secret) -> None:
    """StopReplicationToReplica: the replica becomes a standalone secret in its Region."""
    state = replica.replication
    if state is None or state.primary is None:
        # AWS's answer for a secret that is no replica is a guess (stop-not-replica).
        raise err.InvalidRequestException(NOT_A_REPLICA)
    primary = state.primary
    primary_state = primary.replication
    replica.replication = None
    if primary_state is not None:
        primary_state.replicas.pop(backend.region, None)
        if not primary_state.replicas:
            primary_state.primary_region = None
            if primary_state.unused:
                primary.replication = None
    backend._committed(replica)

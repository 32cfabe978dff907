"""Replication: a primary secret's replicas in other Regions, and AWS's rules for them.

A replica is a real secret in its Region's backend: a client there reads it by name or by the
replica ARN (the replica's Region, the primary's suffix: the replica is given the primary's
serial). The primary holds, in its one ``replication`` slot, the state of each replica; every
change to the primary reaches :func:`mirror` (from the backend's ``_committed``), which copies
versions (same ids, dates and labels, each value resealed under the replica Region's key),
description, type and tags. Secrets that were never replicated keep ``replication = None`` and
pay nothing.

Evidence for the texts (each is repeated where it is used):
- "Operation not permitted on a replica secret. Call must be made in primary secret's region."
  (InvalidParameterException): seen from AWS for DeleteSecret (gruntwork-io/cloud-nuke#435) and
  PutResourcePolicy (lgallard/terraform-aws-secrets-manager#188). That the same check answers
  the other writes is UNVERIFIED[replica-write-others] (the AWS user guide: "A replica secret
  can't be updated independently from its primary secret, except for its encryption key").
- "You can't delete secret {arn} that still has replica regions [{r1}, {r2}]."
  (InvalidParameterException): seen from AWS (gruntwork-io/cloud-nuke#435); the order of the
  Regions in it (sorted here) is UNVERIFIED[replica-delete-order].
- "Invalid replica region." (InvalidParameterException): seen from AWS on CreateSecret
  (aws-samples/aws-health-aware#32 and #52, a single-Region deployment replicating to its own
  Region). Using it for a Region named twice, a Region of another partition or a missing
  Region is UNVERIFIED[replica-region-cases].
- "Replication succeeded" on an InSync replica, and ``KmsKeyId: alias/aws/secretsmanager`` for a
  replica under the AWS-managed key: the AWS CLI's documented describe-secret output.
- ``InProgress`` without a StatusMessage in the answer of the call that starts replication: the
  AWS CLI's documented replicate-secret-to-regions output (AWS replicates asynchronously; the
  fake has finished by the time it answers, so the next DescribeSecret shows the outcome).
- "Secret with this name already exists in this region": the service model's example
  StatusMessage; the runtime wording is UNVERIFIED[replica-name-taken-text].
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from smstub import _aws_errors as err
from smstub._ids import partition_of
from smstub._model import Secret, Tag, Version
from smstub._replica_writes import REPLICA_WRITE, check_not_replica

__all__ = [
    "DEFAULT_KEY_ALIAS",
    "REPLICA_WRITE",
    "CrossAccountLink",
    "RegionReplica",
    "Replication",
    "Status",
    "check_not_replica",
    "check_regions",
    "mirror_metadata",
    "mirror_versions",
    "replica_key_changed",
    "still_has_replicas",
]

# AWS CLI documentation (describe-secret, replicate-secret-to-regions): a replica under the
# AWS-managed key shows this KmsKeyId in ReplicationStatus.
DEFAULT_KEY_ALIAS = "alias/aws/secretsmanager"
INVALID_REPLICA_REGION = "Invalid replica region."
SUCCEEDED = "Replication succeeded"
NAME_TAKEN = "Secret with this name already exists in this region"
# UNVERIFIED[replica-key-text]: no record of AWS's words for a replica whose key cannot encrypt; the
# KMS half is the service model's EncryptionFailure documentation.
KEY_FAILED = (
    "Replication failed: Secrets Manager can't encrypt the protected secret text using the "
    "provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state."
)
# Likewise (replica-key-text) when the primary's own key cannot decrypt what is replicated.
PRIMARY_KEY_FAILED = (
    "Replication failed: Secrets Manager can't decrypt the protected secret text using the "
    "provided KMS key."
)


def failure_message(error: Exception) -> str:
    """The StatusMessage of a replication that a KMS error stopped."""
    return PRIMARY_KEY_FAILED if isinstance(error, err.DecryptionFailure) else KEY_FAILED


# UNVERIFIED[stop-not-replica]: StopReplicationToReplica on a secret that is no replica (text
# and code); no record of AWS's answer.
NOT_A_REPLICA = "Secret isn't a replica secret."
# The model's RegionType pattern (the wire checks it too; CreateSecret's nested list as well).
_REGION = re.compile(r"([a-z]+-)+\d+\Z")


class Status(enum.Enum):
    """The model's StatusType values."""

    IN_SYNC = "InSync"
    FAILED = "Failed"
    IN_PROGRESS = "InProgress"
    PENDING = "Pending"
    DETACHED = "Detached"


@dataclass(slots=True, eq=False)
class RegionReplica:
    """One entry of a primary's ReplicationStatus."""

    region: str
    # The KmsKeyId as the caller gave it for this Region (None: the AWS-managed key).
    kms_key_id: str | None
    status: Status = Status.IN_PROGRESS
    message: str | None = None
    # The replica secret in that Region's backend (None while it could not be created).
    secret: Secret | None = None
    # ForceOverwriteReplicaSecret as asked, kept for the retries of a failed creation.
    force: bool = False


@dataclass(slots=True, eq=False)
class CrossAccountLink:
    """One side's view of a cross-account replication (see :mod:`smstub._cross_account`): on
    the replica, its primary (``CrossAccountPrimary``); on the primary, its one replica (an
    entry of ``CrossAccountReplicas``)."""

    arn: str  # the other side's ARN
    status: Status
    message: str | None = None
    other: Secret | None = None  # the other side's secret, once associated
    role_arn: str | None = None  # on the primary: the ReplicationRoleARN given


@dataclass(slots=True, eq=False)
class Replication:
    """A secret's replication state (``Secret.replication``; None until it is replicated).

    Region replication: on a primary, ``replicas`` lists its Region replicas in the order they
    were added; on a replica, ``primary`` is the secret it mirrors; both show
    ``primary_region``. Cross-account replication: ``cross_primary`` on a replica,
    ``cross_replica`` on its primary (AWS allows one).
    """

    primary_region: str | None
    replicas: dict[str, RegionReplica] = field(default_factory=dict)
    primary: Secret | None = None
    cross_primary: CrossAccountLink | None = None
    cross_replica: CrossAccountLink | None = None

    @property
    def unused(self) -> bool:
        return (
            not self.replicas
            and self.primary is None
            and self.cross_primary is None
            and self.cross_replica is None
        )


def still_has_replicas(secret: Secret) -> None:
    """Refuse to delete a primary that still has replicas (gruntwork-io/cloud-nuke#435)."""
    state = secret.replication
    if state is not None and state.replicas:
        regions = ", ".join(sorted(state.replicas))
        raise err.InvalidParameterException(
            f"You can't delete secret {secret.arn} that still has replica regions [{regions}]."
        )


def check_regions(
    primary_region: str, existing: Iterable[str], requested: Iterable[str | None]
) -> list[str]:
    """The Regions to add, in request order, or AWS's error when one of them cannot be a
    replica Region of a primary in ``primary_region`` (evidence in the module docstring)."""
    taken = set(existing)
    seen: list[str] = []
    partition = partition_of(primary_region)
    for region in requested:
        if (
            region is None
            or _REGION.match(region) is None
            or region == primary_region
            or region in taken
            or region in seen
            # AWS user guide: secrets replicate only within their partition.
            or partition_of(region) != partition
        ):
            raise err.InvalidParameterException(INVALID_REPLICA_REGION)
        seen.append(region)
    return seen


# --- mirroring -----------------------------------------------------------------------------------
def mirror_metadata(primary: Secret, replica: Secret) -> None:
    """Copy what the primary's metadata says onto the replica (not its key: a replica keeps its
    own; not its access date: reads are counted per Region)."""
    replica.description = primary.description
    replica.secret_type = primary.secret_type
    replica.owning_service = primary.owning_service
    replica.tags = None if primary.tags is None else [Tag(t.key, t.value) for t in primary.tags]
    # AWS user guide ("Replicate ... secrets across Regions"): "Secrets Manager replicates the
    # encrypted secret data and metadata such as tags and resource policies".
    policies = primary.policies
    replica.policies = (
        None if policies is None else dataclasses.replace(policies, others=dict(policies.others))
    )
    replica.last_changed_date = primary.last_changed_date


# Given one of the primary's versions, the same version (id, date, labels) sealed for the
# replica; raises EncryptionFailure when the replica Region's key cannot encrypt.
Reseal = Callable[[Version], Version]


def mirror_versions(primary: Secret, replica: Secret, reseal: Reseal) -> None:
    """Make the replica's versions those of the primary: the same ids, dates and labels. Only
    the versions the replica lacks are resealed, and they are always the newest (versions are
    added at the end and mirrored all or none); everything is sealed before anything changes,
    so a key failure leaves the replica as it was."""
    mine = primary.versions
    lacking: list[Version] = []
    stubs = 0
    for version in reversed(mine):  # type: ignore[call-overload]
        if not version.sealed:
            # A rotation's empty version (smstub._rotation_state): replicated once filled.
            stubs += 1
            continue
        if replica.version(version.version_id) is not None:
            break
        lacking.append(version)
    fresh = [reseal(version) for version in reversed(lacking)]
    if len(replica.versions) + len(fresh) + stubs != len(mine):
        # The primary dropped old versions (the 100-version quota): drop them here too.
        kept = {version.version_id for version in mine}
        for version in list(replica.versions):
            if version.version_id not in kept:
                replica.remove_version(version)
    for version in fresh:
        replica.add_version(version)
    # Labels: only versions that carry some on either side can differ.
    none: tuple[str, ...] = ()
    wanted = dict.fromkeys((v.version_id for v in replica.labelled()), none)
    wanted.update((v.version_id, v.stages) for v in primary.labelled())
    for version_id, stages in wanted.items():
        theirs = replica.version(version_id)
        if theirs is not None and theirs.stages != stages:
            # Moving a label here takes it from the replica version that held it, which the
            # loop then gives its own labels: each label ends on one version.
            replica.restage(theirs, stages)


def replica_key_changed(replica: Secret, region: str, key: str) -> None:
    """UpdateSecret gave a replica a new key (the one change a replica takes): its primary's
    ReplicationStatus shows the key as given."""
    state = replica.replication
    if state is None or state.primary is None or state.primary.replication is None:
        return
    entry = state.primary.replication.replicas.get(region)
    if entry is not None:
        entry.kms_key_id = key or None

"""The handlers of the operations that change secrets (kept apart from
:mod:`smstub._operations`, whose table lists them): CreateSecret, PutSecretValue, UpdateSecret,
UpdateSecretVersionStage, DeleteSecret, RestoreSecret, TagResource and UntagResource.

They bring the write rules with them (versions, labels, tags, deletion, replication and
cross-account checks), so this module is imported by the first write: a process whose first
call is a read does without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smstub import _deletion, _writes
from smstub import _tags as _tagging
from smstub._clock import epoch
from smstub._cross_account import make_replica
from smstub._entries import ident
from smstub._model import Tag
from smstub._operations_replication import (
    check_cross_account_create,
    start_replication,
    wanted_replicas,
)
from smstub._replicas import check_new_replicas
from smstub._sealing import SecretValue, value_of

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = [
    "create_secret",
    "delete_secret",
    "put_secret_value",
    "restore_secret",
    "tag_resource",
    "untag_resource",
    "update_secret",
    "update_secret_version_stage",
]

Params = dict[str, Any]
Result = dict[str, Any]


def _value(params: Params) -> SecretValue | None:
    return value_of(params.get("SecretString"), params.get("SecretBinary"))


def _tags(raw: list[dict[str, str]] | None) -> list[Tag] | None:
    if raw is None:
        return None
    return [Tag(item.get("Key", ""), item.get("Value", "")) for item in raw]


def create_secret(backend: RegionBackend, p: Params) -> Result:
    # Checked before the secret exists: a refused call changes nothing.
    cross_primary = check_cross_account_create(backend, p)
    wanted = wanted_replicas(p)
    if wanted is not None:
        check_new_replicas(backend, None, wanted)
    secret, version = backend.create_secret(
        p["Name"],
        p.get("ClientRequestToken"),
        _value(p),
        description=p.get("Description"),
        kms_key_id=p.get("KmsKeyId"),
        tags=_tags(p.get("Tags")),
        secret_type=p.get("Type"),
    )
    out = ident(secret)
    if version is not None:
        out["VersionId"] = version.version_id
    if cross_primary is not None and secret.replication is None:
        make_replica(secret, cross_primary)
    if wanted:
        force = bool(p.get("ForceOverwriteReplicaSecret"))
        out["ReplicationStatus"] = start_replication(backend, secret, wanted, force)
    return out


def put_secret_value(backend: RegionBackend, p: Params) -> Result:
    rotation_token = p.get("RotationToken")
    if rotation_token is not None:
        from smstub._rotation import check_rotation_token

        check_rotation_token(backend, p["SecretId"], rotation_token)
    secret, version = _writes.put_secret_value(
        backend, p["SecretId"], p.get("ClientRequestToken"), _value(p), p.get("VersionStages")
    )
    if secret.rotation is not None:
        from smstub._rotation_run import value_changed

        value_changed(backend, secret, version)
    out = ident(secret)
    out["VersionId"] = version.version_id
    out["VersionStages"] = version.stages
    return out


def update_secret(backend: RegionBackend, p: Params) -> Result:
    secret, version = _writes.update_secret(
        backend,
        p["SecretId"],
        p.get("ClientRequestToken"),
        _value(p),
        description=p.get("Description"),
        kms_key_id=p.get("KmsKeyId"),
        secret_type=p.get("Type"),
    )
    if version is not None and secret.rotation is not None:
        from smstub._rotation_run import value_changed

        value_changed(backend, secret, version)
    out = ident(secret)
    if version is not None:
        out["VersionId"] = version.version_id
    return out


def update_secret_version_stage(backend: RegionBackend, p: Params) -> Result:
    secret = _writes.update_secret_version_stage(
        backend,
        p["SecretId"],
        p["VersionStage"],
        p.get("RemoveFromVersionId"),
        p.get("MoveToVersionId"),
    )
    return ident(secret)


def delete_secret(backend: RegionBackend, p: Params) -> Result:
    deletion = _deletion.delete_secret(
        backend, p["SecretId"], p.get("RecoveryWindowInDays"), p.get("ForceDeleteWithoutRecovery")
    )
    return {
        "ARN": deletion.arn,
        "Name": deletion.name,
        "DeletionDate": epoch(deletion.deletion_date),
    }


def restore_secret(backend: RegionBackend, p: Params) -> Result:
    return ident(_deletion.restore_secret(backend, p["SecretId"]))


def tag_resource(backend: RegionBackend, p: Params) -> Result:
    _tagging.tag_resource(backend, p["SecretId"], _tags(p["Tags"]) or [])
    return {}


def untag_resource(backend: RegionBackend, p: Params) -> Result:
    _tagging.untag_resource(backend, p["SecretId"], p["TagKeys"])
    return {}

"""How secrets, versions and values are shown on the wire: the entries DescribeSecret,
ListSecrets, GetSecretValue, BatchGetSecretValue and ListSecretVersionIds answer with. Wire
dicts, built from the domain's typed objects (bytes and epoch floats are left for the wire).
"""

from __future__ import annotations

from typing import Any

from smstub._clock import epoch
from smstub._model import Secret, Version
from smstub._sealing import DEFAULT_KEY_LABEL, SecretValue

__all__ = [
    "ident",
    "secret_entry",
    "secret_value_entry",
    "stages_map",
    "value_fields",
    "version_entry",
]

Result = dict[str, Any]


def ident(secret: Secret) -> Result:
    return {"ARN": secret.arn, "Name": secret.name}


def value_fields(out: Result, value: SecretValue) -> None:
    if value.binary is not None:
        out["SecretBinary"] = value.binary
    else:
        out["SecretString"] = value.string


def secret_entry(secret: Secret, stages_key: str) -> Result:
    """A secret's metadata as DescribeSecret shows it, and ListSecrets with its own stages key
    (recordings: ``VersionIdsToStages`` there, ``SecretVersionsToStages`` here). A page of
    ListSecrets builds a hundred of these: keep it flat."""
    out: Result = {"ARN": secret.arn, "Name": secret.name}
    if secret.secret_type is not None:
        out["Type"] = secret.secret_type
    if secret.description is not None:
        out["Description"] = secret.description
    # Only for a customer key (AWS docs: omitted for aws/secretsmanager, however it was named).
    if secret.kms_key_id is not None:
        out["KmsKeyId"] = secret.kms_key_id
    out["LastChangedDate"] = epoch(secret.last_changed_date)
    if secret.last_accessed_date is not None:
        out["LastAccessedDate"] = epoch(secret.last_accessed_date)
    if secret.deleted_date is not None:
        out["DeletedDate"] = epoch(secret.deleted_date)
    if secret.tags is not None:
        out["Tags"] = [{"Key": tag.key, "Value": tag.value} for tag in secret.tags]
    stages = stages_map(secret)
    if stages:
        out[stages_key] = stages
    if secret.owning_service is not None:
        out["OwningService"] = secret.owning_service
    rotation = secret.rotation
    if rotation is not None:
        from smstub._rotation_state import rotation_fields

        out.update(rotation_fields(rotation, epoch))
    out["CreatedDate"] = epoch(secret.created_date)
    if secret.replication is not None:
        # Replication's modules come with the first replicated secret (smstub._operations).
        from smstub._operations_replication import replication_fields

        replication_fields(secret, out, with_status=stages_key == "VersionIdsToStages")
    return out


def stages_map(secret: Secret) -> dict[str, tuple[str, ...]]:
    return {v.version_id: v.stages for v in secret.versions if v.stages}


def secret_value_entry(secret: Secret, version: Version, value: SecretValue) -> Result:
    """What GetSecretValue returns, and each entry of BatchGetSecretValue's SecretValues."""
    out = ident(secret)
    out["VersionId"] = version.version_id
    value_fields(out, value)
    if version.stages:
        out["VersionStages"] = version.stages
    out["CreatedDate"] = epoch(version.created_date)
    return out


def version_entry(version: Version) -> Result:
    entry: Result = {"VersionId": version.version_id}
    if version.stages:
        entry["VersionStages"] = version.stages
    if version.last_accessed_date is not None:
        entry["LastAccessedDate"] = epoch(version.last_accessed_date)
    entry["CreatedDate"] = epoch(version.created_date)
    # Every key the version is sealed under: two after UpdateSecret changed the key.
    if version.earlier:
        refs = [*(wrap.key_ref for wrap in version.earlier), version.key_ref]
        entry["KmsKeyIds"] = [ref or DEFAULT_KEY_LABEL for ref in refs]
    else:
        entry["KmsKeyIds"] = [version.key_ref or DEFAULT_KEY_LABEL]
    return entry

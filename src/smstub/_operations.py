"""One table from operation name to handler: where wire PascalCase meets domain snake_case.

A handler takes the region backend and the decoded parameters and returns the response dict
(bytes are left for the wire to encode), or a :class:`~smstub._dispatch.Deferred` when work
must run outside the store lock. Each entry also declares what the dispatch core needs: the IAM
action, the request member that names the secret, and the request members not acted on yet
(refused by name, never silently ignored).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smstub import _deletion, _writes
from smstub import _tags as _tagging
from smstub._backend import RegionBackend
from smstub._batch import batch_get_secret_value as _batch_get
from smstub._clock import epoch
from smstub._cross_account import make_replica
from smstub._entries import ident, secret_entry, secret_value_entry, version_entry
from smstub._filters import Filter, Query, SortBy
from smstub._model import Tag
from smstub._operations_replication import (
    associate_cross_account_replica,
    check_cross_account_create,
    disassociate_cross_account_replica,
    remove_regions_from_replication,
    replicate_secret_to_regions,
    start_replication,
    stop_replication_to_replica,
    wanted_replicas,
)
from smstub._operations_rotation import cancel_rotate_secret, rotate_secret
from smstub._paging import page
from smstub._password import random_password
from smstub._replicas import check_new_replicas
from smstub._request import Deferred
from smstub._sealing import SecretValue, value_of

__all__ = ["OPERATIONS", "Handler", "Operation"]

Params = dict[str, Any]
# What the wire encodes as the response body. Label tuples go in as they are: JSON shows a
# tuple as an array, and copying them to lists costs an allocation per version listed.
Result = dict[str, Any]
Handler = Callable[[RegionBackend, Params], Result | Deferred]


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


def describe_secret(backend: RegionBackend, p: Params) -> Result:
    return secret_entry(backend.find(p["SecretId"]), "VersionIdsToStages")


def get_secret_value(backend: RegionBackend, p: Params) -> Result:
    secret, version, value = backend.get_secret_value(
        p["SecretId"], p.get("VersionId"), p.get("VersionStage")
    )
    return secret_value_entry(secret, version, value)


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


def list_secret_version_ids(backend: RegionBackend, p: Params) -> Result:
    include = bool(p.get("IncludeDeprecated"))
    secret, versions = backend.list_versions(p["SecretId"], include)
    by_seq = {v.seq: v for v in versions}  # in creation order, so the keys are sorted
    chosen, token = page(
        list(by_seq),
        p.get("MaxResults"),
        p.get("NextToken"),
        scope=("ListSecretVersionIds", secret.arn, include),
    )
    out: Result = {"Versions": [version_entry(by_seq[seq]) for seq in chosen]}
    if token is not None:
        out["NextToken"] = token
    out.update(ident(secret))
    return out


def _filters(raw: list[dict[str, Any]] | None) -> tuple[Filter, ...] | None:
    if raw is None:
        return None
    return tuple(
        Filter(item.get("Key"), None if item.get("Values") is None else tuple(item["Values"]))
        for item in raw
    )


def list_secrets(backend: RegionBackend, p: Params) -> Result:
    sort_by = p.get("SortBy")
    query = Query(
        filters=_filters(p.get("Filters")) or (),
        sort_by=SortBy.CREATED_DATE if sort_by is None else SortBy(sort_by),
        descending=p.get("SortOrder") == "desc",
        include_planned_deletion=bool(p.get("IncludePlannedDeletion")),
    )
    secrets, token = backend.list_secrets(query, p.get("MaxResults"), p.get("NextToken"))
    out: Result = {"SecretList": [secret_entry(s, "SecretVersionsToStages") for s in secrets]}
    if token is not None:
        out["NextToken"] = token
    return out


def batch_get_secret_value(backend: RegionBackend, p: Params) -> Result:
    result = _batch_get(
        backend,
        p.get("SecretIdList"),
        _filters(p.get("Filters")),
        p.get("MaxResults"),
        p.get("NextToken"),
    )
    out: Result = {
        "SecretValues": [secret_value_entry(*read) for read in result.values],
        # UNVERIFIED[batch-empty-errors]: whether AWS leaves out an empty Errors list.
        "Errors": [
            {"SecretId": e.secret_id, "ErrorCode": e.code, "Message": e.message}
            for e in result.errors
        ],
    }
    if result.next_token is not None:
        out["NextToken"] = result.next_token
    return out


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


def get_random_password(backend: RegionBackend, p: Params) -> Result:
    password = random_password(
        p.get("PasswordLength"),
        exclude_characters=p.get("ExcludeCharacters", ""),
        exclude_numbers=p.get("ExcludeNumbers", False),
        exclude_punctuation=p.get("ExcludePunctuation", False),
        exclude_uppercase=p.get("ExcludeUppercase", False),
        exclude_lowercase=p.get("ExcludeLowercase", False),
        include_space=p.get("IncludeSpace", False),
        require_each_included_type=p.get("RequireEachIncludedType", True),
    )
    return {"RandomPassword": password}


@dataclass(slots=True, frozen=True)
class Operation:
    """What the dispatch core knows of one operation."""

    name: str
    handler: Handler
    # The request member that names the secret the call acts on (None: no single secret).
    resource: str | None
    # Request members the installed model has and smstub does not act on yet.
    refused: frozenset[str] = frozenset()

    @property
    def action(self) -> str:
        """The IAM action a policy names, e.g. ``secretsmanager:GetSecretValue``."""
        return f"secretsmanager:{self.name}"


@functools.cache
def _has_policy_names() -> bool:
    """Whether the installed botocore's model has the named-policy members (PolicyName): older
    models answer ARN and Name only, and a response must carry only the model's members."""
    from smstub import _wire

    model = _wire.operation_model("GetResourcePolicy")
    shape = None if model is None else model.output_shape
    return shape is not None and "PolicyName" in shape.members


def _policy(name: str) -> Handler:
    """The resource-policy operation ``name``, whose modules (the policy grammar, conditions,
    public-policy rules) are imported by its first call: a process that never sets a policy,
    and every process's first call, do without them. ``answer.resolve()`` is the handler."""
    resolved: list[Handler] = []

    def resolve() -> Handler:
        if not resolved:
            from smstub import _policy_operations

            resolved.append(getattr(_policy_operations, name))
        return resolved[0]

    def answer(backend: RegionBackend, p: Params) -> Result | Deferred:
        return (resolved[0] if resolved else resolve())(backend, p)

    answer.__name__ = answer.__qualname__ = name
    answer.resolve = resolve  # type: ignore[attr-defined]
    return answer


def _policy_named(handler: Handler) -> Handler:
    @functools.wraps(handler)
    def answer(backend: RegionBackend, p: Params) -> Result | Deferred:
        out = handler(backend, p)
        if isinstance(out, dict) and not _has_policy_names():
            out.pop("PolicyName", None)
        return out

    return answer


def _table(*entries: tuple[str, Handler, str | None, tuple[str, ...]]) -> dict[str, Operation]:
    return {
        name: Operation(name, handler, resource, frozenset(refused))
        for name, handler, resource, refused in entries
    }


OPERATIONS: dict[str, Operation] = _table(
    ("AssociateCrossAccountReplica", associate_cross_account_replica, "SecretId", ()),
    ("BatchGetSecretValue", batch_get_secret_value, None, ()),
    ("CancelRotateSecret", cancel_rotate_secret, "SecretId", ()),
    ("CreateSecret", create_secret, "Name", ()),
    ("DeleteResourcePolicy", _policy_named(_policy("delete_resource_policy")), "SecretId", ()),
    ("DeleteSecret", delete_secret, "SecretId", ()),
    ("DescribeSecret", describe_secret, "SecretId", ()),
    ("DisassociateCrossAccountReplica", disassociate_cross_account_replica, "SecretId", ()),
    ("GetRandomPassword", get_random_password, None, ()),
    ("GetResourcePolicy", _policy_named(_policy("get_resource_policy")), "SecretId", ()),
    ("GetSecretValue", get_secret_value, "SecretId", ()),
    ("ListResourcePolicies", _policy("list_resource_policies"), "SecretId", ()),
    ("ListSecretVersionIds", list_secret_version_ids, "SecretId", ()),
    ("ListSecrets", list_secrets, None, ()),
    ("PutResourcePolicy", _policy_named(_policy("put_resource_policy")), "SecretId", ()),
    ("PutSecretValue", put_secret_value, "SecretId", ()),
    ("RemoveRegionsFromReplication", remove_regions_from_replication, "SecretId", ()),
    ("ReplicateSecretToRegions", replicate_secret_to_regions, "SecretId", ()),
    ("RestoreSecret", restore_secret, "SecretId", ()),
    ("RotateSecret", rotate_secret, "SecretId", ()),
    ("StopReplicationToReplica", stop_replication_to_replica, "SecretId", ()),
    ("TagResource", tag_resource, "SecretId", ()),
    ("UntagResource", untag_resource, "SecretId", ()),
    ("UpdateSecret", update_secret, "SecretId", ()),
    ("UpdateSecretVersionStage", update_secret_version_stage, "SecretId", ()),
    ("ValidateResourcePolicy", _policy("validate_resource_policy"), "SecretId", ()),
)

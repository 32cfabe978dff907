"""One table from operation name to handler: where wire PascalCase meets domain snake_case.

A handler takes the region backend and the decoded parameters and returns the response dict
(bytes are left for the wire to encode), or a :class:`~smstub._dispatch.Deferred` when work
must run outside the store lock. Each entry also declares what the dispatch core needs: the IAM
action, the request member that names the secret, and the request members not acted on yet
(refused by name, never silently ignored).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smstub._entries import ident, secret_entry, secret_value_entry, version_entry
from smstub._filters import Query, SortBy, filters_of
from smstub._paging import page
from smstub._password import random_password

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._request import Deferred

__all__ = ["OPERATIONS", "Handler", "Operation"]

Params = dict[str, Any]
# What the wire encodes as the response body. Label tuples go in as they are: JSON shows a
# tuple as an array, and copying them to lists costs an allocation per version listed.
Result = dict[str, Any]
Handler = Callable[["RegionBackend", Params], "Result | Deferred"]


def describe_secret(backend: RegionBackend, p: Params) -> Result:
    return secret_entry(backend.find(p["SecretId"]), "VersionIdsToStages")


def get_secret_value(backend: RegionBackend, p: Params) -> Result:
    secret, version, value = backend.get_secret_value(
        p["SecretId"], p.get("VersionId"), p.get("VersionStage")
    )
    return secret_value_entry(secret, version, value)


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


def list_secrets(backend: RegionBackend, p: Params) -> Result:
    sort_by = p.get("SortBy")
    query = Query(
        filters=filters_of(p.get("Filters")) or (),
        sort_by=SortBy.CREATED_DATE if sort_by is None else SortBy(sort_by),
        descending=p.get("SortOrder") == "desc",
        include_planned_deletion=bool(p.get("IncludePlannedDeletion")),
    )
    secrets, token = backend.list_secrets(query, p.get("MaxResults"), p.get("NextToken"))
    out: Result = {"SecretList": [secret_entry(s, "SecretVersionsToStages") for s in secrets]}
    if token is not None:
        out["NextToken"] = token
    return out


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


def _later(module: str, name: str) -> Handler:
    """The handler ``name`` of ``smstub.<module>``, imported by its first call: a process's
    first call, and processes that never write, replicate, rotate, batch or set a policy, do
    without those modules. Once imported, the table's entry gets the handler itself, so later
    calls pay nothing for the indirection. ``answer.resolve()`` is the handler."""
    resolved: list[Handler] = []

    def resolve() -> Handler:
        if not resolved:
            found = getattr(importlib.import_module(f"smstub.{module}"), name)
            resolved.append(found)
            for key, spec in list(OPERATIONS.items()):
                if spec.handler is answer:
                    OPERATIONS[key] = dataclasses.replace(spec, handler=found)
        return resolved[0]

    def answer(backend: RegionBackend, p: Params) -> Result | Deferred:
        return (resolved[0] if resolved else resolve())(backend, p)

    answer.__name__ = answer.__qualname__ = name
    answer.resolve = resolve  # type: ignore[attr-defined]
    return answer


def _policy(name: str) -> Handler:
    """A resource-policy operation: the policy grammar, conditions and public-policy rules
    come with its module."""
    return _later("_policy_operations", name)


def _write(name: str) -> Handler:
    return _later("_operations_writes", name)


def _replicating(name: str) -> Handler:
    return _later("_operations_replication", name)


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
    (
        "AssociateCrossAccountReplica",
        _replicating("associate_cross_account_replica"),
        "SecretId",
        (),
    ),
    ("BatchGetSecretValue", _later("_operations_batch", "batch_get_secret_value"), None, ()),
    ("CancelRotateSecret", _later("_operations_rotation", "cancel_rotate_secret"), "SecretId", ()),
    ("CreateSecret", _write("create_secret"), "Name", ()),
    ("DeleteResourcePolicy", _policy_named(_policy("delete_resource_policy")), "SecretId", ()),
    ("DeleteSecret", _write("delete_secret"), "SecretId", ()),
    ("DescribeSecret", describe_secret, "SecretId", ()),
    (
        "DisassociateCrossAccountReplica",
        _replicating("disassociate_cross_account_replica"),
        "SecretId",
        (),
    ),
    ("GetRandomPassword", get_random_password, None, ()),
    ("GetResourcePolicy", _policy_named(_policy("get_resource_policy")), "SecretId", ()),
    ("GetSecretValue", get_secret_value, "SecretId", ()),
    ("ListResourcePolicies", _policy("list_resource_policies"), "SecretId", ()),
    ("ListSecretVersionIds", list_secret_version_ids, "SecretId", ()),
    ("ListSecrets", list_secrets, None, ()),
    ("PutResourcePolicy", _policy_named(_policy("put_resource_policy")), "SecretId", ()),
    ("PutSecretValue", _write("put_secret_value"), "SecretId", ()),
    (
        "RemoveRegionsFromReplication",
        _replicating("remove_regions_from_replication"),
        "SecretId",
        (),
    ),
    ("ReplicateSecretToRegions", _replicating("replicate_secret_to_regions"), "SecretId", ()),
    ("RestoreSecret", _write("restore_secret"), "SecretId", ()),
    ("RotateSecret", _later("_operations_rotation", "rotate_secret"), "SecretId", ()),
    ("StopReplicationToReplica", _replicating("stop_replication_to_replica"), "SecretId", ()),
    ("TagResource", _write("tag_resource"), "SecretId", ()),
    ("UntagResource", _write("untag_resource"), "SecretId", ()),
    ("UpdateSecret", _write("update_secret"), "SecretId", ()),
    ("UpdateSecretVersionStage", _write("update_secret_version_stage"), "SecretId", ()),
    ("ValidateResourcePolicy", _policy("validate_resource_policy"), "SecretId", ()),
)

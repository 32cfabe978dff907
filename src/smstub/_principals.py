"""The principals a test registers for ``enforce_access``, and the request context IAM would
evaluate their calls with.

Condition keys (Secrets Manager User Guide, "Actions, resources, and context keys for AWS
Secrets Manager", list_awssecretsmanager.html, and IAM's "AWS global condition context keys",
reference_policies_condition-keys.html). Only the global keys that have a meaning inside one
process are set: the principal's ARN, account, tags and user name, the time, the requested
region and ``aws:SecureTransport`` (boto3 talks HTTPS). Network keys (``aws:SourceIp``,
``aws:SourceVpc``...) are never present, as for a call that reaches AWS through no VPC.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from smstub._conditions import ContextValue
from smstub._model import Secret

__all__ = [
    "Principal",
    "PrincipalRegistry",
    "global_context",
    "principal_context",
    "request_context",
    "secret_context",
]


@dataclass(slots=True, frozen=True)
class Principal:
    """A caller known by its access key id. ``root`` is the account's root user: the caller
    with smstub's default fake credentials, allowed what no resource policy denies it."""

    access_key_id: str
    account: str
    arn: str
    # Parsed identity policies (smstub._policy_doc.Policy), kept as given.
    policies: tuple[Any, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict)
    root: bool = False


class PrincipalRegistry:
    """Access key id -> principal, per activation."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[str, Principal] = {}
        self._serial = 0

    def new_access_key_id(self) -> str:
        with self._lock:
            self._serial += 1
            return f"AKIASMSTUB{self._serial:010d}"

    def add(self, principal: Principal) -> None:
        with self._lock:
            self._by_key[principal.access_key_id] = principal

    def get(self, access_key_id: str | None) -> Principal | None:
        return None if access_key_id is None else self._by_key.get(access_key_id)

    def by_arn(self, arn: str) -> Principal | None:
        """The principal last registered as ``arn`` (a replication role, for one)."""
        with self._lock:
            found = [p for p in self._by_key.values() if p.arn == arn]
        return found[-1] if found else None


def principal_context(principal: Principal) -> dict[str, ContextValue]:
    arn = principal.arn
    out: dict[str, ContextValue] = {
        "aws:principalarn": arn,
        "aws:principalaccount": principal.account,
        "aws:principaltype": "Account" if principal.root else _principal_type(arn),
    }
    if ":user/" in arn:
        out["aws:username"] = arn.rpartition("/")[2]
    for key, value in principal.tags.items():
        out[f"aws:principaltag/{key.lower()}"] = value
    return out


def _principal_type(arn: str) -> str:
    if ":assumed-role/" in arn:
        return "AssumedRole"
    return "User" if ":user/" in arn else "Role"


def secret_context(secret: Secret | None) -> dict[str, ContextValue]:
    """Keys about the secret the request names (absent when the secret does not exist)."""
    if secret is None:
        return {}
    out: dict[str, ContextValue] = {"secretsmanager:secretid": secret.arn}
    for tag in secret.tags or ():
        key = tag.key.lower()
        out[f"secretsmanager:resourcetag/{key}"] = tag.value
        out[f"aws:resourcetag/{key}"] = tag.value
    return out


# Request members whose value is a condition key of the same operation (list_awssecretsmanager).
_MEMBER_KEYS = {
    "VersionStage": "secretsmanager:versionstage",
    "VersionId": "secretsmanager:versionid",
    "Name": "secretsmanager:name",
    "Description": "secretsmanager:description",
    "KmsKeyId": "secretsmanager:kmskeyid",
    "BlockPublicPolicy": "secretsmanager:blockpublicpolicy",
    "ForceDeleteWithoutRecovery": "secretsmanager:forcedeletewithoutrecovery",
    "RecoveryWindowInDays": "secretsmanager:recoverywindowindays",
    "RotationLambdaARN": "secretsmanager:rotationlambdaarn",
    "RotateImmediately": "secretsmanager:rotateimmediately",
    "ForceOverwriteReplicaSecret": "secretsmanager:forceoverwritereplicasecret",
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def request_context(operation: str, params: Mapping[str, Any]) -> dict[str, ContextValue]:
    """Keys taken from the request itself."""
    out: dict[str, ContextValue] = {}
    for member, key in _MEMBER_KEYS.items():
        if member in params:
            out[key] = _text(params[member])
    tags: Iterable[Mapping[str, str]] = params.get("Tags") or ()
    tag_keys: list[str] = []
    for tag in tags:
        tag_key = tag.get("Key", "")
        tag_keys.append(tag_key)
        out[f"aws:requesttag/{tag_key.lower()}"] = tag.get("Value", "")
    if operation == "UntagResource":
        tag_keys = list(params.get("TagKeys") or ())
    if tag_keys:
        out["aws:tagkeys"] = tuple(tag_keys)
    regions = params.get("AddReplicaRegions")
    if regions:
        out["secretsmanager:addreplicaregions"] = tuple(r.get("Region", "") for r in regions)
    if "RotationRules" in params:
        out["secretsmanager:modifyrotationrules"] = "true"
    return out


def global_context(now: datetime, region: str) -> dict[str, ContextValue]:
    return {
        "aws:currenttime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:epochtime": str(int(now.timestamp())),
        "aws:requestedregion": region,
        "aws:securetransport": "true",
        "aws:viaawsservice": "false",
        "aws:principalisawsservice": "false",
    }

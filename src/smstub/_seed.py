"""The seed and snapshot format of ``sm.seed``, ``sm.load`` and ``sm.dump``.

A document is a mapping (JSON, or YAML when PyYAML is installed) whose member names are the
ones the Secrets Manager API uses, so a seed file reads like the DescribeSecret and
GetSecretValue answers it reproduces::

    {"Keys": [{"KeyId": "...", "Aliases": ["alias/app"], "KeyState": "Enabled"}],
     "Secrets": [
        {"Name": "app/db", "Description": "...", "KmsKeyId": "alias/app",
         "Tags": [{"Key": "team", "Value": "core"}],
         "SecretString": "s3cr3t"},                       # one version, AWSCURRENT
        {"Name": "app/api", "Region": "eu-west-1",
         "Versions": [{"VersionId": "...", "SecretString": "v1", "VersionStages": ["AWSPREVIOUS"]},
                      {"VersionId": "...", "SecretString": "v2", "VersionStages": ["AWSCURRENT"]}]}
     ]}

Dates are ISO 8601 strings with a zone (``2024-05-01T12:00:00Z``) or epoch seconds; a missing
date is the clock's now. This module holds the typed entries and writes them back;
:mod:`smstub._seed_reader` reads and checks documents; :mod:`smstub._snapshot` applies them to a
store. Features that add secret
state (rotation, policies, replication) register their members with :func:`register_member`,
so the format grows without this module knowing them. Every error is a ``SeedError`` naming the
entry and the member.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from smstub.errors import SmstubError

__all__ = [
    "KeySeed",
    "Member",
    "SecretSeed",
    "SeedDocument",
    "SeedError",
    "VersionSeed",
    "register_member",
    "render",
]

FORMAT = 1


class SeedError(SmstubError, ValueError):
    """A seed document smstub cannot load; the message names the entry and the member."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"bad seed: {where}: {problem}")


@dataclass(slots=True)
class VersionSeed:
    version_id: str | None
    string: str | None = None
    binary: bytes | None = None
    stages: tuple[str, ...] | None = None  # None: AWSCURRENT for the last version given
    created: datetime | None = None
    last_accessed: datetime | None = None
    # The keys the version is sealed under, oldest first, as ListSecretVersionIds names them.
    kms_key_ids: tuple[str, ...] | None = None

    def __repr__(self) -> str:  # never shows the value
        return f"<VersionSeed {self.version_id} stages={self.stages}>"


@dataclass(slots=True)
class SecretSeed:
    where: str  # how errors name this entry: 'Secrets[0] (app/db)'
    name: str
    region: str | None = None
    account: str | None = None
    arn: str | None = None
    description: str | None = None
    kms_key_id: str | None = None
    secret_type: str | None = None
    tags: list[tuple[str, str]] | None = None
    created: datetime | None = None
    last_changed: datetime | None = None
    last_accessed: datetime | None = None
    deleted: datetime | None = None
    deletion_date: datetime | None = None
    owning_service: str | None = None
    versions: list[VersionSeed] = field(default_factory=list)
    # Members registered by other features, already checked by their parsers.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class KeySeed:
    where: str
    key_id: str | None
    region: str | None = None
    account: str | None = None
    aliases: tuple[str, ...] = ()
    description: str | None = None
    state: str = "Enabled"
    policy: str | None = None  # the key policy document (enforce_access)


@dataclass(slots=True)
class SeedDocument:
    secrets: list[SecretSeed] = field(default_factory=list)
    keys: list[KeySeed] = field(default_factory=list)


# --- extension ------------------------------------------------------------------------------
@dataclass(slots=True, frozen=True)
class Member:
    """A secret member another feature adds to the format (rotation, policy, replication...)."""

    # (value, where) -> the checked value for SecretSeed.extra; raises SeedError.
    parse: Callable[[Any, str], Any]
    # (backend, secret, value): put the value on the secret being seeded (not yet stored).
    apply: Callable[[Any, Any, Any], None]
    # (backend, secret) -> the value to dump, or None when the secret has none.
    read: Callable[[Any, Any], Any]
    # value -> JSON-ready data.
    render: Callable[[Any], Any] = lambda value: value


_EXTRA: dict[str, Member] = {}
# (built: [(backend, secret, its SecretSeed)]) -> work to run once they are stored; raises
# SeedError.
# For state that links secrets of one document (replication), checked before any is stored.
Linker = Callable[[list[tuple[Any, Any, Any]]], list[Callable[[], None]]]
_LINKERS: list[Linker] = []
KEY_STATES = ("Enabled", "Disabled", "PendingDeletion")


def register_member(name: str, member: Member) -> None:
    """Accept the secret member ``name`` in seed documents and write it in dumps."""
    _EXTRA[name] = member


def register_linker(linker: Linker) -> None:
    """Run ``linker`` on every document's secrets once they are all built."""
    _LINKERS.append(linker)


def link(built: list[tuple[Any, Any, Any]]) -> list[Callable[[], None]]:
    return [work for linker in _LINKERS for work in linker(built)]


def apply_member(name: str, backend: Any, secret: Any, value: Any) -> None:
    _EXTRA[name].apply(backend, secret, value)


def read_members(backend: Any, secret: Any) -> dict[str, Any]:
    found = {name: member.read(backend, secret) for name, member in _EXTRA.items()}
    return {name: value for name, value in found.items() if value is not None}


# --- writing --------------------------------------------------------------------------------
def _iso(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def render(doc: SeedDocument) -> dict[str, Any]:
    """The document as JSON-ready data, in the format :func:`parse` reads."""
    out: dict[str, Any] = {"Format": FORMAT}
    if doc.keys:
        out["Keys"] = [_render_key(key) for key in doc.keys]
    out["Secrets"] = [_render_secret(secret) for secret in doc.secrets]
    return out


def _put(out: dict[str, Any], member: str, value: Any) -> None:
    if value is not None:
        out[member] = _iso(value) if isinstance(value, datetime) else value


def _render_key(key: KeySeed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for member, value in (
        ("KeyId", key.key_id),
        ("Region", key.region),
        ("Account", key.account),
        ("Description", key.description),
        ("Policy", key.policy),
    ):
        _put(out, member, value)
    if key.aliases:
        out["Aliases"] = list(key.aliases)
    out["KeyState"] = key.state
    return out


def _render_secret(secret: SecretSeed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for member, value in (
        ("Name", secret.name),
        ("Region", secret.region),
        ("Account", secret.account),
        ("ARN", secret.arn),
        ("Description", secret.description),
        ("KmsKeyId", secret.kms_key_id),
        ("Type", secret.secret_type),
        ("CreatedDate", secret.created),
        ("LastChangedDate", secret.last_changed),
        ("LastAccessedDate", secret.last_accessed),
        ("DeletedDate", secret.deleted),
        ("DeletionDate", secret.deletion_date),
        ("OwningService", secret.owning_service),
    ):
        _put(out, member, value)
    if secret.tags is not None:
        out["Tags"] = [{"Key": k, "Value": v} for k, v in secret.tags]
    for name, value in secret.extra.items():
        out[name] = _EXTRA[name].render(value)
    out["Versions"] = [_render_version(v) for v in secret.versions]
    return out


def _render_version(version: VersionSeed) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _put(out, "VersionId", version.version_id)
    if version.binary is not None:
        out["SecretBinary"] = base64.b64encode(version.binary).decode("ascii")
    else:
        out["SecretString"] = version.string
    out["VersionStages"] = list(version.stages or ())
    _put(out, "CreatedDate", version.created)
    _put(out, "LastAccessedDate", version.last_accessed)
    if version.kms_key_ids is not None:
        out["KmsKeyIds"] = list(version.kms_key_ids)
    return out

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
date is the clock's now. This module only parses and checks the document into typed entries (and
writes them back); :mod:`smstub._snapshot` applies them to a store. Features that add secret
state (rotation, policies, replication) register their members with :func:`register_member`,
so the format grows without this module knowing them. Every error is a ``SeedError`` naming the
entry and the member.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from smstub.errors import SmstubError

__all__ = [
    "KeySeed",
    "Member",
    "SecretSeed",
    "SeedDocument",
    "SeedError",
    "VersionSeed",
    "parse",
    "read",
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
KEY_STATES = ("Enabled", "Disabled", "PendingDeletion")


def register_member(name: str, member: Member) -> None:
    """Accept the secret member ``name`` in seed documents and write it in dumps."""
    _EXTRA[name] = member


def apply_member(name: str, backend: Any, secret: Any, value: Any) -> None:
    _EXTRA[name].apply(backend, secret, value)


def read_members(backend: Any, secret: Any) -> dict[str, Any]:
    found = {name: member.read(backend, secret) for name, member in _EXTRA.items()}
    return {name: value for name, value in found.items() if value is not None}


_SECRET_MEMBERS = {
    "Name",
    "Region",
    "Account",
    "ARN",
    "Description",
    "KmsKeyId",
    "Type",
    "Tags",
    "CreatedDate",
    "LastChangedDate",
    "LastAccessedDate",
    "DeletedDate",
    "DeletionDate",
    "OwningService",
    "SecretString",
    "SecretBinary",
    "VersionId",
    "Versions",
}
_VERSION_MEMBERS = {
    "VersionId",
    "SecretString",
    "SecretBinary",
    "VersionStages",
    "CreatedDate",
    "LastAccessedDate",
    "KmsKeyIds",
}
_KEY_MEMBERS = {"KeyId", "Region", "Account", "Aliases", "Description", "KeyState"}


# --- reading --------------------------------------------------------------------------------
def read(source: str | Path | Mapping[str, Any]) -> SeedDocument:
    """Parse a mapping, or a ``.json`` / ``.yaml`` / ``.yml`` file."""
    if isinstance(source, Mapping):
        return parse(source)
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SeedError(str(path), f"cannot be read ({error.strerror})") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            yaml: Any = importlib.import_module("yaml")
        except ImportError:
            raise SeedError(
                str(path), "YAML seed files need PyYAML (pip install pyyaml), or use JSON"
            ) from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise SeedError(str(path), f"is not valid YAML ({error})") from None
    else:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise SeedError(str(path), f"is not valid JSON ({error})") from None
    if not isinstance(data, Mapping):
        raise SeedError(str(path), "must hold a mapping with 'Secrets' and/or 'Keys'")
    return parse(data)


def parse(data: Mapping[str, Any]) -> SeedDocument:
    unknown = set(data) - {"Secrets", "Keys", "Format"}
    if unknown:
        raise SeedError(
            "document",
            f"unknown member(s) {', '.join(sorted(map(str, unknown)))}; "
            "expected 'Secrets', 'Keys' (and 'Format')",
        )
    if data.get("Format", FORMAT) != FORMAT:
        raise SeedError("document", f"Format {data['Format']!r} is not {FORMAT}")
    doc = SeedDocument()
    for index, raw in enumerate(_list(data, "Keys", "document")):
        doc.keys.append(_key(raw, f"Keys[{index}]"))
    names: set[tuple[str | None, str | None, str]] = set()
    for index, raw in enumerate(_list(data, "Secrets", "document")):
        secret = _secret(raw, f"Secrets[{index}]")
        place = (secret.account, secret.region, secret.name)
        if place in names:
            raise SeedError(secret.where, "a secret with this Name is already in the seed")
        names.add(place)
        doc.secrets.append(secret)
    return doc


def _secret(raw: Any, where: str) -> SecretSeed:
    if not isinstance(raw, Mapping):
        raise SeedError(where, "must be a mapping with at least 'Name'")
    name = _str(raw, "Name", where, required=True)
    assert name is not None
    where = f"{where} ({name})"
    unknown = set(raw) - _SECRET_MEMBERS - set(_EXTRA)
    if unknown:
        member = sorted(map(str, unknown))[0]
        raise SeedError(where, f"unknown member {member!r}; known: {', '.join(_known())}")
    seed = SecretSeed(
        where,
        name,
        region=_str(raw, "Region", where),
        account=_str(raw, "Account", where),
        arn=_str(raw, "ARN", where),
        description=_str(raw, "Description", where),
        kms_key_id=_str(raw, "KmsKeyId", where),
        secret_type=_str(raw, "Type", where),
        tags=_tags(raw, where),
        created=_date(raw, "CreatedDate", where),
        last_changed=_date(raw, "LastChangedDate", where),
        last_accessed=_date(raw, "LastAccessedDate", where),
        deleted=_date(raw, "DeletedDate", where),
        deletion_date=_date(raw, "DeletionDate", where),
        owning_service=_str(raw, "OwningService", where),
    )
    if (seed.deleted is None) != (seed.deletion_date is None):
        raise SeedError(where, "DeletedDate and DeletionDate go together (a scheduled deletion)")
    shorthand = {"SecretString", "SecretBinary", "VersionId"} & set(raw)
    if shorthand and "Versions" in raw:
        member = sorted(shorthand)[0]
        raise SeedError(where, f"{member!r} and 'Versions' cannot both be given")
    if shorthand:
        seed.versions.append(_version(raw, where, shorthand=True))
    for index, item in enumerate(_list(raw, "Versions", where)):
        seed.versions.append(_version(item, f"{where} Versions[{index}]"))
    ids = [v.version_id for v in seed.versions if v.version_id is not None]
    if len(ids) != len(set(ids)):
        raise SeedError(where, "two versions have the same VersionId")
    for extra, member in _EXTRA.items():
        if extra in raw:
            seed.extra[extra] = member.parse(raw[extra], f"{where} {extra}")
    return seed


def _version(raw: Any, where: str, *, shorthand: bool = False) -> VersionSeed:
    if not isinstance(raw, Mapping):
        raise SeedError(where, "must be a mapping with SecretString or SecretBinary")
    if not shorthand:
        unknown = set(raw) - _VERSION_MEMBERS
        if unknown:
            member = sorted(map(str, unknown))[0]
            raise SeedError(
                where, f"unknown member {member!r}; known: {', '.join(sorted(_VERSION_MEMBERS))}"
            )
    string = _str(raw, "SecretString", where)
    binary = None
    if "SecretBinary" in raw:
        text = _str(raw, "SecretBinary", where)
        try:
            binary = base64.b64decode(text or "", validate=True)
        except (binascii.Error, ValueError):
            raise SeedError(where, "SecretBinary must be base64 text") from None
    if (string is None) == (binary is None):
        raise SeedError(where, "give exactly one of SecretString and SecretBinary")
    version = VersionSeed(_str(raw, "VersionId", where), string, binary)
    if not shorthand:
        if "VersionStages" in raw:
            version.stages = tuple(_strings(raw, "VersionStages", where))
        version.created = _date(raw, "CreatedDate", where)
        version.last_accessed = _date(raw, "LastAccessedDate", where)
        if "KmsKeyIds" in raw:
            version.kms_key_ids = tuple(_strings(raw, "KmsKeyIds", where))
    return version


def _key(raw: Any, where: str) -> KeySeed:
    if not isinstance(raw, Mapping):
        raise SeedError(where, "must be a mapping")
    unknown = set(raw) - _KEY_MEMBERS
    if unknown:
        member = sorted(map(str, unknown))[0]
        raise SeedError(
            where, f"unknown member {member!r}; known: {', '.join(sorted(_KEY_MEMBERS))}"
        )
    key = KeySeed(
        where,
        _str(raw, "KeyId", where),
        region=_str(raw, "Region", where),
        account=_str(raw, "Account", where),
        aliases=tuple(_strings(raw, "Aliases", where)) if "Aliases" in raw else (),
        description=_str(raw, "Description", where),
        state=_str(raw, "KeyState", where) or "Enabled",
    )
    if key.state not in KEY_STATES:
        raise SeedError(
            where, f"KeyState must be one of {', '.join(KEY_STATES)}, not {key.state!r}"
        )
    return key


def _known() -> list[str]:
    return sorted(_SECRET_MEMBERS | set(_EXTRA))


def _list(raw: Mapping[str, Any], member: str, where: str) -> list[Any]:
    value = raw.get(member)
    if value is None:
        return []
    if not isinstance(value, list):
        raise SeedError(where, f"{member} must be a list, not {type(value).__name__}")
    return value


def _str(raw: Mapping[str, Any], member: str, where: str, *, required: bool = False) -> str | None:
    value = raw.get(member)
    if value is None:
        if required:
            raise SeedError(where, f"{member} is required")
        return None
    if not isinstance(value, str):
        # Never echo the value: it may be a secret.
        raise SeedError(where, f"{member} must be a string, not {type(value).__name__}")
    return value


def _strings(raw: Mapping[str, Any], member: str, where: str) -> list[str]:
    value = raw.get(member)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SeedError(where, f"{member} must be a list of strings")
    return value


def _tags(raw: Mapping[str, Any], where: str) -> list[tuple[str, str]] | None:
    if "Tags" not in raw:
        return None
    value = raw["Tags"]
    if isinstance(value, Mapping):  # the short form {"team": "core"}
        value = [{"Key": k, "Value": v} for k, v in value.items()]
    if not isinstance(value, list):
        raise SeedError(where, "Tags must be a list of {Key, Value} or a mapping")
    tags = []
    for index, item in enumerate(value):
        if (
            not isinstance(item, Mapping)
            or set(item) - {"Key", "Value"}
            or not all(isinstance(item.get(k, ""), str) for k in ("Key", "Value"))
        ):
            raise SeedError(where, f"Tags[{index}] must be {{'Key': str, 'Value': str}}")
        tags.append((item.get("Key", ""), item.get("Value", "")))
    return tags


def _date(raw: Mapping[str, Any], member: str, where: str) -> datetime | None:
    value = raw.get(member)
    if value is None:
        return None
    if isinstance(value, datetime):  # YAML reads unquoted timestamps as datetimes
        when = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        when = datetime.fromtimestamp(value, timezone.utc)
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise SeedError(where, f"{member} {value!r} is not an ISO 8601 date") from None
    else:
        raise SeedError(where, f"{member} must be an ISO 8601 string or epoch seconds")
    if when.tzinfo is None:
        raise SeedError(where, f"{member} needs a time zone, e.g. 2024-05-01T12:00:00Z")
    when = when.astimezone(timezone.utc)
    return when.replace(microsecond=when.microsecond - when.microsecond % 1000)


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

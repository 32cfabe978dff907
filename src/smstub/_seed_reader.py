"""Reading seed documents: JSON or YAML files and mappings, checked member by member into the
typed entries of :mod:`smstub._seed`. Every problem is a ``SeedError`` naming the entry and the
member, and never showing a value (it may be a secret).
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from smstub import (  # noqa: F401 (register their members)
    _policy_seed,
    _replication_seed,
    _seed,
    _seed_rotation,
)
from smstub._seed import (
    FORMAT,
    KEY_STATES,
    KeySeed,
    SecretSeed,
    SeedDocument,
    SeedError,
    VersionSeed,
)

__all__ = ["parse", "read"]

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
_KEY_MEMBERS = {"KeyId", "Region", "Account", "Aliases", "Description", "KeyState", "Policy"}


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
    unknown = set(raw) - _SECRET_MEMBERS - set(_seed._EXTRA)
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
    for extra, registered in _seed._EXTRA.items():
        if extra in raw:
            seed.extra[extra] = registered.parse(raw[extra], f"{where} {extra}")
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
        policy=_str(raw, "Policy", where),
    )
    if key.state not in KEY_STATES:
        raise SeedError(
            where, f"KeyState must be one of {', '.join(KEY_STATES)}, not {key.state!r}"
        )
    return key


def _known() -> list[str]:
    return sorted(_SECRET_MEMBERS | set(_seed._EXTRA))


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

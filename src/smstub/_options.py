"""The checks of ``mock_secretsmanager``'s options (the pytest marker's too).

A value AWS never has is refused when the options are given, before any
test runs, so a typo cannot leave a test talking to a fake that AWS would not match.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path

from smstub.errors import InvalidOptionError

__all__ = [
    "DEFAULT_REGION",
    "check_account_id",
    "check_enforce_access",
    "check_id_seed",
    "check_region",
]

DEFAULT_REGION = "us-east-1"

_ACCOUNT = re.compile(r"[0-9]{12}")


def check_account_id(value: object) -> str:
    # AWS account ids are 12 digits (IAM User Guide, "Your AWS account ID and its alias").
    if isinstance(value, str) and _ACCOUNT.fullmatch(value):
        return value
    raise InvalidOptionError(
        f"account_id must be a string of 12 digits, such as '111122223333'; got {value!r}"
    )


def check_region(value: object) -> str:
    if isinstance(value, str) and any(p.fullmatch(value) for p in _region_patterns()):
        return value
    raise InvalidOptionError(
        "region must be the name of an AWS region, such as 'eu-west-1', matching a region "
        f"pattern of botocore's partitions; got {value!r}"
    )


def check_id_seed(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise InvalidOptionError(f"id_seed must be an int or None; got {value!r}")


def check_enforce_access(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidOptionError(f"enforce_access must be True or False; got {value!r}")


@functools.cache
def _region_patterns() -> tuple[re.Pattern[str], ...]:
    """The ``regionRegex`` of each partition botocore knows, read from its data file without
    importing botocore (options are checked when a decorator is applied, at import time)."""
    spec = importlib.util.find_spec("botocore")
    origin = spec.origin if spec is not None else None
    if origin is None:  # pragma: no cover - botocore is a dependency
        raise InvalidOptionError("botocore is not installed; install smstub's dependencies")
    data = json.loads((Path(origin).parent / "data" / "partitions.json").read_text())
    return tuple(re.compile(p["regionRegex"], re.ASCII) for p in data["partitions"])

"""The model's constraints checked on decoded values, and AWS's wording when one is broken:
lengths, ranges, patterns and enums of a shape, and the whole-collection form AWS uses when an
item of a list or a key or value of a map breaks its shape's rules.

Shapes are botocore's, read by their attributes only (``metadata``, ``type_name``, ``enum``), so
this module imports no botocore: :mod:`smstub._wire` walks the request and calls these.
"""

from __future__ import annotations

import re
from typing import Any

from smstub import _aws_errors as err

__all__ = ["check_length", "check_range", "check_string", "check_text", "members_violation"]

Shape = Any
_patterns: dict[str, re.Pattern[str]] = {}


def _shown(shape: Shape, value: Any) -> str:
    """How AWS quotes a rejected value: never for sensitive members."""
    if shape.metadata.get("sensitive"):
        return ""
    if isinstance(value, list):
        return f" '[{', '.join(str(item) for item in value)}]'"
    if isinstance(value, dict):
        # UNVERIFIED[map-value-shown]: AWS's quoting of a map (the model has none to test).
        return f" '{{{', '.join(f'{key}={item}' for key, item in value.items())}}}'"
    return f" '{value}'"


def _violation(shape: Shape, value: Any, path: str, rule: str) -> str:
    return (
        f"Value{_shown(shape, value)} at '{path}' failed to satisfy constraint: Member must {rule}"
    )


def members_violation(shape: Shape, value: Any, path: str, whose: str, member: Shape) -> str:
    """One item of a list (or a key or value of a map) broke a rule of its shape: AWS reports
    the whole collection, once, with every rule of the item's shape, whichever one failed.

    Seen from AWS in public logs of real responses: Lambda's ``Value '[GET, POST, OPTIONS]' at
    'cors.allowMethods' failed to satisfy constraint: Member must satisfy constraint: [Member
    must have length less than or equal to 6, Member must have length greater than or equal
    to 0, Member must satisfy regular expression pattern: .*, ...]`` (max, min, pattern, in
    that order), ACM's ``Member must satisfy constraint: [Member must satisfy enum value set:
    [...], ...]``, and CodePipeline's ``Map value must satisfy constraint: [Member must have
    length less than or equal to 1000, Member must have length greater than or equal to 1]``
    (awslabs/aws-service-catalog-factory#279). The Lambda and ACM lists end in ``Member must
    not be null``, which the CodePipeline one and issue #17's form leave out:
    UNVERIFIED[list-member-null-rule] whether Secrets Manager adds it.
    """
    rules = ", ".join(f"Member must {rule}" for rule in _rules(member))
    return (
        f"Value{_shown(shape, value)} at '{path}' failed to satisfy constraint: "
        f"{whose} must satisfy constraint: [{rules}]"
    )


def _rules(shape: Shape) -> list[str]:
    """Every constraint of a scalar shape, in the order AWS lists them."""
    meta = shape.metadata
    noun = "value" if shape.type_name in ("integer", "long") else "length"
    rules = []
    if meta.get("max") is not None:
        rules.append(f"have {noun} less than or equal to {meta['max']}")
    if meta.get("min") is not None:
        rules.append(f"have {noun} greater than or equal to {meta['min']}")
    if meta.get("pattern") is not None:
        rules.append(f"satisfy regular expression pattern: {meta['pattern']}")
    enum: list[str] = getattr(shape, "enum", None) or []
    if enum:
        rules.append(f"satisfy enum value set: [{', '.join(enum)}]")
    return rules


def _check_bounds(
    shape: Shape, measured: int, noun: str, value: Any, path: str, problems: list[str]
) -> None:
    meta = shape.metadata
    low, high = meta.get("min"), meta.get("max")
    if high is not None and measured > high:
        problems.append(_violation(shape, value, path, f"have {noun} less than or equal to {high}"))
    elif low is not None and measured < low:
        problems.append(
            _violation(shape, value, path, f"have {noun} greater than or equal to {low}")
        )


def check_length(shape: Shape, length: int, value: Any, path: str, problems: list[str]) -> None:
    _check_bounds(shape, length, "length", value, path, problems)


def check_range(shape: Shape, value: int, path: str, problems: list[str]) -> None:
    _check_bounds(shape, value, "value", value, path, problems)


def check_text(value: str, path: str) -> None:
    try:
        value.encode()
    except UnicodeEncodeError:
        # A JSON escape of a lone surrogate ("\ud800") is valid JSON but not text: stored, it
        # could never be encoded into a response again (UNVERIFIED[lone-surrogate]: AWS's answer).
        raise err.SerializationException(f"Invalid UTF-8 in the value for '{path}'.") from None


def check_string(shape: Shape, value: str, path: str, problems: list[str]) -> None:
    check_length(shape, len(value), value, path, problems)
    enum: list[str] = getattr(shape, "enum", None) or []
    if enum and value not in enum:
        problems.append(
            _violation(shape, value, path, f"satisfy enum value set: [{', '.join(enum)}]")
        )
    pattern = shape.metadata.get("pattern")
    if pattern is not None:
        compiled = _patterns.get(pattern)
        if compiled is None:
            compiled = _patterns.setdefault(pattern, re.compile(pattern))
        if compiled.fullmatch(value) is None:
            problems.append(
                _violation(shape, value, path, f"satisfy regular expression pattern: {pattern}")
            )

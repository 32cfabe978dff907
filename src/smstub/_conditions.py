"""IAM condition operators, wildcard matching and policy variables.

Sources (IAM User Guide): "IAM JSON policy elements: Condition operators"
(reference_policies_elements_condition_operators.html), "Single-valued vs. multivalued
context keys" (reference_policies_condition-single-vs-multi-valued-context-keys.html),
"IAM policy elements: Variables and tags" (reference_policies_variables.html).

The request context maps lower-cased key names (IAM compares key names case-insensitively) to a
string, or to a tuple of strings for a multivalued key (``aws:TagKeys``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

__all__ = [
    "OPERATORS",
    "Context",
    "ContextValue",
    "condition_matches",
    "glob",
    "split_operator",
    "substitute",
]

ContextValue = str | tuple[str, ...]
Context = Mapping[str, ContextValue]
# Compares one request value with one policy value (None: the policy value cannot be used).
_Compare = Callable[[str, str], bool]

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
# ${aws:username, 'default'}: a default value (reference_policies_variables.html).
_WITH_DEFAULT = re.compile(r"\s*([^,\s]+)\s*,\s*'([^']*)'\s*\Z")


@functools.lru_cache(maxsize=1024)
def _pattern(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = ("." if c == "?" else ".*" if c == "*" else re.escape(c) for c in pattern)
    return re.compile("".join(parts) + r"\Z", re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM's wildcards: ``*`` any run of characters, ``?`` exactly one; nothing else special."""
    if "*" not in pattern and "?" not in pattern:
        return pattern.lower() == value.lower() if ignore_case else pattern == value
    return _pattern(pattern, ignore_case).match(value) is not None


def substitute(text: str, context: Context) -> str | None:
    """``text`` with its policy variables replaced; None when one has no value and no default
    (IAM: the element then does not match)."""
    if "${" not in text:
        return text
    missing = False

    def one(match: re.Match[str]) -> str:
        nonlocal missing
        inner = match[1]
        if inner in ("*", "?", "$"):  # the escapes for literal wildcards and dollar signs
            return inner
        default: str | None = None
        with_default = _WITH_DEFAULT.match(inner)
        if with_default is not None:
            inner, default = with_default[1], with_default[2]
        value = context.get(inner.strip().lower())
        if isinstance(value, str):
            return value
        if default is not None:
            return default
        missing = True
        return ""

    result = _VARIABLE.sub(one, text)
    return None if missing else result


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(text), tz=timezone.utc)
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _numeric(test: Callable[[float, float], bool]) -> _Compare:
    def compare(value: str, wanted: str) -> bool:
        a, b = _number(value), _number(wanted)
        return a is not None and b is not None and test(a, b)

    return compare


def _dated(test: Callable[[datetime, datetime], bool]) -> _Compare:
    def compare(value: str, wanted: str) -> bool:
        a, b = _date(value), _date(wanted)
        return a is not None and b is not None and test(a, b)

    return compare


def _arn_like(value: str, wanted: str) -> bool:
    # Each of the six colon-separated parts is matched on its own (ArnLike in the IAM guide).
    have, want = value.split(":", 5), wanted.split(":", 5)
    return len(have) == len(want) == 6 and all(map(glob, want, have))


def _ip(value: str, wanted: str) -> bool:
    import ipaddress  # only conditions on aws:SourceIp need it

    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(wanted, strict=False)
    except ValueError:
        return False


def _bool(value: str, wanted: str) -> bool:
    return value.lower() == wanted.lower()


# Operator -> (comparison, negated). A negated operator is true when no policy value matches.
OPERATORS: dict[str, tuple[_Compare, bool]] = {
    "StringEquals": (str.__eq__, False),
    "StringNotEquals": (str.__eq__, True),
    "StringEqualsIgnoreCase": (lambda a, b: a.lower() == b.lower(), False),
    "StringNotEqualsIgnoreCase": (lambda a, b: a.lower() == b.lower(), True),
    "StringLike": (lambda a, b: glob(b, a), False),
    "StringNotLike": (lambda a, b: glob(b, a), True),
    "NumericEquals": (_numeric(float.__eq__), False),
    "NumericNotEquals": (_numeric(float.__eq__), True),
    "NumericLessThan": (_numeric(float.__lt__), False),
    "NumericLessThanEquals": (_numeric(float.__le__), False),
    "NumericGreaterThan": (_numeric(float.__gt__), False),
    "NumericGreaterThanEquals": (_numeric(float.__ge__), False),
    "DateEquals": (_dated(datetime.__eq__), False),
    "DateNotEquals": (_dated(datetime.__eq__), True),
    "DateLessThan": (_dated(datetime.__lt__), False),
    "DateLessThanEquals": (_dated(datetime.__le__), False),
    "DateGreaterThan": (_dated(datetime.__gt__), False),
    "DateGreaterThanEquals": (_dated(datetime.__ge__), False),
    "Bool": (_bool, False),
    "BinaryEquals": (str.__eq__, False),
    "IpAddress": (_ip, False),
    "NotIpAddress": (_ip, True),
    "ArnEquals": (_arn_like, False),
    "ArnLike": (_arn_like, False),
    "ArnNotEquals": (_arn_like, True),
    "ArnNotLike": (_arn_like, True),
}
# Operators whose values may hold policy variables (reference_policies_variables.html).
_SUBSTITUTED = frozenset(name for name in OPERATORS if name.startswith(("String", "Arn")))


def split_operator(name: str) -> tuple[str | None, str, bool] | None:
    """``ForAnyValue:StringLikeIfExists`` -> ("ForAnyValue", "StringLike", True); None when
    ``name`` is no IAM operator."""
    qualifier: str | None = None
    if ":" in name:
        qualifier, _, name = name.partition(":")
        if qualifier not in ("ForAnyValue", "ForAllValues"):
            return None
    if_exists = name.endswith("IfExists") and name != "Null"
    base = name[: -len("IfExists")] if if_exists else name
    if base != "Null" and base not in OPERATORS:
        return None
    if base == "Null" and (if_exists or qualifier is not None):
        return None
    return qualifier, base, if_exists


def condition_matches(
    operator: str, key: str, wanted: tuple[str, ...], context: Context, *, variables: bool
) -> bool:
    """One ``{operator: {key: values}}`` entry against the request context (values are OR'ed).

    ``operator`` must have passed :func:`split_operator` (the parser checks every operator).
    """
    split = split_operator(operator)
    assert split is not None, operator
    qualifier, base, if_exists = split
    present = context.get(key.lower())
    values: tuple[str, ...] = (
        () if present is None else ((present,) if isinstance(present, str) else present)
    )
    if base == "Null":
        absent = not values
        return any((w.lower() == "true") == absent for w in wanted)
    compare, negated = OPERATORS[base]
    if variables and base in _SUBSTITUTED:
        wanted = tuple(v for v in (substitute(w, context) for w in wanted) if v is not None)

    def positive(value: str) -> bool:
        return any(compare(value, w) for w in wanted)

    if qualifier == "ForAllValues":
        # True for a missing or empty key; else every request value must pass.
        if negated:
            return all(not positive(v) for v in values)
        return all(positive(v) for v in values)
    if not values:
        if qualifier == "ForAnyValue":
            return False
        # A missing key: false for a positive operator, true for a negated one, and true for
        # any ...IfExists operator.
        return if_exists or negated
    if negated:
        if qualifier == "ForAnyValue":
            return any(not positive(v) for v in values)
        return not any(positive(v) for v in values)
    return any(positive(v) for v in values)

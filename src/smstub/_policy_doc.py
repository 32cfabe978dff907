"""Parsing and checking IAM policy documents: resource policies on secrets and the identity
policies registered with principals.

The grammar is IAM's ("IAM JSON policy element reference" and "Grammar of the IAM JSON policy
language", IAM User Guide): ``Version``, ``Id``, ``Statement`` as an object or a list; each
statement ``Sid``, ``Effect``, ``Principal``/``NotPrincipal``, ``Action``/``NotAction``,
``Resource``/``NotResource`` and ``Condition``.

Messages (``MalformedPolicyDocumentException``):
- "This policy has invalid syntax." -- AWS's answer to PutResourcePolicy with a wrong
  ``Version`` (awsdocs/aws-cloudformation-user-guide#623, quoting the service). smstub gives it
  for every syntax error; that AWS uses this one sentence for all of them is
  UNVERIFIED[policy-syntax-text].
- "This resource policy contains an unsupported principal" -- AWS's answer for a principal it
  cannot use (quoted verbatim, without a final period, in several public projects' notes on
  PutResourcePolicy). smstub gives it for a principal that is not of IAM's principal forms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from smstub import _aws_errors as err
from smstub._conditions import split_operator

__all__ = [
    "INVALID_SYNTAX",
    "UNSUPPORTED_PRINCIPAL",
    "Condition",
    "Policy",
    "Principals",
    "Statement",
    "parse_policy",
]

INVALID_SYNTAX = "This policy has invalid syntax."
UNSUPPORTED_PRINCIPAL = "This resource policy contains an unsupported principal"

# IAM accepts these two versions; only 2012-10-17 knows policy variables (policies_versions).
_VERSIONS = ("2012-10-17", "2008-10-17")
_TOP = frozenset({"Version", "Id", "Statement"})
_STATEMENT_KEYS = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
)
# "service:Action" with IAM's wildcards (reference_policies_elements_action.html).
_ACTION = re.compile(r"[a-zA-Z0-9-]+:[A-Za-z0-9*?]+\Z")
# An ARN has six colon-separated parts (reference-arns.html); wildcards may appear in any part.
_RESOURCE = re.compile(r"arn:[^:]*:[^:]*:[^:]*:[^:]*:.+\Z", re.DOTALL)
_ACCOUNT = re.compile(r"\d{12}\Z")
_AWS_PRINCIPAL = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):(?:iam::(?P<account>\d{12}):(?:root|user/.+|role/.+)"
    r"|sts::(?P<sts_account>\d{12}):assumed-role/.+/.+)\Z"
)
_SID = re.compile(r"[A-Za-z0-9 ]*\Z")


@dataclass(slots=True, frozen=True)
class Principals:
    """A ``Principal`` or ``NotPrincipal`` element, normalised."""

    everyone: bool = False  # "*" or {"AWS": "*"}
    accounts: frozenset[str] = frozenset()  # "111122223333" or that account's root ARN
    arns: frozenset[str] = frozenset()  # users, roles, assumed-role sessions
    services: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()  # Federated, CanonicalUser: never an IAM caller


@dataclass(slots=True, frozen=True)
class Condition:
    operator: str  # as written: "ForAnyValue:StringLike"
    key: str
    values: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class Statement:
    sid: str | None
    allow: bool
    principal: Principals | None
    not_principal: Principals | None
    actions: tuple[str, ...] | None
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    conditions: tuple[Condition, ...] = ()


@dataclass(slots=True, frozen=True)
class Policy:
    version: str | None
    statements: tuple[Statement, ...]

    @property
    def variables(self) -> bool:
        """Whether ``${...}`` are policy variables (only in version 2012-10-17)."""
        return self.version == "2012-10-17"


def _malformed(message: str = INVALID_SYNTAX) -> err.MalformedPolicyDocumentException:
    return err.MalformedPolicyDocumentException(message)


def parse_policy(text: str, *, resource_policy: bool) -> Policy:
    """The policy ``text`` holds, or ``MalformedPolicyDocumentException``.

    A resource policy must name a principal in every statement; an identity policy must not.
    """
    try:
        document = json.loads(text)
    except ValueError:
        raise _malformed() from None
    if not isinstance(document, dict) or not document.keys() <= _TOP:
        raise _malformed()
    version = document.get("Version")
    if version is not None and version not in _VERSIONS:
        raise _malformed()
    if "Id" in document and not isinstance(document["Id"], str):
        raise _malformed()
    raw = document.get("Statement")
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise _malformed()
    statements = tuple(_statement(item, resource_policy) for item in raw)
    sids = [s.sid for s in statements if s.sid]
    if len(sids) != len(set(sids)):
        raise _malformed()  # IAM: Sid values must be unique within a policy
    return Policy(version, statements)


def _statement(item: Any, resource_policy: bool) -> Statement:
    if not isinstance(item, dict) or not item.keys() <= _STATEMENT_KEYS:
        raise _malformed()
    sid = item.get("Sid")
    if sid is not None and (not isinstance(sid, str) or _SID.match(sid) is None):
        raise _malformed()
    effect = item.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise _malformed()
    actions, not_actions = _exactly_one(item, "Action", "NotAction")
    for action in (*(actions or ()), *(not_actions or ())):
        if action != "*" and _ACTION.match(action) is None:
            raise _malformed()
    resources, not_resources = _exactly_one(item, "Resource", "NotResource")
    for resource in (*(resources or ()), *(not_resources or ())):
        if resource != "*" and _RESOURCE.match(resource) is None:
            raise _malformed()
    has_principal = "Principal" in item or "NotPrincipal" in item
    if "Principal" in item and "NotPrincipal" in item:
        raise _malformed()
    if resource_policy and not has_principal:
        raise _malformed()
    if not resource_policy and has_principal:
        raise _malformed()
    return Statement(
        sid=sid,
        allow=effect == "Allow",
        principal=_principals(item["Principal"]) if "Principal" in item else None,
        not_principal=_principals(item["NotPrincipal"]) if "NotPrincipal" in item else None,
        actions=actions,
        not_actions=not_actions,
        resources=resources,
        not_resources=not_resources,
        conditions=_conditions(item.get("Condition")),
    )


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise _malformed()


def _exactly_one(
    item: dict[str, Any], name: str, negated: str
) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    if (name in item) == (negated in item):
        raise _malformed()
    if name in item:
        return _strings(item[name]), None
    return None, _strings(item[negated])


def _principals(value: Any) -> Principals:
    if value == "*":
        return Principals(everyone=True)
    if not isinstance(value, dict) or not value:
        raise _malformed(UNSUPPORTED_PRINCIPAL)
    everyone = False
    accounts: set[str] = set()
    arns: set[str] = set()
    services: set[str] = set()
    others: set[str] = set()
    for kind, entries in value.items():
        try:
            names = _strings(entries)
        except err.MalformedPolicyDocumentException:
            raise _malformed(UNSUPPORTED_PRINCIPAL) from None
        if kind == "AWS":
            for name in names:
                if name == "*":
                    everyone = True
                elif _ACCOUNT.match(name):
                    accounts.add(name)
                else:
                    match = _AWS_PRINCIPAL.match(name)
                    if match is None or "*" in name or "?" in name:
                        raise _malformed(UNSUPPORTED_PRINCIPAL)
                    if name.endswith(":root"):
                        accounts.add(match["account"])
                    else:
                        arns.add(name)
        elif kind == "Service":
            services.update(names)
        elif kind in ("Federated", "CanonicalUser"):
            others.update(names)
        else:
            raise _malformed(UNSUPPORTED_PRINCIPAL)
    return Principals(
        everyone, frozenset(accounts), frozenset(arns), frozenset(services), frozenset(others)
    )


def _condition_values(value: Any) -> tuple[str, ...]:
    items: Iterable[Any] = value if isinstance(value, list) else (value,)
    out = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, (str, int, float)):
            out.append(str(item))
        else:
            raise _malformed()
    return tuple(out)


def _conditions(block: Any) -> tuple[Condition, ...]:
    if block is None:
        return ()
    if not isinstance(block, dict):
        raise _malformed()
    out = []
    for operator, entries in block.items():
        if split_operator(operator) is None or not isinstance(entries, dict) or not entries:
            raise _malformed()
        for key, value in entries.items():
            out.append(Condition(operator, key, _condition_values(value)))
    return tuple(out)

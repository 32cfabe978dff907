"""Which resource policies grant broad ("public") access, and what ValidateResourcePolicy
reports about a policy that parses.

AWS decides broad access with Zelkova (Secrets Manager User Guide, "Resource-based policies":
BlockPublicPolicy and ValidateResourcePolicy). smstub applies the rules AWS documents for what
keeps a policy with a wildcard principal from being public: IAM Access Analyzer's and Amazon
S3's "The meaning of public" (S3 User Guide, access-control-block-public-access.html): a
statement is not public when a condition pins the caller to *fixed* values of the caller's
account, ARN, organization, or the request's source (account, ARN, owner, VPC, VPC endpoint,
IP range, user id). A condition with wildcards in those values, an ``...IfExists`` operator or
a negated operator does not pin anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from smstub._conditions import glob, split_operator
from smstub._policy_doc import Condition, Policy, Statement

__all__ = [
    "BROAD_ACCESS_CHECK",
    "BROAD_ACCESS_MESSAGE",
    "LOCKOUT_CHECK",
    "LOCKOUT_MESSAGE",
    "PUBLIC_POLICY",
    "Finding",
    "is_public",
    "validation_findings",
]

# The model's documentation of PublicPolicyException; that the service sends this sentence as
# the message is UNVERIFIED[public-policy-text].
PUBLIC_POLICY = (
    "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent "
    "broad access to the secret."
)
# ValidateResourcePolicy's ValidationErrors entry for broad access: no response was found; the
# check name and message are UNVERIFIED[broad-access-check].
BROAD_ACCESS_CHECK = "BROAD_ACCESS"
BROAD_ACCESS_MESSAGE = "This resource policy grants broad access to the secret."
# The API reference: ValidateResourcePolicy also "verifies the policy does not lock out a
# caller". smstub reports a Deny for everyone, without condition, of PutResourcePolicy (nobody
# could change the policy again); check name and message
# UNVERIFIED[lockout-check].
LOCKOUT_CHECK = "LOCKOUT_PREVENTION"
LOCKOUT_MESSAGE = "This resource policy denies everyone the permission to change it."

# Condition keys that pin the caller or the source (lower-cased).
_PINNING_KEYS = frozenset(
    {
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceowner",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourceip",
        "aws:userid",
    }
)
_POSITIVE = frozenset(
    {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress"}
)


@dataclass(slots=True, frozen=True)
class Finding:
    check_name: str
    message: str


def _fixed(key: str, value: str) -> bool:
    if key == "aws:sourceip":
        return not value.endswith("/0")
    if key in ("aws:principalarn", "aws:sourcearn"):
        # The account part must be fixed: "arn:aws:iam::111122223333:role/*" pins the account.
        parts = value.split(":", 5)
        return len(parts) == 6 and not any(c in parts[4] for c in "*?") and parts[4] != ""
    if key == "aws:userid":
        # S3's rule: a fixed value outside the pattern "AROLEID:*".
        return not any(c in value.partition(":")[0] for c in "*?")
    if key == "aws:principalorgpaths" or key == "aws:sourceorgpaths":
        return not any(c in value.partition("/")[0] for c in "*?")
    return value != "" and not any(c in value for c in "*?")


def _pins(condition: Condition) -> bool:
    split = split_operator(condition.operator)
    if split is None:
        return False
    qualifier, base, if_exists = split
    key = condition.key.lower()
    if if_exists or qualifier == "ForAllValues" or base not in _POSITIVE:
        return False
    if key not in _PINNING_KEYS or not condition.values:
        return False
    return all(_fixed(key, value) for value in condition.values)


def _broad(statement: Statement) -> bool:
    if not statement.allow:
        return False
    if statement.not_principal is not None:
        everyone = True  # Allow with NotPrincipal: everyone but a few
    else:
        everyone = statement.principal is not None and statement.principal.everyone
    return everyone and not any(_pins(c) for c in statement.conditions)


def is_public(policy: Policy) -> bool:
    """Whether some Allow statement grants access to everyone without pinning the caller."""
    return any(_broad(statement) for statement in policy.statements)


def _locks_out(statement: Statement) -> bool:
    if statement.allow or statement.conditions or statement.not_principal is not None:
        return False
    if statement.principal is None or not statement.principal.everyone:
        return False
    action = "secretsmanager:PutResourcePolicy"
    if statement.actions is not None:
        denies = any(glob(a, action, ignore_case=True) for a in statement.actions)
    else:
        denies = not any(glob(a, action, ignore_case=True) for a in statement.not_actions or ())
    return denies and statement.resources is not None and "*" in statement.resources


def validation_findings(policy: Policy) -> list[Finding]:
    """ValidateResourcePolicy's ValidationErrors for a policy that parses."""
    findings = []
    if is_public(policy):
        findings.append(Finding(BROAD_ACCESS_CHECK, BROAD_ACCESS_MESSAGE))
    if any(_locks_out(statement) for statement in policy.statements):
        findings.append(Finding(LOCKOUT_CHECK, LOCKOUT_MESSAGE))
    return findings

"""A secret's resource policies: the named policies of PutResourcePolicy, GetResourcePolicy,
DeleteResourcePolicy and ListResourcePolicies, and ValidateResourcePolicy's checks.

From the service model's documentation (botocore ``secretsmanager`` model, PolicyName members
and ListResourcePolicies): a request without ``PolicyName`` means ``default``; a caller may
attach or delete only ``default`` ("if you specify any other name, the operation returns an
InvalidParameterException"); GetResourcePolicy of another name that does not exist returns
ResourceNotFoundException; ListResourcePolicies lists ``default`` first, then the others in
alphabetical order. Other names are attached by AWS services, which smstub lets a test do with
:func:`attach_service_policy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from smstub import _aws_errors as err
from smstub._model import Secret
from smstub._policy_doc import Policy, parse_policy
from smstub._public_policy import PUBLIC_POLICY, Finding, is_public, validation_findings

__all__ = [
    "DEFAULT_POLICY",
    "PolicySet",
    "StoredPolicy",
    "attach_service_policy",
    "delete_policy",
    "policy_names",
    "policy_text",
    "put_policy",
    "resource_policies",
    "validate_policy",
]

DEFAULT_POLICY = "default"
# UNVERIFIED[policy-name-texts]: the model names the error classes only.
_ONLY_DEFAULT = "You can only attach or delete the default resource policy."
_NO_SUCH_POLICY = "Secrets Manager can't find the specified resource policy."


@dataclass(slots=True, frozen=True)
class StoredPolicy:
    text: str  # exactly as submitted: GetResourcePolicy returns it unchanged (recordings)
    parsed: Policy


@dataclass(slots=True)
class PolicySet:
    """The policies of one secret (``Secret.policies``; None until the first one is put)."""

    default: StoredPolicy | None = None
    others: dict[str, StoredPolicy] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.default is not None or bool(self.others)


def _policy_name(name: str | None) -> str:
    return DEFAULT_POLICY if name is None else name


def put_policy(secret: Secret, text: str, name: str | None, block_public: bool) -> str:
    """Attach ``text`` as the secret's policy ``name``; returns the name. Nothing changes when
    the document is malformed or (with ``block_public``) public."""
    name = _policy_name(name)
    if name != DEFAULT_POLICY:
        raise err.InvalidParameterException(_ONLY_DEFAULT)
    parsed = parse_policy(text, resource_policy=True)
    if block_public and is_public(parsed):
        raise err.PublicPolicyException(PUBLIC_POLICY)
    policies = secret.policies if secret.policies is not None else PolicySet()
    policies.default = StoredPolicy(text, parsed)
    secret.policies = policies
    return name


def attach_service_policy(secret: Secret, name: str, text: str) -> None:
    """Attach a policy the way an AWS service does (any name but ``default``)."""
    if name == DEFAULT_POLICY:
        raise ValueError("the default policy is attached with PutResourcePolicy")
    policies = secret.policies if secret.policies is not None else PolicySet()
    policies.others[name] = StoredPolicy(text, parse_policy(text, resource_policy=True))
    secret.policies = policies


def policy_text(secret: Secret, name: str | None) -> tuple[str, str | None]:
    """(the name, the document as submitted or None when no ``default`` is attached)."""
    name = _policy_name(name)
    policies = secret.policies
    if name == DEFAULT_POLICY:
        stored = None if policies is None else policies.default
        return name, None if stored is None else stored.text
    stored = None if policies is None else policies.others.get(name)
    if stored is None:
        raise err.ResourceNotFoundException(_NO_SUCH_POLICY)
    return name, stored.text


def delete_policy(secret: Secret, name: str | None) -> str:
    name = _policy_name(name)
    if name != DEFAULT_POLICY:
        raise err.InvalidParameterException(_ONLY_DEFAULT)
    policies = secret.policies
    if policies is not None:
        policies.default = None
        if not policies:
            secret.policies = None
    return name


def policy_names(secret: Secret) -> list[str]:
    """``default`` first (when attached), then the others by name."""
    policies = secret.policies
    if policies is None:
        return []
    head = [DEFAULT_POLICY] if policies.default is not None else []
    return head + sorted(policies.others)


def resource_policies(secret: Secret) -> Sequence[Policy]:
    """Every policy attached to the secret, for access evaluation."""
    policies = secret.policies
    if policies is None:
        return ()
    found = [stored.parsed for stored in policies.others.values()]
    if policies.default is not None:
        found.insert(0, policies.default.parsed)
    return found


def validate_policy(text: str) -> list[Finding]:
    """ValidateResourcePolicy: MalformedPolicyDocumentException for a document that does not
    parse; else the checks it fails (none: it passes)."""
    return validation_findings(parse_policy(text, resource_policy=True))

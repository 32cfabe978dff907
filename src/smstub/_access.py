"""IAM's policy evaluation for one request: identity policies, a resource policy, a caller.

The logic is IAM's documented one (IAM User Guide, "Policy evaluation logic",
reference_policies_evaluation-logic.html, and "Cross-account policy evaluation logic",
reference_policies_evaluation-logic-cross-account.html), reduced to the policy types smstub
knows (identity-based and resource-based; no SCPs, boundaries or session policies):

1. An explicit ``Deny`` in any applicable policy wins.
2. Same account: an ``Allow`` in an identity policy, or in the resource policy for this
   principal (or for everyone), suffices. A resource policy naming only the *account* delegates
   to that account's identity policies and grants nothing on its own ("Specifying a principal",
   reference_policies_elements_principal.html).
3. Another account: the identity policy *and* the resource policy (naming the caller, its
   account or everyone) must both allow.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from smstub._conditions import Context, condition_matches, glob, substitute
from smstub._policy_doc import Policy, Principals, Statement

__all__ = ["AccessRequest", "Decision", "denial_message", "evaluate", "principal_named"]


class Decision(enum.Enum):
    ALLOW = "allow"
    # The clause IAM's access-denied message ends with (troubleshoot_access-denied.html).
    NO_IDENTITY_ALLOW = "because no identity-based policy allows the {action} action"
    NO_RESOURCE_ALLOW = "because no resource-based policy allows the {action} action"
    IDENTITY_DENY = "with an explicit deny in an identity-based policy"
    RESOURCE_DENY = "with an explicit deny in a resource-based policy"


@dataclass(slots=True, frozen=True)
class AccessRequest:
    """What is asked: ``action`` on ``resource`` (an ARN, or ``*`` for an operation on no
    resource), by ``principal_arn`` of ``principal_account``, with the request ``context``
    (lower-cased keys, see :mod:`smstub._conditions`)."""

    action: str
    resource: str
    resource_account: str
    principal_arn: str
    principal_account: str
    context: Context


def _role_of(arn: str) -> str | None:
    """The role ARN behind an assumed-role session ARN (roles named with a path excepted)."""
    head, sep, rest = arn.partition(":assumed-role/")
    if not sep or ":sts::" not in head:
        return None
    role = rest.partition("/")[0]
    return f"{head.replace(':sts::', ':iam::')}:role/{role}"


def principal_named(principals: Principals, arn: str, account: str) -> tuple[bool, bool]:
    """(named at all, named as itself or everyone rather than through its account)."""
    if principals.everyone or arn in principals.arns:
        return True, True
    role = _role_of(arn)
    if role is not None and role in principals.arns:
        return True, True
    return account in principals.accounts, False


def _action_matches(statement: Statement, action: str) -> bool:
    if statement.actions is not None:
        return any(glob(a, action, ignore_case=True) for a in statement.actions)
    assert statement.not_actions is not None
    return not any(glob(a, action, ignore_case=True) for a in statement.not_actions)


def _resource_matches(statement: Statement, resource: str, policy: Policy, ctx: Context) -> bool:
    def hit(patterns: Iterable[str]) -> bool:
        for pattern in patterns:
            if policy.variables:
                substituted = substitute(pattern, ctx)
                if substituted is None:
                    continue
                pattern = substituted
            if pattern == "*" or glob(pattern, resource):
                return True
        return False

    if statement.resources is not None:
        return hit(statement.resources)
    assert statement.not_resources is not None
    return not hit(statement.not_resources)


def _conditions_hold(statement: Statement, policy: Policy, ctx: Context) -> bool:
    return all(
        condition_matches(c.operator, c.key, c.values, ctx, variables=policy.variables)
        for c in statement.conditions
    )


def _applies(statement: Statement, policy: Policy, request: AccessRequest) -> tuple[bool, bool]:
    """(the statement applies, and it names the caller directly). Identity policies name no
    principal: they always name their caller directly."""
    direct = True
    if statement.principal is not None:
        named, direct = principal_named(
            statement.principal, request.principal_arn, request.principal_account
        )
        if not named:
            return False, False
    elif statement.not_principal is not None:
        named, _ = principal_named(
            statement.not_principal, request.principal_arn, request.principal_account
        )
        if named:
            return False, False
    applies = (
        _action_matches(statement, request.action)
        and _resource_matches(statement, request.resource, policy, request.context)
        and _conditions_hold(statement, policy, request.context)
    )
    return applies, direct


def _scan(policies: Iterable[Policy], request: AccessRequest) -> tuple[bool, bool, bool]:
    """(some Deny applies, some Allow applies, some Allow applies naming the caller directly)."""
    allowed = direct_allow = False
    for policy in policies:
        for statement in policy.statements:
            applies, direct = _applies(statement, policy, request)
            if not applies:
                continue
            if not statement.allow:
                return True, allowed, direct_allow  # an explicit Deny ends the scan
            allowed = True
            direct_allow = direct_allow or direct
    return False, allowed, direct_allow


def evaluate(
    request: AccessRequest, identity: Iterable[Policy], resource: Iterable[Policy] = ()
) -> Decision:
    """IAM's decision on ``request`` (see the module docstring for the rules)."""
    id_deny, id_allow, _ = _scan(identity, request)
    if id_deny:
        return Decision.IDENTITY_DENY
    res_deny, res_allow, res_direct = _scan(resource, request)
    if res_deny:
        return Decision.RESOURCE_DENY
    if request.principal_account == request.resource_account:
        return Decision.ALLOW if id_allow or res_direct else Decision.NO_IDENTITY_ALLOW
    if not id_allow:
        return Decision.NO_IDENTITY_ALLOW
    return Decision.ALLOW if res_allow else Decision.NO_RESOURCE_ALLOW


def denial_message(request: AccessRequest, decision: Decision) -> str:
    """IAM's access-denied text: ``User: <arn> is not authorized to perform: <action> on
    resource: <arn> because ...`` (troubleshoot_access-denied.html). An operation on no
    resource leaves out ``on resource:`` (UNVERIFIED[denial-without-resource]: seen for
    other services' list operations only)."""
    clause = decision.value.format(action=request.action)
    where = "" if request.resource == "*" else f" on resource: {request.resource}"
    return (
        f"User: {request.principal_arn} is not authorized to perform: {request.action}"
        f"{where} {clause}"
    )

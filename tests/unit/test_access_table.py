"""The access table (tests/access_table.py) against the evaluation engine, without boto3."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from smstub._access import AccessRequest, Decision, evaluate
from smstub._ids import SuffixScheme, arn_base
from smstub._model import Place, Secret, Tag
from smstub._policy_doc import parse_policy
from smstub._principals import (
    Principal,
    global_context,
    principal_context,
    request_context,
    secret_context,
)
from tests.access_table import CALLERS, CASES, OWNER, REGION, SECRET_NAME, SECRET_TAGS, Case

EXPECTED = {
    "allow": Decision.ALLOW,
    "no-identity": Decision.NO_IDENTITY_ALLOW,
    "no-resource": Decision.NO_RESOURCE_ALLOW,
    "identity-deny": Decision.IDENTITY_DENY,
    "resource-deny": Decision.RESOURCE_DENY,
}
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def filled(statements: list[dict[str, Any]], secret: Secret, version: str) -> str:
    text = json.dumps({"Version": version, "Statement": statements})
    return text.replace("{ARN}", secret.arn).replace("{BASE}", secret.place.arn_base)


def decide(case: Case) -> Decision:
    place = Place(arn_base("aws", REGION, OWNER), SuffixScheme(1))
    secret = Secret(SECRET_NAME, place, 7, NOW, NOW)
    secret.tags = [Tag(k, v) for k, v in SECRET_TAGS.items()]
    arn, account, tags = CALLERS[case.caller]
    identity = tuple(
        parse_policy(filled([statement], secret, case.version), resource_policy=False)
        for statement in case.identity
    )
    principal = Principal("AKIAEXAMPLE", account, arn, identity, tags)
    resource = (
        ()
        if case.resource is None
        else (parse_policy(filled(case.resource, secret, case.version), resource_policy=True),)
    )
    context = {
        **global_context(NOW, REGION),
        **principal_context(principal),
        **secret_context(secret),
        **request_context(case.operation, case.params),
    }
    request = AccessRequest(
        f"secretsmanager:{case.operation}", secret.arn, OWNER, arn, account, context
    )
    return evaluate(request, identity, resource)


def test_the_table_has_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_access_decision(case: Case) -> None:
    assert decide(case) is EXPECTED[case.expected]

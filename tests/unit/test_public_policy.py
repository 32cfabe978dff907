"""Broad-access detection (BlockPublicPolicy, ValidateResourcePolicy), both ways.

Rules: Secrets Manager User Guide "Resource-based policies"; S3 User Guide "The meaning of
public" and IAM Access Analyzer (fixed values of the caller's account, ARN, organization or the
request's source pin a wildcard principal).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from smstub._policy_doc import parse_policy
from smstub._public_policy import (
    BROAD_ACCESS_CHECK,
    LOCKOUT_CHECK,
    is_public,
    validation_findings,
)

ACCOUNT = "111122223333"


def policy(principal: Any = "*", effect: str = "Allow", **more: Any) -> Any:
    statement = {"Effect": effect, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}
    if principal is not None:
        statement["Principal"] = principal
    statement.update(more)
    return parse_policy(
        json.dumps({"Version": "2012-10-17", "Statement": [statement]}), resource_policy=True
    )


def when(operator: str, key: str, value: Any) -> dict[str, Any]:
    return {"Condition": {operator: {key: value}}}


@pytest.mark.parametrize(
    "document",
    [
        policy("*"),
        policy({"AWS": "*"}),
        policy({"AWS": ["*", ACCOUNT]}),
        policy(None, NotPrincipal={"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        policy("*", **when("StringEquals", "aws:PrincipalTag/team", "blue")),
        policy("*", **when("StringLike", "aws:PrincipalAccount", "*")),
        policy("*", **when("StringEqualsIfExists", "aws:PrincipalAccount", ACCOUNT)),
        policy("*", **when("StringNotEquals", "aws:PrincipalAccount", ACCOUNT)),
        policy("*", **when("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/reader")),
        policy("*", **when("IpAddress", "aws:SourceIp", "0.0.0.0/0")),
        policy("*", **when("StringEquals", "aws:PrincipalOrgID", "o-*")),
        policy("*", **when("ForAllValues:StringEquals", "aws:PrincipalAccount", ACCOUNT)),
    ],
)
def test_public(document: Any) -> None:
    assert is_public(document)
    assert [f.check_name for f in validation_findings(document)] == [BROAD_ACCESS_CHECK]


@pytest.mark.parametrize(
    "document",
    [
        policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}),
        policy({"AWS": f"arn:aws:iam::{ACCOUNT}:role/reader"}),
        policy({"Service": "lambda.amazonaws.com"}),
        policy("*", effect="Deny"),
        policy("*", **when("StringEquals", "aws:PrincipalAccount", ACCOUNT)),
        policy("*", **when("StringEquals", "aws:SourceAccount", ACCOUNT)),
        policy("*", **when("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5")),
        policy("*", **when("ArnLike", "aws:PrincipalArn", f"arn:aws:iam::{ACCOUNT}:role/*")),
        policy(
            "*",
            **when("ArnEquals", "aws:SourceArn", f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:f"),
        ),
        policy("*", **when("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d")),
        policy("*", **when("IpAddress", "aws:SourceIp", "203.0.113.0/24")),
        policy("*", **when("StringLike", "aws:userid", "AROAEXAMPLEID:*")),
    ],
)
def test_not_public(document: Any) -> None:
    assert not is_public(document)
    assert validation_findings(document) == []


def test_a_deny_of_policy_changes_for_everyone_is_a_lockout() -> None:
    document = policy("*", effect="Deny", Action="secretsmanager:*")
    assert [f.check_name for f in validation_findings(document)] == [LOCKOUT_CHECK]


def test_a_conditional_or_narrow_deny_is_no_lockout() -> None:
    narrow = policy("*", effect="Deny", Action="secretsmanager:DeleteSecret")
    conditional = policy(
        "*",
        effect="Deny",
        Action="secretsmanager:*",
        **when("StringNotEquals", "aws:PrincipalAccount", ACCOUNT),
    )
    assert validation_findings(narrow) == []
    assert validation_findings(conditional) == []

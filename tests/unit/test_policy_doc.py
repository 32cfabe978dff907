"""Policy documents: IAM's grammar and AWS's MalformedPolicyDocumentException messages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from smstub._aws_errors import MalformedPolicyDocumentException
from smstub._policy_doc import INVALID_SYNTAX, UNSUPPORTED_PRINCIPAL, parse_policy

GET = {
    "Effect": "Allow",
    "Principal": "*",
    "Action": "secretsmanager:GetSecretValue",
    "Resource": "*",
}


def doc(**statement: Any) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{**GET, **statement}]})


def refused(text: str, *, resource_policy: bool = True) -> str:
    with pytest.raises(MalformedPolicyDocumentException) as caught:
        parse_policy(text, resource_policy=resource_policy)
    return caught.value.message


def test_the_recorded_policy_parses() -> None:
    policy = parse_policy(doc(), resource_policy=True)
    (statement,) = policy.statements
    assert statement.allow
    assert statement.principal is not None
    assert statement.principal.everyone
    assert statement.actions == ("secretsmanager:GetSecretValue",)
    assert policy.variables


def test_statement_may_be_a_single_object() -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": GET})
    assert len(parse_policy(text, resource_policy=True).statements) == 1


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        '"a string"',
        json.dumps({"Version": "2019-10-19", "Statement": [GET]}),  # awsdocs PR 623
        json.dumps({"Version": "2012-10-17"}),
        json.dumps({"Version": "2012-10-17", "Statement": []}),
        json.dumps({"Version": "2012-10-17", "Statement": [GET], "Extra": 1}),
        json.dumps({"Version": "2012-10-17", "Statement": ["x"]}),
        doc(Effect="Permit"),
        doc(Unknown="x"),
        doc(Action="GetSecretValue"),
        doc(Action=[]),
        doc(Action=5),
        doc(Resource="secret/db"),
        doc(NotAction="secretsmanager:DeleteSecret"),  # both Action and NotAction
        doc(Condition={"StringEqualz": {"aws:PrincipalTag/team": "x"}}),
        doc(Condition={"Foo:StringEquals": {"aws:PrincipalTag/team": "x"}}),
        doc(Condition={"NullIfExists": {"aws:PrincipalTag/team": "true"}}),
        doc(Condition={"StringEquals": {}}),
        doc(Condition={"StringEquals": {"k": {"nested": 1}}}),
        doc(Condition="x"),
        doc(Sid="has-dash"),
        json.dumps(
            {"Version": "2012-10-17", "Statement": [{**GET, "Sid": "A"}, {**GET, "Sid": "A"}]}
        ),
    ],
)
def test_syntax_errors_get_invalid_syntax(text: str) -> None:
    assert refused(text) == INVALID_SYNTAX


def test_missing_resource_is_a_syntax_error() -> None:
    statement = {k: v for k, v in GET.items() if k != "Resource"}
    assert refused(json.dumps({"Statement": [statement]})) == INVALID_SYNTAX


def test_resource_policy_needs_a_principal() -> None:
    statement = {k: v for k, v in GET.items() if k != "Principal"}
    assert refused(json.dumps({"Statement": [statement]})) == INVALID_SYNTAX


def test_identity_policy_must_not_name_a_principal() -> None:
    assert refused(doc(), resource_policy=False) == INVALID_SYNTAX


@pytest.mark.parametrize(
    "principal",
    [
        {"AWS": "not-an-arn"},
        {"AWS": "arn:aws:iam::*:root"},
        {"AWS": "arn:aws:iam::111122223333:role/*"},
        {"AWS": "11112222333"},
        {"Nobody": "x"},
        {},
        "everyone",
        {"AWS": []},
    ],
)
def test_unusable_principals_are_unsupported(principal: Any) -> None:
    assert refused(doc(Principal=principal)) == UNSUPPORTED_PRINCIPAL


def test_principal_forms_are_normalised() -> None:
    policy = parse_policy(
        doc(
            Principal={
                "AWS": [
                    "111122223333",
                    "arn:aws:iam::444455556666:root",
                    "arn:aws:iam::111122223333:role/reader",
                    "arn:aws:sts::111122223333:assumed-role/reader/s1",
                ],
                "Service": "lambda.amazonaws.com",
            }
        ),
        resource_policy=True,
    )
    principal = policy.statements[0].principal
    assert principal is not None
    assert principal.accounts == {"111122223333", "444455556666"}
    assert principal.arns == {
        "arn:aws:iam::111122223333:role/reader",
        "arn:aws:sts::111122223333:assumed-role/reader/s1",
    }
    assert principal.services == {"lambda.amazonaws.com"}
    assert not principal.everyone


def test_condition_values_keep_booleans_and_numbers_as_text() -> None:
    policy = parse_policy(
        doc(Condition={"Bool": {"aws:SecureTransport": True}, "NumericLessThan": {"n": [1, 2.5]}}),
        resource_policy=True,
    )
    assert [(c.operator, c.values) for c in policy.statements[0].conditions] == [
        ("Bool", ("true",)),
        ("NumericLessThan", ("1", "2.5")),
    ]


def test_version_2008_has_no_policy_variables() -> None:
    text = json.dumps({"Version": "2008-10-17", "Statement": [GET]})
    assert not parse_policy(text, resource_policy=True).variables

"""PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy, ValidateResourcePolicy and
ListResourcePolicies through a real boto3 client.

Recorded (test_resource_policy): Put returns ARN and Name; Get returns the document as the
exact string submitted. The model (PolicyName members, ListResourcePolicies) documents the
named policies: ``default`` unless named, only ``default`` attachable by a caller, ``default``
listed first.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from smstub import SecretsManagerMock, _wire
from smstub._public_policy import BROAD_ACCESS_CHECK, BROAD_ACCESS_MESSAGE, PUBLIC_POLICY
from tests.sdk.helpers import MARKED_FOR_DELETION, NOT_FOUND, aws_error

_MODEL = _wire.service_model()
# Named policies (PolicyName, ListResourcePolicies) came with a later model than some installed
# botocore versions have; their tests run where the model has them.
NAMED = "PolicyName" in _MODEL.operation_model("GetResourcePolicy").output_shape.members
LISTED = "ListResourcePolicies" in _MODEL.operation_names
needs_names = pytest.mark.skipif(not NAMED, reason="the installed botocore has no PolicyName")
needs_list = pytest.mark.skipif(
    not LISTED, reason="the installed botocore has no ListResourcePolicies"
)
NAME = {"PolicyName": "default"} if NAMED else {}

INVALID_SYNTAX = "This policy has invalid syntax."
UNSUPPORTED_PRINCIPAL = "This resource policy contains an unsupported principal"
ACCOUNT = "123456789012"

# The recorded document (test_resource_policy), key order and spacing kept.
RECORDED = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
    '"Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}'
)
ACCOUNT_ONLY = json.dumps(
    {
        "Statement": {
            "Resource": "*",
            "Action": "secretsmanager:GetSecretValue",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        },
        "Version": "2012-10-17",
    },
    indent=3,
)


@pytest.fixture
def secret(client: Any) -> str:
    return str(client.create_secret(Name="p", SecretString="v")["ARN"])


# --- PutResourcePolicy / GetResourcePolicy ------------------------------------------------
def test_put_returns_arn_name_and_policy_name(client: Any, secret: str) -> None:
    response = client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    assert {k: v for k, v in response.items() if k != "ResponseMetadata"} == {
        "ARN": secret,
        "Name": "p",
        **NAME,
    }


def test_get_returns_the_document_exactly_as_submitted(client: Any, secret: str) -> None:
    client.put_resource_policy(SecretId=secret, ResourcePolicy=ACCOUNT_ONLY)
    response = client.get_resource_policy(SecretId="p")
    assert response["ResourcePolicy"] == ACCOUNT_ONLY
    assert (response["ARN"], response["Name"], response.get("PolicyName")) == (
        secret,
        "p",
        NAME.get("PolicyName"),
    )


def test_get_without_a_policy_leaves_the_key_out(client: Any, secret: str) -> None:
    response = client.get_resource_policy(SecretId="p")
    assert "ResourcePolicy" not in response
    assert response["ARN"] == secret


def test_put_replaces_the_previous_policy(client: Any, secret: str) -> None:
    client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    client.put_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_ONLY)
    assert client.get_resource_policy(SecretId="p")["ResourcePolicy"] == ACCOUNT_ONLY


def test_public_policy_is_allowed_by_default(client: Any, secret: str) -> None:
    # The model: "By default, public policies aren't blocked"; the recording put this one.
    client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    assert client.get_resource_policy(SecretId="p")["ResourcePolicy"] == RECORDED


def test_block_public_policy_refuses_a_wildcard_principal(client: Any, secret: str) -> None:
    code, message, _ = aws_error(
        lambda: client.put_resource_policy(
            SecretId="p", ResourcePolicy=RECORDED, BlockPublicPolicy=True
        )
    )
    assert (code, message) == ("PublicPolicyException", PUBLIC_POLICY)
    assert "ResourcePolicy" not in client.get_resource_policy(SecretId="p")


def test_block_public_policy_accepts_an_account_principal(client: Any, secret: str) -> None:
    client.put_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_ONLY, BlockPublicPolicy=True)
    assert client.get_resource_policy(SecretId="p")["ResourcePolicy"] == ACCOUNT_ONLY


def test_block_public_policy_accepts_a_wildcard_pinned_to_an_account(
    client: Any, secret: str
) -> None:
    pinned = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}},
                }
            ],
        }
    )
    client.put_resource_policy(SecretId="p", ResourcePolicy=pinned, BlockPublicPolicy=True)
    assert client.get_resource_policy(SecretId="p")["ResourcePolicy"] == pinned


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", INVALID_SYNTAX),
        (RECORDED.replace("2012-10-17", "2019-10-19"), INVALID_SYNTAX),
        (RECORDED.replace('"Effect": "Allow"', '"Effect": "Maybe"'), INVALID_SYNTAX),
        (
            RECORDED.replace('"Principal": "*"', '"Principal": {"AWS": "nobody"}'),
            UNSUPPORTED_PRINCIPAL,
        ),
        (RECORDED.replace('"Principal": "*", ', ""), INVALID_SYNTAX),
    ],
)
def test_malformed_documents_are_refused_and_change_nothing(
    client: Any, secret: str, document: str, message: str
) -> None:
    client.put_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_ONLY)
    code, got, response = aws_error(
        lambda: client.put_resource_policy(SecretId="p", ResourcePolicy=document)
    )
    assert (code, got) == ("MalformedPolicyDocumentException", message)
    assert response["Message"] == message  # a modeled exception: top-level Message too
    assert client.get_resource_policy(SecretId="p")["ResourcePolicy"] == ACCOUNT_ONLY


@needs_names
def test_only_the_default_policy_can_be_attached(client: Any, secret: str) -> None:
    code, _, _ = aws_error(
        lambda: client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED, PolicyName="mine")
    )
    assert code == "InvalidParameterException"
    assert "ResourcePolicy" not in client.get_resource_policy(SecretId="p")


@needs_names
def test_explicit_default_name_is_the_default_policy(client: Any, secret: str) -> None:
    client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED, PolicyName="default")
    assert client.get_resource_policy(SecretId="p")["ResourcePolicy"] == RECORDED


@needs_names
def test_get_of_an_unknown_other_name_is_not_found(client: Any, secret: str) -> None:
    code, _, _ = aws_error(lambda: client.get_resource_policy(SecretId="p", PolicyName="other"))
    assert code == "ResourceNotFoundException"


def test_policy_operations_on_a_missing_secret(client: Any) -> None:
    for call in (
        lambda: client.put_resource_policy(SecretId="nope", ResourcePolicy=RECORDED),
        lambda: client.get_resource_policy(SecretId="nope"),
        lambda: client.delete_resource_policy(SecretId="nope"),
        *((lambda: client.list_resource_policies(SecretId="nope")),) * LISTED,
        lambda: client.validate_resource_policy(SecretId="nope", ResourcePolicy=RECORDED),
    ):
        assert aws_error(call)[:2] == ("ResourceNotFoundException", NOT_FOUND)


def test_put_on_a_secret_marked_for_deletion(client: Any, secret: str) -> None:
    client.delete_secret(SecretId="p")
    code, message, _ = aws_error(
        lambda: client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    )
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)


# --- DeleteResourcePolicy -----------------------------------------------------------------
def test_delete_removes_the_policy(client: Any, secret: str) -> None:
    client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    response = client.delete_resource_policy(SecretId="p")
    assert (response["ARN"], response["Name"], response.get("PolicyName")) == (
        secret,
        "p",
        NAME.get("PolicyName"),
    )
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "ResourcePolicy" not in client.get_resource_policy(SecretId="p")


def test_delete_without_a_policy_succeeds(client: Any, secret: str) -> None:
    assert client.delete_resource_policy(SecretId="p")["ARN"] == secret


@needs_names
def test_only_the_default_policy_can_be_deleted(client: Any, secret: str) -> None:
    code, _, _ = aws_error(lambda: client.delete_resource_policy(SecretId="p", PolicyName="x"))
    assert code == "InvalidParameterException"


# --- ListResourcePolicies -------------------------------------------------------------------
def _names(client: Any, **kw: Any) -> list[str]:
    return [
        p["PolicyName"]
        for p in client.list_resource_policies(SecretId="p", **kw)["ResourcePolicies"]
    ]


@needs_list
def test_list_is_empty_without_policies(client: Any, secret: str) -> None:
    assert _names(client) == []


@needs_list
def test_list_shows_default_first_then_others_by_name(
    client: Any, sm: SecretsManagerMock, secret: str
) -> None:
    sm.attach_service_policy(secret, "zeta", ACCOUNT_ONLY)
    sm.attach_service_policy(secret, "alpha", ACCOUNT_ONLY)
    client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    assert _names(client) == ["default", "alpha", "zeta"]
    assert client.get_resource_policy(SecretId="p", PolicyName="alpha")["ResourcePolicy"] == (
        ACCOUNT_ONLY
    )


@needs_list
def test_list_pages_with_max_results(client: Any, sm: SecretsManagerMock, secret: str) -> None:
    for name in ("c", "a", "b"):
        sm.attach_service_policy(secret, name, ACCOUNT_ONLY)
    client.put_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    first = client.list_resource_policies(SecretId="p", MaxResults=2)
    assert [p["PolicyName"] for p in first["ResourcePolicies"]] == ["default", "a"]
    rest = client.list_resource_policies(SecretId="p", MaxResults=2, NextToken=first["NextToken"])
    assert [p["PolicyName"] for p in rest["ResourcePolicies"]] == ["b", "c"]
    assert "NextToken" not in rest


@needs_list
def test_list_refuses_a_foreign_token(client: Any, secret: str) -> None:
    code, _, _ = aws_error(lambda: client.list_resource_policies(SecretId="p", NextToken="bogus"))
    assert code == "InvalidNextTokenException"


# --- ValidateResourcePolicy -----------------------------------------------------------------
def test_validate_passes_an_account_policy(client: Any, secret: str) -> None:
    response = client.validate_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_ONLY)
    assert response["PolicyValidationPassed"] is True
    assert response["ValidationErrors"] == []


def test_validate_without_a_secret(client: Any) -> None:
    response = client.validate_resource_policy(ResourcePolicy=ACCOUNT_ONLY)
    assert response["PolicyValidationPassed"] is True


def test_validate_reports_broad_access(client: Any, secret: str) -> None:
    response = client.validate_resource_policy(SecretId="p", ResourcePolicy=RECORDED)
    assert response["PolicyValidationPassed"] is False
    assert response["ValidationErrors"] == [
        {"CheckName": BROAD_ACCESS_CHECK, "ErrorMessage": BROAD_ACCESS_MESSAGE}
    ]


def test_validate_refuses_a_malformed_document(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.validate_resource_policy(ResourcePolicy="[]"))
    assert (code, message) == ("MalformedPolicyDocumentException", INVALID_SYNTAX)


def test_validate_stores_nothing(client: Any, secret: str) -> None:
    client.validate_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_ONLY)
    assert "ResourcePolicy" not in client.get_resource_policy(SecretId="p")


# --- seeds and dumps ------------------------------------------------------------------------
def test_a_dump_keeps_the_policy_and_a_load_restores_it(
    client: Any, sm: SecretsManagerMock
) -> None:
    client.create_secret(Name="p", SecretString="v")
    client.put_resource_policy(SecretId="p", ResourcePolicy=ACCOUNT_ONLY)
    document = sm.dump()
    (entry,) = document["Secrets"]
    assert entry["ResourcePolicy"] == ACCOUNT_ONLY
    sm.reset()
    sm.load(document)
    assert client.get_resource_policy(SecretId="p")["ResourcePolicy"] == ACCOUNT_ONLY


def test_a_seed_with_a_malformed_policy_is_refused(sm: SecretsManagerMock) -> None:
    from smstub._seed import SeedError

    with pytest.raises(SeedError, match="invalid syntax"):
        sm.load({"Secrets": [{"Name": "p", "SecretString": "v", "ResourcePolicy": "[]"}]})

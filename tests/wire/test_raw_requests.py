"""Requests as raw HTTP reaches the hook: what botocore would never send, AWS still answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.awsrequest import AWSPreparedRequest

from smstub import SecretsManagerMock, _install
from smstub.errors import UnsupportedOperationError

URL = "https://secretsmanager.us-east-1.amazonaws.com/"
MISSING_TOKEN = "You must provide a ClientRequestToken value. We recommend a UUID-type value."


def raw(operation: str, body: bytes | str) -> tuple[int, dict[str, Any]]:
    request = AWSPreparedRequest(
        "POST",
        URL,
        {
            "X-Amz-Target": f"secretsmanager.{operation}",
            "Content-Type": "application/x-amz-json-1.1",
        },
        body,
        False,
    )
    response = _install.before_send(request)
    assert response is not None
    assert response.headers["x-amzn-RequestId"]
    return response.status_code, json.loads(response.content)


def call(operation: str, **params: Any) -> tuple[int, dict[str, Any]]:
    return raw(operation, json.dumps(params))


@pytest.mark.parametrize(
    ("operation", "params", "code"),
    [
        ("CreateSecret", {"Name": "t", "SecretString": "v"}, "InvalidRequestException"),
        ("PutSecretValue", {"SecretId": "base", "SecretString": "v"}, "InvalidRequestException"),
        ("UpdateSecret", {"SecretId": "base", "SecretString": "v"}, "InvalidRequestException"),
    ],
)
def test_missing_client_request_token(
    sm: SecretsManagerMock, operation: str, params: dict[str, Any], code: str
) -> None:
    call("CreateSecret", Name="base", SecretString="v", ClientRequestToken="a" * 32)
    status, body = call(operation, **params)
    assert (status, body) == (400, {"__type": code, "Message": MISSING_TOKEN})


def test_error_body_has_unprefixed_type_and_capital_message(sm: SecretsManagerMock) -> None:
    status, body = call("DescribeSecret", SecretId="nope")
    assert status == 400
    assert body == {
        "__type": "ResourceNotFoundException",
        "Message": "Secrets Manager can't find the specified secret.",
    }


def test_binary_travels_as_base64_both_ways(sm: SecretsManagerMock) -> None:
    call("CreateSecret", Name="b", SecretBinary="Zm9vdGVzdA==", ClientRequestToken="b" * 32)
    status, body = call("GetSecretValue", SecretId="b")
    assert status == 200
    assert body["SecretBinary"] == "Zm9vdGVzdA=="
    assert isinstance(body["CreatedDate"], float)


def test_malformed_json_is_a_serialization_error(sm: SecretsManagerMock) -> None:
    status, body = raw("DescribeSecret", b"{not json")
    assert status == 400
    assert body["__type"] == "SerializationException"


def test_invalid_utf8_is_a_serialization_error(sm: SecretsManagerMock) -> None:
    status, body = raw("DescribeSecret", b'{"SecretId": "\xff\xfe"}')
    assert status == 400
    assert body["__type"] == "SerializationException"


def test_body_that_is_not_an_object_is_a_serialization_error(sm: SecretsManagerMock) -> None:
    status, body = raw("DescribeSecret", b"[1, 2]")
    assert (status, body["__type"]) == (400, "SerializationException")


def test_wrong_type_is_a_serialization_error(sm: SecretsManagerMock) -> None:
    status, body = call("DescribeSecret", SecretId=5)
    assert (status, body["__type"]) == (400, "SerializationException")


def test_invalid_base64_blob_is_a_serialization_error(sm: SecretsManagerMock) -> None:
    status, body = call("CreateSecret", Name="b", SecretBinary="***", ClientRequestToken="c" * 32)
    assert (status, body["__type"]) == (400, "SerializationException")
    status, _ = call("DescribeSecret", SecretId="b")
    assert status == 400


def test_missing_required_member_is_a_validation_error(sm: SecretsManagerMock) -> None:
    status, body = call("DescribeSecret")
    assert status == 400
    assert body == {
        "__type": "ValidationException",
        "Message": "1 validation error detected: Value null at 'secretId' failed to satisfy "
        "constraint: Member must not be null",
    }


def test_several_violations_are_counted_and_joined(sm: SecretsManagerMock) -> None:
    status, body = call("ListSecretVersionIds", MaxResults=0, NextToken="")
    assert status == 400
    assert body["Message"] == (
        "3 validation errors detected: "
        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater "
        "than or equal to 1; "
        "Value '' at 'nextToken' failed to satisfy constraint: Member must have length greater "
        "than or equal to 1; "
        "Value null at 'secretId' failed to satisfy constraint: Member must not be null"
    )


def test_unknown_members_are_ignored(sm: SecretsManagerMock) -> None:
    call("CreateSecret", Name="x", SecretString="v", ClientRequestToken="d" * 32, Bogus=1)
    status, body = call("DescribeSecret", SecretId="x", AlsoBogus={"a": 1})
    assert (status, body["Name"]) == (200, "x")


def test_unknown_operation_gets_aws_unknown_operation_error(sm: SecretsManagerMock) -> None:
    status, body = call("StealSecrets", SecretId="x")
    assert (status, body["__type"]) == (400, "UnknownOperationException")


@pytest.mark.parametrize(
    "headers", [{}, {"X-Amz-Target": "DynamoDB_20120810.ListTables"}], ids=["none", "foreign"]
)
def test_a_request_with_no_secrets_manager_target_is_an_unknown_operation(
    sm: SecretsManagerMock, headers: dict[str, str]
) -> None:
    # The body a JSON 1.1 service sends (aws/aws-sdk-net#1536): the code and no Message.
    request = AWSPreparedRequest("POST", URL, headers, b"{}", False)
    response = _install.before_send(request)
    assert response is not None
    assert (response.status_code, json.loads(response.content)) == (
        400,
        {"__type": "UnknownOperationException"},
    )


def test_operation_smstub_does_not_answer_raises_smstub_error(
    sm: SecretsManagerMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smstub import _operations

    monkeypatch.delitem(_operations.OPERATIONS, "DescribeSecret")
    with pytest.raises(UnsupportedOperationError, match=r"^smstub: .*DescribeSecret"):
        call("DescribeSecret", SecretId="x")


def test_handler_returns_none_when_no_mock_is_active() -> None:
    request = AWSPreparedRequest(
        "POST", URL, {"X-Amz-Target": "secretsmanager.ListSecrets"}, b"{}", False
    )
    assert _install.before_send(request) is None

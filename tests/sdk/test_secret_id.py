"""How SecretId names a secret: name, full ARN, partial ARN; and name validation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sdk.helpers import INVALID_NAME, NOT_FOUND, aws_error


@pytest.mark.parametrize(
    "name", ["s-c64bdc03", "Valid/_+=.@-Name", "Valid/_+=.@-Name-a1b2", "Valid/_+=.@-Name-a1b2c3-"]
)
def test_secret_is_found_by_name_full_arn_and_partial_arn(client: Any, name: str) -> None:
    arn = client.create_secret(Name=name, SecretString="v")["ARN"]
    for secret_id in (name, arn, arn[:-7]):
        assert client.get_secret_value(SecretId=secret_id)["ARN"] == arn


def test_partial_arn_fails_when_name_ends_in_hyphen_and_six_characters(client: Any) -> None:
    name = "Invalid/_+=.@-Name-a1b2c3"
    arn = client.create_secret(Name=name, SecretString="v")["ARN"]
    assert client.get_secret_value(SecretId=name)["ARN"] == arn
    assert client.get_secret_value(SecretId=arn)["ARN"] == arn
    code, message, response = aws_error(lambda: client.get_secret_value(SecretId=arn[:-7]))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)
    assert response["Message"] == NOT_FOUND


def test_arn_has_partition_region_account_name_and_six_character_suffix(client: Any) -> None:
    arn = client.create_secret(Name="app/db", SecretString="v")["ARN"]
    prefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-"
    assert arn.startswith(prefix)
    suffix = arn[len(prefix) :]
    assert len(suffix) == 6
    assert suffix.isalnum()


def test_arn_for_a_different_region_is_not_found(client: Any) -> None:
    arn = client.create_secret(Name="regional", SecretString="v")["ARN"]
    other = arn.replace(":us-east-1:", ":eu-west-1:")
    code, message, _ = aws_error(lambda: client.describe_secret(SecretId=other))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_unknown_full_arn_is_not_found(client: Any) -> None:
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:nothing-AbCdEf"
    code, message, _ = aws_error(lambda: client.get_secret_value(SecretId=arn))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


INVALID_NAMES = ["Inv Name", " Inv Name", " Inv*Name? ", " Inv *?!]Name\\-"]


@pytest.mark.parametrize("name", INVALID_NAMES)
def test_create_secret_rejects_names_with_other_characters(client: Any, name: str) -> None:
    code, message, response = aws_error(lambda: client.create_secret(Name=name, SecretString="v"))
    assert (code, message) == ("ValidationException", INVALID_NAME)
    # ValidationException is not in the service model: boto3 adds no top-level Message.
    assert "Message" not in response


@pytest.mark.parametrize(
    ("operation", "extra"),
    [
        ("delete_secret", {"ForceDeleteWithoutRecovery": True}),
        ("describe_secret", {}),
        ("get_secret_value", {}),
        ("list_secret_version_ids", {"IncludeDeprecated": True}),
        ("put_secret_value", {"SecretString": "v"}),
        ("tag_resource", {"Tags": [{"Key": "k", "Value": "v"}]}),
        ("untag_resource", {"TagKeys": ["k"]}),
        ("update_secret", {"SecretString": "v"}),
        ("restore_secret", {}),
        ("update_secret_version_stage", {"VersionStage": "X"}),
    ],
)
def test_every_secret_id_is_checked_before_lookup(
    client: Any, operation: str, extra: dict[str, Any]
) -> None:
    call = getattr(client, operation)
    code, message, _ = aws_error(lambda: call(SecretId="Inv Name", **extra))
    assert (code, message) == ("ValidationException", INVALID_NAME)


def test_full_arn_with_another_suffix_is_not_found(client: Any) -> None:
    arn = client.create_secret(Name="suffixed", SecretString="v")["ARN"]
    other = arn[:-6] + ("AAAAAA" if arn[-6:] != "AAAAAA" else "BBBBBB")
    code, message, _ = aws_error(lambda: client.describe_secret(SecretId=other))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)
    assert client.describe_secret(SecretId=arn)["ARN"] == arn

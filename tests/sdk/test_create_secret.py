"""CreateSecret: response keys, values, duplicates, idempotency and the pending-deletion name."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.sdk.helpers import NOT_FOUND, aws_error, needs_member


def test_create_with_value_returns_arn_name_and_version_id(client: Any) -> None:
    response = client.create_secret(Name="with-value", SecretString="v")
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name", "VersionId"}
    assert response["Name"] == "with-value"


def test_version_id_is_the_client_request_token(client: Any) -> None:
    token = str(uuid.uuid4())
    response = client.create_secret(Name="tokened", SecretString="v", ClientRequestToken=token)
    assert response["VersionId"] == token


def test_create_without_value_returns_no_version_id_and_makes_no_version(client: Any) -> None:
    response = client.create_secret(Name="empty")
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name"}
    assert "VersionIdsToStages" not in client.describe_secret(SecretId="empty")
    assert client.list_secret_version_ids(SecretId="empty")["Versions"] == []


def test_get_value_of_secret_without_versions_names_awscurrent(client: Any) -> None:
    client.create_secret(Name="empty")
    code, message, _ = aws_error(lambda: client.get_secret_value(SecretId="empty"))
    assert code == "ResourceNotFoundException"
    assert message == (
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"
    )


def test_first_put_on_empty_secret_becomes_awscurrent(client: Any) -> None:
    client.create_secret(Name="empty")
    put = client.put_secret_value(SecretId="empty", SecretString="first")
    assert put["VersionStages"] == ["AWSCURRENT"]
    assert client.get_secret_value(SecretId="empty")["SecretString"] == "first"


def test_binary_value_round_trips_every_byte(client: Any) -> None:
    data = bytes(range(256))
    client.create_secret(Name="bin", SecretBinary=data)
    got = client.get_secret_value(SecretId="bin")
    assert got["SecretBinary"] == data
    assert "SecretString" not in got


def test_string_and_binary_together_are_refused(client: Any) -> None:
    code, message, _ = aws_error(
        lambda: client.create_secret(Name="both", SecretString="s", SecretBinary=b"b")
    )
    assert code == "InvalidParameterException"
    assert message == (
        "You can't specify both a binary secret value and a string secret value in the same secret."
    )
    aws_error(lambda: client.describe_secret(SecretId="both"))


def test_duplicate_name_is_refused_with_the_name_in_the_message(client: Any) -> None:
    client.create_secret(Name="dup", SecretString="v")
    code, message, response = aws_error(lambda: client.create_secret(Name="dup", SecretString="w"))
    assert code == "ResourceExistsException"
    assert message == "The operation failed because the secret dup already exists."
    assert response["Message"] == message
    assert client.get_secret_value(SecretId="dup")["SecretString"] == "v"


def test_same_token_and_value_returns_the_same_answer_and_creates_nothing(client: Any) -> None:
    token = str(uuid.uuid4())
    first = client.create_secret(Name="idem", SecretString="v", ClientRequestToken=token)
    again = client.create_secret(Name="idem", SecretString="v", ClientRequestToken=token)
    assert {k: again[k] for k in ("ARN", "Name", "VersionId")} == {
        k: first[k] for k in ("ARN", "Name", "VersionId")
    }
    assert (
        len(client.list_secret_version_ids(SecretId="idem", IncludeDeprecated=True)["Versions"])
        == 1
    )


def test_name_scheduled_for_deletion_cannot_be_created_again(client: Any) -> None:
    client.create_secret(Name="pending", SecretString="v")
    client.delete_secret(SecretId="pending")
    code, message, _ = aws_error(lambda: client.create_secret(Name="pending", SecretString="w"))
    assert code == "InvalidRequestException"
    assert message == (
        "You can't create this secret because a secret with this name is already scheduled for "
        "deletion."
    )


def test_recreating_after_forced_delete_gives_a_new_arn_suffix_and_version(client: Any) -> None:
    first = client.create_secret(Name="again", SecretString="v")
    client.delete_secret(SecretId="again", ForceDeleteWithoutRecovery=True)
    aws_error(lambda: client.describe_secret(SecretId="again"))
    second = client.create_secret(Name="again", SecretString="v")
    assert second["ARN"] != first["ARN"]
    assert second["ARN"][:-6] == first["ARN"][:-6]
    assert second["VersionId"] != first["VersionId"]
    code, message, _ = aws_error(lambda: client.describe_secret(SecretId=first["ARN"]))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_secret_string_over_65536_bytes_is_refused(client: Any) -> None:
    code, message, _ = aws_error(
        lambda: client.create_secret(Name="huge", SecretString="x" * 65537)
    )
    assert code == "ValidationException"
    assert message == (
        "1 validation error detected: Value at 'secretString' failed to satisfy constraint: "
        "Member must have length less than or equal to 65536"
    )


def test_multibyte_secret_string_is_limited_in_bytes(client: Any) -> None:
    code, _, _ = aws_error(lambda: client.create_secret(Name="wide", SecretString="é" * 40000))
    assert code == "ValidationException"
    client.create_secret(Name="wide", SecretString="é" * 32768)


@pytest.mark.parametrize("description", ["", None])
def test_empty_or_missing_description_is_not_shown(client: Any, description: str | None) -> None:
    extra = {} if description is None else {"Description": description}
    client.create_secret(Name="nodesc", SecretString="v", **extra)
    assert "Description" not in client.describe_secret(SecretId="nodesc")


def test_name_longer_than_512_is_a_validation_error(client: Any) -> None:
    name = "n" * 513
    code, message, _ = aws_error(lambda: client.create_secret(Name=name, SecretString="v"))
    assert code == "ValidationException"
    assert message == (
        f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: "
        "Member must have length less than or equal to 512"
    )


# Type names a managed external secret's partner (AWS user guide, "Managed external secrets
# Partners": SalesforceClientSecret, BigIDClientSecret, SnowflakeKeyPairAuthentication).
@needs_member("CreateSecret", "Type")
def test_type_is_shown_by_describe_and_list(client: Any) -> None:
    client.create_secret(Name="crm", SecretString="{}", Type="SalesforceClientSecret")
    client.create_secret(Name="plain", SecretString="v")
    assert client.describe_secret(SecretId="crm")["Type"] == "SalesforceClientSecret"
    assert "Type" not in client.describe_secret(SecretId="plain")
    listed = {entry["Name"]: entry for entry in client.list_secrets()["SecretList"]}
    assert listed["crm"]["Type"] == "SalesforceClientSecret"
    assert "Type" not in listed["plain"]

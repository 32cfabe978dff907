"""UpdateSecret: a new version only when a value is given."""

from __future__ import annotations

import uuid
from typing import Any

from smstub import SecretsManagerMock
from tests.sdk.helpers import MARKED_FOR_DELETION, aws_error, stages


def test_description_only_returns_arn_and_name_and_makes_no_version(client: Any) -> None:
    v1 = client.create_secret(Name="u", SecretString="1")["VersionId"]
    response = client.update_secret(SecretId="u", Description="new words")
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name"}
    described = client.describe_secret(SecretId="u")
    assert described["Description"] == "new words"
    assert described["VersionIdsToStages"] == {v1: ["AWSCURRENT"]}


def test_value_makes_a_new_current_version_and_old_becomes_previous(client: Any) -> None:
    v1 = client.create_secret(Name="u", SecretString="1")["VersionId"]
    response = client.update_secret(SecretId="u", SecretString="2", Description="d")
    v2 = response["VersionId"]
    assert stages(client, "u") == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT"]}
    assert client.get_secret_value(SecretId="u")["SecretString"] == "2"


def test_binary_update(client: Any) -> None:
    client.create_secret(Name="u", SecretBinary=b"\x00\x01\x02\xff")
    client.update_secret(SecretId="u", SecretBinary=b"\xfe\xfd")
    assert client.get_secret_value(SecretId="u")["SecretBinary"] == b"\xfe\xfd"


def test_nothing_to_change_changes_nothing(client: Any) -> None:
    client.create_secret(Name="u", SecretString="1", Description="keep")
    before = client.describe_secret(SecretId="u")
    response = client.update_secret(SecretId="u")
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name"}
    after = client.describe_secret(SecretId="u")
    before.pop("ResponseMetadata")
    after.pop("ResponseMetadata")
    assert after == before


def test_empty_description_removes_it(client: Any) -> None:
    client.create_secret(Name="u", SecretString="1", Description="gone soon")
    client.update_secret(SecretId="u", Description="")
    assert "Description" not in client.describe_secret(SecretId="u")


def test_value_update_raises_last_changed_date(client: Any, sm: SecretsManagerMock) -> None:
    client.create_secret(Name="u", SecretString="same")
    before = client.describe_secret(SecretId="u")["LastChangedDate"]
    sm.clock.advance(seconds=5)
    client.update_secret(SecretId="u", SecretString="same")
    assert client.describe_secret(SecretId="u")["LastChangedDate"] > before


def test_same_token_and_value_returns_that_version(client: Any) -> None:
    client.create_secret(Name="u", SecretString="1")
    token = str(uuid.uuid4())
    first = client.update_secret(SecretId="u", SecretString="2", ClientRequestToken=token)
    again = client.update_secret(SecretId="u", SecretString="2", ClientRequestToken=token)
    assert first["VersionId"] == again["VersionId"] == token
    assert len(stages(client, "u", include_deprecated=True)) == 2


def test_update_of_secret_scheduled_for_deletion_is_refused(client: Any) -> None:
    client.create_secret(Name="u", SecretString="1")
    client.delete_secret(SecretId="u")
    code, message, _ = aws_error(lambda: client.update_secret(SecretId="u", Description="x"))
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)


def test_string_and_binary_together_are_refused_and_change_nothing(client: Any) -> None:
    client.create_secret(Name="u", SecretString="1")
    code, _, _ = aws_error(
        lambda: client.update_secret(SecretId="u", SecretString="2", SecretBinary=b"2")
    )
    assert code == "InvalidParameterException"
    assert client.get_secret_value(SecretId="u")["SecretString"] == "1"
    assert len(stages(client, "u", include_deprecated=True)) == 1


def test_description_over_2048_characters_is_a_validation_error(client: Any) -> None:
    client.create_secret(Name="u", SecretString="1")
    text = "d" * 2049
    code, message, _ = aws_error(lambda: client.update_secret(SecretId="u", Description=text))
    assert code == "ValidationException"
    assert message == (
        f"1 validation error detected: Value '{text}' at 'description' failed to satisfy "
        "constraint: Member must have length less than or equal to 2048"
    )
    assert "Description" not in client.describe_secret(SecretId="u")

"""GetSecretValue: which version answers, its fields, errors, and LastAccessedDate."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from smstub import SecretsManagerMock
from tests.sdk.helpers import MARKED_FOR_DELETION, NOT_FOUND, aws_error


def test_response_has_arn_name_version_value_stages_and_created_date(client: Any) -> None:
    created = client.create_secret(Name="g", SecretString="v")
    got = client.get_secret_value(SecretId="g")
    assert set(got) - {"ResponseMetadata"} == {
        "ARN",
        "Name",
        "VersionId",
        "SecretString",
        "VersionStages",
        "CreatedDate",
    }
    assert got["VersionId"] == created["VersionId"]
    assert got["VersionStages"] == ["AWSCURRENT"]
    assert isinstance(got["CreatedDate"], datetime)


def test_version_stages_lists_every_label_on_the_version(client: Any) -> None:
    client.create_secret(Name="g", SecretString="v")
    client.put_secret_value(SecretId="g", SecretString="w", VersionStages=["AWSCURRENT", "PUT1"])
    assert sorted(client.get_secret_value(SecretId="g")["VersionStages"]) == ["AWSCURRENT", "PUT1"]


def test_unknown_secret_is_not_found_with_top_level_message(client: Any) -> None:
    code, message, response = aws_error(lambda: client.get_secret_value(SecretId="missing"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)
    assert response["Message"] == NOT_FOUND


def test_unknown_version_id_is_named_in_the_message(client: Any) -> None:
    client.create_secret(Name="g", SecretString="v")
    version = str(uuid.uuid4())
    code, message, _ = aws_error(lambda: client.get_secret_value(SecretId="g", VersionId=version))
    assert code == "ResourceNotFoundException"
    assert message == (
        f"Secrets Manager can't find the specified secret value for VersionId: {version}"
    )


def test_stage_on_no_version_is_named_in_the_message(client: Any) -> None:
    client.create_secret(Name="g", SecretString="v")
    code, message, _ = aws_error(
        lambda: client.get_secret_value(SecretId="g", VersionStage="AWSPREVIOUS")
    )
    assert code == "ResourceNotFoundException"
    assert message == (
        "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"
    )


def test_version_id_and_stage_that_do_not_match_are_refused(client: Any) -> None:
    first = client.create_secret(Name="g", SecretString="v")["VersionId"]
    client.put_secret_value(SecretId="g", SecretString="w")
    code, message, response = aws_error(
        lambda: client.get_secret_value(SecretId="g", VersionId=first, VersionStage="AWSCURRENT")
    )
    assert code == "InvalidRequestException"
    assert (
        message == "You provided a VersionStage that is not associated to the provided VersionId."
    )
    assert response["Message"] == message


def test_version_id_and_matching_stage_return_that_version(client: Any) -> None:
    first = client.create_secret(Name="g", SecretString="v")["VersionId"]
    client.put_secret_value(SecretId="g", SecretString="w")
    got = client.get_secret_value(SecretId="g", VersionId=first, VersionStage="AWSPREVIOUS")
    assert got["SecretString"] == "v"


def test_reading_sets_last_accessed_date_truncated_to_the_day(
    client: Any, sm: SecretsManagerMock
) -> None:
    client.create_secret(Name="g", SecretString="v")
    assert "LastAccessedDate" not in client.describe_secret(SecretId="g")
    client.get_secret_value(SecretId="g")
    accessed = client.describe_secret(SecretId="g")["LastAccessedDate"]
    today = sm.clock.now().astimezone(timezone.utc)
    assert accessed.astimezone(timezone.utc) == today.replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    version = client.list_secret_version_ids(SecretId="g")["Versions"][0]
    assert version["LastAccessedDate"] == accessed


def test_secret_scheduled_for_deletion_cannot_be_read(client: Any) -> None:
    client.create_secret(Name="g", SecretString="v")
    client.delete_secret(SecretId="g")
    code, message, _ = aws_error(lambda: client.get_secret_value(SecretId="g"))
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)

"""DescribeSecret: exactly AWS's keys in each state."""

from __future__ import annotations

from typing import Any

from tests.sdk.helpers import NOT_FOUND, aws_error


def _keys(response: dict[str, Any]) -> set[str]:
    return set(response) - {"ResponseMetadata"}


def test_new_secret_without_value_has_only_the_always_present_keys(client: Any) -> None:
    client.create_secret(Name="x")
    assert _keys(client.describe_secret(SecretId="x")) == {
        "ARN",
        "Name",
        "LastChangedDate",
        "CreatedDate",
    }


def test_secret_with_value_and_description(client: Any) -> None:
    v1 = client.create_secret(Name="x", SecretString="v", Description="about x")["VersionId"]
    described = client.describe_secret(SecretId="x")
    assert _keys(described) == {
        "ARN",
        "Name",
        "Description",
        "LastChangedDate",
        "CreatedDate",
        "VersionIdsToStages",
    }
    assert described["VersionIdsToStages"] == {v1: ["AWSCURRENT"]}
    assert described["Description"] == "about x"


def test_no_rotation_or_kms_keys_before_they_are_configured(client: Any) -> None:
    client.create_secret(Name="x", SecretString="v")
    described = client.describe_secret(SecretId="x")
    for absent in ("RotationEnabled", "RotationRules", "RotationLambdaARN", "KmsKeyId", "Tags"):
        assert absent not in described


def test_tags_given_at_creation_are_shown_in_order(client: Any) -> None:
    tags = [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}]
    client.create_secret(Name="x", SecretString="v", Tags=tags)
    assert client.describe_secret(SecretId="x")["Tags"] == tags


def test_versions_without_labels_are_not_in_version_ids_to_stages(client: Any) -> None:
    v1 = client.create_secret(Name="x", SecretString="1")["VersionId"]
    client.update_secret(SecretId="x", SecretString="2")
    client.update_secret(SecretId="x", SecretString="3")
    assert v1 not in client.describe_secret(SecretId="x")["VersionIdsToStages"]


def test_created_and_last_changed_dates_agree_at_creation(client: Any) -> None:
    client.create_secret(Name="x", SecretString="v")
    described = client.describe_secret(SecretId="x")
    assert described["CreatedDate"] == described["LastChangedDate"]


def test_forced_delete_makes_describe_not_found(client: Any) -> None:
    client.create_secret(Name="x", SecretString="v")
    client.delete_secret(SecretId="x", ForceDeleteWithoutRecovery=True)
    code, message, response = aws_error(lambda: client.describe_secret(SecretId="x"))
    assert (code, message, response["Message"]) == (
        "ResourceNotFoundException",
        NOT_FOUND,
        NOT_FOUND,
    )

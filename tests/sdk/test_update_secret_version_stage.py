"""UpdateSecretVersionStage: moving, removing and the AWSCURRENT/AWSPREVIOUS rules."""

from __future__ import annotations

from typing import Any

from tests.sdk.helpers import MARKED_FOR_DELETION, aws_error, stages


def _two_versions(client: Any) -> tuple[str, str]:
    v1 = client.create_secret(Name="s", SecretString="1")["VersionId"]
    v2 = client.put_secret_value(SecretId="s", SecretString="2", VersionStages=["AWSPENDING"])[
        "VersionId"
    ]
    return v1, v2


def test_response_is_arn_and_name_only(client: Any) -> None:
    v1, v2 = _two_versions(client)
    response = client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v1, MoveToVersionId=v2
    )
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name"}


def test_moving_awscurrent_keeps_other_labels_and_marks_old_previous(client: Any) -> None:
    v1, v2 = _two_versions(client)
    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v1, MoveToVersionId=v2
    )
    assert stages(client, "s") == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "AWSPENDING"]}


def test_old_current_keeps_its_custom_labels(client: Any) -> None:
    v1 = client.create_secret(Name="s", SecretString="1")["VersionId"]
    client.update_secret_version_stage(SecretId="s", VersionStage="CUSTOM", MoveToVersionId=v1)
    v2 = client.put_secret_value(SecretId="s", SecretString="2", VersionStages=["AWSPENDING"])[
        "VersionId"
    ]
    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v1, MoveToVersionId=v2
    )
    assert stages(client, "s")[v1] == ["AWSPREVIOUS", "CUSTOM"]


def test_version_losing_awsprevious_drops_out_when_it_has_no_labels(client: Any) -> None:
    v1 = client.create_secret(Name="s", SecretString="1")["VersionId"]
    v2 = client.put_secret_value(SecretId="s", SecretString="2")["VersionId"]
    v3 = client.put_secret_value(SecretId="s", SecretString="3", VersionStages=["AWSPENDING"])[
        "VersionId"
    ]
    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v2, MoveToVersionId=v3
    )
    assert stages(client, "s") == {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT", "AWSPENDING"]}
    assert stages(client, "s", include_deprecated=True)[v1] == []


def test_moving_awscurrent_without_naming_its_holder_is_refused(client: Any) -> None:
    v1, v2 = _two_versions(client)
    code, message, _ = aws_error(
        lambda: client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=v2
        )
    )
    assert code == "InvalidParameterException"
    assert message == (
        "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently "
        f"attached to version {v1}, so you must explicitly reference that version in "
        "RemoveFromVersionId."
    )
    assert stages(client, "s") == {v1: ["AWSCURRENT"], v2: ["AWSPENDING"]}


def test_removing_a_custom_label_without_move(client: Any) -> None:
    v1 = client.create_secret(Name="s", SecretString="1")["VersionId"]
    client.update_secret_version_stage(SecretId="s", VersionStage="PENDING", MoveToVersionId=v1)
    assert stages(client, "s") == {v1: ["AWSCURRENT", "PENDING"]}
    client.update_secret_version_stage(SecretId="s", VersionStage="PENDING", RemoveFromVersionId=v1)
    assert stages(client, "s") == {v1: ["AWSCURRENT"]}


def test_new_label_attaches_without_remove_from(client: Any) -> None:
    v1 = client.create_secret(Name="s", SecretString="1")["VersionId"]
    client.update_secret_version_stage(SecretId="s", VersionStage="NEW", MoveToVersionId=v1)
    assert stages(client, "s") == {v1: ["AWSCURRENT", "NEW"]}


def test_awscurrent_cannot_be_removed_without_moving_it(client: Any) -> None:
    v1 = client.create_secret(Name="s", SecretString="1")["VersionId"]
    code, message, _ = aws_error(
        lambda: client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v1
        )
    )
    assert code == "InvalidParameterException"
    assert message == (
        "You can only move staging label AWSCURRENT to a different secret version. "
        "It can't be completely removed."
    )
    assert stages(client, "s") == {v1: ["AWSCURRENT"]}


def test_unknown_move_to_version_is_refused(client: Any) -> None:
    client.create_secret(Name="s", SecretString="1")
    missing = "0" * 32
    code, message, _ = aws_error(
        lambda: client.update_secret_version_stage(
            SecretId="s", VersionStage="X", MoveToVersionId=missing
        )
    )
    assert (code, message) == ("InvalidParameterException", f"Not a valid version: {missing}")


def test_remove_from_a_version_without_the_label_is_refused(client: Any) -> None:
    v1, v2 = _two_versions(client)
    code, message, _ = aws_error(
        lambda: client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v2, MoveToVersionId=v2
        )
    )
    assert code == "InvalidParameterException"
    assert message == f"Version stage AWSCURRENT not found in version {v2}"
    assert stages(client, "s") == {v1: ["AWSCURRENT"], v2: ["AWSPENDING"]}


def test_refused_on_secret_scheduled_for_deletion(client: Any) -> None:
    v1, v2 = _two_versions(client)
    client.delete_secret(SecretId="s")
    code, message, _ = aws_error(
        lambda: client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=v1, MoveToVersionId=v2
        )
    )
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)

"""DeleteSecret and RestoreSecret: recovery windows, forced deletes and time travel."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from smstub import SecretsManagerMock
from tests.sdk.helpers import MARKED_FOR_DELETION, NOT_FOUND, aws_error


def test_delete_schedules_for_thirty_days_by_default(client: Any, sm: SecretsManagerMock) -> None:
    arn = client.create_secret(Name="d", SecretString="v")["ARN"]
    response = client.delete_secret(SecretId="d")
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name", "DeletionDate"}
    assert (response["ARN"], response["Name"]) == (arn, "d")
    described = client.describe_secret(SecretId="d")
    assert response["DeletionDate"] - described["DeletedDate"] == timedelta(days=30)


@pytest.mark.parametrize("days", [7, 30])
def test_recovery_window_bounds_are_accepted(client: Any, days: int) -> None:
    client.create_secret(Name="d", SecretString="v")
    response = client.delete_secret(SecretId="d", RecoveryWindowInDays=days)
    described = client.describe_secret(SecretId="d")
    assert response["DeletionDate"] - described["DeletedDate"] == timedelta(days=days)


@pytest.mark.parametrize("days", [0, 6, 31, -1])
def test_recovery_window_outside_seven_to_thirty_is_refused(client: Any, days: int) -> None:
    client.create_secret(Name="d", SecretString="v")
    code, message, _ = aws_error(
        lambda: client.delete_secret(SecretId="d", RecoveryWindowInDays=days)
    )
    assert code == "InvalidParameterException"
    assert message == "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
    assert "DeletedDate" not in client.describe_secret(SecretId="d")


def test_range_is_checked_before_the_conflict_with_force(client: Any) -> None:
    client.create_secret(Name="d", SecretString="v")
    code, message, _ = aws_error(
        lambda: client.delete_secret(
            SecretId="d", RecoveryWindowInDays=0, ForceDeleteWithoutRecovery=True
        )
    )
    assert code == "InvalidParameterException"
    assert message == "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."


def test_force_with_a_window_is_refused(client: Any) -> None:
    client.create_secret(Name="d", SecretString="v")
    code, message, _ = aws_error(
        lambda: client.delete_secret(
            SecretId="d", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True
        )
    )
    assert (code, message) == (
        "InvalidParameterException",
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    )
    assert client.get_secret_value(SecretId="d")["SecretString"] == "v"


def test_forced_delete_removes_at_once(client: Any) -> None:
    client.create_secret(Name="d", SecretString="v")
    client.delete_secret(SecretId="d", ForceDeleteWithoutRecovery=True)
    code, message, _ = aws_error(lambda: client.describe_secret(SecretId="d"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_forced_delete_of_a_secret_already_scheduled_succeeds(client: Any) -> None:
    client.create_secret(Name="d", SecretString="v")
    client.delete_secret(SecretId="d")
    response = client.delete_secret(SecretId="d", ForceDeleteWithoutRecovery=True)
    assert response["Name"] == "d"
    aws_error(lambda: client.describe_secret(SecretId="d"))


def test_forced_delete_of_a_missing_secret_answers_as_if_it_existed(client: Any) -> None:
    response = client.delete_secret(SecretId="never-was", ForceDeleteWithoutRecovery=True)
    assert response["Name"] == "never-was"
    assert response["ARN"].startswith(
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:never-was-"
    )
    assert "DeletionDate" in response


def test_delete_of_a_missing_secret_without_force_is_not_found(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.delete_secret(SecretId="never-was"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_deleting_again_without_force_is_refused(client: Any) -> None:
    client.create_secret(Name="d", SecretString="v")
    first = client.delete_secret(SecretId="d")
    code, message, _ = aws_error(lambda: client.delete_secret(SecretId="d"))
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)
    assert client.describe_secret(SecretId="d")["DeletedDate"] < first["DeletionDate"]


def test_describe_works_while_scheduled(client: Any) -> None:
    client.create_secret(Name="d", SecretString="v")
    client.delete_secret(SecretId="d")
    assert "DeletedDate" in client.describe_secret(SecretId="d")


def test_restore_returns_arn_and_name_and_clears_deleted_date(client: Any) -> None:
    arn = client.create_secret(Name="d", SecretString="v")["ARN"]
    client.delete_secret(SecretId="d")
    response = client.restore_secret(SecretId="d")
    assert {k: response[k] for k in ("ARN", "Name")} == {"ARN": arn, "Name": "d"}
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name"}
    assert "DeletedDate" not in client.describe_secret(SecretId="d")
    assert client.get_secret_value(SecretId="d")["SecretString"] == "v"


def test_restore_of_a_secret_not_scheduled_succeeds(client: Any) -> None:
    client.create_secret(Name="d", SecretString="v")
    assert client.restore_secret(SecretId="d")["Name"] == "d"


def test_restore_of_a_missing_secret_is_not_found(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.restore_secret(SecretId="never-was"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_secret_is_gone_once_the_recovery_window_passes(
    client: Any, sm: SecretsManagerMock
) -> None:
    client.create_secret(Name="d", SecretString="v")
    client.delete_secret(SecretId="d", RecoveryWindowInDays=7)
    sm.clock.advance(days=6, hours=23)
    assert "DeletedDate" in client.describe_secret(SecretId="d")
    sm.clock.advance(hours=1)
    code, message, _ = aws_error(lambda: client.describe_secret(SecretId="d"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)
    client.create_secret(Name="d", SecretString="new")


def test_restore_inside_the_window_survives_it(client: Any, sm: SecretsManagerMock) -> None:
    client.create_secret(Name="d", SecretString="v")
    client.delete_secret(SecretId="d", RecoveryWindowInDays=7)
    sm.clock.advance(days=3)
    client.restore_secret(SecretId="d")
    sm.clock.advance(days=30)
    assert client.get_secret_value(SecretId="d")["SecretString"] == "v"

"""A rotation step that raises, and CancelRotateSecret: the labels AWS leaves, the clean-up."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from smstub import SecretsManagerMock
from tests.sdk.helpers import MARKED_FOR_DELETION, NOT_FOUND, aws_error, stages
from tests.sdk.test_rotate_secret import INITIAL, LAMBDA, Recorder

INCOMPLETE = "A previous rotation isn't complete. That rotation will be reattempted."


@pytest.fixture
def recorder(sm: SecretsManagerMock, client: Any) -> Recorder:
    fn = Recorder(client)
    sm.register_rotation_function(LAMBDA, fn)
    return fn


@pytest.fixture
def secret(client: Any) -> str:
    return str(client.create_secret(Name="db", SecretString=json.dumps(INITIAL))["VersionId"])


def test_a_failing_test_secret_step_reports_no_error_and_keeps_awscurrent(
    sm: SecretsManagerMock, client: Any, recorder: Recorder, secret: str
) -> None:
    recorder.fail_in = "testSecret"
    token = client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1}
    )["VersionId"]
    assert [e["Step"] for e in recorder.events] == ["createSecret", "setSecret", "testSecret"]
    assert stages(client, "db") == {secret: ["AWSCURRENT"], token: ["AWSPENDING"]}
    assert json.loads(client.get_secret_value(SecretId="db")["SecretString"]) == INITIAL
    described = client.describe_secret(SecretId="db")
    assert described["RotationEnabled"] is True
    assert "LastRotatedDate" not in described


def test_the_failure_is_kept_on_the_handle_with_its_traceback(
    sm: SecretsManagerMock, client: Any, recorder: Recorder, secret: str
) -> None:
    recorder.fail_in = "setSecret"
    assert sm.rotation_failures == []
    arn = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["ARN"]
    (failure,) = sm.rotation_failures
    assert failure.secret_arn == arn
    assert failure.step == "setSecret"
    assert isinstance(failure.error, RuntimeError)
    assert str(failure.error) == "setSecret broke"
    assert "RuntimeError: setSecret broke" in failure.traceback
    assert "Recorder.__call__" in failure.traceback or "__call__" in failure.traceback


def test_the_failure_is_logged_without_the_exception_text(
    sm: SecretsManagerMock,
    client: Any,
    secret: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def leaky(event: dict[str, Any], context: Any) -> None:
        value = client.get_secret_value(SecretId=event["SecretId"])["SecretString"]
        raise ValueError(f"cannot log in with {value}")

    sm.register_rotation_function(LAMBDA, leaky)
    with caplog.at_level(logging.WARNING, logger="smstub"):
        client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    assert caplog.records
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "createSecret" in text
    assert "ValueError" in text
    assert INITIAL["password"] not in text


def test_the_partial_version_is_empty_when_create_secret_fails(
    client: Any, recorder: Recorder, secret: str
) -> None:
    recorder.fail_in = "createSecret"
    token = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["VersionId"]
    assert stages(client, "db") == {secret: ["AWSCURRENT"], token: ["AWSPENDING"]}
    code, _, _ = aws_error(lambda: client.get_secret_value(SecretId="db", VersionId=token))
    assert code == "ResourceNotFoundException"


def test_the_next_rotation_is_refused_while_the_failed_one_is_incomplete(
    client: Any, recorder: Recorder, secret: str
) -> None:
    recorder.fail_in = "testSecret"
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    recorder.fail_in = None
    code, message, _ = aws_error(lambda: client.rotate_secret(SecretId="db"))
    assert (code, message) == ("InvalidRequestException", INCOMPLETE)


def test_removing_the_pending_label_lets_rotation_start_again(
    client: Any, recorder: Recorder, secret: str
) -> None:
    recorder.fail_in = "testSecret"
    failed = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["VersionId"]
    recorder.fail_in = None
    client.update_secret_version_stage(
        SecretId="db", VersionStage="AWSPENDING", RemoveFromVersionId=failed
    )
    token = client.rotate_secret(SecretId="db")["VersionId"]
    assert stages(client, "db") == {secret: ["AWSPREVIOUS"], token: ["AWSCURRENT", "AWSPENDING"]}
    assert "LastRotatedDate" in client.describe_secret(SecretId="db")


def test_a_function_whose_module_does_not_import_is_a_failure(
    sm: SecretsManagerMock, client: Any, secret: str
) -> None:
    sm.register_rotation_function(LAMBDA, "tests.no_such_module.lambda_handler")
    token = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["VersionId"]
    (failure,) = sm.rotation_failures
    assert isinstance(failure.error, ModuleNotFoundError)
    assert failure.step == "createSecret"
    assert stages(client, "db") == {secret: ["AWSCURRENT"], token: ["AWSPENDING"]}


def test_a_function_that_never_moves_awscurrent_is_a_failure(
    sm: SecretsManagerMock, client: Any, secret: str
) -> None:
    sm.register_rotation_function(LAMBDA, lambda event, context: None)
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    (failure,) = sm.rotation_failures
    assert failure.step == "finishSecret"
    assert "LastRotatedDate" not in client.describe_secret(SecretId="db")


# --- CancelRotateSecret ----------------------------------------------------------------------
def test_cancel_turns_rotation_off_and_keeps_the_configuration(
    client: Any, recorder: Recorder, secret: str
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 2}
    )
    response = client.cancel_rotate_secret(SecretId="db")
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name"}
    described = client.describe_secret(SecretId="db")
    assert described["RotationEnabled"] is False
    assert described["RotationLambdaARN"] == LAMBDA
    # Seen from AWS (aws/aws-sdk-go-v2#2274): the rules stay after rotation is turned off.
    assert described["RotationRules"] == {"AutomaticallyAfterDays": 2}
    # AWS docs: null once rotation has been disabled.
    assert "NextRotationDate" not in described
    assert "LastRotatedDate" not in described


def test_cancel_mid_way_keeps_the_partial_version_for_the_caller_to_clean_up(
    client: Any, recorder: Recorder, secret: str
) -> None:
    recorder.fail_in = "setSecret"
    token = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["VersionId"]
    response = client.cancel_rotate_secret(SecretId="db")
    assert response["VersionId"] == token
    assert stages(client, "db") == {secret: ["AWSCURRENT"], token: ["AWSPENDING"]}
    # The clean-up AWS's docs describe: take AWSPENDING off the partial version.
    client.update_secret_version_stage(
        SecretId="db", VersionStage="AWSPENDING", RemoveFromVersionId=token
    )
    assert stages(client, "db") == {secret: ["AWSCURRENT"]}
    recorder.fail_in = None
    rotated = client.rotate_secret(SecretId="db")["VersionId"]
    assert client.describe_secret(SecretId="db")["RotationEnabled"] is True
    assert stages(client, "db") == {
        secret: ["AWSPREVIOUS"],
        rotated: ["AWSCURRENT", "AWSPENDING"],
    }


def test_cancel_on_a_secret_never_rotated_changes_nothing(client: Any, secret: str) -> None:
    # UNVERIFIED: nothing was configured, so DescribeSecret still shows no rotation fields.
    response = client.cancel_rotate_secret(SecretId="db")
    assert "VersionId" not in response
    assert "RotationEnabled" not in client.describe_secret(SecretId="db")


def test_cancel_refuses_unknown_and_deleted_secrets(client: Any, secret: str) -> None:
    code, message, _ = aws_error(lambda: client.cancel_rotate_secret(SecretId="nope"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)
    client.delete_secret(SecretId="db")
    code, message, _ = aws_error(lambda: client.cancel_rotate_secret(SecretId="db"))
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)

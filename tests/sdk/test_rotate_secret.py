"""RotateSecret: the user's rotation function runs in-process, AWS's four steps, AWS's labels."""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock
from tests.rotation_functions import single_user
from tests.sdk.helpers import MARKED_FOR_DELETION, NOT_FOUND, aws_error, needs_member, stages

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db"
STEPS = ["createSecret", "setSecret", "testSecret", "finishSecret"]
INITIAL = {"username": "app", "password": "initial-password"}


class Recorder:
    """A rotation function that does the four steps by hand and records what it saw."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.events: list[dict[str, Any]] = []
        self.contexts: list[Any] = []
        self.labels: list[dict[str, list[str]]] = []
        self.fail_in: str | None = None

    def __call__(self, event: dict[str, Any], context: Any) -> None:
        self.events.append(dict(event))
        self.contexts.append(context)
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        self.labels.append(stages(self.client, arn))
        if step == self.fail_in:
            raise RuntimeError(f"{step} broke")
        if step == "createSecret":
            self.client.put_secret_value(
                SecretId=arn,
                ClientRequestToken=token,
                SecretString=json.dumps({**INITIAL, "password": f"new-{token[:8]}"}),
                VersionStages=["AWSPENDING"],
            )
        elif step == "finishSecret":
            current = self.client.describe_secret(SecretId=arn)["VersionIdsToStages"]
            old = next(v for v, s in current.items() if "AWSCURRENT" in s)
            self.client.update_secret_version_stage(
                SecretId=arn,
                VersionStage="AWSCURRENT",
                MoveToVersionId=token,
                RemoveFromVersionId=old,
            )


@pytest.fixture
def recorder(sm: SecretsManagerMock, client: Any) -> Recorder:
    fn = Recorder(client)
    sm.register_rotation_function(LAMBDA, fn)
    return fn


@pytest.fixture
def secret(client: Any) -> str:
    return str(client.create_secret(Name="db", SecretString=json.dumps(INITIAL))["VersionId"])


@pytest.fixture
def template(sm: SecretsManagerMock) -> Iterator[dict[str, str]]:
    sm.register_rotation_function(LAMBDA, "tests.rotation_functions.single_user.lambda_handler")
    single_user.DATABASE.clear()
    single_user.DATABASE["app"] = INITIAL["password"]
    yield single_user.DATABASE
    single_user.DATABASE.clear()


# --- the four steps ---------------------------------------------------------------------------
def test_rotation_runs_the_four_steps_in_order_before_the_call_returns(
    client: Any, recorder: Recorder, secret: str
) -> None:
    response = client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30}
    )
    assert set(response) - {"ResponseMetadata"} == {"ARN", "Name", "VersionId"}
    assert [e["Step"] for e in recorder.events] == STEPS
    token = response["VersionId"]
    assert {e["ClientRequestToken"] for e in recorder.events} == {token}
    assert {e["SecretId"] for e in recorder.events} == {response["ARN"]}
    # The function moved AWSCURRENT only, so AWSPENDING stays with it, as AWS allows.
    assert stages(client, "db") == {secret: ["AWSPREVIOUS"], token: ["AWSCURRENT", "AWSPENDING"]}


def test_the_event_carries_a_rotation_token_like_put_secret_value_takes(
    client: Any, recorder: Recorder, secret: str
) -> None:
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    tokens = {e["RotationToken"] for e in recorder.events}
    assert len(tokens) == 1
    (rotation_token,) = tokens
    assert 36 <= len(rotation_token) <= 256
    assert set(recorder.events[0]) == {"SecretId", "ClientRequestToken", "Step", "RotationToken"}


def test_labels_after_each_step(client: Any, recorder: Recorder, secret: str) -> None:
    token = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["VersionId"]
    before_create, before_set, before_test, before_finish = recorder.labels
    # The stub version is staged AWSPENDING before createSecret runs.
    assert before_create == {secret: ["AWSCURRENT"], token: ["AWSPENDING"]}
    assert before_set == before_test == before_finish == before_create


def test_the_stub_has_no_value_until_create_secret_puts_one(
    sm: SecretsManagerMock, client: Any, secret: str
) -> None:
    seen: list[str] = []

    def rotate(event: dict[str, Any], context: Any) -> None:
        if event["Step"] != "createSecret":
            return
        arn, token = event["SecretId"], event["ClientRequestToken"]
        code, message, _ = aws_error(
            lambda: client.get_secret_value(
                SecretId=arn, VersionId=token, VersionStage="AWSPENDING"
            )
        )
        seen.append(code)
        seen.append(message)
        code, message, _ = aws_error(
            lambda: client.get_secret_value(SecretId=arn, VersionStage="AWSPENDING")
        )
        seen.append(message)
        versions = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
        assert versions[token] == ["AWSPENDING"]

    sm.register_rotation_function(LAMBDA, rotate)
    token = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["VersionId"]
    assert seen == [
        "ResourceNotFoundException",
        f"Secrets Manager can't find the specified secret value for VersionId: {token}",
        "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    ]


def test_the_aws_template_loaded_by_dotted_path_completes_a_rotation(
    client: Any, template: dict[str, str], secret: str
) -> None:
    token = client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 7}
    )["VersionId"]
    new = json.loads(client.get_secret_value(SecretId="db")["SecretString"])
    assert client.get_secret_value(SecretId="db")["VersionId"] == token
    assert new["username"] == "app"
    assert new["password"] != INITIAL["password"]
    assert template == {"app": new["password"]}
    previous = client.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")
    assert json.loads(previous["SecretString"]) == INITIAL
    # The template leaves AWSPENDING on the new current version, as AWS allows.
    assert stages(client, "db")[token] == ["AWSCURRENT", "AWSPENDING"]


def test_the_template_rotates_again_with_awspending_on_the_current_version(
    client: Any, template: dict[str, str], secret: str
) -> None:
    first = client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)["VersionId"]
    second = client.rotate_secret(SecretId="db")["VersionId"]
    assert stages(client, "db") == {
        first: ["AWSPREVIOUS"],
        second: ["AWSCURRENT", "AWSPENDING"],
    }


def test_the_endpoint_variable_is_set_only_while_the_function_runs(
    sm: SecretsManagerMock, client: Any, secret: str
) -> None:
    seen: list[str] = []

    def rotate(event: dict[str, Any], context: Any) -> None:
        seen.append(os.environ["SECRETS_MANAGER_ENDPOINT"])

    sm.register_rotation_function(LAMBDA, rotate)
    before = os.environ.get("SECRETS_MANAGER_ENDPOINT")
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    assert seen == ["https://secretsmanager.us-east-1.amazonaws.com"] * 4
    assert os.environ.get("SECRETS_MANAGER_ENDPOINT") == before


def test_the_context_offers_what_lambda_offers(
    client: Any, recorder: Recorder, secret: str
) -> None:
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    context = recorder.contexts[0]
    assert context.function_name == "rotate-db"
    assert 0 < context.get_remaining_time_in_millis() <= 30_000
    assert len({c.aws_request_id for c in recorder.contexts}) == 4


def test_clients_from_anywhere_reach_the_mock_that_rotates(
    sm: SecretsManagerMock, client: Any, secret: str
) -> None:
    seen: list[str] = []

    def rotate(event: dict[str, Any], context: Any) -> None:
        if event["Step"] != "createSecret":
            if event["Step"] == "finishSecret":
                client.update_secret_version_stage(
                    SecretId=event["SecretId"],
                    VersionStage="AWSCURRENT",
                    MoveToVersionId=event["ClientRequestToken"],
                    RemoveFromVersionId=secret,
                )
            return

        def worker() -> None:
            fresh = boto3.client("secretsmanager", region_name="us-east-1")
            fresh.put_secret_value(
                SecretId=event["SecretId"],
                ClientRequestToken=event["ClientRequestToken"],
                SecretString="from-a-thread",
                VersionStages=["AWSPENDING"],
            )
            seen.append("put")

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()

    sm.register_rotation_function(LAMBDA, rotate)
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    assert seen == ["put"]
    assert client.get_secret_value(SecretId="db")["SecretString"] == "from-a-thread"


def test_a_function_registered_before_the_first_request_is_used(
    sm: SecretsManagerMock, client: Any
) -> None:
    calls: list[str] = []
    sm.register_rotation_function(LAMBDA, lambda event, context: calls.append(event["Step"]))
    client.create_secret(Name="db", SecretString="v")
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    assert calls == STEPS


# --- configuration ------------------------------------------------------------------------------
def test_describe_shows_the_rotation_fields_after_rotation(
    client: Any, recorder: Recorder, secret: str
) -> None:
    before = client.describe_secret(SecretId="db")
    for key in ("RotationEnabled", "RotationLambdaARN", "RotationRules", "LastRotatedDate"):
        assert key not in before
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1}
    )
    described = client.describe_secret(SecretId="db")
    assert described["RotationEnabled"] is True
    assert described["RotationLambdaARN"] == LAMBDA
    assert described["RotationRules"] == {"AutomaticallyAfterDays": 1}
    rotated = described["LastRotatedDate"]
    assert described["NextRotationDate"] == rotated.replace(
        hour=23, minute=59, second=59, microsecond=0
    ) + timedelta(days=1)
    listed = client.list_secrets()["SecretList"][0]
    for key in ("RotationEnabled", "RotationLambdaARN", "RotationRules", "LastRotatedDate"):
        assert listed[key] == described[key]


def test_a_second_rotation_without_parameters_reuses_the_configuration(
    client: Any, recorder: Recorder, secret: str
) -> None:
    first = client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1}
    )["VersionId"]
    second = client.rotate_secret(SecretId="db")["VersionId"]
    assert second != first
    assert len(recorder.events) == 8
    described = client.describe_secret(SecretId="db")
    assert described["RotationRules"] == {"AutomaticallyAfterDays": 1}
    assert stages(client, "db") == {first: ["AWSPREVIOUS"], second: ["AWSCURRENT", "AWSPENDING"]}


def test_the_client_request_token_becomes_the_version_id(
    client: Any, recorder: Recorder, secret: str
) -> None:
    token = str(uuid.uuid4())
    response = client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, ClientRequestToken=token
    )
    assert response["VersionId"] == token


def test_the_same_token_again_does_not_rotate_twice(
    client: Any, recorder: Recorder, secret: str
) -> None:
    token = str(uuid.uuid4())
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA, ClientRequestToken=token)
    again = client.rotate_secret(SecretId="db", ClientRequestToken=token)
    assert again["VersionId"] == token
    assert len(recorder.events) == 4


def test_rotate_immediately_false_only_tests_and_schedules(
    client: Any, recorder: Recorder, secret: str
) -> None:
    response = client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=LAMBDA,
        RotationRules={"AutomaticallyAfterDays": 30},
        RotateImmediately=False,
    )
    assert [e["Step"] for e in recorder.events] == ["testSecret"]
    # testSecret saw a temporary AWSPENDING version, which is gone afterwards.
    assert recorder.labels[0][response["VersionId"]] == ["AWSPENDING"]
    assert stages(client, "db", include_deprecated=True) == {secret: ["AWSCURRENT"]}
    described = client.describe_secret(SecretId="db")
    assert described["RotationEnabled"] is True
    assert "LastRotatedDate" not in described
    assert "NextRotationDate" in described


# --- refusals -----------------------------------------------------------------------------------
def test_no_lambda_arn_ever_given_is_refused(client: Any, secret: str) -> None:
    code, message, response = aws_error(lambda: client.rotate_secret(SecretId="db"))
    assert code == "InvalidRequestException"
    assert message == "No Lambda rotation function ARN is associated with this secret."
    assert response["Message"] == message
    assert "RotationEnabled" not in client.describe_secret(SecretId="db")


def test_an_unregistered_lambda_is_access_denied_and_changes_nothing(
    client: Any, secret: str
) -> None:
    code, message, response = aws_error(
        lambda: client.rotate_secret(
            SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 2}
        )
    )
    assert code == "AccessDeniedException"
    assert message == (
        "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function "
        "policy grants access to the principal secretsmanager.amazonaws.com."
    )
    assert "Message" not in response
    described = client.describe_secret(SecretId="db")
    for key in ("RotationEnabled", "RotationLambdaARN", "RotationRules"):
        assert key not in described
    assert stages(client, "db", include_deprecated=True) == {secret: ["AWSCURRENT"]}


def test_awspending_on_another_version_refuses_rotation(
    client: Any, recorder: Recorder, secret: str
) -> None:
    pending = client.put_secret_value(
        SecretId="db", SecretString="half-done", VersionStages=["AWSPENDING"]
    )["VersionId"]
    code, message, _ = aws_error(
        lambda: client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    )
    assert code == "InvalidRequestException"
    assert message == "A previous rotation isn't complete. That rotation will be reattempted."
    assert recorder.events == []
    assert stages(client, "db") == {secret: ["AWSCURRENT"], pending: ["AWSPENDING"]}


def test_rotation_of_a_secret_scheduled_for_deletion_is_refused(
    client: Any, recorder: Recorder, secret: str
) -> None:
    client.delete_secret(SecretId="db")
    code, message, _ = aws_error(
        lambda: client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    )
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)


def test_rotation_of_an_unknown_secret_is_not_found(client: Any, recorder: Recorder) -> None:
    code, message, _ = aws_error(
        lambda: client.rotate_secret(SecretId="nope", RotationLambdaARN=LAMBDA)
    )
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_invalid_rules_are_refused_before_anything_changes(
    client: Any, recorder: Recorder, secret: str
) -> None:
    code, message, _ = aws_error(
        lambda: client.rotate_secret(
            SecretId="db",
            RotationLambdaARN=LAMBDA,
            RotationRules={"AutomaticallyAfterDays": 3, "ScheduleExpression": "rate(3 days)"},
        )
    )
    assert code == "InvalidParameterException"
    assert message == "You cannot specify both rotation frequency and schedule expression together."
    assert recorder.events == []
    assert "RotationEnabled" not in client.describe_secret(SecretId="db")


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            {"ScheduleExpression": "rate(2 hours)"},
            "Rate in hour should be least 4 and less than 24.",
        ),
        ({"ScheduleExpression": "cron(0 10 * * MON *)"}, "Invalid schedule expression."),
        (
            {"ScheduleExpression": "rate(1 day)", "Duration": "30h"},
            "Duration must be at least 1 hour, at most 24 hour.",
        ),
    ],
)
def test_bad_schedules_are_refused(
    client: Any, recorder: Recorder, secret: str, rules: dict[str, Any], message: str
) -> None:
    code, found, _ = aws_error(
        lambda: client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA, RotationRules=rules)
    )
    assert (code, found) == ("InvalidParameterException", message)


def test_automatically_after_days_above_1000_fails_the_model(
    client: Any, recorder: Recorder, secret: str
) -> None:
    code, message, _ = aws_error(
        lambda: client.rotate_secret(
            SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1001}
        )
    )
    assert code == "ValidationException"
    assert "1000" in message


# --- PutSecretValue's RotationToken -------------------------------------------------------------
def test_put_secret_value_accepts_the_rotation_token_of_the_rotation_under_way(
    sm: SecretsManagerMock, client: Any, secret: str
) -> None:
    def rotate(event: dict[str, Any], context: Any) -> None:
        if event["Step"] == "createSecret":
            client.put_secret_value(
                SecretId=event["SecretId"],
                ClientRequestToken=event["ClientRequestToken"],
                SecretString="via-role",
                VersionStages=["AWSPENDING"],
                RotationToken=event["RotationToken"],
            )
        elif event["Step"] == "finishSecret":
            client.update_secret_version_stage(
                SecretId=event["SecretId"],
                VersionStage="AWSCURRENT",
                MoveToVersionId=event["ClientRequestToken"],
                RemoveFromVersionId=secret,
            )

    sm.register_rotation_function(LAMBDA, rotate)
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    assert sm.rotation_failures == []
    assert client.get_secret_value(SecretId="db")["SecretString"] == "via-role"


def test_a_rotation_token_from_no_rotation_is_refused(client: Any, secret: str) -> None:
    code, _, _ = aws_error(
        lambda: client.put_secret_value(
            SecretId="db", SecretString="x", RotationToken=str(uuid.uuid4())
        )
    )
    assert code == "AccessDeniedException"
    assert stages(client, "db") == {secret: ["AWSCURRENT"]}


def test_registered_functions_outlive_a_reset(sm: SecretsManagerMock, client: Any) -> None:
    calls: list[str] = []
    sm.register_rotation_function(LAMBDA, lambda event, context: calls.append(event["Step"]))
    sm.reset()
    client.create_secret(Name="db", SecretString="v")
    client.rotate_secret(SecretId="db", RotationLambdaARN=LAMBDA)
    assert calls == STEPS


@needs_member("RotateSecret", "ExternalSecretRotationRoleArn")
def test_external_rotation_members_are_stored_and_shown(
    client: Any, recorder: Recorder, secret: str
) -> None:
    role = "arn:aws:iam::123456789012:role/partner-rotation"
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=LAMBDA,
        ExternalSecretRotationMetadata=[{"Key": "tenant", "Value": "acme"}],
        ExternalSecretRotationRoleArn=role,
    )
    described = client.describe_secret(SecretId="db")
    assert described["ExternalSecretRotationMetadata"] == [{"Key": "tenant", "Value": "acme"}]
    assert described["ExternalSecretRotationRoleArn"] == role
    listed = client.list_secrets()["SecretList"][0]
    assert listed["ExternalSecretRotationRoleArn"] == role


def test_a_function_registered_by_misuse_is_a_smstub_error(sm: SecretsManagerMock) -> None:
    from smstub.errors import SmstubError

    with pytest.raises(SmstubError, match="Lambda function ARN"):
        sm.register_rotation_function("rotate-db", lambda event, context: None)


def test_rotations_of_several_secrets_from_several_threads_all_complete(
    sm: SecretsManagerMock, client: Any
) -> None:
    names = [f"db-{i}" for i in range(6)]
    for name in names:
        client.create_secret(Name=name, SecretString=json.dumps(INITIAL))
    sm.register_rotation_function(LAMBDA, Recorder(client))
    errors: list[BaseException] = []

    def rotate(name: str) -> None:
        try:
            own = boto3.client("secretsmanager", region_name="us-east-1")
            own.rotate_secret(SecretId=name, RotationLambdaARN=LAMBDA)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=rotate, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sm.rotation_failures == []
    for name in names:
        assert "LastRotatedDate" in client.describe_secret(SecretId=name)
        value = json.loads(client.get_secret_value(SecretId=name)["SecretString"])
        assert value["password"].startswith("new-")

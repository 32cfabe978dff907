"""Planned faults: AWS's errors on purpose, and botocore's own retry modes reacting to them."""

from __future__ import annotations

import time
from typing import Any

import boto3
import botocore.endpoint
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from smstub import SecretsManagerMock
from smstub.errors import SmstubError


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's back-off sleeps, recorded instead of slept."""
    delays: list[float] = []
    monkeypatch.setattr(botocore.endpoint.time, "sleep", delays.append)
    return delays


def _client(mode: str, total_max_attempts: int | None = None) -> Any:
    retries: dict[str, Any] = {"mode": mode}
    if total_max_attempts is not None:
        retries["total_max_attempts"] = total_max_attempts
    return boto3.client(
        "secretsmanager",
        region_name="us-east-1",
        config=Config(retries=retries),  # type: ignore[arg-type]
    )


def _made(sm: SecretsManagerMock) -> Any:
    client = _client("standard")
    client.create_secret(Name="db", SecretString="hunter2")
    return client


# botocore's defaults: legacy makes up to 5 attempts (_retry.json), standard and adaptive 3.
@pytest.mark.parametrize(("mode", "attempts"), [("legacy", 5), ("standard", 3), ("adaptive", 3)])
def test_throttling_is_retried_until_it_passes(
    sm: SecretsManagerMock, slept: list[float], mode: str, attempts: int
) -> None:
    _made(sm)
    sm.fail_next("GetSecretValue", "ThrottlingException", times=attempts - 1)
    answer = _client(mode).get_secret_value(SecretId="db")
    assert answer["SecretString"] == "hunter2"
    assert answer["ResponseMetadata"]["RetryAttempts"] == attempts - 1
    assert len(slept) == attempts - 1


@pytest.mark.parametrize(("mode", "attempts"), [("legacy", 5), ("standard", 3), ("adaptive", 3)])
def test_throttling_beyond_max_attempts_reaches_the_caller(
    sm: SecretsManagerMock, slept: list[float], mode: str, attempts: int
) -> None:
    _made(sm)
    sm.fail_next("GetSecretValue", "ThrottlingException", times=attempts)
    with pytest.raises(ClientError) as caught:
        _client(mode).get_secret_value(SecretId="db")
    response = caught.value.response
    assert response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["ResponseMetadata"]["RetryAttempts"] == attempts - 1


@pytest.mark.parametrize(
    ("code", "status", "retried"),
    [
        ("InternalServiceError", 500, {"legacy": True, "standard": True}),
        ("ServiceUnavailable", 503, {"legacy": True, "standard": True}),
        # botocore's standard mode retries this code whatever the status; legacy does not.
        ("RequestTimeout", 400, {"legacy": False, "standard": True}),
        ("ResourceNotFoundException", 400, {"legacy": False, "standard": False}),
    ],
)
@pytest.mark.parametrize("mode", ["legacy", "standard"])
def test_each_mode_retries_what_it_retries_against_aws(
    sm: SecretsManagerMock,
    slept: list[float],
    code: str,
    status: int,
    retried: dict[str, bool],
    mode: str,
) -> None:
    _made(sm)
    sm.fail_next("GetSecretValue", code)
    client = _client(mode)
    if retried[mode]:
        assert client.get_secret_value(SecretId="db")["ResponseMetadata"]["RetryAttempts"] == 1
    else:
        with pytest.raises(ClientError) as caught:
            client.get_secret_value(SecretId="db")
        assert caught.value.response["Error"]["Code"] == code
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
        assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 0


def test_a_modeled_fault_raises_the_modeled_exception(sm: SecretsManagerMock) -> None:
    client = _client("standard", 1)
    sm.fail_next("CreateSecret", "LimitExceededException", message="quota", status=400)
    with pytest.raises(client.exceptions.LimitExceededException, match="quota"):
        client.create_secret(Name="db", SecretString="x")
    # The failed call changed nothing; the fault is spent.
    assert client.list_secrets()["SecretList"] == []
    client.create_secret(Name="db", SecretString="x")


def test_a_fault_for_one_secret_spares_the_others(sm: SecretsManagerMock) -> None:
    client = _client("standard", 1)
    arn = client.create_secret(Name="db", SecretString="a")["ARN"]
    client.create_secret(Name="other", SecretString="b")
    sm.fail_next("GetSecretValue", "InternalServiceError", secret_id="db", times=2)
    assert client.get_secret_value(SecretId="other")["SecretString"] == "b"
    for secret_id in (arn, "db"):
        with pytest.raises(client.exceptions.InternalServiceError):
            client.get_secret_value(SecretId=secret_id)
    assert client.get_secret_value(SecretId="db")["SecretString"] == "a"


def test_fail_next_refuses_an_operation_the_model_does_not_have(sm: SecretsManagerMock) -> None:
    with pytest.raises(SmstubError, match=r"'GetSecret' is not a .*did you mean GetSecretValue"):
        sm.fail_next("GetSecret", "ThrottlingException")


def test_fail_next_refuses_an_operation_smstub_does_not_answer(sm: SecretsManagerMock) -> None:
    from smstub._operations import OPERATIONS
    from smstub._wire import service_model

    unanswered = sorted(set(service_model().operation_names) - set(OPERATIONS))
    if not unanswered:
        pytest.skip("every operation of the installed model is answered")
    with pytest.raises(SmstubError, match=f"{unanswered[0]} is not answered by this smstub"):
        sm.fail_next(unanswered[0], "ThrottlingException")


def test_delay_moves_the_mock_clock_for_each_call(sm: SecretsManagerMock) -> None:
    client = _client("standard")
    sm.delay("CreateSecret", 90)
    started = sm.clock.now()
    wall = time.monotonic()
    client.create_secret(Name="db", SecretString="x")
    client.create_secret(Name="db2", SecretString="x")
    assert (sm.clock.now() - started).total_seconds() >= 180
    assert time.monotonic() - wall < 5  # on the mock's clock, not slept
    created = client.describe_secret(SecretId="db2")["CreatedDate"]
    assert (created - started).total_seconds() >= 180

"""Which requests smstub answers: every Secrets Manager request while active, nothing else."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.httpsession import URLLib3Session

from smstub import mock_secretsmanager


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise NetworkUsed(f"network used: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(URLLib3Session, "send", lambda self, request: refuse(request.url))
    return attempts


def test_client_created_before_activation_is_intercepted(no_network: list[Any]) -> None:
    early = botocore.session.get_session().create_client(
        "secretsmanager",
        region_name="us-east-1",
        aws_access_key_id="AKIAEARLY",
        aws_secret_access_key="early",
    )
    with mock_secretsmanager():
        early.create_secret(Name="early", SecretString="v")
        assert early.get_secret_value(SecretId="early")["SecretString"] == "v"
    assert no_network == []


def test_client_without_any_credentials_made_before_activation_works(
    no_network: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    session = botocore.session.Session()
    bare = session.create_client("secretsmanager", region_name="us-east-1")
    with mock_secretsmanager():
        bare.create_secret(Name="bare", SecretString="v")
    assert no_network == []


def test_custom_endpoint_url_is_still_answered(no_network: list[Any]) -> None:
    with mock_secretsmanager():
        local = boto3.client(
            "secretsmanager", region_name="eu-central-1", endpoint_url="http://localhost:4566"
        )
        arn = local.create_secret(Name="ep", SecretString="v")["ARN"]
    assert ":eu-central-1:" in arn
    assert no_network == []


def test_client_side_validation_off_still_gets_aws_errors(no_network: list[Any]) -> None:
    with mock_secretsmanager():
        loose = boto3.client(
            "secretsmanager", region_name="us-east-1", config=Config(parameter_validation=False)
        )
        with pytest.raises(ClientError) as caught:
            loose.describe_secret(SecretId="")
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert caught.value.response["Error"]["Message"] == (
        "1 validation error detected: Value '' at 'secretId' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1"
    )


def test_other_services_are_not_touched(no_network: list[Any]) -> None:
    with mock_secretsmanager():
        s3 = boto3.client("s3", region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
        with pytest.raises(NetworkUsed):
            s3.list_buckets()
    assert no_network, "the S3 request went to the network layer untouched"


def test_inactive_stub_lets_secretsmanager_reach_the_network_layer(no_network: list[Any]) -> None:
    # Explicit credentials: without them, creating the client may look for credentials on the
    # instance metadata service, which is network use before the request this test is about.
    client = boto3.client(
        "secretsmanager",
        region_name="us-east-1",
        aws_access_key_id="AKIAINACTIVE",
        aws_secret_access_key="inactive",
        config=Config(retries={"max_attempts": 1}),
    )
    with pytest.raises(NetworkUsed):
        client.list_secrets()
    assert len(no_network) == 1
    assert "secretsmanager.us-east-1.amazonaws.com" in str(no_network[0])


def _retarget(client: Any, target: str | None) -> None:
    """Make every request of ``client`` carry ``target`` as X-Amz-Target (None: no header)."""

    def retarget(request: Any, **_: Any) -> None:
        del request.headers["X-Amz-Target"]
        if target is not None:
            request.headers["X-Amz-Target"] = target

    client.meta.events.register("request-created.secrets-manager", retarget)


@pytest.mark.parametrize("target", [None, "kms.ListKeys", "TrentService.ListKeys"])
def test_a_request_naming_no_secrets_manager_operation_is_an_unknown_operation(
    no_network: list[Any], target: str | None
) -> None:
    # What a JSON 1.1 service answers (a real capture: aws/aws-sdk-net#1536): HTTP 400 and
    # {"__type": "UnknownOperationException"}, with no message.
    with mock_secretsmanager():
        client = boto3.Session(region_name="us-east-1").client("secretsmanager")
        _retarget(client, target)
        with pytest.raises(ClientError) as caught:
            client.list_secrets()
    response = caught.value.response
    assert response["Error"] == {"Code": "UnknownOperationException", "Message": ""}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert no_network == []


def test_a_client_without_smstub_handler_gets_the_same_answer_off_the_network(
    no_network: list[Any],
) -> None:
    # The network guard (below before-send) answers a Secrets Manager endpoint's request too.
    from smstub import _install

    with mock_secretsmanager():
        client = boto3.Session(region_name="us-east-1").client("secretsmanager")
        client.meta.events.unregister(_install.EVENT, _install.before_send)
        _retarget(client, None)
        with pytest.raises(ClientError) as caught:
            client.list_secrets()
    assert caught.value.response["Error"]["Code"] == "UnknownOperationException"
    assert no_network == []


def test_modeled_exceptions_come_from_botocore_and_a_400_is_not_retried(client: Any) -> None:
    # Retries of throttling and 5xx answers are tested once faults can be injected (issue #15).
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.get_secret_value(SecretId="missing")
    assert isinstance(caught.value, ClientError)
    assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 0


def test_client_created_before_import_smstub_is_intercepted(tmp_path: Any) -> None:
    script = textwrap.dedent(
        """
        import socket
        import boto3

        def refuse(*a, **k):
            raise SystemExit("network used")

        socket.socket.connect = refuse
        client = boto3.client("secretsmanager", region_name="us-east-1",
                              aws_access_key_id="a", aws_secret_access_key="b")
        other = boto3.session.Session().client("secretsmanager", region_name="us-west-2",
                              aws_access_key_id="a", aws_secret_access_key="b")

        from smstub import mock_secretsmanager

        with mock_secretsmanager():
            client.create_secret(Name="x", SecretString="v")
            other.create_secret(Name="y", SecretString="w")
            print(client.get_secret_value(SecretId="x")["SecretString"],
                  other.get_secret_value(SecretId="y")["SecretString"])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "v w"


def test_stubbed_requests_never_refresh_credentials(no_network: list[Any]) -> None:
    from datetime import datetime, timedelta, timezone

    from botocore.credentials import RefreshableCredentials

    refreshes: list[int] = []

    def refresh() -> dict[str, str]:
        refreshes.append(1)  # a real refresher would call STS or SSO over the network
        raise AssertionError("credentials refresh attempted")

    expired = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    credentials = RefreshableCredentials.create_from_metadata(
        metadata={
            "access_key": "AKIAOLD",
            "secret_key": "old",
            "token": "t",
            "expiry_time": expired,
        },
        refresh_using=refresh,
        method="assume-role",
    )
    session = botocore.session.Session()
    session._credentials = credentials
    client = session.create_client("secretsmanager", region_name="us-east-1")
    with mock_secretsmanager():
        client.create_secret(Name="no-refresh", SecretString="v")
        assert client.get_secret_value(SecretId="no-refresh")["SecretString"] == "v"
    assert refreshes == []
    assert no_network == []

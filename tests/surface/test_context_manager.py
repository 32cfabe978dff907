"""``with mock_secretsmanager() as sm``: activation, isolation, nesting and the environment."""

from __future__ import annotations

import os
import threading
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smstub import MockSecretsManager, SecretsManagerMock, mock_secretsmanager
from smstub._install import FAKE_CREDENTIALS
from smstub.errors import SmstubError, UnknownOptionError


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def test_yields_the_handle() -> None:
    with mock_secretsmanager() as sm:
        assert isinstance(sm, SecretsManagerMock)
        assert sm.account_id == "123456789012"


def test_account_option_appears_in_arns() -> None:
    with mock_secretsmanager(account_id="111122223333"):
        arn = _client().create_secret(Name="a", SecretString="v")["ARN"]
    assert ":111122223333:secret:a-" in arn


def test_every_activation_starts_empty() -> None:
    with mock_secretsmanager():
        _client().create_secret(Name="a", SecretString="v")
    with mock_secretsmanager(), pytest.raises(ClientError) as caught:
        _client().describe_secret(SecretId="a")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_nested_activation_isolates_and_leaving_restores_the_outer() -> None:
    client = _client()
    with mock_secretsmanager():
        client.create_secret(Name="outer", SecretString="o")
        with mock_secretsmanager():
            with pytest.raises(ClientError):
                client.describe_secret(SecretId="outer")
            client.create_secret(Name="inner", SecretString="i")
        assert client.get_secret_value(SecretId="outer")["SecretString"] == "o"
        with pytest.raises(ClientError):
            client.describe_secret(SecretId="inner")


def test_one_config_object_can_be_nested_with_itself() -> None:
    config = mock_secretsmanager()
    with config as outer, config as inner:
        assert outer is not inner
    with config:
        _client().create_secret(Name="again", SecretString="v")


def test_regions_are_separate(client: Any) -> None:
    west = boto3.client("secretsmanager", region_name="eu-west-1")
    west.create_secret(Name="w", SecretString="v")
    with pytest.raises(ClientError):
        client.describe_secret(SecretId="w")
    assert ":eu-west-1:" in west.describe_secret(SecretId="w")["ARN"]


def test_partition_follows_the_region() -> None:
    with mock_secretsmanager():
        china = boto3.client("secretsmanager", region_name="cn-north-1")
        arn = china.create_secret(Name="c", SecretString="v")["ARN"]
    assert arn.startswith("arn:aws-cn:secretsmanager:cn-north-1:")


def test_fake_credentials_while_active_and_exact_restore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    before = dict(os.environ)
    with mock_secretsmanager():
        for name, value in FAKE_CREDENTIALS.items():
            assert os.environ[name] == value
        assert "AWS_SESSION_TOKEN" not in os.environ
    assert dict(os.environ) == before


def test_environment_is_restored_when_the_body_raises() -> None:
    before = dict(os.environ)
    with pytest.raises(RuntimeError, match="boom"), mock_secretsmanager():
        raise RuntimeError("boom")
    assert dict(os.environ) == before


def test_worker_threads_see_the_active_mock() -> None:
    results: list[str] = []
    with mock_secretsmanager():
        _client().create_secret(Name="t", SecretString="from-main")

        def work() -> None:
            results.append(_client().get_secret_value(SecretId="t")["SecretString"])

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == ["from-main"] * 4


def test_unknown_option_is_a_clear_smstub_error() -> None:
    with pytest.raises(UnknownOptionError, match=r"^smstub: unknown option\(s\) acount_id;"):
        mock_secretsmanager(acount_id="1")  # type: ignore[call-overload]
    assert issubclass(UnknownOptionError, SmstubError)


def test_config_object_repr_shows_options() -> None:
    config = mock_secretsmanager(account_id="111122223333")
    assert isinstance(config, MockSecretsManager)
    assert repr(config) == "mock_secretsmanager(account_id='111122223333', region='us-east-1')"


def test_clock_advance_moves_time_forward_only(sm: SecretsManagerMock) -> None:
    start = sm.clock.now()
    later = sm.clock.advance(hours=2)
    assert later - start >= __import__("datetime").timedelta(hours=2)
    with pytest.raises(SmstubError):
        sm.clock.advance(hours=-1)

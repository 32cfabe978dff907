"""aws-lambda-powertools' parameters utility: get_secret, SecretsProvider, set_secret and
get_secrets_by_name, with their transforms and caches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("aws_lambda_powertools", reason="it is in the `test` extra")

from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.parameters.exceptions import (
    GetParameterError,
    TransformParameterError,
)

from smstub import SecretsManagerMock

REGION = "us-east-1"


@pytest.fixture(autouse=True)
def _fresh_powertools(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # powertools caches values (5 s by default) and its default provider for the process; a
    # value cached in one test must not answer the next. Its default client takes the region
    # from the environment, as in Lambda.
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    parameters.clear_caches()
    parameters.base.DEFAULT_PROVIDERS.clear()
    yield
    parameters.clear_caches()
    parameters.base.DEFAULT_PROVIDERS.clear()


def test_create_read_new_current_and_list(sm: SecretsManagerMock) -> None:
    created = parameters.set_secret(name="pt/db", value='{"user": "app", "password": "one"}')
    assert created["Name"] == "pt/db"
    assert parameters.get_secret("pt/db", transform="json") == {"user": "app", "password": "one"}

    # set_secret on an existing secret puts a new AWSCURRENT; the cached value stays until
    # max_age passes or the caller forces a fetch.
    updated = parameters.set_secret(name="pt/db", value='{"user": "app", "password": "two"}')
    assert updated["VersionId"] != created["VersionId"]
    assert parameters.get_secret("pt/db", transform="json")["password"] == "one"
    assert parameters.get_secret("pt/db", transform="json", force_fetch=True)["password"] == "two"
    previous = parameters.get_secret("pt/db", VersionStage="AWSPREVIOUS", force_fetch=True)
    assert json.loads(previous)["password"] == "one"

    parameters.set_secret(name="pt/api", value="key-1")
    assert parameters.get_secrets_by_name(["pt/db", "pt/api"], force_fetch=True) == {
        "pt/db": '{"user": "app", "password": "two"}',
        "pt/api": "key-1",
    }


def test_get_secrets_by_name_with_a_json_transform(sm: SecretsManagerMock) -> None:
    parameters.set_secret(name="cfg/a", value='{"n": 1}')
    parameters.set_secret(name="cfg/b", value='{"n": 2}')
    assert parameters.get_secrets_by_name(["cfg/a", "cfg/b"], transform="json") == {
        "cfg/a": {"n": 1},
        "cfg/b": {"n": 2},
    }


def test_binary_transform_decodes_base64(sm: SecretsManagerMock) -> None:
    parameters.set_secret(name="b64", value="aGVsbG8=")
    assert parameters.get_secret("b64", transform="binary") == b"hello"


def test_secret_binary_comes_back_as_bytes(sm: SecretsManagerMock) -> None:
    parameters.set_secret(name="raw", value=b"\x00\x01raw")
    assert parameters.get_secret("raw") == b"\x00\x01raw"


def test_secrets_provider_caches_for_max_age(client: Any) -> None:
    provider = parameters.SecretsProvider(boto3_client=client)
    provider.set("prov", "v1")
    assert provider.get("prov", max_age=300) == "v1"
    client.put_secret_value(SecretId="prov", SecretString="v2")
    assert provider.get("prov", max_age=300) == "v1"  # cached
    assert provider.get("prov", max_age=300, force_fetch=True) == "v2"
    client.put_secret_value(SecretId="prov", SecretString="v3")
    provider.clear_cache()
    assert provider.get("prov") == "v3"


def test_missing_secret_is_a_get_parameter_error_with_aws_text(sm: SecretsManagerMock) -> None:
    with pytest.raises(GetParameterError) as caught:
        parameters.get_secret("absent")
    assert "Secrets Manager can't find the specified secret." in str(caught.value)


def test_a_value_that_is_not_json_fails_the_json_transform(sm: SecretsManagerMock) -> None:
    parameters.set_secret(name="plain", value="not json")
    with pytest.raises(TransformParameterError):
        parameters.get_secret("plain", transform="json")

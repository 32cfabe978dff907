"""aws-secretsmanager-caching: SecretCache and its decorators, on a client the fake answers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import time_machine

pytest.importorskip("aws_secretsmanager_caching", reason="it is in the `test` extra")

from aws_secretsmanager_caching import (
    InjectKeywordedSecretString,
    InjectSecretString,
    SecretCache,
    SecretCacheConfig,
)
from aws_secretsmanager_caching.cache import items


@pytest.fixture(autouse=True)
def _no_refresh_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    # refresh_secret_now sleeps 2.5-5 s of jitter before it refreshes (to spread real fleets).
    monkeypatch.setattr(items.SecretCacheObject, "FORCE_REFRESH_JITTER_SLEEP", 0)


@pytest.fixture
def cache(client: Any) -> SecretCache:
    return SecretCache(config=SecretCacheConfig(secret_refresh_interval=60), client=client)


def test_create_read_new_current_and_list(client: Any, cache: SecretCache) -> None:
    client.create_secret(Name="cached/db", SecretString="first")
    assert cache.get_secret_string("cached/db") == "first"

    # A new AWSCURRENT: the cache keeps serving what it read until it refreshes.
    client.put_secret_value(SecretId="cached/db", SecretString="second")
    assert cache.get_secret_string("cached/db") == "first"
    assert cache.refresh_secret_now("cached/db") is True
    assert cache.get_secret_string("cached/db") == "second"
    assert cache.get_secret_string("cached/db", version_stage="AWSPREVIOUS") == "first"

    listed = client.list_secrets()["SecretList"]
    assert [
        (entry["Name"], sorted(entry["SecretVersionsToStages"].values())) for entry in listed
    ] == [("cached/db", [["AWSCURRENT"], ["AWSPREVIOUS"]])]


def test_cache_refreshes_by_itself_after_its_interval(client: Any, cache: SecretCache) -> None:
    with time_machine.travel(datetime.now(timezone.utc), tick=True) as traveller:
        client.create_secret(Name="ttl", SecretString="old")
        assert cache.get_secret_string("ttl") == "old"
        client.put_secret_value(SecretId="ttl", SecretString="new")
        assert cache.get_secret_string("ttl") == "old"
        traveller.shift(timedelta(seconds=61))  # past secret_refresh_interval
        assert cache.get_secret_string("ttl") == "new"


def test_binary_secret_through_the_cache(client: Any, cache: SecretCache) -> None:
    client.create_secret(Name="bin", SecretBinary=b"\x00\xffkey")
    assert cache.get_secret_binary("bin") == b"\x00\xffkey"


def test_missing_secret_raises_the_modeled_exception(client: Any, cache: SecretCache) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        cache.get_secret_string("absent")


def test_inject_secret_string_decorators(client: Any, cache: SecretCache) -> None:
    client.create_secret(Name="inject", SecretString='{"user": "app", "password": "pw-1"}')

    @InjectSecretString("inject", cache)
    def whole(secret: str) -> str:
        return secret

    @InjectKeywordedSecretString("inject", cache, user="user", password="password")
    def fields(user: str, password: str) -> tuple[str, str]:
        return user, password

    assert whole() == '{"user": "app", "password": "pw-1"}'
    assert fields() == ("app", "pw-1")

    client.put_secret_value(SecretId="inject", SecretString='{"user": "app", "password": "pw-2"}')
    cache.refresh_secret_now("inject")
    assert fields() == ("app", "pw-2")

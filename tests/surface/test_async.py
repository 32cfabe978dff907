"""Async tests: ``async with``, the decorator and the fixture under pytest-asyncio and anyio."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import anyio
import boto3
import pytest
import pytest_asyncio

from smstub import SecretsManagerMock, mock_secretsmanager
from smstub._install import active
from smstub.errors import ConcurrentActivationError

REGION = "us-east-1"


def _client() -> Any:
    return boto3.client("secretsmanager", region_name=REGION)


@pytest.mark.asyncio
async def test_async_with_is_active_across_awaits_and_ends_on_exit() -> None:
    async with mock_secretsmanager(account_id="111122223333") as sm:
        assert active() is sm
        arn = _client().create_secret(Name="aw", SecretString="v")["ARN"]
        await asyncio.sleep(0.001)
        task = asyncio.create_task(asyncio.to_thread(_client().get_secret_value, SecretId="aw"))
        assert (await task)["SecretString"] == "v"
        assert active() is sm
    assert ":111122223333:" in arn
    assert active() is None


@pytest.mark.asyncio
async def test_async_with_ends_when_the_body_raises() -> None:
    async def body() -> None:
        async with mock_secretsmanager():
            await asyncio.sleep(0)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await body()
    assert active() is None


@pytest.mark.asyncio
async def test_async_with_nests_and_restores_the_outer_mock() -> None:
    async with mock_secretsmanager() as outer:
        _client().create_secret(Name="outer", SecretString="o")
        async with mock_secretsmanager() as inner:
            assert active() is inner
            assert _client().list_secrets()["SecretList"] == []
        assert active() is outer
        assert _client().get_secret_value(SecretId="outer")["SecretString"] == "o"


@pytest.mark.asyncio
async def test_a_task_entering_while_another_is_inside_is_refused_the_first_ends_clean() -> None:
    # Issue 16: concurrent tasks would share the process-wide mock, so the second is refused.
    config = mock_secretsmanager()
    entered = asyncio.Event()
    release = asyncio.Event()
    mocks: dict[str, SecretsManagerMock] = {}

    async def first() -> None:
        async with config as sm:
            mocks["first"] = sm
            entered.set()
            await release.wait()
            assert active() is sm

    async def second() -> None:
        await entered.wait()
        try:
            with pytest.raises(ConcurrentActivationError):
                async with config:
                    pass
        finally:
            release.set()

    await asyncio.gather(first(), second())
    assert active() is None


@pytest.mark.asyncio
@mock_secretsmanager(account_id="444455556666")
async def test_decorated_async_test_under_pytest_asyncio() -> None:
    arn = _client().create_secret(Name="deco", SecretString="v")["ARN"]
    await asyncio.sleep(0.001)
    assert ":444455556666:" in arn
    assert _client().get_secret_value(SecretId="deco")["SecretString"] == "v"


@pytest.mark.asyncio
async def test_the_fixture_in_an_async_test(secretsmanager_mock: SecretsManagerMock) -> None:
    await asyncio.sleep(0)
    assert active() is secretsmanager_mock
    _client().create_secret(Name="fx", SecretString="v")
    assert _client().get_secret_value(SecretId="fx")["SecretString"] == "v"


@pytest_asyncio.fixture
async def async_mock() -> AsyncIterator[SecretsManagerMock]:
    async with mock_secretsmanager() as sm:
        yield sm


@pytest.mark.asyncio
async def test_an_async_fixture_holding_async_with(async_mock: SecretsManagerMock) -> None:
    await asyncio.sleep(0)
    assert active() is async_mock
    _client().create_secret(Name="afx", SecretString="v")
    assert [s["Name"] for s in _client().list_secrets()["SecretList"]] == ["afx"]


@pytest.mark.anyio
async def test_async_with_under_anyio_with_a_task_group() -> None:
    async with mock_secretsmanager() as sm:
        results: list[str] = []

        async def make(index: int) -> None:
            await anyio.sleep(0)
            _client().create_secret(Name=f"g/{index}", SecretString=str(index))
            results.append(str(index))

        async with anyio.create_task_group() as group:
            for index in range(5):
                group.start_soon(make, index)
        assert sorted(results) == [str(index) for index in range(5)]
        assert len(_client().list_secrets()["SecretList"]) == 5
        assert active() is sm
    assert active() is None


@pytest.mark.anyio
@mock_secretsmanager
async def test_decorated_async_test_under_anyio() -> None:
    await anyio.sleep(0)
    _client().create_secret(Name="anyio-deco", SecretString="v")
    assert _client().get_secret_value(SecretId="anyio-deco")["SecretString"] == "v"


@pytest.mark.anyio
async def test_the_fixture_under_anyio(secretsmanager_mock: SecretsManagerMock) -> None:
    await anyio.sleep(0)
    assert active() is secretsmanager_mock


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # trio is not a dependency


ENDED_BEFORE_LOOP_CLOSES = """
import asyncio
import boto3
import pytest
import pytest_asyncio
import smstub._install
from smstub import mock_secretsmanager

@pytest_asyncio.fixture
async def held():
    async with mock_secretsmanager() as sm:
        yield sm

@pytest.mark.asyncio
async def test_fixture(secretsmanager_mock):
    await asyncio.sleep(0)
    boto3.client("secretsmanager", region_name="us-east-1").list_secrets()

@pytest.mark.asyncio
async def test_async_fixture(held):
    await asyncio.sleep(0)

@pytest.mark.asyncio
@mock_secretsmanager
async def test_decorated():
    await asyncio.sleep(0)

@pytest.mark.anyio
async def test_anyio_fixture(secretsmanager_mock):
    pass

@pytest.fixture
def anyio_backend():
    return "asyncio"
"""


def test_every_async_form_has_ended_when_the_event_loop_closes(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    closing: list[object] = []
    original_close = asyncio.BaseEventLoop.close

    def close(self: asyncio.BaseEventLoop) -> None:
        closing.append(active())
        original_close(self)

    monkeypatch.setattr(asyncio.BaseEventLoop, "close", close)
    pytester.makepyfile(ENDED_BEFORE_LOOP_CLOSES)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=4)
    assert closing, "no event loop closed"
    assert closing == [None] * len(closing)

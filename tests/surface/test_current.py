"""``smstub.current()``: the active handle from every form of activation."""

from __future__ import annotations

import asyncio
import threading
import unittest
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import smstub
from smstub import SecretsManagerMock, _pins, mock_secretsmanager
from smstub.errors import NoActiveMockError, SmstubError


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def test_outside_any_mock_it_names_the_fix() -> None:
    with pytest.raises(NoActiveMockError) as caught:
        smstub.current()
    assert str(caught.value) == (
        "smstub: smstub.current() was called while no mock_secretsmanager is active; call it "
        "inside `with mock_secretsmanager():`, a function or class decorated with "
        "@mock_secretsmanager, or a test that uses the secretsmanager_mock fixture or marker"
    )
    assert isinstance(caught.value, SmstubError)
    assert isinstance(caught.value, LookupError)


def test_in_a_with_block_it_is_the_yielded_handle() -> None:
    with mock_secretsmanager() as sm:
        assert smstub.current() is sm
        with mock_secretsmanager() as inner:
            assert smstub.current() is inner
        assert smstub.current() is sm


def test_while_a_mock_is_pinned_it_is_the_pinned_one() -> None:
    # Deferred work (a rotation function) runs with its mock pinned: calls reach that mock.
    with mock_secretsmanager() as first, mock_secretsmanager() as second:
        with _pins.pinned(first):
            assert smstub.current() is first
        assert smstub.current() is second


def test_the_fixture_handle(secretsmanager_mock: SecretsManagerMock) -> None:
    assert smstub.current() is secretsmanager_mock


@mock_secretsmanager(account_id="111122223333")
def test_a_decorated_function_reaches_its_handle() -> None:
    sm = smstub.current()
    assert sm.account_id == "111122223333"
    _client().create_secret(Name="a", SecretString="v")
    _client().delete_secret(SecretId="a", RecoveryWindowInDays=7)
    sm.clock.advance(days=8)  # the handle is the one answering: its clock purges the secret
    assert _client().list_secrets(IncludePlannedDeletion=True)["SecretList"] == []


@mock_secretsmanager
async def _coroutine() -> SecretsManagerMock:
    first = smstub.current()
    await asyncio.sleep(0)
    assert smstub.current() is first
    return first


def test_a_decorated_coroutine_reaches_its_handle_across_awaits() -> None:
    handle = asyncio.run(_coroutine())
    assert isinstance(handle, SecretsManagerMock)


@mock_secretsmanager
def test_a_worker_thread_reaches_the_same_handle() -> None:
    seen: list[SecretsManagerMock] = []
    thread = threading.Thread(target=lambda: seen.append(smstub.current()))
    thread.start()
    thread.join()
    assert seen == [smstub.current()]


@mock_secretsmanager
class TestPlainClass:
    def setup_method(self) -> None:
        self.handle = smstub.current()

    def test_setup_and_test_share_the_handle(self) -> None:
        assert smstub.current() is self.handle

    def test_each_method_has_its_own(self) -> None:
        assert smstub.current() is self.handle
        # The alias exists only once per mock: the other method's would make this one fail.
        smstub.current().kms.create_key(alias="alias/once")

    def test_each_method_has_its_own_too(self) -> None:
        smstub.current().kms.create_key(alias="alias/once")


@mock_secretsmanager
class DecoratedTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.handle = smstub.current()

    def test_setup_and_test_share_the_handle(self) -> None:
        assert smstub.current() is self.handle

    def test_kms_is_reachable(self) -> None:
        key = smstub.current().kms.create_key(alias="alias/app")
        _client().create_secret(Name="k", SecretString="v", KmsKeyId="alias/app")
        smstub.current().kms.disable_key(key)
        with pytest.raises(ClientError) as caught:
            _client().get_secret_value(SecretId="k")
        assert caught.value.response["Error"]["Code"] == "DecryptionFailure"

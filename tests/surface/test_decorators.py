"""``@mock_secretsmanager`` on functions, coroutines and classes."""

from __future__ import annotations

import asyncio
import inspect
import unittest
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smstub import _install, mock_secretsmanager
from smstub.errors import NotDecoratableError


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


@mock_secretsmanager
def _bare(name: str, *, value: str = "v") -> str:
    _client().create_secret(Name=name, SecretString=value)
    return str(_client().get_secret_value(SecretId=name)["SecretString"])


def test_bare_decorator_activates_for_the_call_only() -> None:
    assert _bare("x", value="y") == "y"
    assert _install.active() is None


def test_each_call_is_a_fresh_activation() -> None:
    _bare("x")
    _bare("x")  # would be ResourceExistsException if state leaked


def test_decorator_keeps_the_signature() -> None:
    assert str(inspect.signature(_bare)) == "(name: 'str', *, value: 'str' = 'v') -> 'str'"
    assert _bare.__name__ == "_bare"


@mock_secretsmanager(account_id="111122223333")
def _configured() -> str:
    return str(_client().create_secret(Name="c", SecretString="v")["ARN"])


def test_configured_decorator_applies_its_options() -> None:
    assert ":111122223333:" in _configured()


@mock_secretsmanager
async def _coroutine() -> str:
    _client().create_secret(Name="a", SecretString="before-await")
    await asyncio.sleep(0)
    await asyncio.sleep(0.001)
    return str(_client().get_secret_value(SecretId="a")["SecretString"])


def test_async_function_stays_async_and_active_across_awaits() -> None:
    assert inspect.iscoroutinefunction(_coroutine)
    assert asyncio.run(_coroutine()) == "before-await"
    assert _install.active() is None


def test_decorating_something_else_is_a_clear_error() -> None:
    with pytest.raises(NotDecoratableError, match=r"^smstub: @mock_secretsmanager can decorate"):
        mock_secretsmanager()(42)  # type: ignore[call-overload]


@pytest.mark.parametrize("n", [1, 2])
@mock_secretsmanager
def test_parametrize_works_on_decorated_tests(n: int) -> None:
    assert n in (1, 2)  # the parameter reaches the test through the decorator
    assert _install.active() is not None
    _client().create_secret(Name=f"p{n}", SecretString="v")
    # Each parameter runs in its own fresh activation: only this case's secret is there.
    assert [s["Name"] for s in _client().list_secrets()["SecretList"]] == [f"p{n}"]


@pytest.fixture
def greeting() -> str:
    return "hello"


@mock_secretsmanager
def test_fixtures_work_on_decorated_tests(greeting: str) -> None:
    _client().create_secret(Name="f", SecretString=greeting)
    assert _client().get_secret_value(SecretId="f")["SecretString"] == "hello"


@mock_secretsmanager
class TestPlainClass:
    def setup_method(self) -> None:
        _client().create_secret(Name="from-setup", SecretString="v")

    def teardown_method(self) -> None:
        # Still active: teardown sees the test's state.
        _client().describe_secret(SecretId="from-setup")

    def test_setup_state_is_visible(self) -> None:
        assert _client().get_secret_value(SecretId="from-setup")["SecretString"] == "v"

    def test_each_method_is_fresh(self) -> None:
        # The other method's secret does not exist; ours does (no duplicate error in setup).
        with pytest.raises(ClientError):
            _client().describe_secret(SecretId="made-by-the-other-test")
        _client().create_secret(Name="made-by-the-other-test", SecretString="v")

    def test_another_fresh_method(self) -> None:
        with pytest.raises(ClientError):
            _client().describe_secret(SecretId="made-by-the-other-test")
        _client().create_secret(Name="made-by-the-other-test", SecretString="v")


@mock_secretsmanager
class TestPlainClassWithoutXunitMethods:
    def test_is_active(self) -> None:
        assert _install.active() is not None


@mock_secretsmanager
class DecoratedTestCase(unittest.TestCase):
    def setUp(self) -> None:
        _client().create_secret(Name="from-setUp", SecretString="v")

    def tearDown(self) -> None:
        _client().describe_secret(SecretId="from-setUp")

    def test_setup_state_is_visible(self) -> None:
        assert _client().get_secret_value(SecretId="from-setUp")["SecretString"] == "v"

    def test_second_method_is_fresh(self) -> None:
        _client().create_secret(Name="only-here", SecretString="v")

    def test_third_method_is_fresh(self) -> None:
        _client().create_secret(Name="only-here", SecretString="v")


@pytest.fixture
def made_inside() -> bool:
    return _install.active() is not None


@mock_secretsmanager
class TestPlainClassFixtures:
    def test_method_fixtures_run_inside_the_methods_mock(self, made_inside: bool) -> None:
        # pytest calls setup_method (where the activation starts) before the method's fixtures.
        assert made_inside


@mock_secretsmanager
def test_a_decorated_functions_fixtures_run_before_its_mock(made_inside: bool) -> None:
    # The README's scope table: the decorator covers the call only; use the fixture to seed.
    assert not made_inside

"""``@mock_secretsmanager`` on a class covers its class-level set-up and tear-down: nothing they
do reaches AWS, and calling Secrets Manager there is refused (each test method has a fresh mock,
so it would not see what set-up made)."""

from __future__ import annotations

import unittest
from typing import Any

import boto3
import pytest

from smstub import _install, mock_secretsmanager
from smstub.errors import ClassSetupError

pytest_plugins = ["pytester"]


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def _refusal(cls: str, method: str, instead: str) -> str:
    lost = (
        "the tests would not see what it made"
        if instead.lower().startswith("setup")
        else "it would not see what the tests made"
    )
    return (
        f"smstub: {cls}.{method} called Secrets Manager under @mock_secretsmanager, but each "
        f"test method runs in its own fresh mock, so {lost}; do it in {instead}, or in a fixture "
        "that depends on secretsmanager_mock"
    )


def test_setupclass_that_calls_secrets_manager_is_refused() -> None:
    @mock_secretsmanager
    class Seeding(unittest.TestCase):
        @classmethod
        def setUpClass(cls) -> None:
            assert _install.active() is not None  # never reaches AWS
            _client().create_secret(Name="seed", SecretString="v")

    with pytest.raises(ClassSetupError) as caught:
        Seeding.setUpClass()
    assert str(caught.value) == _refusal(Seeding.__qualname__, "setUpClass", "setUp")
    assert _install.active() is None


def test_teardownclass_that_calls_secrets_manager_is_refused() -> None:
    @mock_secretsmanager
    class Cleaning(unittest.TestCase):
        @classmethod
        def tearDownClass(cls) -> None:
            _client().list_secrets()

    with pytest.raises(ClassSetupError) as caught:
        Cleaning.tearDownClass()
    assert str(caught.value) == _refusal(Cleaning.__qualname__, "tearDownClass", "tearDown")


def test_setup_class_and_teardown_class_of_plain_classes_are_guarded() -> None:
    @mock_secretsmanager
    class TestSeeding:
        @classmethod
        def setup_class(cls) -> None:
            _client().create_secret(Name="seed", SecretString="v")

        def teardown_class(self) -> None:  # pytest also takes it as a plain function
            _client().list_secrets()

    with pytest.raises(ClassSetupError) as caught:
        TestSeeding.setup_class()
    assert str(caught.value) == _refusal(TestSeeding.__qualname__, "setup_class", "setup_method")
    with pytest.raises(ClassSetupError) as caught:
        TestSeeding.teardown_class()  # type: ignore[call-arg]
    assert str(caught.value) == _refusal(
        TestSeeding.__qualname__, "teardown_class", "teardown_method"
    )


def test_class_level_set_up_that_leaves_secrets_manager_alone_runs_as_before() -> None:
    calls: list[str] = []

    @mock_secretsmanager
    class Quiet(unittest.TestCase):
        @classmethod
        def setUpClass(cls) -> None:
            calls.append(cls.__name__)

    class Sub(Quiet):
        pass

    Sub.setUpClass()
    assert calls == ["Sub"]  # still bound to the class it is called on


def test_in_a_pytest_run_the_refusal_errors_the_class(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_cls="""
import unittest
import boto3
from smstub import mock_secretsmanager

@mock_secretsmanager
class TestSeeded(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        boto3.client("secretsmanager", region_name="us-east-1").create_secret(
            Name="seed", SecretString="v")

    def test_reads(self):
        pass

@mock_secretsmanager
class TestPlain:
    @classmethod
    def setup_class(cls):
        boto3.client("secretsmanager", region_name="us-east-1").list_secrets()

    def test_reads(self):
        pass
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=2)
    errors = [line[1:].strip() for line in result.stdout.lines if line.startswith("E ")]
    assert "smstub.errors.ClassSetupError: " + _refusal("TestSeeded", "setUpClass", "setUp") in (
        errors
    )
    assert (
        "smstub.errors.ClassSetupError: " + _refusal("TestPlain", "setup_class", "setup_method")
        in errors
    )

"""Every combination of the pytest marker, the fixture and ``@mock_secretsmanager`` on one test:
each either mocks exactly once or fails with a message that says which one to drop."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

HEADER = """
import unittest

import boto3
import pytest

import smstub
from smstub import _install, mock_secretsmanager

def client():
    return boto3.client("secretsmanager", region_name="us-east-1")

def mocked_once():
    # One activation, and it answers: the handle reached from the test is the one in use.
    assert len(_install._stack) == 1
    arn = client().create_secret(Name="once", SecretString="v")["ARN"]
    assert arn.split(":")[4] == smstub.current().account_id
"""


def conflict(test: str, uses: str) -> str:
    return (
        "E   smstub.errors.ConflictingActivationError: smstub: "
        f"{test} is decorated with @mock_secretsmanager and also uses {uses}; each starts a "
        "mock of its own, and the outer one's handle (its clock, its kms) would have no effect "
        "on the test. Use one: the decorator (reach its handle with smstub.current()) or the "
        "secretsmanager_mock fixture and marker (the fixture yields the handle)"
    )


def run(pytester: pytest.Pytester, body: str) -> pytest.RunResult:
    pytester.makepyfile(test_combo=HEADER + body)
    return pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider")


def assert_refused(result: pytest.RunResult, *lines: str) -> None:
    result.assert_outcomes(errors=len(lines))
    errors = [line[1:].strip() for line in result.stdout.lines if line.startswith("E ")]
    for line in lines:
        assert line[1:].strip() in errors, errors


def test_fixture_alone_mocks_once(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
def test_it(secretsmanager_mock):
    mocked_once()
    assert smstub.current() is secretsmanager_mock
""",
    )
    result.assert_outcomes(passed=1)


def test_marker_alone_mocks_once(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@pytest.mark.secretsmanager_mock(account_id="111122223333")
def test_it():
    mocked_once()
    assert smstub.current().account_id == "111122223333"
""",
    )
    result.assert_outcomes(passed=1)


def test_marker_alone_covers_the_tests_own_fixtures(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@pytest.fixture
def seeded():
    return client().create_secret(Name="seeded", SecretString="v")["Name"]

@pytest.mark.secretsmanager_mock
def test_it(seeded):
    assert client().get_secret_value(SecretId=seeded)["SecretString"] == "v"
    mocked_once()
""",
    )
    result.assert_outcomes(passed=1)


def test_marker_and_fixture_mock_once_with_the_markers_options(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@pytest.mark.secretsmanager_mock(account_id="111122223333")
def test_it(secretsmanager_mock):
    mocked_once()
    assert smstub.current() is secretsmanager_mock
    assert secretsmanager_mock.account_id == "111122223333"
""",
    )
    result.assert_outcomes(passed=1)


def test_marker_on_a_module_mocks_each_test_once(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
pytestmark = pytest.mark.secretsmanager_mock

def test_one():
    mocked_once()

class TestGroup:
    def test_two(self):
        mocked_once()

class TestCaseGroup(unittest.TestCase):
    def setUp(self):
        assert len(_install._stack) == 1  # setUp runs inside the marker's mock

    def test_three(self):
        mocked_once()
""",
    )
    result.assert_outcomes(passed=3)


def test_decorator_alone_mocks_once(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@mock_secretsmanager
def test_function():
    mocked_once()

@mock_secretsmanager
class TestPlain:
    def test_method(self):
        mocked_once()

@mock_secretsmanager
class TestUnit(unittest.TestCase):
    def test_method(self):
        mocked_once()
""",
    )
    result.assert_outcomes(passed=3)


def test_decorator_and_fixture_are_refused(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@mock_secretsmanager
def test_function(secretsmanager_mock):
    pass

@pytest.mark.usefixtures("secretsmanager_mock")
@mock_secretsmanager
def test_usefixtures():
    pass

@pytest.fixture
def seeded(secretsmanager_mock):
    return "seeded"

@mock_secretsmanager
def test_through_a_fixture(seeded):
    pass

@mock_secretsmanager
class TestPlain:
    def test_method(self, secretsmanager_mock):
        pass
""",
    )
    fixture = "the secretsmanager_mock fixture"
    assert_refused(
        result,
        conflict("test_combo.py::test_function", fixture),
        conflict("test_combo.py::test_usefixtures", fixture),
        conflict("test_combo.py::test_through_a_fixture", fixture),
        conflict("test_combo.py::TestPlain::test_method", fixture),
    )


def test_decorator_and_marker_are_refused(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@pytest.mark.secretsmanager_mock
@mock_secretsmanager
def test_function():
    pass

@pytest.mark.secretsmanager_mock
@mock_secretsmanager
class TestPlain:
    def test_method(self):
        pass

@pytest.mark.secretsmanager_mock
@mock_secretsmanager
class TestUnit(unittest.TestCase):
    def test_method(self):
        pass
""",
    )
    marker = "the @pytest.mark.secretsmanager_mock marker"
    assert_refused(
        result,
        conflict("test_combo.py::test_function", marker),
        conflict("test_combo.py::TestPlain::test_method", marker),
        conflict("test_combo.py::TestUnit::test_method", marker),
    )


def test_decorator_marker_and_fixture_are_refused(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@pytest.mark.secretsmanager_mock(account_id="111122223333")
@mock_secretsmanager
def test_function(secretsmanager_mock):
    pass
""",
    )
    assert_refused(
        result,
        conflict(
            "test_combo.py::test_function",
            "the @pytest.mark.secretsmanager_mock marker and the secretsmanager_mock fixture",
        ),
    )


def test_a_refused_test_reaches_nothing(pytester: pytest.Pytester) -> None:
    # The refusal happens before any mock starts, and the decorated body never runs.
    result = run(
        pytester,
        """
ran = []

@mock_secretsmanager
def test_refused(secretsmanager_mock):
    ran.append(1)

def test_after():
    assert ran == []
    assert _install._stack == []
""",
    )
    result.assert_outcomes(passed=1, errors=1)


def test_marker_with_an_invalid_account_fails_the_test_clearly(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
@pytest.mark.secretsmanager_mock(account_id="1234")
def test_it():
    pass
""",
    )
    assert_refused(
        result,
        "E   smstub.errors.InvalidOptionError: smstub: account_id must be a string of 12 "
        "digits, such as '111122223333'; got '1234'",
    )

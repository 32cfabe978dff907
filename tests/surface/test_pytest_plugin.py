"""The pytest plugin: fixture ``secretsmanager_mock`` and marker ``secretsmanager_mock``."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest_plugins = ["pytester"]

HEADER = """
import boto3
import pytest
from botocore.exceptions import ClientError

def client():
    return boto3.client("secretsmanager", region_name="us-east-1")
"""


def test_fixture_gives_an_active_fresh_mock_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        HEADER
        + """
@pytest.mark.parametrize("n", range(3))
def test_fresh(secretsmanager_mock, n):
    client().create_secret(Name="same-name", SecretString=str(n))
    assert client().get_secret_value(SecretId="same-name")["SecretString"] == str(n)
    assert secretsmanager_mock.account_id == "123456789012"
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_marker_passes_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        HEADER
        + """
@pytest.mark.secretsmanager_mock(account_id="111122223333")
def test_account(secretsmanager_mock):
    arn = client().create_secret(Name="a", SecretString="v")["ARN"]
    assert ":111122223333:" in arn
"""
    )
    pytester.runpytest("--strict-markers").assert_outcomes(passed=1)


def test_marker_with_unknown_option_fails_the_test_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        HEADER
        + """
@pytest.mark.secretsmanager_mock(acount="1")
def test_typo(secretsmanager_mock):
    pass
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*smstub: unknown option(s) acount; mock_secretsmanager accepts*"])


def test_marker_with_positional_arguments_is_refused(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        HEADER
        + """
@pytest.mark.secretsmanager_mock("111122223333")
def test_positional(secretsmanager_mock):
    pass
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*smstub: @pytest.mark.secretsmanager_mock takes keyword*"])


def test_state_does_not_leak_into_the_next_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        HEADER
        + """
def test_one(secretsmanager_mock):
    client().create_secret(Name="leak", SecretString="v")

def test_two(secretsmanager_mock):
    with pytest.raises(ClientError):
        client().describe_secret(SecretId="leak")
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def _printed_by(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (its imports are its own)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    code = (
        "import sys, smstub.pytest_plugin\n"
        "heavy = [m for m in ('botocore', 'boto3', 'cryptography', 'wrapt', 'smstub._backend')"
        " if m in sys.modules]\n"
        "print(heavy)\n"
    )
    assert _printed_by(code) == "[]"


def test_a_first_call_leaves_the_resource_policy_modules_unloaded() -> None:
    # The first call of a process imports the domain; the policy grammar and its rules wait
    # for the first resource-policy operation (they are a large share of that first call).
    code = (
        "import sys, boto3\n"
        "from smstub import mock_secretsmanager\n"
        "with mock_secretsmanager():\n"
        "    c = boto3.client('secretsmanager', region_name='us-east-1')\n"
        "    c.create_secret(Name='s', SecretString='v')\n"
        "    policy = ('smstub._policy_doc', 'smstub._conditions')\n"
        "    before = [m for m in policy if m in sys.modules]\n"
        "    c.get_resource_policy(SecretId='s')\n"
        "    after = 'smstub._policy_doc' in sys.modules\n"
        "print(before, after)\n"
    )
    assert _printed_by(code) == "[] True"


def test_a_first_read_leaves_the_write_replication_and_batch_modules_unloaded() -> None:
    # A process's first call, a read, imports only what reads need (the first GetSecretValue
    # is timed in the benchmark); the first write brings the write rules, and the table then
    # holds the write handler itself, not the stand-in that imported it.
    code = (
        "import sys, boto3\n"
        "from smstub import mock_secretsmanager\n"
        "from smstub._operations import OPERATIONS\n"
        "later = ('smstub._operations_writes', 'smstub._writes', 'smstub._deletion',\n"
        "         'smstub._replication', 'smstub._cross_account', 'smstub._batch')\n"
        "with mock_secretsmanager():\n"
        "    c = boto3.client('secretsmanager', region_name='us-east-1')\n"
        "    try:\n"
        "        c.get_secret_value(SecretId='s')\n"
        "    except c.exceptions.ResourceNotFoundException:\n"
        "        pass\n"
        "    before = [m for m in later if m in sys.modules]\n"
        "    stand_in = OPERATIONS['PutSecretValue'].handler\n"
        "    c.create_secret(Name='s', SecretString='v')\n"
        "    c.put_secret_value(SecretId='s', SecretString='w')\n"
        "    import smstub._operations_writes as writes\n"
        "    swapped = OPERATIONS['PutSecretValue'].handler is writes.put_secret_value\n"
        "    value = c.get_secret_value(SecretId='s')['SecretString']\n"
        "print(before, hasattr(stand_in, 'resolve'), swapped, value)\n"
    )
    assert _printed_by(code) == "[] True True w"

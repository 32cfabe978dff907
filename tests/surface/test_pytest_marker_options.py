"""The marker's options of issue #15: a seed file beside the test module, strict mode and the
journal from activation."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_marker_seed_file_is_found_beside_the_test_module(pytester: pytest.Pytester) -> None:
    pytester.mkdir("sub")
    (pytester.path / "sub" / "state.json").write_text(
        '{"Secrets": [{"Name": "db", "SecretString": "from-the-seed"}]}'
    )
    (pytester.path / "sub" / "test_seeded.py").write_text(
        """
import boto3
import pytest

@pytest.mark.secretsmanager_mock(seed="state.json", record_calls=True, strict=3)
def test_seeded(secretsmanager_mock):
    client = boto3.client("secretsmanager", region_name="us-east-1")
    assert client.get_secret_value(SecretId="db")["SecretString"] == "from-the-seed"
    assert [c.operation for c in secretsmanager_mock.calls] == ["GetSecretValue"]
    assert secretsmanager_mock.strict_seed == 3

def test_next_test_starts_from_scratch(secretsmanager_mock):
    client = boto3.client("secretsmanager", region_name="us-east-1")
    assert client.list_secrets()["SecretList"] == []
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_a_bad_marker_seed_fails_the_test_with_the_entry_named(pytester: pytest.Pytester) -> None:
    pytester.makefile(".json", state='{"Secrets": [{"Name": "db", "Value": "x"}]}')
    pytester.makepyfile(
        """
import pytest

@pytest.mark.secretsmanager_mock(seed="state.json")
def test_seeded(secretsmanager_mock):
    pass
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*smstub: bad seed: Secrets[[]0[]] (db): unknown member 'Value'*"])

"""pytest-xdist: each worker process has its own fake, with its own state and clock."""

from __future__ import annotations

import pytest

PROJECT = """
import os

import boto3
import pytest

def client():
    return boto3.client("secretsmanager", region_name="us-east-1")

@pytest.mark.parametrize("n", range(8))
def test_same_name_on_every_worker(secretsmanager_mock, n):
    # Every test of every worker creates the same name: no worker sees another's secret.
    client().create_secret(Name="shared-name", SecretString=str(n))
    names = [s["Name"] for s in client().list_secrets()["SecretList"]]
    assert names == ["shared-name"]
    assert client().get_secret_value(SecretId="shared-name")["SecretString"] == str(n)
    # Each worker's clock moves on its own.
    before = secretsmanager_mock.clock.now()
    secretsmanager_mock.clock.advance(days=n + 1)
    assert (secretsmanager_mock.clock.now() - before).days == n + 1
    print("worker", os.environ["PYTEST_XDIST_WORKER"])
"""


def test_two_workers_run_isolated_fakes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_project=PROJECT)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:randomly", "-rA")
    result.assert_outcomes(passed=8)
    workers = {line.split()[-1] for line in result.outlines if line.startswith("worker gw")}
    assert workers == {"gw0", "gw1"}

"""ARN suffixes: different in every activation, the same only when ``id_seed`` asks for it."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from smstub import mock_secretsmanager
from smstub.errors import InvalidOptionError

pytest_plugins = ["pytester"]


def _first_arns(**options: Any) -> list[str]:
    with mock_secretsmanager(**options):
        client = boto3.client("secretsmanager", region_name="us-east-1")
        return [client.create_secret(Name=f"s{n}", SecretString="v")["ARN"] for n in range(3)]


def test_suffixes_differ_across_activations() -> None:
    first, second = _first_arns(), _first_arns()
    # Same names, same order, same account: only the suffix can differ, and it does.
    assert [arn.rsplit("-", 1)[0] for arn in first] == [arn.rsplit("-", 1)[0] for arn in second]
    assert first != second
    assert all(a != b for a, b in zip(first, second, strict=True))


def test_the_same_id_seed_gives_the_same_suffixes() -> None:
    assert _first_arns(id_seed=7) == _first_arns(id_seed=7)
    assert _first_arns(id_seed=7) != _first_arns(id_seed=8)


def test_id_seed_must_be_an_integer() -> None:
    with pytest.raises(InvalidOptionError) as caught:
        mock_secretsmanager(id_seed="7")  # type: ignore[call-overload]
    assert str(caught.value) == "smstub: id_seed must be an int or None; got '7'"


def test_id_seed_shows_in_the_repr_when_given() -> None:
    assert repr(mock_secretsmanager(id_seed=3)) == (
        "mock_secretsmanager(account_id='123456789012', region='us-east-1', id_seed=3)"
    )


def test_first_arns_differ_across_two_tests_and_match_with_the_marker_seed(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_arns="""
import boto3
import pytest

ARNS = []

def first_arn():
    client = boto3.client("secretsmanager", region_name="us-east-1")
    return client.create_secret(Name="app/db", SecretString="v")["ARN"]

def test_one(secretsmanager_mock):
    ARNS.append(first_arn())

def test_two(secretsmanager_mock):
    ARNS.append(first_arn())
    assert ARNS[0] != ARNS[1]

@pytest.mark.secretsmanager_mock(id_seed=42)
def test_three():
    ARNS.append(first_arn())

@pytest.mark.secretsmanager_mock(id_seed=42)
def test_four():
    ARNS.append(first_arn())
    assert ARNS[2] == ARNS[3]
"""
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=4)

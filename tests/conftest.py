"""Shared fixtures: an active fake and boto3 clients that talk to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, settings

import smstub._hook
from smstub import SecretsManagerMock, mock_secretsmanager
from tests.shape_check import shape_problems

# A fast profile for the default run; `HYPOTHESIS_PROFILE=deep pytest` digs deeper (README).
settings.register_profile(
    "fast", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

REGION = "us-east-1"
pytest_plugins = ["pytester"]


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    # Inner runs get the outer run's asyncio settings: pytest-asyncio warns when they are unset.
    pytester.makeini(
        "[pytest]\nasyncio_mode = strict\nasyncio_default_fixture_loop_scope = function\n"
    )
    return pytester


@pytest.fixture(scope="session")
def _session() -> boto3.Session:
    return boto3.Session(region_name=REGION)


@pytest.fixture(scope="session")
def _shared_client(_session: boto3.Session) -> Any:
    # Created once, before any mock is active: smstub intercepts clients made before activation,
    # and sharing one keeps the suite fast.
    return _session.client("secretsmanager")


@pytest.fixture
def sm() -> Iterator[SecretsManagerMock]:
    with mock_secretsmanager() as handle:
        yield handle


@pytest.fixture
def client(sm: SecretsManagerMock, _shared_client: Any) -> Any:
    return _shared_client


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Every test starts with no mock active, before any fixture (the plugin's marker and
    fixture activate one of their own): a leaked activation would answer the next test's
    requests from stale state. Checked around every test, in any order."""
    from smstub import _install

    assert _install.active() is None, "a mock was left active by an earlier test"
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    from smstub import _install

    result = yield
    assert _install.active() is None, f"{item.nodeid} left a mock active"
    return result


@pytest.fixture(autouse=True)
def _every_response_matches_the_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Check every body smstub produces in any test against the operation's output shape."""
    import json

    from smstub import _wire

    problems: list[str] = []
    respond = smstub._hook.respond

    def checked(mock: Any, request: Any, operation: str) -> Any:
        response = respond(mock, request, operation)
        body = json.loads(response.content)
        if response.status_code == 200:
            model = _wire.operation_model(operation)
            assert model is not None
            problems.extend(f"{operation}: {p}" for p in shape_problems(model.output_shape, body))
        elif body.get("__type") == "UnknownOperationException":
            assert set(body) == {"__type"}
        elif set(body) != {"__type", "Message"} or not body["Message"]:
            problems.append(f"{operation}: error body {sorted(body)}")
        return response

    monkeypatch.setattr(smstub._hook, "respond", checked)
    yield problems
    assert problems == [], "responses that do not match the botocore output shapes"

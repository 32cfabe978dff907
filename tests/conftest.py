"""Shared fixtures: an active fake and boto3 clients that talk to it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, settings

from smstub import SecretsManagerMock, mock_secretsmanager

# A fast profile for the default run; `HYPOTHESIS_PROFILE=deep pytest` digs deeper (README).
settings.register_profile(
    "fast", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "deep", max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))

REGION = "us-east-1"


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

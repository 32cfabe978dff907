"""The pytest plugin (entry point ``pytest11``): fixture ``secretsmanager_mock`` and marker
``@pytest.mark.secretsmanager_mock(**options)``.

It imports nothing of smstub's machinery until a test asks for the fixture, so projects that
have smstub installed but do not use it pay nothing.

    @pytest.mark.secretsmanager_mock(account_id="111122223333")
    def test_reads_db_password(secretsmanager_mock):
        client = boto3.client("secretsmanager", region_name="us-east-1")
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from smstub._handle import SecretsManagerMock

MARKER = "secretsmanager_mock"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): options for the secretsmanager_mock fixture, as keyword "
        "arguments of smstub.mock_secretsmanager (account_id=..., region=..., seed=..., "
        "strict=..., record_calls=...)",
    )


@pytest.fixture
def secretsmanager_mock(request: pytest.FixtureRequest) -> Iterator[SecretsManagerMock]:
    """A fresh, active fake Secrets Manager for one test; yields its handle."""
    from smstub._activation import mock_secretsmanager
    from smstub.errors import SmstubError

    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    if marker is not None and marker.args:
        raise SmstubError(
            f"@pytest.mark.{MARKER} takes keyword options only, e.g. "
            f"@pytest.mark.{MARKER}(account_id='111122223333'); got {marker.args!r}"
        )
    seed = options.get("seed")
    if isinstance(seed, (str, Path)) and not Path(seed).is_absolute():
        # A relative seed file is looked for beside the test module first.
        beside = request.path.parent / seed
        if beside.exists():
            options["seed"] = beside
    with mock_secretsmanager(**options) as mock:
        yield mock

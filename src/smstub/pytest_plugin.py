"""The pytest plugin (entry point ``pytest11``): fixture ``secretsmanager_mock`` and marker
``@pytest.mark.secretsmanager_mock(**options)``.

The marker alone activates the mock for its test (its fixtures included); the fixture yields the
handle. A test that also carries ``@mock_secretsmanager`` is refused: it would be mocked twice,
and the fixture's handle would belong to the outer, unused mock.

It imports nothing of smstub's machinery until a test asks for the fixture or carries the marker,
so projects that have smstub installed but do not use it pay nothing.

    @pytest.mark.secretsmanager_mock(account_id="111122223333")
    def test_reads_db_password(secretsmanager_mock):
        client = boto3.client("secretsmanager", region_name="us-east-1")
        ...
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from smstub._handle import SecretsManagerMock

MARKER = "secretsmanager_mock"
FIXTURE = "secretsmanager_mock"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): run the test in a fresh fake Secrets Manager (the "
        f"{FIXTURE} fixture gives its handle); options are keyword arguments of "
        "smstub.mock_secretsmanager (account_id=..., region=..., id_seed=..., seed=..., "
        "strict=..., record_calls=...)",
    )


@pytest.fixture(autouse=True)
def _secretsmanager_mock_marker(request: pytest.FixtureRequest) -> None:
    # Autouse fixtures are set up before the test's other function-scoped fixtures, so those
    # run inside the marker's mock too.
    if request.node.get_closest_marker(MARKER) is not None:
        request.getfixturevalue(FIXTURE)


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
    _refuse_decorated(request, marker is not None)
    seed = options.get("seed")
    if isinstance(seed, (str, Path)) and not Path(seed).is_absolute():
        # A relative seed file is looked for beside the test module first.
        beside = request.path.parent / seed
        if beside.exists():
            options["seed"] = beside
    with _event_loop_kept_open(request), mock_secretsmanager(**options) as mock:
        yield mock


def _refuse_decorated(request: pytest.FixtureRequest, marked: bool) -> None:
    activation = sys.modules.get("smstub._activation")
    if activation is None:  # nothing can be decorated before the decorator's module loads
        return
    node = request.node
    container = getattr(node.parent, "obj", None)
    name = getattr(node, "originalname", node.name)
    if activation.decorator_of(container, name, getattr(node, "cls", None)) is None:
        return
    from smstub.errors import ConflictingActivationError

    uses = [f"the @pytest.mark.{MARKER} marker"] if marked else []
    if FIXTURE in getattr(node, "fixturenames", ()):  # asked for, not just by the marker
        uses.append(f"the {FIXTURE} fixture")
    raise ConflictingActivationError(node.nodeid, " and ".join(uses))


def _event_loop_kept_open(request: pytest.FixtureRequest) -> AbstractContextManager[object]:
    """Keep an async test's event loop open until this fixture has ended the mock.

    pytest-asyncio runs the loop in a fixture it sets up after the test's own fixtures, and
    anyio's plugin closes its runner when the test returns, so either would close the loop while
    the mock is still active (and aiobotocore clients closing with the loop would find none).
    """
    node = request.node
    if node.get_closest_marker("asyncio") is not None:
        scope = getattr(node, "_loop_scope", None)  # pytest-asyncio's async test item
        if isinstance(scope, str):
            # Set up first, so torn down after this fixture; a pytest-asyncio that runs its loop
            # otherwise has no such fixture, and nothing to order.
            with suppress(pytest.FixtureLookupError):
                request.getfixturevalue(f"_{scope}_scoped_runner")
    elif node.get_closest_marker("anyio") is not None:
        from anyio.pytest_plugin import get_runner

        # A lease on anyio's runner: it closes when the last lease ends, after this fixture.
        return get_runner(
            request.getfixturevalue("anyio_backend_name"),
            request.getfixturevalue("anyio_backend_options"),
        )
    return nullcontext()

"""The handle a test holds while a mock is active. It stays thin: tests drive the fake through
boto3; the handle offers what boto3 cannot do (time, keys)."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING

from smstub._clock import Clock

if TYPE_CHECKING:
    from smstub._kms import KeyRegistry
    from smstub._store import Store

__all__ = ["SecretsManagerMock"]

DEFAULT_ACCOUNT = "123456789012"
_creating = threading.Lock()  # first requests may arrive from several threads at once


class SecretsManagerMock:
    """One activation of the fake Secrets Manager.

    Returned by ``with mock_secretsmanager() as sm`` and by the ``secretsmanager_mock`` fixture.
    Every activation starts empty.

    Attributes:
        account_id: the account that answers requests (``123456789012`` by default).
        clock: the fake's :class:`~smstub._clock.Clock`; ``sm.clock.advance(days=30)`` makes
            scheduled deletions fall due.
        kms: the in-process KMS key registry.
    """

    __slots__ = ("_store", "account_id", "clock", "default_region")

    def __init__(self, *, account_id: str = DEFAULT_ACCOUNT, region: str = "us-east-1") -> None:
        self.account_id = account_id
        # Used only when a request names no region (an endpoint_url without signing).
        self.default_region = region
        self.clock = Clock()
        self.clock.on_change(self._run_due)
        # Built on first use, so entering and leaving a mock that is never called stays cheap.
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        store = self._store
        if store is None:
            with _creating:
                store = self._store
                if store is None:
                    from smstub._store import Store

                    store = Store(self.account_id, self.clock, self.default_region, owner=self)
                    self._store = store
        return store

    @property
    def kms(self) -> KeyRegistry:
        return self.store.kms

    def reset(self) -> None:
        """Forget every secret and key; the clock keeps its offset."""
        self._store = None

    def _run_due(self, now: datetime) -> None:
        if self._store is not None:
            self._store.run_due(now)

    def __repr__(self) -> str:
        return f"<SecretsManagerMock account_id={self.account_id!r}>"

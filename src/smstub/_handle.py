"""The handle a test holds while a mock is active. It stays thin: tests drive the fake through
boto3; the handle offers what boto3 cannot do (time, keys)."""

from __future__ import annotations

from smstub._backend import Store
from smstub._clock import Clock
from smstub._kms import KeyRegistry

__all__ = ["SecretsManagerMock"]

DEFAULT_ACCOUNT = "123456789012"


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

    __slots__ = ("account_id", "default_region", "store")

    def __init__(self, *, account_id: str = DEFAULT_ACCOUNT, region: str = "us-east-1") -> None:
        self.account_id = account_id
        # Used only when a request names no region (an endpoint_url without signing).
        self.default_region = region
        self.store = Store(account_id, region=region)

    @property
    def clock(self) -> Clock:
        return self.store.clock

    @property
    def kms(self) -> KeyRegistry:
        return self.store.kms

    def reset(self) -> None:
        """Forget every secret and key; the clock keeps its offset."""
        clock = self.store.clock
        self.store = Store(self.account_id, clock, self.default_region)

    def __repr__(self) -> str:
        return f"<SecretsManagerMock account_id={self.account_id!r}>"

"""The handle a test holds while a mock is active. It stays thin: tests drive the fake through
boto3; the handle offers what boto3 cannot do (time, keys)."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING

from smstub._clock import Clock

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from smstub._kms import KeyRegistry
    from smstub._principals import PrincipalRegistry
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

    __slots__ = ("_principals", "_store", "account_id", "clock", "default_region", "enforce_access")

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = "us-east-1",
        enforce_access: bool = False,
    ) -> None:
        self.account_id = account_id
        # IAM-like access control (smstub._authorize); registered principals outlive reset().
        self.enforce_access = enforce_access
        self._principals: PrincipalRegistry | None = None
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
                    if self.enforce_access:
                        from smstub._access_control import authorizer_for

                        store.authorizer = authorizer_for(self)
                    self._store = store
        return store

    @property
    def kms(self) -> KeyRegistry:
        return self.store.kms

    def register_principal(
        self,
        *,
        principal_arn: str,
        identity_policies: Sequence[str | Mapping[str, object]] = (),
        account_id: str | None = None,
        access_key_id: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """Register an IAM user or role for ``enforce_access=True`` and return credentials for
        it: ``boto3.client("secretsmanager", **sm.register_principal(...))`` calls as it.

        ``identity_policies`` are policy documents (JSON text or dicts); ``account_id`` defaults
        to the ARN's; ``tags`` are the principal's tags (``aws:PrincipalTag/...``).
        """
        from smstub._access_control import register_principal

        return register_principal(
            self, principal_arn, identity_policies, account_id, access_key_id, tags
        )

    def attach_service_policy(
        self, secret_id: str, policy_name: str, document: str, *, region: str | None = None
    ) -> None:
        """Attach a resource policy named other than ``default``, as an AWS service would
        (ListResourcePolicies and GetResourcePolicy show it; access evaluation applies it)."""
        from smstub._access_control import attach_service_policy

        attach_service_policy(self, secret_id, policy_name, document, region)

    def reset(self) -> None:
        """Forget every secret and key; the clock keeps its offset."""
        self._store = None

    def _run_due(self, now: datetime) -> None:
        if self._store is not None:
            self._store.run_due(now)

    def __repr__(self) -> str:
        return f"<SecretsManagerMock account_id={self.account_id!r}>"

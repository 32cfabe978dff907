"""The handle a test holds while a mock is active. It stays thin: tests drive the fake through
boto3; the handle offers what boto3 cannot do (time, keys)."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import TYPE_CHECKING

from smstub._clock import Clock

if TYPE_CHECKING:
    from smstub._kms import KeyRegistry
    from smstub._lambda import RotationFunction, RotationFunctions
    from smstub._rotation_state import RotationFailure
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

    __slots__ = ("_functions", "_store", "account_id", "clock", "default_region", "id_seed")

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = "us-east-1",
        id_seed: int | None = None,
    ) -> None:
        self.account_id = account_id
        # Seeds the ARN suffix scheme (random per store when None).
        self.id_seed = id_seed
        # Used only when a request names no region (an endpoint_url without signing).
        self.default_region = region
        self.clock = Clock()
        self.clock.on_change(self._run_due)
        # Built on first use, so entering and leaving a mock that is never called stays cheap.
        self._store: Store | None = None
        # Made by the first register_rotation_function() call.
        self._functions: RotationFunctions | None = None

    @property
    def store(self) -> Store:
        store = self._store
        if store is None:
            with _creating:
                store = self._store
                if store is None:
                    from smstub._store import Store

                    store = Store(
                        self.account_id,
                        self.clock,
                        self.default_region,
                        owner=self,
                        id_seed=self.id_seed,
                    )
                    store.functions = self._functions
                    self._store = store
        return store

    @property
    def kms(self) -> KeyRegistry:
        return self.store.kms

    def reset(self) -> None:
        """Forget every secret and key; the clock keeps its offset, and registered rotation
        functions stay registered (like deployed Lambda functions, they are code, not Secrets
        Manager state)."""
        self._store = None

    def register_rotation_function(self, lambda_arn: str, fn: RotationFunction | str) -> None:
        """Answer rotations that name ``lambda_arn`` with ``fn(event, context)``.

        ``fn`` is called as Secrets Manager calls a rotation Lambda, once per step
        (``createSecret``, ``setSecret``, ``testSecret``, ``finishSecret``), with AWS's event;
        it may be a dotted path (``"package.module.lambda_handler"``), imported on first use.
        Its boto3 calls, from any thread, reach this mock. Works before the first request.

        >>> from smstub import mock_secretsmanager
        >>> with mock_secretsmanager() as sm:
        ...     steps = []
        ...     sm.register_rotation_function(
        ...         "arn:aws:lambda:us-east-1:123456789012:function:rotate",
        ...         lambda event, context: steps.append(event["Step"]),
        ...     )
        """
        functions = self._functions
        if functions is None:
            from smstub._lambda import RotationFunctions

            functions = self._functions = RotationFunctions()
            store = self._store
            if store is not None:
                store.functions = functions
        functions.register(lambda_arn, fn)

    @property
    def rotation_failures(self) -> list[RotationFailure]:
        """Rotations that did not complete, oldest first: each with ``secret_arn``,
        ``version_id``, ``step``, ``error`` (the exception) and ``traceback``. RotateSecret
        reports no error for a failing step, as on AWS; assert on this instead."""
        store = self._store
        return [] if store is None else store.rotation_failures

    def _run_due(self, now: datetime) -> None:
        if self._store is not None:
            self._store.run_due(now)

    def __repr__(self) -> str:
        return f"<SecretsManagerMock account_id={self.account_id!r}>"

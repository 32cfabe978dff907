"""The handle a test holds while a mock is active. It stays thin: tests drive the fake through
boto3; the handle offers what boto3 cannot do (time, keys)."""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from smstub._clock import Clock
from smstub._handle_tools import HandleTools, SeedSource, fit_to_model
from smstub.errors import SmstubError

if TYPE_CHECKING:
    from smstub._faults import FaultPlan
    from smstub._journal import CallJournal
    from smstub._kms import KeyRegistry
    from smstub._lambda import RotationFunction, RotationFunctions
    from smstub._principals import PrincipalRegistry
    from smstub._rotation_state import RotationFailure
    from smstub._seed import SeedDocument
    from smstub._store import Store

__all__ = ["SecretsManagerMock", "SeedSource"]

DEFAULT_ACCOUNT = "123456789012"
_creating = threading.Lock()  # first requests may arrive from several threads at once


class SecretsManagerMock(HandleTools):
    """One activation of the fake Secrets Manager.

    Returned by ``with mock_secretsmanager() as sm`` and by the ``secretsmanager_mock`` fixture.
    Every activation starts empty.

    Attributes:
        account_id: the account that answers requests (``123456789012`` by default).
        clock: the fake's :class:`~smstub._clock.Clock`; ``sm.clock.advance(days=30)`` makes
            scheduled deletions fall due.
        kms: the in-process KMS key registry.
    """

    __slots__ = (
        "_functions",
        "_principals",
        "_seed_doc",
        "_store",
        "account_id",
        "clock",
        "default_region",
        "enforce_access",
        "id_seed",
        "strict_seed",
    )

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = "us-east-1",
        id_seed: int | None = None,
        seed: SeedSource | None = None,
        strict: bool | int = False,
        record_calls: bool = False,
        enforce_access: bool = False,
    ) -> None:
        self.account_id = account_id
        # Seeds the ARN suffix scheme (random per store when None).
        self.id_seed = id_seed
        # IAM-like access control (smstub._authorize); registered principals outlive reset().
        self.enforce_access = enforce_access
        self._principals: PrincipalRegistry | None = None
        # Used only when a request names no region (an endpoint_url without signing).
        self.default_region = region
        self.clock = Clock()
        self.clock.on_change(self._run_due)
        # Built on first use, so entering and leaving a mock that is never called stays cheap.
        self._store: Store | None = None
        # A bad seed file fails at activation; the secrets are made with the store.
        self._seed_doc: SeedDocument | None = None
        if seed is not None:
            from smstub._seed_reader import read

            self._seed_doc = fit_to_model(read(seed))
        #: The seed of strict-contract mode (None when it is off): replays the same liberties.
        self.strict_seed = _strict_seed(strict)
        # The features of the request path live on the handle, so reset() keeps them.
        self._faults: FaultPlan | None = None
        self._journal: CallJournal | None = None
        if record_calls:
            self._journal = self._new_journal()
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
                    self._configure(store)
                    store.functions = self._functions
                    if self.enforce_access:
                        from smstub._access_control import authorizer_for

                        store.authorizer = authorizer_for(self)
                    self._store = store
        return store

    def _configure(self, store: Store) -> None:
        store.faults = self._faults
        store.journal = self._journal
        if self.strict_seed is not None:
            from smstub._strict import StrictContract

            store.strict = StrictContract(self.strict_seed, self.clock.now)
        if self._seed_doc is not None:
            from smstub._snapshot import load

            load(store, self._seed_doc, self.default_region)

    @property
    def kms(self) -> KeyRegistry:
        return self.store.kms

    def create_managed_secret(
        self,
        name: str,
        *,
        owning_service: str,
        secret_string: str | None = None,
        secret_binary: bytes | None = None,
        description: str | None = None,
        kms_key_id: str | None = None,
        tags: Mapping[str, str] | None = None,
        region: str | None = None,
    ) -> str:
        """Create a secret as another AWS service would (``owning_service="rds"``), and return
        its ARN. It shows ``OwningService``, the ``owning-service`` filter selects it, and
        PutSecretValue, UpdateSecret and UpdateSecretVersionStage refuse to change it, as AWS
        refuses changes to a secret another service manages. ``region`` defaults to the mock's.

        >>> import boto3
        >>> from smstub import mock_secretsmanager
        >>> with mock_secretsmanager() as sm:
        ...     arn = sm.create_managed_secret(
        ...         "rds!db-1", owning_service="rds", secret_string='{"password": "p"}'
        ...     )
        ...     client = boto3.client("secretsmanager", region_name="us-east-1")
        ...     client.describe_secret(SecretId=arn)["OwningService"]
        'rds'
        """
        from smstub import _aws_errors as err
        from smstub._managed import create_managed_secret
        from smstub._model import Tag
        from smstub.errors import InvalidSeedError

        store = self.store
        backend = store.backend(self.account_id, region or self.default_region)
        try:
            with store.lock:
                secret = create_managed_secret(
                    backend,
                    name,
                    owning_service,
                    secret_string=secret_string,
                    secret_binary=secret_binary,
                    description=description,
                    kms_key_id=kms_key_id,
                    tags=None if tags is None else [Tag(k, v) for k, v in tags.items()],
                )
        except err.ServiceError as error:
            raise InvalidSeedError(
                f"sm.create_managed_secret({name!r})", error.code, error.message
            ) from None
        return secret.arn

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
        """Forget every secret and key (back to the seed, if the mock was given one); the
        clock, planned faults, delays, the journal and registered rotation functions stay
        (like deployed Lambda functions, those are code, not Secrets Manager state)."""
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
        strict = "" if self.strict_seed is None else f" strict_seed={self.strict_seed}"
        return f"<SecretsManagerMock account_id={self.account_id!r}{strict}>"


def _strict_seed(strict: object) -> int | None:
    if strict is False:
        return None
    if strict is True:
        # Drawn from `random`, which pytest-randomly seeds per test: --randomly-seed replays it.
        return random.randrange(2**32)
    if isinstance(strict, int) and not isinstance(strict, bool) and strict >= 0:
        return strict
    raise SmstubError(f"strict= takes True, False or a seed (an int >= 0), not {strict!r}")

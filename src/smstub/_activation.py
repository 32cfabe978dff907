"""``mock_secretsmanager``: the context manager and decorators that switch the fake on.

The object ``mock_secretsmanager(...)`` returns holds configuration only. Each use (a ``with``
block, a call of a decorated function, one test method of a decorated class) makes its own fresh
:class:`SecretsManagerMock` and pushes it on the process-wide stack in ``_install``, so one
decorator instance can be reused, nested and called from several threads.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Any, TypeVar, overload

from smstub import _install
from smstub._classes import CONFIG, decorate_plain_class, decorate_testcase
from smstub._handle import DEFAULT_ACCOUNT, SecretsManagerMock, SeedSource, _strict_seed
from smstub._options import (
    DEFAULT_REGION,
    check_account_id,
    check_enforce_access,
    check_id_seed,
    check_region,
)
from smstub.errors import (
    NoActiveMockError,
    NotDecoratableError,
    PositionalOptionError,
    UnknownOptionError,
)

__all__ = ["MockSecretsManager", "current", "decorator_of", "mock_secretsmanager"]

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)
OPTIONS = ("account_id", "region", "id_seed", "seed", "strict", "record_calls", "enforce_access")


def current() -> SecretsManagerMock:
    """The handle of the mock that answers now, from any form of activation: the innermost if
    nested, or the one running deferred work (a rotation function) while it runs.

    >>> import smstub
    >>> @smstub.mock_secretsmanager
    ... def test_purge():
    ...     return smstub.current().account_id
    >>> test_purge()
    '123456789012'

    Raises:
        smstub.errors.NoActiveMockError: no mock is active.
    """
    mock = _install._answering()
    if mock is None:
        raise NoActiveMockError()
    return mock


# The activations each task entered with `async with`: concurrent tasks sharing one
# configuration object each leave their own (a task runs in its own copy of the context).
_async_entered: ContextVar[tuple[_Activation, ...]] = ContextVar("smstub_async_entered", default=())


class _Activation:
    """One activation: a fresh mock on the stack between enter and exit."""

    __slots__ = ("mock",)

    def __init__(self, config: MockSecretsManager) -> None:
        self.mock = SecretsManagerMock(**config.options())

    def __enter__(self) -> SecretsManagerMock:
        _install.activate(self.mock)
        return self.mock

    def __exit__(self, *exc: object) -> None:
        _install.deactivate(self.mock)


class MockSecretsManager:
    """Configuration for the fake; a context manager and a decorator.

    >>> import boto3
    >>> from smstub import mock_secretsmanager
    >>> with mock_secretsmanager() as sm:
    ...     client = boto3.client("secretsmanager", region_name="us-east-1")
    ...     _ = client.create_secret(Name="db", SecretString="hunter2")
    ...     client.get_secret_value(SecretId="db")["SecretString"]
    'hunter2'
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT,
        region: str = DEFAULT_REGION,
        id_seed: int | None = None,
        seed: SeedSource | None = None,
        strict: bool | int = False,
        record_calls: bool = False,
        enforce_access: bool = False,
    ) -> None:
        self.account_id = check_account_id(account_id)
        self.region = check_region(region)
        self.id_seed = check_id_seed(id_seed)
        self.seed = seed
        self.strict = strict
        self.record_calls = record_calls
        _strict_seed(strict)  # a wrong value fails here, not at each activation
        self.enforce_access = check_enforce_access(enforce_access)
        self._entered: list[_Activation] = []

    def options(self) -> dict[str, Any]:
        """The checked options, by name, as each activation's handle takes them."""
        return {name: getattr(self, name) for name in OPTIONS}

    # --- context manager ---------------------------------------------------------------------
    def __enter__(self) -> SecretsManagerMock:
        activation = _Activation(self)
        self._entered.append(activation)
        return activation.__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._entered.pop().__exit__(exc_type, exc, tb)

    async def __aenter__(self) -> SecretsManagerMock:
        """``async with mock_secretsmanager() as sm:``: active across every ``await`` inside."""
        activation = _Activation(self)
        self._entered.append(activation)
        _async_entered.set((*_async_entered.get(), activation))
        return activation.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        entered = _async_entered.get()
        for index in range(len(entered) - 1, -1, -1):
            activation = entered[index]
            if activation in self._entered:  # identity: _Activation has no __eq__
                _async_entered.set(entered[:index] + entered[index + 1 :])
                self._entered.remove(activation)
                break
        else:  # entered in another context (a framework that ran the exit elsewhere)
            activation = self._entered.pop()
        activation.__exit__(exc_type, exc, tb)

    # --- decorator ---------------------------------------------------------------------------
    @overload
    def __call__(self, target: C) -> C: ...
    @overload
    def __call__(self, target: F) -> F: ...
    def __call__(self, target: Any) -> Any:
        if isinstance(target, type):
            # A TestCase subclass implies unittest is imported; importing it here would cost
            # ~5 ms on every `import smstub`.
            unittest = sys.modules.get("unittest")
            if unittest is not None and issubclass(target, unittest.TestCase):
                return decorate_testcase(self, target, lambda: _Activation(self))
            return decorate_plain_class(self, target, lambda: _Activation(self))
        if not callable(target):
            raise NotDecoratableError(target)
        # Imported here: wrapt costs ~10 ms to import, which a `with` block never needs.
        from wrapt import FunctionWrapper

        if inspect.iscoroutinefunction(target):
            wrapper = FunctionWrapper(target, self._async_wrapper)
        else:
            wrapper = FunctionWrapper(target, self._sync_wrapper)
        # wrapt keeps `_self_` attributes on the wrapper; the pytest plugin reads it. (wrapt 2
        # is typed; wrapt 1, which aiobotocore 2.x pins, is not, so the ignore may be unused.)
        wrapper._self_smstub_config = self  # type: ignore[attr-defined, unused-ignore]
        return wrapper

    def _sync_wrapper(
        self, wrapped: Callable[..., Any], instance: object, args: Any, kwargs: Any
    ) -> Any:
        with _Activation(self):
            return wrapped(*args, **kwargs)

    def _async_wrapper(
        self, wrapped: Callable[..., Awaitable[Any]], instance: object, args: Any, kwargs: Any
    ) -> Any:
        async def run() -> Any:
            # The mock stays active across every await: activation is process-global.
            with _Activation(self):
                return await wrapped(*args, **kwargs)

        return run()

    def __repr__(self) -> str:
        seed = f", id_seed={self.id_seed!r}" if self.id_seed is not None else ""
        return f"mock_secretsmanager(account_id={self.account_id!r}, region={self.region!r}{seed})"


def decorator_of(container: object, name: str, cls: type | None) -> MockSecretsManager | None:
    """The ``@mock_secretsmanager`` on the test ``name`` of ``container`` (its module or class)
    or on its class ``cls``, for the pytest plugin; ``None`` when it is not decorated."""
    config = getattr(cls, CONFIG, None) if cls is not None else None
    if config is None:
        raw = inspect.getattr_static(container, name, None)
        config = getattr(raw, "_self" + CONFIG, None)
    return config if isinstance(config, MockSecretsManager) else None


@overload
def mock_secretsmanager(target: C, /) -> C: ...
@overload
def mock_secretsmanager(target: F, /) -> F: ...
@overload
def mock_secretsmanager(
    target: None = None,
    /,
    *,
    account_id: str = ...,
    region: str = ...,
    id_seed: int | None = ...,
    seed: SeedSource | None = ...,
    strict: bool | int = ...,
    record_calls: bool = ...,
    enforce_access: bool = ...,
    **unknown: object,
) -> MockSecretsManager: ...
def mock_secretsmanager(
    target: Any = None,
    /,
    *,
    account_id: str = DEFAULT_ACCOUNT,
    region: str = DEFAULT_REGION,
    id_seed: int | None = None,
    seed: SeedSource | None = None,
    strict: bool | int = False,
    record_calls: bool = False,
    enforce_access: bool = False,
    **unknown: object,
) -> Any:
    """Fake AWS Secrets Manager for boto3 while active.

    Use it as ``with mock_secretsmanager() as sm:``, as a bare decorator ``@mock_secretsmanager``
    or configured ``@mock_secretsmanager(account_id=...)``, on functions, ``async def`` functions,
    ``unittest.TestCase`` classes and plain pytest classes.

    Args:
        account_id: the account that owns the secrets (default ``123456789012``).
        region: the region assumed for a request whose URL and signature name none.
        id_seed: makes ARN suffixes the same in every activation with this seed; without it
            they differ in each activation, as AWS's random suffixes would.
        seed: a seed document (a mapping, or a JSON or YAML file) each activation starts from.
        strict: True, or a seed (int), for strict-contract mode: short pages, ListSecrets'
            eventual consistency and varied order, as AWS's documentation allows.
        record_calls: record ``sm.calls`` from activation rather than from its first use.
        enforce_access: evaluate IAM's rules for each call: the caller is the principal
            registered (``sm.register_principal``) for the client's access key; the default
            fake credentials act as the account's root user. Off by default: all is allowed.
    """
    if unknown:
        raise UnknownOptionError(list(unknown), list(OPTIONS))
    if target is not None and not callable(target):
        raise PositionalOptionError(target)
    config = MockSecretsManager(
        account_id=account_id,
        region=region,
        id_seed=id_seed,
        seed=seed,
        strict=strict,
        record_calls=record_calls,
        enforce_access=enforce_access,
    )
    if target is None:
        return config
    return config(target)

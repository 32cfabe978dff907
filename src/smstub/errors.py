"""Errors raised for mistakes in using smstub itself.

AWS behaviour never arrives as one of these: it travels over the wire and boto3 raises it as
``client.exceptions.<Code>``, exactly as against AWS. Every message starts with ``smstub:`` and
says what to do next.
"""

from __future__ import annotations

__all__ = [
    "ClassSetupError",
    "ConcurrentActivationError",
    "ConflictingActivationError",
    "InvalidOptionError",
    "InvalidSeedError",
    "NoActiveMockError",
    "NotDecoratableError",
    "PolicyError",
    "PositionalOptionError",
    "SmstubError",
    "UnknownOptionError",
    "UnsupportedMemberError",
    "UnsupportedOperationError",
]


class SmstubError(Exception):
    """Base class for every error smstub raises about its own use."""

    def __init__(self, message: str) -> None:
        super().__init__(f"smstub: {message}")


class UnknownOptionError(SmstubError, TypeError):
    """``mock_secretsmanager`` (or the pytest marker) got an option it does not know."""

    def __init__(self, unknown: list[str], known: list[str]) -> None:
        super().__init__(
            f"unknown option(s) {', '.join(sorted(unknown))}; "
            f"mock_secretsmanager accepts: {', '.join(known)}"
        )


class PositionalOptionError(SmstubError, TypeError):
    """``mock_secretsmanager`` got an option as a positional argument."""

    def __init__(self, value: object) -> None:
        super().__init__(
            f"mock_secretsmanager options are keyword-only, e.g. "
            f"mock_secretsmanager(account_id='111122223333'); got the positional argument {value!r}"
        )


class InvalidOptionError(SmstubError, ValueError):
    """An option of ``mock_secretsmanager`` (or the pytest marker) has a value AWS never has."""


class NoActiveMockError(SmstubError, LookupError):
    """``smstub.current()`` was called while no mock is active."""

    def __init__(self) -> None:
        super().__init__(
            "smstub.current() was called while no mock_secretsmanager is active; call it inside "
            "`with mock_secretsmanager():`, a function or class decorated with "
            "@mock_secretsmanager, or a test that uses the secretsmanager_mock fixture or marker"
        )


class ConflictingActivationError(SmstubError, RuntimeError):
    """A test combines two forms of activation (decorator with the pytest fixture or marker)."""

    def __init__(self, test: str, uses: str) -> None:
        super().__init__(
            f"{test} is decorated with @mock_secretsmanager and also uses {uses}; each starts a "
            "mock of its own, and the outer one's handle (its clock, its kms) would have no "
            "effect on the test. Use one: the decorator (reach its handle with smstub.current()) "
            "or the secretsmanager_mock fixture and marker (the fixture yields the handle)"
        )


class ConcurrentActivationError(SmstubError, RuntimeError):
    """Two concurrent asyncio tasks entered mocks of their own, which would mix their state."""

    def __init__(self, task: str, other: str) -> None:
        super().__init__(
            f"asyncio task {task} entered mock_secretsmanager() while task {other} is inside "
            "its own; the active mock is process-wide (so that worker threads see it), so "
            "concurrent tasks would share one mock and see each other's secrets. Enter one mock "
            "around all the tasks (e.g. around asyncio.gather) or run them one after another"
        )


class ClassSetupError(SmstubError, RuntimeError):
    """A decorated class's class-level set-up or tear-down called Secrets Manager."""

    def __init__(self, cls: str, method: str, instead: str) -> None:
        lost = (
            "the tests would not see what it made"
            if instead.lower().startswith("setup")
            else ("it would not see what the tests made")
        )
        super().__init__(
            f"{cls}.{method} called Secrets Manager under @mock_secretsmanager, but each test "
            f"method runs in its own fresh mock, so {lost}; do it in {instead}, or in a fixture "
            "that depends on secretsmanager_mock"
        )


class NotDecoratableError(SmstubError, TypeError):
    """``@mock_secretsmanager`` was applied to something that is not a function or class."""

    def __init__(self, target: object) -> None:
        super().__init__(
            f"@mock_secretsmanager can decorate a function, a coroutine function or a class, "
            f"not {type(target).__name__}; "
            "use `with mock_secretsmanager():` around the code instead"
        )


class UnsupportedOperationError(SmstubError, NotImplementedError):
    """The installed botocore knows an operation that this smstub does not answer yet."""

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"Secrets Manager operation {operation} is not answered by this version of smstub; "
            "the request was refused so that it cannot reach AWS. Upgrade smstub or file an issue."
        )


class UnsupportedMemberError(SmstubError, NotImplementedError):
    """A request carries a member that this smstub does not act on yet."""

    def __init__(self, operation: str, member: str) -> None:
        super().__init__(
            f"{operation} request member {member} is not supported by this version of smstub "
            "yet; the request was refused rather than answered as if the member were absent. "
            f"Leave {member} out, or upgrade smstub."
        )


class InvalidSeedError(SmstubError, ValueError):
    """State put in through the handle (``sm.create_managed_secret``) that AWS would refuse."""

    def __init__(self, what: str, code: str, message: str) -> None:
        super().__init__(
            f"{what} was refused as AWS would refuse it: {code}: {message or '(no message)'}"
        )


class PolicyError(SmstubError, ValueError):
    """A policy handed to smstub itself (``sm.register_principal``, ``sm.kms.create_key``) is
    not a valid IAM policy document."""

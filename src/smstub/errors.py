"""Errors raised for mistakes in using smstub itself.

AWS behaviour never arrives as one of these: it travels over the wire and boto3 raises it as
``client.exceptions.<Code>``, exactly as against AWS. Every message starts with ``smstub:`` and
says what to do next.
"""

from __future__ import annotations

__all__ = [
    "NotDecoratableError",
    "NotInterceptedError",
    "PolicyError",
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


class NotInterceptedError(SmstubError, RuntimeError):
    """A Secrets Manager request could not be answered while a mock was active."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"a Secrets Manager request was refused while mock_secretsmanager is active "
            f"({reason}); no request leaves the process while a mock is active."
        )


class PolicyError(SmstubError, ValueError):
    """A policy handed to smstub itself (``sm.register_principal``, ``sm.kms.create_key``) is
    not a valid IAM policy document."""

"""The call journal: ``sm.calls``, every answered call in order.

Each record holds the operation, the parameters as sent and the outcome (the result, or the
error code and message), with every member the service model marks ``sensitive`` (secret
values, random passwords, rotation tokens) replaced before the record is kept, so no value is
ever held by the journal. Which members are sensitive comes from the model, through the
``redact`` function the wire layer provides; this module knows no model and no botocore.

The dispatch core calls the journal once per answered call as
``store.journal(spec, params, backend, caller, outcome)``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, overload

from smstub import _aws_errors as err

__all__ = ["Call", "CallJournal"]

# (operation, "input" | "output", data) -> data with sensitive members replaced.
Redactor = Callable[[str, str, dict[str, Any]], dict[str, Any]]


@dataclass(slots=True, frozen=True)
class Call:
    """One answered call. ``result`` is None when the call failed; ``error`` then holds the AWS
    error code (``error_message`` its message)."""

    operation: str
    params: dict[str, Any]
    region: str
    account: str
    caller: str | None  # the caller's principal ARN or access key id, when known
    time: datetime  # on the mock's clock
    result: dict[str, Any] | None = None
    error: str | None = None
    error_message: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def describe(self) -> str:
        args = ", ".join(f"{name}={value!r}" for name, value in self.params.items())
        outcome = "ok" if self.error is None else self.error
        return f"{self.operation}({args}) -> {outcome}"


class CallJournal(Sequence[Call]):
    """The answered calls of one mock, oldest first; a read-only sequence of :class:`Call`.

    >>> import boto3
    >>> from smstub import mock_secretsmanager
    >>> with mock_secretsmanager(record_calls=True) as sm:
    ...     client = boto3.client("secretsmanager", region_name="us-east-1")
    ...     _ = client.create_secret(Name="db", SecretString="hunter2")
    ...     sm.calls.assert_called("CreateSecret", Name="db").params["SecretString"]
    '<redacted>'
    """

    def __init__(self, redact: Redactor, now: Callable[[], datetime]) -> None:
        self._redact = redact
        self._now = now
        self._calls: list[Call] = []
        self._lock = threading.Lock()
        # Calls answered before recording started (the first read of sm.calls).
        self.missed = 0

    # --- the dispatch hook ------------------------------------------------------------------
    def __call__(
        self, spec: Any, params: dict[str, Any], backend: Any, caller: Any, outcome: object
    ) -> None:
        operation: str = spec.name
        who = None if caller is None else (caller.arn or caller.access_key_id)
        shown = self._redact(operation, "input", params)
        where = (operation, shown, backend.region, backend.account, who, self._now())
        if isinstance(outcome, err.ServiceError):
            call = Call(*where, error=outcome.code, error_message=outcome.message)
        else:
            result = outcome if isinstance(outcome, dict) else {}
            call = Call(*where, result=self._redact(operation, "output", result))
        with self._lock:
            self._calls.append(call)

    # --- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._calls)

    @overload
    def __getitem__(self, index: int) -> Call: ...
    @overload
    def __getitem__(self, index: slice) -> list[Call]: ...
    def __getitem__(self, index: int | slice) -> Call | list[Call]:
        with self._lock:
            return self._calls[index]

    def __iter__(self) -> Iterator[Call]:
        with self._lock:
            return iter(list(self._calls))

    def of(self, operation: str) -> list[Call]:
        """The calls of ``operation``, oldest first."""
        return [call for call in self if call.operation == operation]

    def clear(self) -> None:
        """Forget the calls recorded so far."""
        with self._lock:
            self._calls.clear()

    def assert_called(self, operation: str, /, **params: Any) -> Call:
        """The first call of ``operation`` whose parameters include ``params``; AssertionError
        listing every call made when there is none."""
        for call in self:
            if call.operation == operation and _includes(call.params, params):
                return call
        wanted = ", ".join(f"{name}={value!r}" for name, value in params.items())
        raise AssertionError(
            f"smstub: no {operation}({wanted}) call was answered; calls made:\n{self._listing()}"
            + self._missed_note()
        )

    def assert_not_called(self, operation: str, /, **params: Any) -> None:
        """AssertionError if some call of ``operation`` had parameters including ``params``, or
        if calls were answered before recording started (they might have been such calls)."""
        if self.missed:
            raise AssertionError(
                f"smstub: cannot tell whether {operation} was called:" + self._missed_note()
            )
        for call in self:
            if call.operation == operation and _includes(call.params, params):
                raise AssertionError(
                    f"smstub: {call.describe()} was answered; calls made:\n{self._listing()}"
                )

    def _missed_note(self) -> str:
        if not self.missed:
            return ""
        return (
            f"\n{self.missed} earlier call(s) were answered before sm.calls was first read, when "
            "the journal started recording, and are not listed; pass record_calls=True to "
            "mock_secretsmanager (or the marker) to record from activation"
        )

    def _listing(self) -> str:
        calls = list(self)
        if not calls:
            return "  (none)"
        return "\n".join(f"  {index}. {call.describe()}" for index, call in enumerate(calls, 1))

    def __repr__(self) -> str:
        calls = list(self)
        shown = "; ".join(call.describe() for call in calls)
        return (
            f"<smstub CallJournal {len(calls)} calls: {shown}>"
            if calls
            else ("<smstub CallJournal no calls>")
        )


def _includes(actual: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(name in actual and actual[name] == value for name, value in wanted.items())

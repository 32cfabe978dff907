"""Planned faults and latency: ``sm.fail_next(...)`` and ``sm.delay(...)``.

A planned fault answers the next matching calls with an AWS error instead of running the
operation: the JSON 1.1 error body AWS sends and AWS's HTTP status, so botocore's retry modes
(legacy, standard, adaptive) classify and retry it exactly as they do against AWS. A failed call
changes no state, as a throttled or failed call to AWS does not.

Statuses and messages, and where they come from:

- ``ThrottlingException``: HTTP 400 (AWS "Common Errors" of the Secrets Manager API reference);
  message ``Rate exceeded`` as Secrets Manager sends it (external-secrets/external-secrets#4065:
  "ThrottlingException: Rate exceeded, status code: 400").
- ``InternalServiceError``: HTTP 500 with the text the Common Errors page gives ("An error
  occurred on the server side."); the page's Markdown source says 500, its rendered HTML 400.
  500 is also what makes every retry mode treat it as transient. Runtime wording
  UNVERIFIED[fault-texts].
- ``InternalFailure``: HTTP 500; ``ServiceUnavailable``: HTTP 503 (Common Errors; the
  documentation's sentences are used as messages, runtime wording unverified: see above).
- ``RequestTimeout``: HTTP 400 and message UNVERIFIED[request-timeout] (not in the Secrets
  Manager reference; S3 documents this code with 400). botocore's standard and adaptive
  modes retry it by code; legacy mode does not.
- Any other code: its modeled status when it is one of Secrets Manager's modeled errors (400),
  else 400, unless ``status=`` says otherwise.

No botocore here: the dispatch core calls the plan as ``store.faults(spec, params, backend)``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from smstub import _aws_errors as err
from smstub.errors import SmstubError

__all__ = ["KNOWN_FAULTS", "FaultPlan", "PlannedFault", "fault_error"]

KNOWN_FAULTS: dict[str, tuple[int, str]] = {
    "ThrottlingException": (400, "Rate exceeded"),
    "InternalServiceError": (500, "An error occurred on the server side."),
    "InternalFailure": (
        500,
        "The request processing has failed because of an unknown error, exception or failure.",
    ),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure of the server."),
    "RequestTimeout": (400, "The request timed out."),  # see request-timeout above
}
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.]{0,127}\Z")
_classes: dict[tuple[str, int], type[err.ServiceError]] = {}
_classes_lock = threading.Lock()


def fault_error(
    code: str, status: int | None = None, message: str | None = None
) -> err.ServiceError:
    """The ServiceError that goes over the wire as AWS's ``code`` with ``status``."""
    known_status, known_message = KNOWN_FAULTS.get(code, (None, None))
    modeled = getattr(err, code, None)
    if not (isinstance(modeled, type) and issubclass(modeled, err.ServiceError)):
        modeled = None
    if status is None:
        status = known_status or (modeled.status if modeled is not None else 400)
    if message is None:
        message = known_message or (modeled.default_message if modeled is not None else "")
    if modeled is not None and modeled.status == status:
        return modeled(message)
    with _classes_lock:
        cls = _classes.get((code, status))
        if cls is None:
            # A class per (code, status): ServiceError's subclasses take their name as the code.
            cls = _classes[(code, status)] = type(code, (err.ServiceError,), {"status": status})
    return cls(message)


@dataclass(slots=True)
class PlannedFault:
    """One ``fail_next`` entry: answer ``remaining`` more matching calls with this error."""

    operation: str
    code: str
    status: int | None
    message: str | None
    secret_id: str | None
    remaining: int

    def describe(self) -> str:
        target = "" if self.secret_id is None else f" for {self.secret_id!r}"
        return f"{self.operation}{target} -> {self.code} ({self.remaining} left)"


class FaultPlan:
    """The faults and delays planned for one mock, consumed in the order they were planned."""

    __slots__ = ("_delays", "_lock", "_planned")

    def __init__(self) -> None:
        self._planned: list[PlannedFault] = []
        self._delays: dict[str, float] = {}
        self._lock = threading.Lock()

    # --- planning (the handle validates operation names against the model) ------------------
    def fail_next(
        self,
        operation: str,
        error_code: str,
        *,
        times: int = 1,
        message: str | None = None,
        status: int | None = None,
        secret_id: str | None = None,
    ) -> PlannedFault:
        if not isinstance(error_code, str) or _CODE.match(error_code) is None:
            raise SmstubError(
                f"fail_next: error_code must be an AWS error code such as 'ThrottlingException', "
                f"not {error_code!r}"
            )
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise SmstubError(f"fail_next: times must be a positive int, not {times!r}")
        if status is not None and (
            isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599
        ):
            raise SmstubError(
                f"fail_next: status must be an HTTP error status (400-599), not {status!r}"
            )
        if message is not None and not isinstance(message, str):
            raise SmstubError(f"fail_next: message must be a str, not {type(message).__name__}")
        if secret_id is not None and not isinstance(secret_id, str):
            raise SmstubError(f"fail_next: secret_id must be a str, not {type(secret_id).__name__}")
        fault = PlannedFault(operation, error_code, status, message, secret_id, times)
        with self._lock:
            self._planned.append(fault)
        return fault

    def delay(self, operation: str, seconds: float) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise SmstubError(f"delay: seconds must be a number >= 0, not {seconds!r}")
        with self._lock:
            if seconds == 0:
                self._delays.pop(operation, None)
            else:
                self._delays[operation] = float(seconds)

    def clear(self) -> None:
        with self._lock:
            self._planned.clear()
            self._delays.clear()

    @property
    def pending(self) -> list[PlannedFault]:
        with self._lock:
            return list(self._planned)

    def delay_for(self, operation: str) -> float:
        """Seconds of latency planned for ``operation`` (0.0 when none)."""
        return self._delays.get(operation, 0.0)

    # --- the dispatch hook ------------------------------------------------------------------
    def __call__(self, spec: Any, params: dict[str, Any], backend: Any) -> None:
        """Raise the planned error if one matches this call (``spec``: the Operation), after
        the call's planned latency has passed on the mock's clock."""
        operation: str = spec.name
        seconds = self._delays.get(operation)
        if seconds:
            # On the mock's clock: nothing sleeps, due work runs, dates show the time passed.
            # An async transport may await a real pause of delay_for(operation) itself first.
            backend.store.clock.advance(seconds=seconds)
        if not self._planned:
            return
        named = _named_secrets(spec, params)
        with self._lock:
            for index, fault in enumerate(self._planned):
                if fault.operation != operation:
                    continue
                if fault.secret_id is not None and not _matches(backend, fault.secret_id, named):
                    continue
                fault.remaining -= 1
                if fault.remaining <= 0:
                    del self._planned[index]
                break
            else:
                return
        raise fault_error(fault.code, fault.status, fault.message)

    def __repr__(self) -> str:
        planned = ", ".join(f.describe() for f in self.pending) or "no faults"
        return f"<smstub FaultPlan {planned}; delays={self._delays}>"


def _named_secrets(spec: Any, params: dict[str, Any]) -> list[str]:
    names: list[str] = []
    resource = getattr(spec, "resource", None)
    if resource is not None and isinstance(params.get(resource), str):
        names.append(params[resource])
    listed = params.get("SecretIdList")
    if isinstance(listed, list):
        names.extend(item for item in listed if isinstance(item, str))
    return names


def _matches(backend: Any, wanted: str, named: Iterable[str]) -> bool:
    """Whether a request naming ``named`` names the secret ``wanted`` (name, or full or partial
    ARN, as a SecretId may)."""
    named = list(named)
    if wanted in named:
        return True
    target = _lookup(backend, wanted)
    return target is not None and any(_lookup(backend, given) is target for given in named)


def _lookup(backend: Any, secret_id: str) -> object | None:
    try:
        with backend.store.lock:
            found: object | None = backend._resolve(secret_id)
    except err.ServiceError:  # not a well-formed id: it can name no secret
        return None
    return found

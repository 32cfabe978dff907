"""The only module that patches anything: hook registration, the active stack, credentials and
the network guard.

Active state is process-global behind a lock (not a ContextVar) so that SDK calls from worker
threads see the fake too.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import TYPE_CHECKING, Any

from smstub import _pins
from smstub._endpoints import ACCESS_KEY_HEADER, HOST_REGION

if TYPE_CHECKING:
    from botocore.awsrequest import AWSPreparedRequest, AWSResponse

    from smstub._handle import SecretsManagerMock

__all__ = ["activate", "active", "deactivate"]

EVENT = "before-send.secrets-manager"
UNIQUE_ID = "smstub-before-send"

# The fake credentials present in the environment while a mock is active, so that a mistake can
# never sign a request for a real account.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "ASIASMSTUBFAKEKEY000",
    "AWS_SECRET_ACCESS_KEY": "smstub-fake-secret-access-key",
}
_CLEARED = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")

_lock = threading.Lock()
# Each activation: its mock, the environment it replaced, and the asyncio task that entered it.
_stack: list[tuple[SecretsManagerMock, dict[str, str | None], _Owner]] = []
_active: SecretsManagerMock | None = None  # the innermost mock, read without the lock
_installed = False


def active() -> SecretsManagerMock | None:
    return _active


def _answering() -> SecretsManagerMock | None:
    """The mock that answers now: a pinned one (running deferred or due work), else the
    innermost active one."""
    pins = _pins.stack
    if pins:
        return pins[-1]  # type: ignore[return-value]
    return _active


def activate(mock: SecretsManagerMock) -> None:
    global _active
    owner = _Owner()
    with _lock:
        if _stack:
            owner.refuse_beside(_stack[-1][2])
        _install_once()
        saved = {name: os.environ.get(name) for name in (*FAKE_CREDENTIALS, *_CLEARED)}
        os.environ.update(FAKE_CREDENTIALS)
        for name in _CLEARED:
            os.environ.pop(name, None)
        _stack.append((mock, saved, owner))
        _active = mock


def deactivate(mock: SecretsManagerMock) -> None:
    global _active
    with _lock:
        for index in range(len(_stack) - 1, -1, -1):
            if _stack[index][0] is mock:
                break
        else:
            return
        _, saved, _ = _stack.pop(index)
        if index < len(_stack):
            # An outer activation ended before one started inside it (concurrent asyncio tasks):
            # the inner one stays active with the fake credentials in place, and restores what
            # the outer one saved when it ends, so the environment still comes back exactly.
            inner, _, owner = _stack[index]
            _stack[index] = (inner, saved, owner)
        else:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        _active = _stack[-1][0] if _stack else None


class _Owner:
    """Who entered an activation: a thread, and the asyncio task running in it if any."""

    __slots__ = ("task", "thread")

    def __init__(self) -> None:
        self.thread = threading.get_ident()
        self.task: Any = None
        asyncio = sys.modules.get("asyncio")  # no task can run unless asyncio is imported
        if asyncio is not None:
            with contextlib.suppress(RuntimeError):  # no running event loop in this thread
                self.task = asyncio.current_task()

    def refuse_beside(self, inner: _Owner) -> None:
        """Refuse to stack on an activation that another live task of this thread entered:
        the two tasks run interleaved, so each would answer the other's requests. Code outside
        any task cannot interleave (it blocks the loop until it leaves), and threads are not
        refused: a worker thread must see the mock that its starter entered."""
        mine, other = self.task, inner.task
        if (
            mine is not None
            and other is not None
            and other is not mine
            and inner.thread == self.thread
            and not other.done()
        ):
            from smstub.errors import ConcurrentActivationError

            raise ConcurrentActivationError(repr(mine.get_name()), repr(other.get_name()))


def before_send(request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
    """botocore's ``before-send.secrets-manager`` handler: answer while a mock is active."""
    mock = _answering()
    if mock is None:
        return None
    return _answer(mock, request)


def _answer(mock: SecretsManagerMock, request: AWSPreparedRequest) -> AWSResponse:
    from smstub._hook import NO_OPERATION, operation_of, respond

    # A Secrets Manager endpoint answers a request with no target, or another service's, as
    # it answers an unknown operation.
    return respond(mock, request, operation_of(request) or NO_OPERATION)


def _install_once() -> None:
    """Reach every client: sessions made from now on, and (through the endpoint and signer)
    clients and sessions that existed before smstub was imported."""
    global _installed
    if _installed:
        return
    from botocore import handlers
    from botocore.endpoint import Endpoint
    from botocore.signers import RequestSigner

    if (EVENT, before_send) not in handlers.BUILTIN_HANDLERS:
        handlers.BUILTIN_HANDLERS.append((EVENT, before_send))
    _register_on_existing_default_session()

    original_send = Endpoint._send  # type: ignore[attr-defined]

    def _send(self: Endpoint, request: AWSPreparedRequest) -> Any:
        # Network guard: a Secrets Manager request from a client that never got our before-send
        # handler is answered here instead of leaving the process.
        mock = _answering()
        if mock is not None:
            from smstub._hook import operation_of

            if (
                getattr(self, "_endpoint_prefix", None) == "secretsmanager"
                or operation_of(request) is not None
            ):
                return _answer(mock, request)
        return original_send(self, request)

    original_sign = RequestSigner.sign

    def sign(self: RequestSigner, operation_name: str, request: Any, *args: Any, **kw: Any) -> Any:
        # A stubbed request never reaches AWS, so it is not signed: signing is a third of
        # botocore's per-call cost, refreshing credentials could itself call AWS (STS, SSO),
        # and a client made before activation may have no credentials at all. Requests to a
        # custom endpoint_url are still signed: their credential scope names the region.
        if (
            (_active is not None or _pins.stack)
            and getattr(self, "_signing_name", None) == "secretsmanager"
            and (HOST_REGION.match(request.url) or getattr(self, "_credentials", None) is None)
        ):
            mock = _answering()
            if mock is not None and mock.enforce_access:
                _tag_access_key(self, request)
            return None
        return original_sign(self, operation_name, request, *args, **kw)

    Endpoint._send = _send  # type: ignore[attr-defined]
    RequestSigner.sign = sign  # type: ignore[method-assign]
    _installed = True


def _tag_access_key(signer: Any, request: Any) -> None:
    """Carry the access key of the client's credentials to the hook (``enforce_access``), read
    as stored: never through RefreshableCredentials' ``access_key``, which may refresh them."""
    state = getattr(getattr(signer, "_credentials", None), "__dict__", None) or {}
    key = state.get("_access_key") or state.get("access_key")
    if isinstance(key, str):
        request.headers[ACCESS_KEY_HEADER] = key


def _register_on_existing_default_session() -> None:
    import sys

    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        session.events.register(EVENT, before_send, unique_id=UNIQUE_ID)

"""The only module that patches anything: hook registration, the active stack, credentials and
the network guard, for botocore and (once it is imported) aiobotocore.

Active state is process-global behind a lock (not a ContextVar) so that SDK calls from worker
threads see the fake too.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from smstub import _pins
from smstub._endpoints import ACCESS_KEY_HEADER, host_region

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
        if _aio_pending:
            _patch_aiobotocore()
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
        if not _stack:
            _forget_read_values()


def _forget_read_values() -> None:
    """The last activation ended: the domain's read caches (opened data keys, contexts and
    the secrets they hold) go with it, so no module state can open a value after its mock.
    Only modules already imported are asked: leaving a mock imports nothing."""
    for name in ("smstub._crypto", "smstub._sealing"):
        module = sys.modules.get(name)
        if module is not None:
            module.forget()


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


_hook: ModuleType | None = None  # smstub._hook, imported by the first answer, not at import


def _hook_module() -> ModuleType:
    global _hook
    if _hook is None:
        from smstub import _hook as module

        _hook = module
    return _hook


def _answer(mock: SecretsManagerMock, request: AWSPreparedRequest) -> AWSResponse:
    hook = _hook_module()
    # A Secrets Manager endpoint answers a request with no target, or another service's, as
    # it answers an unknown operation.
    return hook.respond(mock, request, hook.operation_of(request) or hook.NO_OPERATION)  # type: ignore[no-any-return]


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
        answer = _guarded(self, request)
        return original_send(self, request) if answer is None else answer

    original_sign = RequestSigner.sign

    def sign(self: RequestSigner, operation_name: str, request: Any, *args: Any, **kw: Any) -> Any:
        if _unsigned(self, request):
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


def _guarded(endpoint: Any, request: AWSPreparedRequest) -> AWSResponse | None:
    """The network guard: the answer to a Secrets Manager request that reached an endpoint's
    ``_send`` (its client never got our before-send handler), or None to let it go on. Any
    request to a Secrets Manager endpoint is answered, one naming no operation included."""
    mock = _answering()
    if mock is None:
        return None
    if (
        getattr(endpoint, "_endpoint_prefix", None) == "secretsmanager"
        or _hook_module().operation_of(request) is not None
    ):
        return _answer(mock, request)
    return None


def _unsigned(signer: Any, request: Any) -> bool:
    """Whether ``signer`` leaves ``request`` unsigned.

    A stubbed request never reaches AWS, so it is not signed: signing is a third of botocore's
    per-call cost, refreshing credentials could itself call AWS (STS, SSO), and a client made
    before activation may have no credentials at all. Requests to a custom endpoint_url are still
    signed: their credential scope names the region.
    """
    if not (
        (_active is not None or _pins.stack)
        and getattr(signer, "_signing_name", None) == "secretsmanager"
        and (host_region(request.url) or getattr(signer, "_credentials", None) is None)
    ):
        return False
    mock = _answering()
    if mock is not None and mock.enforce_access:
        _tag_access_key(signer, request)
    return True


# --- aiobotocore ---------------------------------------------------------------------------------
# AioEndpoint._send and AioRequestSigner.sign override the methods patched above, so async clients
# need their own patches. They are applied at activation when aiobotocore is already imported, or
# right after its modules are imported (a finder on sys.meta_path, present only from the first
# activation until then), so neither `import smstub` nor a process without aiobotocore pays.


def _patch_aio_endpoint(module: ModuleType) -> bool:
    cls = getattr(module, "AioEndpoint", None)
    if cls is None:  # still executing, in another thread: its import will patch it
        return False
    original_send = cls._send

    async def _send(self: Any, request: AWSPreparedRequest) -> Any:
        answer = _guarded(self, request)
        return await original_send(self, request) if answer is None else answer

    cls._send = _send
    return True


def _patch_aio_signer(module: ModuleType) -> bool:
    cls = getattr(module, "AioRequestSigner", None)
    if cls is None:
        return False
    original_sign = cls.sign

    async def sign(self: Any, operation_name: str, request: Any, *args: Any, **kw: Any) -> Any:
        if _unsigned(self, request):
            return None
        return await original_sign(self, operation_name, request, *args, **kw)

    cls.sign = sign
    return True


_AIO_PATCHES: dict[str, Callable[[ModuleType], bool]] = {
    "aiobotocore.endpoint": _patch_aio_endpoint,
    "aiobotocore.signers": _patch_aio_signer,
}
_aio_pending = set(_AIO_PATCHES)  # the modules not patched yet
_aio_lock = threading.Lock()


def _patch_aiobotocore() -> None:
    """Patch those of aiobotocore's modules that are imported; watch imports for the rest."""
    with _aio_lock:
        for name in sorted(_aio_pending):
            module = sys.modules.get(name)
            if module is not None and _AIO_PATCHES[name](module):
                _aio_pending.discard(name)
        if not _aio_pending:
            if _WATCHER in sys.meta_path:
                sys.meta_path.remove(_WATCHER)
        elif _WATCHER not in sys.meta_path:
            sys.meta_path.insert(0, _WATCHER)


class _Watcher:
    """A ``sys.meta_path`` finder that finds nothing itself: for the aiobotocore modules still to
    patch, it asks the other finders and wraps the loader, so the patch follows the import."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name not in _aio_pending:
            return None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                if hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchAfterExec(spec.loader)
                return spec
        return None


class _PatchAfterExec:
    """A module's own loader, then the patch."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # The module keeps its real loader.
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        _patch_aiobotocore()


_WATCHER = _Watcher()


def _register_on_existing_default_session() -> None:
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        session.events.register(EVENT, before_send, unique_id=UNIQUE_ID)

"""The dispatch core: one request, from decoded parameters to the result, through every
cross-cutting concern in one place.

    due work -> target (account, region) -> planned faults -> authorization
      -> the handler under the store lock -> deferred work, outside the lock -> journal

Each concern that a feature switches on is a hook on the store (``store.faults``,
``store.authorizer``, ``store.journal``); while it is None it costs one attribute check.
Handlers that must run user code (a rotation function) return :class:`Deferred`: the lock is
released first, and the answering mock is pinned while the work runs, so calls the user code
makes, from any thread, reach this mock.

No botocore here: the hook layer decodes and encodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smstub import _aws_errors as err
from smstub import _pins
from smstub._request import Caller, Deferred
from smstub.errors import UnsupportedMemberError

if TYPE_CHECKING:
    from smstub._operations import Operation, Result
    from smstub._store import Store

__all__ = ["Caller", "Deferred", "dispatch"]


def dispatch(
    store: Store,
    spec: Operation,
    params: dict[str, Any],
    region: str,
    caller: Caller | None = None,
) -> Result:
    """The result of one request, or the ServiceError AWS would answer."""
    if spec.refused and not spec.refused.isdisjoint(params):
        member = min(spec.refused.intersection(params))
        raise UnsupportedMemberError(spec.name, member)
    if store.timeline.next_due() is not None:
        store.run_due()
    account = store.account_id if caller is None else caller.account
    resource = spec.resource
    if resource is None:
        backend = store.backend(account, region)
    else:
        backend = store.target(params.get(resource), account, region)
    journal = store.journal
    if journal is None:
        # Counted so that a journal started late (on the first read of sm.calls) can say how
        # many calls it never saw, instead of letting assert_not_called pass on them.
        store.unrecorded += 1
        return _answer(store, spec, params, backend, caller)
    try:
        result = _answer(store, spec, params, backend, caller)
    except err.ServiceError as error:
        journal(spec, params, backend, caller, error)
        raise
    journal(spec, params, backend, caller, result)
    return result


def _answer(
    store: Store, spec: Operation, params: dict[str, Any], backend: Any, caller: Caller | None
) -> Result:
    if store.faults is not None:
        store.faults(spec, params, backend)
    if store.authorizer is not None:
        store.authorizer(spec, caller, backend, params)
    with store.lock:
        result = spec.handler(backend, params)
    if isinstance(result, Deferred):
        with _pins.pinned(store.owner):
            done = result.work()
        return result.result if done is None else done
    return result

"""What travels with one request through the dispatch core: who sent it, and a handler's answer
when work remains to be done outside the store lock. Low in the layers, so that domain modules
(rotation, for one) can return :class:`Deferred` without importing the dispatch core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["Caller", "Deferred"]


@dataclass(slots=True, frozen=True)
class Caller:
    """Who sends a request: the account and principal it belongs to, and the access key of the
    client's credentials (None when it has none)."""

    account: str
    access_key_id: str | None = None
    arn: str | None = None


@dataclass(slots=True)
class Deferred:
    """A handler's answer when work remains to be done outside the store lock.

    ``work()`` runs after the lock is released, with the answering mock pinned (calls it makes
    from any thread reach that mock); it takes the lock itself for what it changes, and returns
    the response, or None to answer ``result``.
    """

    result: dict[str, Any]
    work: Callable[[], dict[str, Any] | None]

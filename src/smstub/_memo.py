"""Bounded memo tables: the read caches of the hot path (decoded bodies, sealing contexts,
opened data keys) share one way to stay small."""

from __future__ import annotations

import contextlib
from typing import Any

__all__ = ["remember"]


def remember(cache: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """``cache[key] = value``, the oldest entry out first past ``limit``. Stores answering in
    other threads share the module's caches: an entry another thread evicted first is gone."""
    if len(cache) >= limit:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del cache[next(iter(cache))]
    cache[key] = value

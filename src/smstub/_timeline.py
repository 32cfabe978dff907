"""The timeline of due work: what must happen when a time passes (a recovery window ending, a
scheduled rotation, a replication), in time order, exactly once.

Entries are keyed, so scheduling again under the same key replaces the earlier entry and
cancelling needs no search: a replaced or cancelled entry stays in the heap and is skipped when
it comes up. Finding whether anything is due costs one comparison with the heap's top.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable, Hashable
from datetime import datetime

__all__ = ["Action", "Timeline"]

# Called with the time the entry was due at; it runs outside the store lock.
Action = Callable[[datetime], None]


class Timeline:
    """Keyed entries ``(when, action)``; :meth:`pop_due` hands out the due ones in time order."""

    __slots__ = ("_heap", "_live", "_lock", "_order")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # (when, order, key): order makes equal times come out in the order they were added.
        self._heap: list[tuple[datetime, int, Hashable]] = []
        self._live: dict[Hashable, tuple[int, Action]] = {}
        self._order = itertools.count()

    def add(self, when: datetime, key: Hashable, action: Action) -> None:
        """Run ``action(when)`` once ``when`` has passed, replacing any entry under ``key``."""
        with self._lock:
            order = next(self._order)
            self._live[key] = (order, action)
            heapq.heappush(self._heap, (when, order, key))

    def cancel(self, key: Hashable) -> None:
        with self._lock:
            self._live.pop(key, None)

    def next_due(self) -> datetime | None:
        """When the earliest entry falls due (a cancelled one may answer early; that is safe)."""
        heap = self._heap
        return heap[0][0] if heap else None

    def pop_due(self, now: datetime) -> tuple[datetime, Action] | None:
        """Take the earliest live entry due by ``now``, or None."""
        with self._lock:
            heap = self._heap
            while heap and heap[0][0] <= now:
                when, order, key = heapq.heappop(heap)
                live = self._live.get(key)
                if live is not None and live[0] == order:
                    del self._live[key]
                    return when, live[1]
            return None

    def __len__(self) -> int:
        return len(self._live)

    def __repr__(self) -> str:
        return f"<smstub Timeline {len(self._live)} entries>"

"""How many inputs the reliability tests tried, reported at the end of the session.

The closing note of the reliability work quotes these numbers (fast and deep profiles), so they
are printed in the terminal summary and kept in pytest's cache under ``smstub/reliability``.
"""

from __future__ import annotations

import threading
from collections import Counter

__all__ = ["COUNTS", "count"]

COUNTS: Counter[str] = Counter()
_lock = threading.Lock()


def count(what: str, n: int = 1) -> None:
    with _lock:
        COUNTS[what] += n

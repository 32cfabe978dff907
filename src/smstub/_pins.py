"""The pinned mock: while a mock runs deferred or due work (user code such as a rotation
function), every Secrets Manager call in the process, from any thread, reaches that mock, not
whichever mock is innermost at that moment.

The install layer reads :data:`stack` on each request; the dispatch core and the store push
onto it. Pins nest: the most recent one answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["pinned", "stack"]

stack: list[object] = []
_lock = threading.Lock()


@contextmanager
def pinned(owner: object) -> Iterator[None]:
    """Pin ``owner`` (a SecretsManagerMock) while the block runs; nothing when it is None."""
    if owner is None:
        yield
        return
    with _lock:
        stack.append(owner)
    try:
        yield
    finally:
        with _lock:
            # Remove this pin, wherever it is now (pins from several threads may interleave).
            for index in range(len(stack) - 1, -1, -1):
                if stack[index] is owner:
                    del stack[index]
                    break

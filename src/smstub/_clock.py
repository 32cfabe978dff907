"""The mock's clock: the system clock plus an offset that tests move forward."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

__all__ = ["Clock", "epoch"]


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DAY_US = 86_400_000_000
_ONE_US = timedelta(microseconds=1)


# In a tuple: freezegun replaces every module attribute that is the real function.
_REAL_TIME_NS = (time.time_ns,)


def _micros() -> int:
    """Microseconds since the epoch, read on every call so that time-machine and freezegun
    apply. time-machine moves the C clock itself, so ``time.time_ns`` (an exact integer, and a
    third of the cost of ``datetime.now`` and a replace) is right under it. freezegun swaps in
    functions of its own, and its ``time_ns`` answers real time to callers in modules it
    ignores, so while it is on the clock reads ``datetime.now``, which freezegun always fakes."""
    clock = time.time_ns
    if clock is _REAL_TIME_NS[0]:
        return (clock() + 500) // 1000  # rounded: time-machine derives it from a float
    return (datetime.now(timezone.utc) - _EPOCH) // _ONE_US


def _utcnow() -> datetime:
    return _EPOCH + timedelta(0, 0, _micros())


# Seconds since the epoch, as AWS's JSON carries timestamps. The clock's datetimes are already
# cut to milliseconds, and a float prints in its shortest form, so the JSON shows at most three
# decimals. Handlers convert with this rather than leaving datetimes to the encoder's fallback,
# and it is the C method itself: a page of ListSecrets converts two hundred dates.
epoch: Callable[[datetime], float] = datetime.timestamp


class Clock:
    """Time as the fake sees it.

    It follows the system clock (so freezegun and time-machine apply) plus an offset that
    :meth:`advance` and :meth:`set` change. Moving time runs whatever falls due, such as purging
    secrets whose recovery window has ended.

    >>> from smstub import mock_secretsmanager
    >>> with mock_secretsmanager() as sm:
    ...     before = sm.clock.now()
    ...     _ = sm.clock.advance(days=8)
    ...     (sm.clock.now() - before).days
    8
    """

    __slots__ = ("_day", "_listeners", "_lock", "_ms", "_offset", "_offset_us", "_reading")

    def __init__(self) -> None:
        self._offset = timedelta(0)
        self._offset_us = 0  # the offset in microseconds, as now() adds it
        self._lock = threading.Lock()
        self._listeners: list[Callable[[datetime], None]] = []
        # Set while due work runs: the time it fell due at (see reading()).
        self._reading: datetime | None = None
        # The last reading of now() and of today(), with the millisecond or day it is for: a
        # request reads the clock several times within one millisecond, and a datetime costs
        # twice what the reading does. One tuple each, so a thread sees a pair, never a mix.
        self._ms: tuple[int, datetime] = (-1, _EPOCH)
        self._day: tuple[int, datetime] = (-1, _EPOCH)

    def now(self) -> datetime:
        """The current time in UTC, with AWS's millisecond precision."""
        reading = self._reading
        if reading is not None:
            return reading
        ms = (_micros() + self._offset_us) // 1000
        last = self._ms
        if last[0] == ms:
            return last[1]
        value = _EPOCH + timedelta(0, 0, ms * 1000)
        self._ms = (ms, value)
        return value

    def today(self) -> datetime:
        """Midnight UTC of the current day (AWS rounds LastAccessedDate to it)."""
        reading = self._reading
        if reading is not None:
            return reading.replace(hour=0, minute=0, second=0, microsecond=0)
        day = (_micros() + self._offset_us) // _DAY_US
        last = self._day
        if last[0] == day:
            return last[1]
        value = _EPOCH + timedelta(days=day)
        self._day = (day, value)
        return value

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        """Move time forward by ``delta`` or by ``timedelta(**kwargs)``; returns the new now."""
        step = delta if delta is not None else timedelta(**kwargs)
        if step < timedelta(0):
            from smstub.errors import SmstubError

            raise SmstubError("clock.advance() moves forward only; use clock.set() to go back")
        with self._lock:
            self._offset += step
            self._offset_us = self._offset // _ONE_US
        return self._fire()

    def set(self, when: datetime) -> datetime:
        """Make ``now()`` return ``when`` (an aware datetime) from here on."""
        if when.tzinfo is None:
            from smstub.errors import SmstubError

            raise SmstubError("clock.set() needs an aware datetime, e.g. datetime(..., tzinfo=UTC)")
        with self._lock:
            self._offset = when - _utcnow()
            self._offset_us = self._offset // _ONE_US
        return self._fire()

    @contextmanager
    def reading(self, when: datetime) -> Iterator[None]:
        """Make ``now()`` read ``when`` while the block runs: work that fell due at ``when``
        runs as if time had just reached it, even after a jump far beyond it."""
        outer, self._reading = self._reading, when
        try:
            yield
        finally:
            self._reading = outer

    def on_change(self, listener: Callable[[datetime], None]) -> None:
        """Call ``listener(now)`` whenever the offset changes (used to run due work)."""
        self._listeners.append(listener)

    def _fire(self) -> datetime:
        now = self.now()
        for listener in self._listeners:
            listener(now)
        return now

    def __repr__(self) -> str:
        return f"<smstub Clock offset={self._offset}>"

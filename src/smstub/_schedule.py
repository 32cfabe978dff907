"""Rotation schedules: ``AutomaticallyAfterDays``, ``rate()`` and ``cron()`` expressions and
``Duration`` windows, with the errors RotateSecret gives for bad rules.

AWS user guide, "Rotation schedules" (rotate-secrets_schedule): schedules are in UTC; a
rotation window always opens on the hour; for ``rate()`` in days (and AutomaticallyAfterDays)
it opens at midnight; for ``cron()`` at the time the expression names; it closes after one hour
for a schedule in hours and at the end of the UTC day for a schedule in days, unless
``Duration`` shortens it; it must not run into the next UTC day or the next window; a secret
rotates at most every four hours and at least every 999 days. ``cron()`` has six fields
(minutes, hours, day-of-month, month, day-of-week, year); the minutes must be 0 and the year
``*``; one of day-of-month and day-of-week must be ``?``; hour increments reset each day.

The calendar arithmetic of ``cron()`` (``L``, ``W``, ``#``, names, ranges, lists, steps) is
aws-croniter's, which implements AWS's six-field grammar; the rules above are Secrets Manager's
own restrictions on it and are checked here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from smstub import _aws_errors as err

__all__ = ["Rules", "Schedule", "Window", "schedule_of"]

_HOUR = timedelta(hours=1)
_DAY = timedelta(days=1)
# AWS user guide: "You can rotate a secret as often as every four hours."
_MIN_HOURS = 4
# AWS user guide: "The maximum rotation period is 999 days."
_MAX_DAYS = 999

_RATE = re.compile(r"rate\((\d+) (hours?|days?)\)\Z")
_CRON = re.compile(r"cron\((.*)\)\Z")
_DURATION = re.compile(r"(\d+)h\Z")

# Seen from AWS (hashicorp/terraform-provider-aws#33329, InvalidParameterException).
BOTH = "You cannot specify both rotation frequency and schedule expression together."
# UNVERIFIED[schedule-texts]: these texts are quoted by a third-party preflight checker for
# RotateSecret (a cdk-preflight rule file), not by an AWS recording; the code is assumed to be
# InvalidParameterException like the one above.
INVALID_EXPRESSION = "Invalid schedule expression."
RATE_HOURS = "Rate in hour should be least 4 and less than 24."
RATE_DAYS = "Rate in day should be greater than 0 and less than 1000."
DURATION_BOUNDS = "Duration must be at least 1 hour, at most 24 hour."
DURATION_OVER_RATE = "Duration cannot be greater than Rate in hour."
WITHIN_A_DAY = "Starting hour and duration must be within a day."
# UNVERIFIED[window-overlap-text] and ours: a window longer than the gap to the next one in an
# hourly cron().
OVERLAPPING = "The rotation window must not extend into the next rotation window."


@dataclass(frozen=True, slots=True)
class Rules:
    """RotationRules as the caller gave them (DescribeSecret echoes them)."""

    days: int | None = None
    expression: str | None = None
    duration: str | None = None


@dataclass(frozen=True, slots=True)
class Window:
    """One rotation window: rotation happens at some time in [start, end)."""

    start: datetime
    end: datetime

    @property
    def latest(self) -> datetime:
        """What DescribeSecret shows as NextRotationDate: the last second of the window.

        Seen from AWS: AutomaticallyAfterDays=30 after a rotation on 2026-01-22 shows
        NextRotationDate 2026-02-21T23:59:59Z; ``cron(0 0 ? * 2 *)`` after a rotation on
        Monday 2023-10-16 shows 2023-10-23T23:59:59Z (describe-secret outputs quoted in public
        lab notes). With a Duration the same rule is applied (UNVERIFIED[duration-rule])."""
        return self.end - timedelta(seconds=1)


def _midnight(when: datetime) -> datetime:
    return when.astimezone(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)


def _hour_floor(when: datetime) -> datetime:
    return when.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)


class Schedule:
    """When the windows of one set of rules open, and how long each stays open."""

    __slots__ = ("_cron", "_every", "_hourly", "_length")

    def __init__(
        self, *, every: timedelta | None, cron: Any, hourly: bool, length: timedelta | None
    ) -> None:
        self._every = every  # rate() and AutomaticallyAfterDays
        self._cron = cron  # an aws_croniter.AwsCroniter for cron()
        self._hourly = hourly
        self._length = length  # Duration, if given

    @property
    def hourly(self) -> bool:
        return self._hourly

    def _window(self, start: datetime) -> Window:
        if self._length is not None:
            return Window(start, start + self._length)
        if self._hourly:
            return Window(start, start + _HOUR)
        return Window(start, _midnight(start) + _DAY)

    def next_window(self, last: datetime) -> Window:
        """The window after a rotation at ``last``.

        A rate counts from the start of the day (or hour) of the last rotation: with
        AutomaticallyAfterDays=30, a rotation at any time on 22 January gives the window of
        21 February (AWS docs: "Secrets Manager calculates the next rotation date based on the
        previous rotation"; the outputs quoted in :attr:`Window.latest`). For hours the same
        counting from the hour is UNVERIFIED[hourly-rate-start]. A cron() window is its next
        occurrence."""
        if self._every is not None:
            base = _hour_floor(last) if self._hourly else _midnight(last)
            return self._window(base + self._every)
        start: datetime = self._cron.get_next(last.astimezone(timezone.utc))[0]
        return self._window(start)

    def window_at(self, when: datetime) -> Window | None:
        """The window that ``when`` falls in, if any (for cron(): the latest occurrence)."""
        if self._cron is None:
            return None
        found = self._cron.get_prev(when.astimezone(timezone.utc), inclusive=True)[0]
        if found is None:
            return None
        window = self._window(found)
        return window if window.start <= when < window.end else None


def _invalid(message: str) -> err.InvalidParameterException:
    return err.InvalidParameterException(message)


def _duration(raw: str | None) -> timedelta | None:
    if raw is None:
        return None
    match = _DURATION.match(raw)
    if match is None or not 1 <= int(match[1]) <= 24:
        raise _invalid(DURATION_BOUNDS)
    return timedelta(hours=int(match[1]))


def schedule_of(rules: Rules) -> Schedule | None:
    """The schedule ``rules`` set (None: rotation only on request), or AWS's error for them."""
    if rules.days is not None and rules.expression is not None:
        raise _invalid(BOTH)
    length = _duration(rules.duration)
    if rules.days is not None:
        # The model bounds AutomaticallyAfterDays to 1..1000; the wire checks that.
        return Schedule(every=timedelta(days=rules.days), cron=None, hourly=False, length=length)
    if rules.expression is None:
        return None
    expression = rules.expression.strip()
    rate = _RATE.match(expression)
    if rate is not None:
        return _rate(int(rate[1]), rate[2].startswith("hour"), length)
    cron = _CRON.match(expression)
    if cron is None:
        raise _invalid(INVALID_EXPRESSION)
    return _cron_schedule(cron[1], length)


def _rate(value: int, hours: bool, length: timedelta | None) -> Schedule:
    if hours:
        if not _MIN_HOURS <= value < 24:
            raise _invalid(RATE_HOURS)
        if length is not None and length > timedelta(hours=value):
            raise _invalid(DURATION_OVER_RATE)
        return Schedule(every=timedelta(hours=value), cron=None, hourly=True, length=length)
    if not 1 <= value <= _MAX_DAYS:
        raise _invalid(RATE_DAYS)
    return Schedule(every=timedelta(days=value), cron=None, hourly=False, length=length)


def _cron_schedule(body: str, length: timedelta | None) -> Schedule:
    fields = body.split(" ")
    if len(fields) != 6 or fields[0] != "0" or fields[5] != "*":
        raise _invalid(INVALID_EXPRESSION)
    hours = _hours(fields[1])
    if hours is None:
        raise _invalid(INVALID_EXPRESSION)
    try:
        from aws_croniter import AwsCroniter

        cron = AwsCroniter(" ".join(fields))
    except Exception:  # its own errors, and ValueError for what it cannot read (e.g. "LW")
        raise _invalid(INVALID_EXPRESSION) from None
    # Gaps between window openings, the last one to the first of the next day included.
    gaps = [b - a for a, b in zip(hours, [*hours[1:], hours[0] + 24], strict=True)]
    if len(hours) > 1 and min(gaps) < _MIN_HOURS:
        raise _invalid(INVALID_EXPRESSION)
    if length is not None:
        if hours[-1] + length // _HOUR > 24:
            raise _invalid(WITHIN_A_DAY)
        if len(hours) > 1 and length // _HOUR > min(gaps):
            raise _invalid(OVERLAPPING)
    return Schedule(every=None, cron=cron, hourly=len(hours) > 1, length=length)


_HOUR_PART = re.compile(r"(\*|\d+)(?:-(\d+))?(?:/(\d+))?\Z")


def _hours(field: str) -> list[int] | None:
    """The hours a cron() hour field names, sorted (None if it is not a valid hour field)."""
    found: set[int] = set()
    for part in field.split(","):
        match = _HOUR_PART.match(part)
        if match is None:
            return None
        first = 0 if match[1] == "*" else int(match[1])
        if match[2] is not None and match[1] == "*":
            return None
        last = int(match[2]) if match[2] is not None else (23 if match[1] == "*" else first)
        if match[3] is not None and match[2] is None:
            last = 23  # "4/12": from 4, every 12 hours, to the end of the day
        step = int(match[3]) if match[3] is not None else 1
        if not 0 <= first <= last <= 23 or step < 1:
            return None
        found.update(range(first, last + 1, step))
    return sorted(found)

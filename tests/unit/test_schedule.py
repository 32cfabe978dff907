"""Rotation schedules: next windows worked out by hand, and the rules AWS refuses."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from smstub import _aws_errors as err
from smstub._schedule import Rules, Schedule, schedule_of


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


def schedule(**rules: object) -> Schedule:
    found = schedule_of(Rules(**rules))  # type: ignore[arg-type]
    assert found is not None
    return found


# --- next windows -----------------------------------------------------------------------------
def test_days_count_from_the_day_of_the_last_rotation_and_last_the_whole_day() -> None:
    # AWS: a rotation on 2026-01-22 06:42 UTC with 30 days shows NextRotationDate 02-21 23:59:59.
    window = schedule(days=30).next_window(utc(2026, 1, 22, 6, 42, 22))
    assert (window.start, window.end) == (utc(2026, 2, 21), utc(2026, 2, 22))
    assert window.latest == utc(2026, 2, 21, 23, 59, 59)


def test_days_cross_a_leap_day() -> None:
    # AWS: rotated 2024-02-22 07:16 UTC, 30 days -> NextRotationDate 2024-03-23T23:59:59Z.
    assert schedule(days=30).next_window(utc(2024, 2, 22, 7, 16)).latest == utc(
        2024, 3, 23, 23, 59, 59
    )


def test_a_duration_shortens_a_daily_window() -> None:
    window = schedule(days=1, duration="3h").next_window(utc(2026, 5, 1, 17))
    assert (window.start, window.end) == (utc(2026, 5, 2), utc(2026, 5, 2, 3))


def test_rate_in_days_is_like_automatically_after_days() -> None:
    window = schedule(expression="rate(10 days)").next_window(utc(2026, 3, 30, 23, 59))
    assert (window.start, window.end) == (utc(2026, 4, 9), utc(2026, 4, 10))


def test_rate_in_hours_opens_a_one_hour_window_counted_from_the_hour() -> None:
    window = schedule(expression="rate(4 hours)").next_window(utc(2026, 3, 1, 22, 30))
    assert (window.start, window.end) == (utc(2026, 3, 2, 2), utc(2026, 3, 2, 3))


def test_weekly_cron_opens_on_the_named_day_until_midnight() -> None:
    # AWS: cron(0 0 ? * 2 *) rotated Monday 2023-10-16 07:18 UTC -> 2023-10-23T23:59:59Z.
    window = schedule(expression="cron(0 0 ? * 2 *)").next_window(utc(2023, 10, 16, 7, 18))
    assert (window.start, window.latest) == (utc(2023, 10, 23), utc(2023, 10, 23, 23, 59, 59))


@pytest.mark.parametrize(
    ("expression", "after", "start"),
    [
        # The user guide's examples, worked out on the 2026 calendar (1 Dec 2026 is a Tuesday).
        ("cron(0 10 * * ? *)", utc(2026, 12, 1, 11), utc(2026, 12, 2, 10)),
        ("cron(0 18 ? * SAT *)", utc(2026, 12, 1), utc(2026, 12, 5, 18)),
        ("cron(0 8 1 * ? *)", utc(2026, 12, 1, 9), utc(2027, 1, 1, 8)),
        ("cron(0 17 L * ? *)", utc(2027, 2, 1), utc(2027, 2, 28, 17)),
        ("cron(0 8 ? * MON-FRI *)", utc(2026, 12, 4, 9), utc(2026, 12, 7, 8)),
        ("cron(0 16 1,15 * ? *)", utc(2026, 12, 1, 17), utc(2026, 12, 15, 16)),
        ("cron(0 0 ? * SUN#1 *)", utc(2026, 12, 7), utc(2027, 1, 3)),
        # Steps in months, and the month names.
        ("cron(0 1 ? 1/3 SUN *)", utc(2026, 2, 1, 2), utc(2026, 4, 5, 1)),
        ("cron(0 1 1 JAN,JUL ? *)", utc(2026, 1, 2), utc(2026, 7, 1, 1)),
        # W: the weekday nearest the 15th; 15 Aug 2026 is a Saturday.
        ("cron(0 0 15W * ? *)", utc(2026, 8, 1), utc(2026, 8, 14)),
        # 1W in a month that starts on a Saturday (August 2026) moves forward to Monday the 3rd.
        ("cron(0 0 1W * ? *)", utc(2026, 7, 20), utc(2026, 8, 3)),
        # #5: only months with a fifth Tuesday (September and December 2026).
        ("cron(0 0 ? * TUE#5 *)", utc(2026, 10, 1), utc(2026, 12, 29)),
        # L in day-of-week: the last Friday of the month (6 = FRI).
        ("cron(0 0 ? * 6L *)", utc(2026, 12, 1), utc(2026, 12, 25)),
        # Ranges of days.
        ("cron(0 12 1-3 * ? *)", utc(2026, 12, 3, 13), utc(2027, 1, 1, 12)),
    ],
)
def test_cron_next_windows(expression: str, after: datetime, start: datetime) -> None:
    assert schedule(expression=expression).next_window(after).start == start


def test_hour_increments_reset_each_day() -> None:
    # User guide: cron(0 4/12 * * ? *) means 4:00, 16:00, then 4:00 the next day.
    hourly = schedule(expression="cron(0 4/12 * * ? *)")
    assert hourly.hourly
    first = hourly.next_window(utc(2026, 6, 1, 5))
    assert (first.start, first.end) == (utc(2026, 6, 1, 16), utc(2026, 6, 1, 17))
    assert hourly.next_window(first.start).start == utc(2026, 6, 2, 4)


def test_daily_cron_window_lasts_until_midnight_or_for_the_duration() -> None:
    assert schedule(expression="cron(0 10 * * ? *)").next_window(utc(2026, 1, 1)).end == utc(
        2026, 1, 2
    )
    shorter = schedule(expression="cron(0 10 * * ? *)", duration="2h")
    assert shorter.next_window(utc(2026, 1, 1)).end == utc(2026, 1, 1, 12)


def test_no_rules_means_no_schedule() -> None:
    assert schedule_of(Rules()) is None
    assert schedule_of(Rules(duration="2h")) is None


# --- refusals -----------------------------------------------------------------------------------
def _refused(**rules: object) -> str:
    with pytest.raises(err.InvalidParameterException) as caught:
        schedule_of(Rules(**rules))  # type: ignore[arg-type]
    return caught.value.message


def test_days_and_expression_together_are_refused() -> None:
    assert _refused(days=3, expression="rate(3 days)") == (
        "You cannot specify both rotation frequency and schedule expression together."
    )


@pytest.mark.parametrize(
    "expression",
    [
        "rate(5 minutes)",
        "rate(2 weeks)",
        "rate(1day)",
        "every 3 days",
        "cron(0 10 * * ?)",  # five fields
        "cron(15 10 * * ? *)",  # minutes must be 0
        "cron(0 10 * * ? 2027)",  # the year must be *
        "cron(0 10 * * MON *)",  # one of the day fields must be ?
        "cron(0 10 ? * ? *)",
        "cron(0 25 * * ? *)",
        "cron(0 10 32 * ? *)",
        "cron(0 10 * 13 ? *)",
        "cron(0 10 ? * 8 *)",
        "cron(0 10 LW * ? *)",
        "cron(0 * * * ? *)",  # every hour: more often than every four hours
        "cron(0 0/2 * * ? *)",
        "cron(0 1,3 * * ? *)",
        "cron(0 22,0 * * ? *)",  # 22:00 and 00:00 the next day are two hours apart
    ],
)
def test_invalid_expressions_are_refused(expression: str) -> None:
    assert _refused(expression=expression) == "Invalid schedule expression."


@pytest.mark.parametrize("hours", [0, 1, 3, 24, 48])
def test_hourly_rates_outside_four_to_twenty_three_are_refused(hours: int) -> None:
    assert _refused(expression=f"rate({hours} hours)") == (
        "Rate in hour should be least 4 and less than 24."
    )


@pytest.mark.parametrize("days", [0, 1000, 5000])
def test_daily_rates_outside_one_to_999_are_refused(days: int) -> None:
    assert _refused(expression=f"rate({days} days)") == (
        "Rate in day should be greater than 0 and less than 1000."
    )


@pytest.mark.parametrize("expression", ["rate(4 hours)", "rate(23 hours)", "rate(1 day)"])
def test_rate_bounds_are_accepted(expression: str) -> None:
    assert schedule_of(Rules(expression=expression)) is not None


@pytest.mark.parametrize("duration", ["0h", "25h", "99h"])
def test_durations_outside_one_to_24_hours_are_refused(duration: str) -> None:
    assert _refused(days=1, duration=duration) == (
        "Duration must be at least 1 hour, at most 24 hour."
    )


def test_a_duration_longer_than_an_hourly_rate_is_refused() -> None:
    assert _refused(expression="rate(6 hours)", duration="7h") == (
        "Duration cannot be greater than Rate in hour."
    )


def test_a_window_into_the_next_day_is_refused() -> None:
    assert _refused(expression="cron(0 20 * * ? *)", duration="5h") == (
        "Starting hour and duration must be within a day."
    )


def test_a_window_into_the_next_hourly_window_is_refused() -> None:
    assert _refused(expression="cron(0 0,4 * * ? *)", duration="5h") == (
        "The rotation window must not extend into the next rotation window."
    )


def test_an_hourly_window_that_fits_is_accepted() -> None:
    found = schedule(expression="cron(0 0/6 * * ? *)", duration="6h")
    window = found.next_window(utc(2026, 1, 1, 3))
    assert (window.start, window.end) == (utc(2026, 1, 1, 6), utc(2026, 1, 1, 12))
    assert window.end - window.start == timedelta(hours=6)

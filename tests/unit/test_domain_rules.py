"""Domain rules checked without botocore: labels, tokens, passwords, clock."""

from __future__ import annotations

import string
from datetime import datetime, timedelta, timezone

import pytest

from smstub import _aws_errors as err
from smstub._clock import Clock
from smstub._paging import decode_token, encode_token, page
from smstub._password import random_password
from smstub.errors import SmstubError


def test_token_round_trips_for_its_own_scope() -> None:
    token = encode_token(("q", 1), [3, "x"])
    assert decode_token(token, ("q", 1)) == [3, "x"]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),
        lambda t: "A" + t,
        lambda t: t.replace(".", ""),
        lambda t: "",
    ],
)
def test_tampered_token_is_refused(mangle) -> None:  # type: ignore[no-untyped-def]
    token = encode_token("scope", 5)
    with pytest.raises(err.InvalidNextTokenException):
        decode_token(mangle(token), "scope")


def test_token_for_another_scope_is_refused() -> None:
    with pytest.raises(err.InvalidNextTokenException):
        decode_token(encode_token("a", 1), "b")


def test_page_resumes_after_the_last_key_even_when_keys_change() -> None:
    keys = [1, 2, 3, 4, 5, 6]
    first, token = page(keys, 2, None, scope="s")
    assert list(first) == [1, 2]
    assert token is not None
    # 2 disappears and 0 and 7 appear between pages: the walk neither repeats nor skips 3..6.
    rest, _ = page([0, 1, 3, 4, 5, 6, 7], 10, token, scope="s")
    assert list(rest) == [3, 4, 5, 6, 7]


def test_last_page_has_no_token() -> None:
    chosen, token = page([1, 2], 2, None, scope="s")
    assert (list(chosen), token) == ([1, 2], None)


def test_password_classes_and_exclusions() -> None:
    password = random_password(200, exclude_characters="abc123", exclude_punctuation=True)
    assert len(password) == 200
    assert not set(password) & set("abc123" + string.punctuation)
    assert any(c.isupper() for c in password)
    assert any(c.isdigit() for c in password)


def test_password_with_only_space_left_is_all_spaces() -> None:
    password = random_password(
        5,
        exclude_lowercase=True,
        exclude_uppercase=True,
        exclude_numbers=True,
        exclude_punctuation=True,
        include_space=True,
    )
    assert password == "     "


def test_clock_follows_the_system_clock_plus_offset() -> None:
    clock = Clock()
    before = datetime.now(timezone.utc)
    clock.advance(days=2)
    now = clock.now()
    assert timedelta(days=2) - timedelta(seconds=1) < now - before < timedelta(days=2, seconds=5)
    assert now.microsecond % 1000 == 0


def test_clock_set_and_listeners() -> None:
    seen: list[datetime] = []
    clock = Clock()
    clock.on_change(seen.append)
    target = datetime(2030, 1, 1, tzinfo=timezone.utc)
    clock.set(target)
    assert abs(clock.now() - target) < timedelta(seconds=1)
    assert len(seen) == 1
    with pytest.raises(SmstubError, match="aware datetime"):
        clock.set(datetime(2030, 1, 1))


@pytest.mark.parametrize("year", [2026, 2300, 9000])
@pytest.mark.parametrize("milliseconds", [0, 1, 123, 999])
def test_a_frozen_clock_reads_its_millisecond_exactly(milliseconds: int, year: int) -> None:
    import freezegun
    import time_machine

    frozen = datetime(year, 5, 1, 12, 30, 15, milliseconds * 1000, tzinfo=timezone.utc)
    midnight = datetime(year, 5, 1, tzinfo=timezone.utc)
    with freezegun.freeze_time(frozen):
        assert (Clock().now(), Clock().today()) == (frozen, midnight)
    if year < 9000:  # time-machine keeps the moment as a float: microseconds blur past ~2250
        with time_machine.travel(frozen, tick=False):
            assert (Clock().now(), Clock().today()) == (frozen, midnight)
    clock = Clock()
    clock.set(frozen)
    with clock.reading(frozen):
        assert (clock.now(), clock.today()) == (frozen, midnight)


def test_the_clock_remembers_only_the_millisecond_and_day_it_read() -> None:
    # now() and today() keep their last datetime for the millisecond (day) it is of: a
    # frozen system clock reads the same object, every move of the offset or of the system
    # clock a new and exact one.
    import time_machine

    start = datetime(2026, 12, 31, 23, 59, 59, 998_000, tzinfo=timezone.utc)
    midnight = datetime(2026, 12, 31, tzinfo=timezone.utc)
    clock = Clock()
    with time_machine.travel(start, tick=False) as traveller:
        first = clock.now()
        assert clock.now() is first == start
        assert clock.today() == midnight
        clock.advance(milliseconds=1)
        assert clock.now() == start + timedelta(milliseconds=1)
        assert clock.today() == midnight
        traveller.shift(timedelta(milliseconds=1))  # the system clock moves, the offset not
        assert clock.now() == datetime(2027, 1, 1, tzinfo=timezone.utc)
        assert clock.today() == datetime(2027, 1, 1, tzinfo=timezone.utc)
        clock.set(start)
        assert (clock.now(), clock.today()) == (start, midnight)
        with clock.reading(midnight):
            assert (clock.now(), clock.today()) == (midnight, midnight)
        assert clock.now() == start


def test_under_freezegun_the_clock_reads_the_frozen_time_from_ignored_modules_too() -> None:
    # freezegun's time functions answer real time to callers in modules it ignores (threading
    # among them); the clock must read the frozen time wherever it is called from.
    import threading

    import freezegun

    frozen = datetime(2020, 1, 1, 12, tzinfo=timezone.utc)
    seen: list[datetime] = []
    with freezegun.freeze_time(frozen):
        clock = Clock()
        worker = threading.Thread(target=lambda: seen.append(clock.now()))
        worker.start()
        worker.join()
        clock.set(datetime(2021, 1, 1, tzinfo=timezone.utc))
        assert clock.now() == datetime(2021, 1, 1, tzinfo=timezone.utc)
    assert seen == [frozen]

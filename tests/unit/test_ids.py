"""ARN suffixes computed from a secret's serial number."""

from __future__ import annotations

import string

from smstub._ids import serial_suffix


def test_suffixes_of_different_serials_differ() -> None:
    suffixes = [serial_suffix(serial) for serial in range(100_000)]
    assert len(set(suffixes)) == len(suffixes)


def test_a_suffix_is_six_letters_or_digits_and_stable() -> None:
    allowed = set(string.ascii_letters + string.digits)
    for serial in (0, 1, 61, 62, 10**6, 62**6 - 1):
        suffix = serial_suffix(serial)
        assert len(suffix) == 6
        assert set(suffix) <= allowed
        assert serial_suffix(serial) == suffix


def test_consecutive_serials_do_not_give_consecutive_suffixes() -> None:
    # Not a counter in disguise: neighbours differ in more than the last character.
    first, second = serial_suffix(41), serial_suffix(42)
    assert first[1:] != second[1:]

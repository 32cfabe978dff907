"""ARN suffixes computed from a secret's serial number."""

from __future__ import annotations

import string

from smstub._ids import SuffixScheme


def test_suffixes_of_different_serials_differ() -> None:
    scheme = SuffixScheme()
    suffixes = [scheme(serial) for serial in range(100_000)]
    assert len(set(suffixes)) == len(suffixes)


def test_a_suffix_is_six_letters_or_digits_and_stable() -> None:
    scheme = SuffixScheme()
    allowed = set(string.ascii_letters + string.digits)
    for serial in (0, 1, 61, 62, 10**6, 62**6 - 1):
        suffix = scheme(serial)
        assert len(suffix) == 6
        assert set(suffix) <= allowed
        assert scheme(serial) == suffix


def test_consecutive_serials_do_not_give_consecutive_suffixes() -> None:
    # Not a counter in disguise: neighbours differ in more than the last character.
    scheme = SuffixScheme()
    first, second = scheme(41), scheme(42)
    assert first[1:] != second[1:]


def test_two_schemes_give_the_first_serial_different_suffixes() -> None:
    # One scheme per store: the first secret of each activation gets its own suffix. Ten
    # schemes colliding on serial 0 by chance would take odds of about 1 in 10**9.
    assert len({SuffixScheme()(0) for _ in range(10)}) == 10


def test_a_seed_makes_the_scheme_repeatable() -> None:
    assert [SuffixScheme(seed=3)(n) for n in range(5)] == [
        SuffixScheme(seed=3)(n) for n in range(5)
    ]
    assert SuffixScheme(seed=3)(0) != SuffixScheme(seed=4)(0)

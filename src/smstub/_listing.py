"""ListSecrets' sorted indexes and the pages they serve.

Every sort order (``created-date``, ``name``, ``last-changed-date``, ``last-accessed-date``) keeps
a sorted list of secrets, once over all secrets and once over the secrets not scheduled for
deletion. A sort key ends with the secret's serial number (creation order), so keys are unique
and a NextToken can carry "continue after this key": a page costs O(page + log N) and secrets
created or deleted between pages never make a walk repeat or skip another secret.

A ``name`` filter without negation narrows the candidates to ranges of the name index: in name
order a page walks those ranges directly; in another order the candidates are gathered and sorted
once per walk (reused while the lists do not change) when there are few of them, and otherwise
the order's index is scanned, costing O(page / share of secrets matching). Other filters scan the
order's index the same way. Which secrets a query selects is :mod:`smstub._filters`' concern.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Callable, Hashable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from smstub import _aws_errors as err
from smstub._filters import FieldWords, Matcher, Query, SortBy, field_words_of
from smstub._model import Secret
from smstub._paging import DEFAULT_PAGE, decode_token, encode_token

__all__ = ["ListingIndex"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MILLISECOND = timedelta(milliseconds=1)
_ORDERS = tuple(SortBy)
_ONE_BY_ONE = 16  # up to this many new secrets are inserted one by one, more are merged

# --- keys ----------------------------------------------------------------------------------------
# The lists of an order hold secrets, sorted by a key read from the secret: its creation date or
# name, or the change/access date it was last indexed with (the index re-sorts a touched secret
# before the next page), then its serial number, which makes every key unique. The keys
# are read with attrgetter, in C, which keeps an insertion into a list of 100,000 cheap.
Key = tuple[Any, ...]

# Never-read secrets sort before read ones in ascending order (UNVERIFIED[never-read-first]:
# not documented, not recorded). Ties, which the
# day-truncated LastAccessedDate makes common, keep creation order.
_NEVER = datetime.min.replace(tzinfo=timezone.utc)

_KEY_OF: dict[SortBy, Callable[[Secret], Key]] = {
    SortBy.CREATED_DATE: operator.attrgetter("created_date", "serial"),
    # Code-point order of the name (UNVERIFIED[name-collation]: AWS's is not documented).
    SortBy.NAME: operator.attrgetter("name", "serial"),
    SortBy.LAST_CHANGED_DATE: operator.attrgetter("indexed_changed", "serial"),
    SortBy.LAST_ACCESSED_DATE: operator.attrgetter("indexed_accessed", "serial"),
}
_name_key = _KEY_OF[SortBy.NAME]


def _millis(when: datetime) -> int:
    return (when - _EPOCH) // _MILLISECOND


def _token_of(key: Key) -> list[Any]:
    """A key as JSON carries it: dates as milliseconds (the clock's precision)."""
    return [_millis(part) if isinstance(part, datetime) else part for part in key]


def _key_of_token(order: SortBy, value: Any) -> Key:
    if not isinstance(value, list) or len(value) != 2:
        raise err.InvalidNextTokenException()
    first, seq = value
    if order is SortBy.NAME:
        return (first, seq)
    return (_EPOCH + first * _MILLISECOND, seq)


def _insert(secrets: list[Secret], secret: Secret, key_of: Callable[[Secret], Key]) -> None:
    if not secrets or key_of(secrets[-1]) < key_of(secret):
        secrets.append(secret)  # the common case for dates: the newest goes last
    else:
        bisect.insort(secrets, secret, key=key_of)


def _delete(secrets: list[Secret], secret: Secret, key_of: Callable[[Secret], Key]) -> None:
    at = bisect.bisect_left(secrets, key_of(secret), key=key_of)
    if at < len(secrets) and secrets[at] is secret:
        del secrets[at]


class ListingIndex:
    """Sort indexes over one region's secrets, and the pages of ListSecrets.

    The backend calls :meth:`add` when a secret is created, :meth:`discard` when it is gone and
    :meth:`touch` whenever a secret is looked up for an operation that may change it (its dates,
    deletion state, description or tags). Touched secrets are re-sorted before the next page.
    What the index knows of a secret is kept on the secret (``index_*`` and ``indexed_*``).
    """

    def __init__(self) -> None:
        # For each order: (every secret, the secrets not scheduled for deletion), sorted.
        self._lists: dict[SortBy, tuple[list[Secret], list[Secret]]] = {
            o: ([], []) for o in _ORDERS
        }
        self._touched: set[Secret] = set()
        # Secrets created since the last page, placed by the next one: a CreateSecret costs no
        # sorted insertion (eight of them) until something lists, and many are placed at once.
        self._pending: dict[Secret, None] = {}
        # Bumped whenever an order's lists change, so that a gathered candidate list (below)
        # can be reused by the next page of the same walk.
        self._generation: dict[SortBy, int] = dict.fromkeys(_ORDERS, 0)
        self._gathered: tuple[Hashable, list[Secret]] | None = None
        self._masked: tuple[Hashable, set[Secret]] | None = None  # likewise, the candidates

    def __len__(self) -> int:
        return len(self._lists[SortBy.CREATED_DATE][0]) + len(self._pending)

    # --- maintenance -------------------------------------------------------------------------
    def add(self, secret: Secret) -> None:
        self._pending[secret] = None

    def discard(self, secret: Secret) -> None:
        self._touched.discard(secret)
        if secret in self._pending:
            del self._pending[secret]
            return
        if secret.indexed_changed is None:
            return
        for order in _ORDERS:
            self._unplace(order, secret)
        secret.indexed_changed = None

    def touch(self, secret: Secret) -> None:
        self._touched.add(secret)

    @staticmethod
    def _note(secret: Secret) -> None:
        """Record on the secret the values it is sorted and selected by."""
        secret.indexed_changed = secret.last_changed_date
        secret.indexed_accessed = secret.last_accessed_date or _NEVER
        secret.indexed_live = _is_live(secret)
        secret.index_words = None

    def _place(self, order: SortBy, secret: Secret) -> None:
        every, live = self._lists[order]
        key_of = _KEY_OF[order]
        _insert(every, secret, key_of)
        if secret.indexed_live:
            _insert(live, secret, key_of)
        self._generation[order] += 1

    def _unplace(self, order: SortBy, secret: Secret) -> None:
        every, live = self._lists[order]
        key_of = _KEY_OF[order]
        _delete(every, secret, key_of)
        if secret.indexed_live:
            _delete(live, secret, key_of)
        self._generation[order] += 1

    def _place_new(self, secrets: list[Secret]) -> None:
        for secret in secrets:
            self._note(secret)
        if len(secrets) <= _ONE_BY_ONE:
            for secret in secrets:
                for order in _ORDERS:
                    self._place(order, secret)
            return
        # Many at once: appended and sorted, which Timsort does as a merge of two sorted runs.
        live = [secret for secret in secrets if secret.indexed_live]
        for order in _ORDERS:
            key_of = _KEY_OF[order]
            for into, new in zip(self._lists[order], (secrets, live), strict=True):
                into.extend(new)
                into.sort(key=key_of)
            self._generation[order] += 1

    def _flush(self) -> None:
        if self._pending:
            pending, self._pending = list(self._pending), {}
            self._place_new(pending)
        touched, self._touched = self._touched, set()
        for secret in touched:
            if secret.indexed_changed is None:
                continue
            # Deletion or restore moves a secret in or out of every "live" list; a date change
            # moves it in that date's order only. Name and creation date never change.
            moving: list[SortBy] = []
            if _is_live(secret) != secret.indexed_live:
                moving += _ORDERS
            else:
                if secret.last_changed_date != secret.indexed_changed:
                    moving.append(SortBy.LAST_CHANGED_DATE)
                if (secret.last_accessed_date or _NEVER) != secret.indexed_accessed:
                    moving.append(SortBy.LAST_ACCESSED_DATE)
            for order in moving:
                self._unplace(order, secret)
            self._note(secret)
            for order in moving:
                self._place(order, secret)

    def _field_words(self, secret: Secret) -> FieldWords:
        if secret.index_words is None:
            secret.index_words = field_words_of(secret)
        return secret.index_words

    # --- pages -------------------------------------------------------------------------------
    def page(
        self,
        query: Query,
        max_results: int | None,
        token: str | None,
        *,
        scope: Hashable,
        now: datetime,
        default_size: int | None = None,
    ) -> tuple[list[Secret], str | None]:
        """The secrets of one page of ``query`` and the token for the next page (or None).

        ``scope`` names where the listing happens (operation, account, region); a token is valid
        only for the same scope and query. Pages are full until the last one.
        """
        matcher = Matcher(query.filters, self._field_words) if query.filters else None
        full_scope = (scope, query.scope())
        after: Key | None = None
        if token is not None:
            after = _key_of_token(query.sort_by, decode_token(token, full_scope))
        self._flush()
        size = max_results or default_size or DEFAULT_PAGE
        candidates = self._candidates(query, matcher, after, size)
        test = None if matcher is None else matcher.test
        check_purged = query.include_planned_deletion
        chosen: list[Secret]
        if test is None and not check_purged:
            # Every candidate is a match (the usual page): taken without a step per secret.
            chosen = list(itertools.islice(candidates, size + 1))
        else:
            chosen = []
            for secret in candidates:
                if check_purged and _purged(secret, now):
                    continue
                if test is not None and not test(secret):
                    continue
                chosen.append(secret)
                if len(chosen) > size:
                    break
        if len(chosen) > size:
            last = _KEY_OF[query.sort_by](chosen[size - 1])
            return chosen[:size], encode_token(full_scope, _token_of(last))
        return chosen, None

    def _candidates(
        self, query: Query, matcher: Matcher | None, after: Key | None, size: int
    ) -> Iterator[Secret]:
        """Secrets in the query's order after ``after``: a superset of the matches."""
        view = 0 if query.include_planned_deletion else 1
        order = query.sort_by
        key_of = _KEY_OF[order]
        secrets = self._lists[order][view]
        if matcher is not None and matcher.name_prefix_sets:
            names = self._lists[SortBy.NAME][view]
            prefixes, ranges = min(
                ((p, _prefix_ranges(names, p)) for p in matcher.name_prefix_sets),
                key=lambda pr: sum(hi - lo for lo, hi in pr[1]),
            )
            if order is SortBy.NAME:
                return _walk_ranges(names, ranges, after, query.descending)
            count = sum(hi - lo for lo, hi in ranges)
            generations = (self._generation[order], self._generation[SortBy.NAME])
            cache_key = (view, order, prefixes, generations)
            if self._gathered is not None and self._gathered[0] == cache_key:
                secrets = self._gathered[1]
            # Gathering and sorting the candidates costs about 4*count scan steps (measured),
            # once per walk while the lists do not change; scanning the order's index costs
            # about size*N/count steps per page. Take the cheaper.
            elif 4 * count * count <= size * len(secrets):
                secrets = sorted(
                    itertools.chain.from_iterable(names[lo:hi] for lo, hi in ranges), key=key_of
                )
                self._gathered = (cache_key, secrets)
            else:
                # Scan, but let only the candidates through, without a Python-level step per
                # skipped secret: the scan then costs little more than an unfiltered page.
                mask_key = (view, prefixes, self._generation[SortBy.NAME])
                if self._masked is None or self._masked[0] != mask_key:
                    wanted = set(itertools.chain.from_iterable(names[lo:hi] for lo, hi in ranges))
                    self._masked = (mask_key, wanted)
                return itertools.compress(
                    _walk(secrets, after, query.descending, key_of),
                    map(
                        self._masked[1].__contains__,
                        _walk(secrets, after, query.descending, key_of),
                    ),
                )
        return _walk(secrets, after, query.descending, key_of)


def _is_live(secret: Secret) -> bool:
    return secret.deleted_date is None


def _purged(secret: Secret, now: datetime) -> bool:
    """A secret whose recovery window has ended but that nothing has removed yet."""
    return secret.deletion_date is not None and secret.deletion_date <= now


def _walk(
    secrets: list[Secret], after: Key | None, descending: bool, key_of: Callable[[Secret], Key]
) -> Iterator[Secret]:
    # map over a range: the per-item step runs in C, which matters when a filter skips many.
    if descending:
        end = len(secrets) if after is None else bisect.bisect_left(secrets, after, key=key_of)
        return map(secrets.__getitem__, range(end - 1, -1, -1))
    start = 0 if after is None else bisect.bisect_right(secrets, after, key=key_of)
    return map(secrets.__getitem__, range(start, len(secrets)))


def _prefix_ranges(names: list[Secret], prefixes: Sequence[str]) -> list[tuple[int, int]]:
    """The index ranges of ``names`` (secrets in name order) starting with any prefix."""
    ranges = []
    for prefix in prefixes:
        lo = bisect.bisect_left(names, (prefix,), key=_name_key)
        if prefix:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            hi = bisect.bisect_left(names, (upper,), key=_name_key)
        else:
            hi = len(names)
        if lo < hi:
            ranges.append((lo, hi))
    ranges.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _walk_ranges(
    names: list[Secret], ranges: list[tuple[int, int]], after: Key | None, descending: bool
) -> Iterator[Secret]:
    if descending:
        end = len(names) if after is None else bisect.bisect_left(names, after, key=_name_key)
        spans = [range(min(hi, end) - 1, lo - 1, -1) for lo, hi in reversed(ranges)]
    else:
        start = 0 if after is None else bisect.bisect_right(names, after, key=_name_key)
        spans = [range(max(lo, start), hi) for lo, hi in ranges]
    return map(names.__getitem__, itertools.chain.from_iterable(spans))

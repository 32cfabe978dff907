"""ListSecrets: AWS's filter rules and the sorted indexes that serve pages.

Filters
    What AWS was recorded doing (AWS-BEHAVIOUR.md, ListSecrets) is matched exactly: ``name`` is a
    case-sensitive prefix of the whole name; ``description`` splits the value on whitespace and
    needs every word to start some word of the description, ignoring case; ``all`` splits on
    everything but letters and digits and on camelCase (``COMPANYthings`` is ``COMPAN`` +
    ``Ythings``) and searches name, description, tag keys and tag values, ignoring case; a leading
    ``!`` negates; the values of one filter are ORed and the filters ANDed. The rest follows the
    AWS documentation and is marked UNVERIFIED where no recording backs it.

Indexes
    Every sort order (``created-date``, ``name``, ``last-changed-date``, ``last-accessed-date``)
    keeps a sorted list of keys, once over all secrets and once over the secrets not scheduled
    for deletion. A key ends with a sequence number given at creation, so keys are unique and a
    NextToken can carry "continue after this key": a page costs O(page + log N) and secrets
    created or deleted between pages never make a walk repeat or skip another secret.

    A ``name`` filter without negation narrows the candidates to ranges of the name index: in
    name order a page walks those ranges directly; in another order the candidates are gathered
    and sorted once per walk (reused while the lists do not change) when there are few of them,
    and otherwise the order's index is scanned, costing O(page / share of secrets matching).
    Other filters scan the order's index the same way.

No botocore and no JSON here: the operations layer turns wire dicts into :class:`Filter` values.
"""

from __future__ import annotations

import bisect
import enum
import itertools
import operator
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from smstub import _aws_errors as err
from smstub._model import Secret
from smstub._paging import DEFAULT_PAGE, decode_token, encode_token

__all__ = ["Filter", "ListingIndex", "Query", "SortBy", "split_words"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MILLISECOND = timedelta(milliseconds=1)


class SortBy(enum.Enum):
    """The ``SortBy`` values the model allows. AWS lists by CreatedDate when none is given."""

    CREATED_DATE = "created-date"
    LAST_ACCESSED_DATE = "last-accessed-date"
    LAST_CHANGED_DATE = "last-changed-date"
    NAME = "name"


_ORDERS = tuple(SortBy)


@dataclass(frozen=True, slots=True)
class Filter:
    """One ``Filters`` entry as the request gave it (either part may be missing)."""

    key: str | None
    values: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Query:
    """What a listing selects and in which order; a NextToken is valid only for its query."""

    filters: tuple[Filter, ...] = ()
    sort_by: SortBy = SortBy.CREATED_DATE
    descending: bool = False
    include_planned_deletion: bool = False

    def scope(self) -> Hashable:
        return (
            tuple((f.key, f.values) for f in self.filters),
            self.sort_by.value,
            self.descending,
            self.include_planned_deletion,
        )


# --- words -------------------------------------------------------------------------------------
# A word is a run of upper-case letters not followed by a lower-case one, an optional upper-case
# letter and lower-case letters, or digits (AWS documentation: words break "from uppercase to
# lowercase, from letter to number, or from number/letter to punctuation"; recorded: "DescTwo"
# is "Desc" + "Two", "COMPANYthings" is "COMPAN" + "Ythings"). Letters outside ASCII count as
# lower case (UNVERIFIED).
_LOWER = r"[^\W0-9A-Z_]"
_WORD = re.compile(rf"[A-Z]+(?!{_LOWER})|[A-Z]?{_LOWER}+|[0-9]+")


def split_words(text: str) -> list[str]:
    """The words the ``all`` filter sees in ``text``, lower-cased.

    >>> split_words("prod/AppBeta_COMPANYthings-x1")
    ['prod', 'app', 'beta', 'compan', 'ythings', 'x', '1']
    """
    return [word.lower() for word in _WORD.findall(text)]


def _starts_some(word: str, sorted_words: Sequence[str]) -> bool:
    """Whether ``word`` is a prefix of one of ``sorted_words`` (sorted ascending)."""
    at = bisect.bisect_left(sorted_words, word)
    return at < len(sorted_words) and sorted_words[at].startswith(word)


# --- filters -----------------------------------------------------------------------------------
Test = Callable[[Secret], bool]


class Matcher:
    """A compiled list of filters: ``matcher.test(secret)`` says whether a secret is selected."""

    __slots__ = ("_all_words", "name_prefix_sets", "test")

    def __init__(self, filters: Sequence[Filter], all_words: Callable[[Secret], Sequence[str]]):
        self._all_words = all_words
        tests: list[Test] = []
        # For each filter on ``name`` without negation, its prefixes: a secret must match one
        # of them, so the name index can narrow the candidates.
        self.name_prefix_sets: list[tuple[str, ...]] = []
        for flt in filters:
            if flt.key is None:
                # UNVERIFIED: moto's text; the model makes Key optional, so this reaches AWS.
                raise err.InvalidParameterException("Invalid filter key")
            if flt.values is None:
                # UNVERIFIED: moto's text (botocore refuses an empty list, not a missing one).
                raise err.InvalidParameterException(f"Invalid filter values for key: {flt.key}")
            tests.append(self._compile(flt.key, flt.values))
            if flt.key == "name" and not any(v.startswith("!") for v in flt.values):
                self.name_prefix_sets.append(flt.values)
        # ``test(secret)``: whether the secret is selected (one call per candidate: keep it flat).
        self.test: Test = (
            tests[0] if len(tests) == 1 else lambda secret: all(t(secret) for t in tests)
        )

    def _compile(self, key: str, values: tuple[str, ...]) -> Test:
        tests = [self._value_test(key, value) for value in values]
        if len(tests) == 1:
            return tests[0]
        return lambda secret: any(test(secret) for test in tests)

    def _value_test(self, key: str, value: str) -> Test:
        if value.startswith("!"):
            positive = self._value_test(key, value[1:])
            return lambda secret: not positive(secret)
        if key == "name":
            return lambda secret: secret.name.startswith(value)
        if key == "description":
            words = value.lower().split()
            return lambda secret: _description_has(secret, words)
        if key == "tag-key":
            # AWS documentation: "Prefix match, case-sensitive" (UNVERIFIED against AWS).
            return lambda secret: any(tag.key.startswith(value) for tag in secret.tags or ())
        if key == "tag-value":
            return lambda secret: any(tag.value.startswith(value) for tag in secret.tags or ())
        if key == "primary-region":
            return lambda secret: _has_prefix(_primary_region(secret), value)
        if key == "owning-service":
            # AWS documentation: "Prefix match, case-sensitive" (UNVERIFIED against AWS).
            return lambda secret: _has_prefix(secret.owning_service, value)
        if key == "all":
            words = split_words(value)
            all_words = self._all_words
            if not words:  # recorded: "+" on its own matches nothing
                return lambda secret: False
            return lambda secret: _every_word_starts_one(words, all_words(secret))
        # The wire refuses keys outside the model's enum before a handler runs.
        raise err.InvalidParameterException("Invalid filter key")


def _has_prefix(text: str | None, prefix: str) -> bool:
    return text is not None and text.startswith(prefix)


def _description_has(secret: Secret, words: list[str]) -> bool:
    # A value with no words matches nothing, as for ``all`` (UNVERIFIED for description).
    if not words or not secret.description:
        return False
    described = secret.description.lower().split()
    return all(any(d.startswith(word) for d in described) for word in words)


def _every_word_starts_one(words: list[str], sorted_words: Sequence[str]) -> bool:
    return all(_starts_some(word, sorted_words) for word in words)


def _primary_region(secret: Secret) -> str | None:
    # Replication is not modelled yet; a secret that is not replicated shows no PrimaryRegion,
    # so a ``primary-region`` filter matches it only when negated.
    return None


def _all_words_of(secret: Secret) -> list[str]:
    texts = [secret.name, secret.description or ""]
    for tag in secret.tags or ():
        texts += (tag.key, tag.value)
    return sorted({word for text in texts for word in split_words(text)})


# --- keys ----------------------------------------------------------------------------------------
Key = tuple[Any, ...]


def _millis(when: datetime) -> int:
    return (when - _EPOCH) // _MILLISECOND


def _key(order: SortBy, secret: Secret, seq: int) -> Key:
    if order is SortBy.CREATED_DATE:
        return (_millis(secret.created_date), seq)
    if order is SortBy.NAME:
        # Code-point order of the name (UNVERIFIED: AWS's collation is not documented).
        return (secret.name, seq)
    if order is SortBy.LAST_CHANGED_DATE:
        return (_millis(secret.last_changed_date), seq)
    # Never-read secrets sort before read ones in ascending order (UNVERIFIED). Ties, which the
    # day-truncated LastAccessedDate makes common, keep creation order.
    accessed = secret.last_accessed_date
    return (0, 0, seq) if accessed is None else (1, _millis(accessed), seq)


@dataclass(slots=True, eq=False)
class _Entry:
    seq: int
    keys: tuple[Key, ...]
    live: bool
    words: list[str] | None = field(default=None)


def _insert(keys: list[Key], key: Key) -> None:
    bisect.insort(keys, key)


def _delete(keys: list[Key], key: Key) -> None:
    at = bisect.bisect_left(keys, key)
    if at < len(keys) and keys[at] == key:
        del keys[at]


class ListingIndex:
    """Sort indexes over one region's secrets, and the pages of ListSecrets.

    The backend calls :meth:`add` when a secret is created, :meth:`discard` when it is gone and
    :meth:`touch` whenever a secret is looked up for an operation that may change it (its dates,
    deletion state, description or tags). Touched secrets are re-keyed before the next page.
    """

    def __init__(self) -> None:
        self._next_seq = 0
        self._entries: dict[Secret, _Entry] = {}
        self._by_seq: dict[int, Secret] = {}
        # For each order: (keys of every secret, keys of secrets not scheduled for deletion).
        self._lists: dict[SortBy, tuple[list[Key], list[Key]]] = {o: ([], []) for o in _ORDERS}
        self._touched: set[Secret] = set()
        # Bumped whenever an order's lists change, so that a gathered candidate list (below)
        # can be reused by the next page of the same walk.
        self._generation: dict[SortBy, int] = dict.fromkeys(_ORDERS, 0)
        self._gathered: tuple[Hashable, list[Key]] | None = None
        self._masked: tuple[Hashable, set[int]] | None = None  # likewise, candidates' seqs

    def __len__(self) -> int:
        return len(self._entries)

    # --- maintenance -------------------------------------------------------------------------
    def add(self, secret: Secret) -> None:
        seq = self._next_seq
        self._next_seq += 1
        entry = _Entry(seq, tuple(_key(o, secret, seq) for o in _ORDERS), _is_live(secret))
        self._entries[secret] = entry
        self._by_seq[seq] = secret
        self._place(entry)

    def discard(self, secret: Secret) -> None:
        entry = self._entries.pop(secret, None)
        self._touched.discard(secret)
        if entry is None:
            return
        del self._by_seq[entry.seq]
        self._unplace(entry)

    def touch(self, secret: Secret) -> None:
        self._touched.add(secret)

    def _place(self, entry: _Entry) -> None:
        for at in range(len(_ORDERS)):
            self._move(at, None, entry.keys[at], False, entry.live)

    def _unplace(self, entry: _Entry) -> None:
        for at in range(len(_ORDERS)):
            self._move(at, entry.keys[at], None, entry.live, False)

    def _move(self, at: int, old: Key | None, new: Key | None, was_live: bool, live: bool) -> None:
        """Replace ``old`` by ``new`` (either may be None) in the lists of order ``at``."""
        order = _ORDERS[at]
        every, live_keys = self._lists[order]
        if old is not None:
            _delete(every, old)
            if was_live:
                _delete(live_keys, old)
        if new is not None:
            _insert(every, new)
            if live:
                _insert(live_keys, new)
        self._generation[order] += 1

    def _flush(self) -> None:
        touched, self._touched = self._touched, set()
        for secret in touched:
            entry = self._entries.get(secret)
            if entry is None:
                continue
            entry.words = None
            keys = tuple(_key(o, secret, entry.seq) for o in _ORDERS)
            live = _is_live(secret)
            for at, (old, new) in enumerate(zip(entry.keys, keys, strict=True)):
                if old != new or live != entry.live:
                    self._move(at, old, new, entry.live, live)
            entry.keys, entry.live = keys, live

    def _all_words(self, secret: Secret) -> list[str]:
        entry = self._entries[secret]
        if entry.words is None:
            entry.words = _all_words_of(secret)
        return entry.words

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
        matcher = Matcher(query.filters, self._all_words) if query.filters else None
        full_scope = (scope, query.scope())
        after: Key | None = None
        if token is not None:
            after = _as_key(decode_token(token, full_scope))
        self._flush()
        size = max_results or default_size or DEFAULT_PAGE
        chosen: list[tuple[Key, Secret]] = []
        by_seq = self._by_seq
        test = None if matcher is None else matcher.test
        check_purged = query.include_planned_deletion
        for key in self._candidates(query, matcher, after, size):
            secret = by_seq[key[-1]]
            if check_purged and _purged(secret, now):
                continue
            if test is not None and not test(secret):
                continue
            chosen.append((key, secret))
            if len(chosen) > size:
                break
        if len(chosen) > size:
            return [s for _, s in chosen[:size]], encode_token(full_scope, chosen[size - 1][0])
        return [s for _, s in chosen], None

    def _candidates(
        self, query: Query, matcher: Matcher | None, after: Key | None, size: int
    ) -> Iterator[Key]:
        """Keys in the query's order after ``after``: those of a superset of the matches."""
        view = 0 if query.include_planned_deletion else 1
        order = query.sort_by
        keys = self._lists[order][view]
        by_seq = self._by_seq
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
                keys = self._gathered[1]
            # Gathering and sorting the candidates costs about 4*count scan steps (measured),
            # once per walk while the lists do not change; scanning the order's index costs
            # about size*N/count steps per page. Take the cheaper.
            elif 4 * count * count <= size * len(keys):
                at = _ORDERS.index(order)
                entries = self._entries
                keys = sorted(
                    entries[by_seq[names[i][-1]]].keys[at]
                    for lo, hi in ranges
                    for i in range(lo, hi)
                )
                self._gathered = (cache_key, keys)
            else:
                # Scan, but let only the candidates' keys through, without a Python-level step
                # per skipped key: the scan then costs little more than an unfiltered page.
                mask_key = (view, prefixes, self._generation[SortBy.NAME])
                if self._masked is None or self._masked[0] != mask_key:
                    seqs = {key[-1] for lo, hi in ranges for key in names[lo:hi]}
                    self._masked = (mask_key, seqs)
                wanted = map(
                    self._masked[1].__contains__,
                    map(_SEQ, _walk(keys, after, query.descending)),
                )
                return itertools.compress(_walk(keys, after, query.descending), wanted)
        return _walk(keys, after, query.descending)


_SEQ = operator.itemgetter(-1)


def _is_live(secret: Secret) -> bool:
    return secret.deleted_date is None


def _purged(secret: Secret, now: datetime) -> bool:
    """A secret whose recovery window has ended but that nothing has removed yet."""
    return secret.deletion_date is not None and secret.deletion_date <= now


def _as_key(value: Any) -> Key:
    if not isinstance(value, list):
        raise err.InvalidNextTokenException()
    return tuple(_as_key(v) if isinstance(v, list) else v for v in value)


def _walk(keys: list[Key], after: Key | None, descending: bool) -> Iterator[Key]:
    # map over a range: the per-key step runs in C, which matters when a filter skips many.
    if descending:
        end = len(keys) if after is None else bisect.bisect_left(keys, after)
        return map(keys.__getitem__, range(end - 1, -1, -1))
    start = 0 if after is None else bisect.bisect_right(keys, after)
    return map(keys.__getitem__, range(start, len(keys)))


def _prefix_ranges(names: list[Key], prefixes: Sequence[str]) -> list[tuple[int, int]]:
    """The index ranges of ``names`` (sorted (name, seq) keys) starting with any prefix."""
    ranges = []
    for prefix in prefixes:
        lo = bisect.bisect_left(names, (prefix,))
        if prefix:
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            hi = bisect.bisect_left(names, (upper,))
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
    names: list[Key], ranges: list[tuple[int, int]], after: Key | None, descending: bool
) -> Iterator[Key]:
    if descending:
        end = len(names) if after is None else bisect.bisect_left(names, after)
        spans = [range(min(hi, end) - 1, lo - 1, -1) for lo, hi in reversed(ranges)]
    else:
        start = 0 if after is None else bisect.bisect_right(names, after)
        spans = [range(max(lo, start), hi) for lo, hi in ranges]
    return map(names.__getitem__, itertools.chain.from_iterable(spans))

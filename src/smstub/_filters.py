"""ListSecrets' filters and query: AWS's rules for which secrets a listing selects.

What AWS was recorded doing (AWS-BEHAVIOUR.md, ListSecrets) is matched exactly: ``name`` is a
case-sensitive prefix of the whole name; ``description`` splits the value on whitespace and needs
every word to start some word of the description, ignoring case; ``all`` splits on everything but
letters and digits and on camelCase (``COMPANYthings`` is ``COMPAN`` + ``Ythings``) and needs
every word of a value to start a word of one same field (the name, the description, a tag key or
a tag value), ignoring case; a leading ``!`` negates; the values of one filter are ORed and the
filters ANDed. The rest follows the AWS documentation and is marked as unverified where no
recording backs it.

No botocore and no JSON here: the operations layer turns wire dicts into :class:`Filter` values;
the sort indexes that serve pages are in :mod:`smstub._listing`.
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from smstub import _aws_errors as err
from smstub._model import Secret

__all__ = ["Filter", "Matcher", "Query", "SortBy", "field_words_of", "filters_of", "split_words"]


class SortBy(enum.Enum):
    """The ``SortBy`` values the model allows. AWS lists by CreatedDate when none is given."""

    CREATED_DATE = "created-date"
    LAST_ACCESSED_DATE = "last-accessed-date"
    LAST_CHANGED_DATE = "last-changed-date"
    NAME = "name"


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
# lower case (UNVERIFIED[non-ascii-letters]: no recording has one).
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
FieldWords = tuple[tuple[str, ...], ...]  # each field's words, sorted


class Matcher:
    """A compiled list of filters: ``matcher.test(secret)`` says whether a secret is selected."""

    __slots__ = ("_field_words", "name_prefix_sets", "test")

    def __init__(self, filters: Sequence[Filter], field_words: Callable[[Secret], FieldWords]):
        self._field_words = field_words
        tests: list[Test] = []
        # For each filter on ``name`` without negation, its prefixes: a secret must match one
        # of them, so the name index can narrow the candidates.
        self.name_prefix_sets: list[tuple[str, ...]] = []
        for flt in filters:
            if flt.key is None:
                # UNVERIFIED[filter-without-key]: moto's text; the model makes Key optional.
                raise err.InvalidParameterException("Invalid filter key")
            if flt.values is None:
                # UNVERIFIED[filter-without-values]: moto's text (botocore refuses an empty
                # list, not a missing one).
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
            # "Prefix match, case-sensitive", for tag-key, tag-value, primary-region and
            # owning-service (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_Filter.html).
            return lambda secret: any(tag.key.startswith(value) for tag in secret.tags or ())
        if key == "tag-value":
            return lambda secret: any(tag.value.startswith(value) for tag in secret.tags or ())
        if key == "primary-region":
            return lambda secret: _has_prefix(_primary_region(secret), value)
        if key == "owning-service":
            return lambda secret: _has_prefix(secret.owning_service, value)
        if key == "all":
            words = split_words(value)
            field_words = self._field_words
            if not words:  # recorded: "+" on its own matches nothing
                return lambda secret: False
            return lambda secret: _one_field_has_every_word(words, field_words(secret))
        # The wire refuses keys outside the model's enum before a handler runs.
        raise err.InvalidParameterException("Invalid filter key")


def _has_prefix(text: str | None, prefix: str) -> bool:
    return text is not None and text.startswith(prefix)


def _description_has(secret: Secret, words: list[str]) -> bool:
    # A value with no words matches nothing, as for ``all`` (UNVERIFIED[description-no-words]).
    if not words or not secret.description:
        return False
    described = secret.description.lower().split()
    return all(any(d.startswith(word) for d in described) for word in words)


def _one_field_has_every_word(words: list[str], fields: FieldWords) -> bool:
    return any(all(_starts_some(word, field) for word in words) for field in fields)


def _primary_region(secret: Secret) -> str | None:
    # A secret that is not replicated shows no PrimaryRegion, so a ``primary-region`` filter
    # matches it only when negated (UNVERIFIED[primary-region-plain]: no record of AWS listing
    # a plain secret so).
    state = secret.replication
    return None if state is None else state.primary_region


def field_words_of(secret: Secret) -> FieldWords:
    """The sorted words of each field the ``all`` filter searches: the name, the description,
    and each tag key and tag value on its own (UNVERIFIED[all-filter-tag-fields]: whether AWS
    takes a tag, or all tags, as one field; the announcement names the fields, not tags)."""
    texts = [secret.name, secret.description or ""]
    for tag in secret.tags or ():
        texts += (tag.key, tag.value)
    fields = (tuple(sorted(set(split_words(text)))) for text in texts)
    return tuple(field for field in fields if field)


def filters_of(raw: list[dict[str, Any]] | None) -> tuple[Filter, ...] | None:
    """The Filters member of a request (wire dicts) as Filter values."""
    if raw is None:
        return None
    return tuple(
        Filter(item.get("Key"), None if item.get("Values") is None else tuple(item["Values"]))
        for item in raw
    )

"""ListSecrets on random stores and filters, walked page by page, against a plain reference.

The reference below is written from the rules (AWS-BEHAVIOUR.md and the AWS documentation),
not from smstub's code: a linear scan, character-by-character word splitting, a full sort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smstub import mock_secretsmanager
from tests.sdk.helpers import SORT_BY

SEGMENTS = ["app", "App", "db", "DB", "prodKey", "x1", "team", "COMPANYthings", "a"]
SEPARATORS = ["/", "_", "-", ".", "+", "@"]
DESCRIPTION_WORDS = ["a", "an", "secret", "My", "description", "DescTwo", "one", "two9"]
TAG_KEYS = ["env", "Env", "team", "owner", "x"]
TAG_VALUES = ["prod", "Prod", "blue", "a b", "", "db1"]
# "name" twice: positive name filters take the name index, the path most worth exercising.
FILTER_KEYS = ["name", "name", "description", "tag-key", "tag-value", "all", "primary-region"]
# Where the installed model has no SortBy (botocore 1.40), only the default order is walked.
SORT_KEYS = ["created-date", "last-accessed-date", "last-changed-date", "name"] if SORT_BY else []


@dataclass
class Spec:
    name: str
    description: str | None
    tags: list[tuple[str, str]] | None
    has_value: bool
    changed: bool
    read_day: int | None
    deleted: bool


names = st.builds(
    lambda parts, seps: "".join(p + s for p, s in zip(parts[:-1], seps, strict=False)) + parts[-1],
    st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=3),
    st.lists(st.sampled_from(SEPARATORS), min_size=2, max_size=2),
)


@st.composite
def specs(draw: st.DrawFn) -> list[Spec]:
    chosen = draw(st.lists(names, min_size=2, max_size=12, unique=True))
    out = []
    for name in chosen:
        words = draw(st.lists(st.sampled_from(DESCRIPTION_WORDS), min_size=1, max_size=3))
        tags = draw(
            st.none()
            | st.dictionaries(
                st.sampled_from(TAG_KEYS), st.sampled_from(TAG_VALUES), max_size=3
            ).map(lambda d: list(d.items()))
        )
        has_value = draw(st.booleans())
        out.append(
            Spec(
                name=name,
                description=draw(st.none() | st.just(" ".join(words))),
                tags=tags,
                has_value=has_value,
                changed=draw(st.booleans()),
                read_day=draw(st.none() | st.integers(0, 2)),
                deleted=draw(st.booleans()),
            )
        )
    return out


def filter_values(store: list[Spec]) -> st.SearchStrategy[str]:
    seen = [s.name for s in store] + DESCRIPTION_WORDS + TAG_KEYS + TAG_VALUES + SEGMENTS
    prefixes = st.sampled_from(seen).flatmap(
        lambda text: st.integers(0, len(text)).map(lambda n: text[:n])
    )
    free = st.text(alphabet="aAbDdpxX1 /_-.", max_size=6)
    negation = st.sampled_from(["", "", "", "!"])
    return st.tuples(negation, prefixes | free).map(lambda t: t[0] + t[1])


# --- the reference ------------------------------------------------------------------------------
def _kind(char: str) -> str | None:
    if "A" <= char <= "Z":
        return "upper"
    if "a" <= char <= "z":
        return "lower"
    if "0" <= char <= "9":
        return "digit"
    return None


def reference_words(text: str) -> list[str]:
    """AWS's word split for the ``all`` filter, one character at a time."""
    words: list[str] = []
    current = ""
    for i, char in enumerate(text):
        kind = _kind(char)
        if kind is None:
            if current:
                words.append(current)
            current = ""
            continue
        if current:
            before = _kind(text[i - 1])
            after = _kind(text[i + 1]) if i + 1 < len(text) else None
            if (
                (before == "digit") != (kind == "digit")
                or (before == "lower" and kind == "upper")
                or (before == "upper" and kind == "upper" and after == "lower")
            ):
                words.append(current)
                current = ""
        current += char
    if current:
        words.append(current)
    return words


def _every_word_prefixes_one(value_words: list[str], words: list[str]) -> bool:
    if not value_words:
        return False
    return all(any(w.startswith(v) for w in words) for v in value_words)


def reference_value_matches(spec: Spec, key: str, value: str) -> bool:
    if value.startswith("!"):
        return not reference_value_matches(spec, key, value[1:])
    tags = spec.tags or []
    if key == "name":
        return spec.name.startswith(value)
    if key == "description":
        return _every_word_prefixes_one(
            value.lower().split(), (spec.description or "").lower().split()
        )
    if key == "tag-key":
        return any(k.startswith(value) for k, _ in tags)
    if key == "tag-value":
        return any(v.startswith(value) for _, v in tags)
    if key == "all":
        # Every word of the value in one field: the name, the description, a tag key or value.
        texts = [spec.name, spec.description or ""] + [t for pair in tags for t in pair]
        value_words = [w.lower() for w in reference_words(value)]
        return any(
            _every_word_prefixes_one(value_words, [w.lower() for w in reference_words(text)])
            for text in texts
        )
    return False  # primary-region: no secret here is replicated


def reference_listing(
    store: list[Spec],
    filters: list[tuple[str, list[str]]],
    sort_by: str | None,
    descending: bool,
    include_deleted: bool,
) -> list[str]:
    position = {spec.name: n for n, spec in enumerate(store)}
    changes = [spec.name for spec in store if spec.changed]

    def sort_key(spec: Spec) -> tuple[Any, ...]:
        n = position[spec.name]
        if sort_by == "name":
            return (spec.name,)
        if sort_by == "last-changed-date":
            return (1, changes.index(spec.name)) if spec.changed else (0, n)
        if sort_by == "last-accessed-date":
            return (-1 if spec.read_day is None else spec.read_day, n)
        return (n,)

    chosen = [
        spec
        for spec in store
        if (include_deleted or not spec.deleted)
        and all(any(reference_value_matches(spec, k, v) for v in vs) for k, vs in filters)
    ]
    ordered = sorted(chosen, key=sort_key)
    return [spec.name for spec in (reversed(ordered) if descending else ordered)]


# --- building the store through the client ------------------------------------------------------
def build(client: Any, sm: Any, store: list[Spec]) -> None:
    for spec in store:
        sm.clock.advance(milliseconds=1)
        params: dict[str, Any] = {"Name": spec.name}
        if spec.has_value:
            params["SecretString"] = "v"
        if spec.description is not None:
            params["Description"] = spec.description
        if spec.tags is not None:
            params["Tags"] = [{"Key": k, "Value": v} for k, v in spec.tags]
        client.create_secret(**params)
    for spec in store:
        if spec.changed:
            sm.clock.advance(milliseconds=1)
            client.put_secret_value(SecretId=spec.name, SecretString="changed")
    for day in range(3):
        for spec in store:
            if spec.read_day == day and (spec.has_value or spec.changed):
                client.get_secret_value(SecretId=spec.name)
        sm.clock.advance(days=1)
    for spec in store:
        if not (spec.has_value or spec.changed):
            spec.read_day = None  # a secret without a value cannot be read
        if spec.deleted:
            client.delete_secret(SecretId=spec.name, RecoveryWindowInDays=30)


def walk(client: Any, params: dict[str, Any], max_results: int | None) -> list[list[str]]:
    pages: list[list[str]] = []
    token = None
    while True:
        call = dict(params)
        if max_results is not None:
            call["MaxResults"] = max_results
        if token is not None:
            call["NextToken"] = token
        response = client.list_secrets(**call)
        pages.append([entry["Name"] for entry in response["SecretList"]])
        token = response.get("NextToken")
        if token is None:
            return pages
        assert len(pages) <= 100, "the walk does not end"


@pytest.fixture(scope="module")
def module_client(_shared_client: Any) -> Any:
    # Not the function-scoped ``client``: each hypothesis example opens its own mock.
    return _shared_client


@given(data=st.data(), store=specs())
def test_list_secrets_matches_the_reference(
    module_client: Any, data: Any, store: list[Spec]
) -> None:
    filters = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(FILTER_KEYS),
                st.lists(filter_values(store), min_size=1, max_size=3),
            ),
            max_size=3,
        ),
        label="filters",
    )
    sort_by = data.draw(st.sampled_from([None, *SORT_KEYS]), label="sort_by")
    sort_order = data.draw(st.sampled_from([None, "asc", "desc"]), label="sort_order")
    include_deleted = data.draw(st.booleans(), label="include_deleted")
    max_results = data.draw(st.sampled_from([1, 2, 3, None]), label="max_results")

    params: dict[str, Any] = {"IncludePlannedDeletion": include_deleted}
    if filters:
        params["Filters"] = [{"Key": key, "Values": values} for key, values in filters]
    if sort_by is not None:
        params["SortBy"] = sort_by
    if sort_order is not None:
        params["SortOrder"] = sort_order

    with mock_secretsmanager() as sm:
        build(module_client, sm, store)
        pages = walk(module_client, params, max_results)

    expected = reference_listing(store, filters, sort_by, sort_order == "desc", include_deleted)
    assert [name for page in pages for name in page] == expected
    size = max_results or 100
    assert all(len(page) == size for page in pages[:-1])
    assert 0 < len(pages[-1]) <= size or pages == [[]]


@given(data=st.data(), store=specs())
def test_name_prefix_walks_match_the_reference(
    module_client: Any, data: Any, store: list[Spec]
) -> None:
    # Positive name prefixes are served from the name index (range walks, or gathering the
    # candidates), so they get a test of their own, walking every order both ways.
    prefixes = st.sampled_from([s.name for s in store] + SEGMENTS).flatmap(
        lambda text: st.integers(0, len(text)).map(lambda n: text[:n])
    )
    values = data.draw(st.lists(prefixes, min_size=1, max_size=3), label="prefixes")
    max_results = data.draw(st.integers(1, 3), label="max_results")
    walks = {}
    with mock_secretsmanager() as sm:
        build(module_client, sm, store)
        for sort_by in SORT_KEYS or [None]:
            for order in ("asc", "desc"):
                params = {"Filters": [{"Key": "name", "Values": values}], "SortOrder": order}
                if sort_by is not None:
                    params["SortBy"] = sort_by
                walks[sort_by, order] = walk(module_client, params, max_results)
    for (sort_by, order), pages in walks.items():
        expected = reference_listing(store, [("name", values)], sort_by, order == "desc", False)
        assert [name for page in pages for name in page] == expected, (sort_by, order)

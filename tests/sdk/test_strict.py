"""Strict-contract mode: the liberties AWS documents, taken, so that code relying on behaviour
AWS does not promise fails in the test suite rather than in production."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from smstub import mock_secretsmanager


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def _names_by_paginator(client: Any) -> list[str]:
    pages = client.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 5})
    return [entry["Name"] for page in pages for entry in page["SecretList"]]


def _first_page_only(client: Any) -> list[str]:
    """A common bug: one call, assuming it holds everything up to MaxResults."""
    return [entry["Name"] for entry in client.list_secrets(MaxResults=100)["SecretList"]]


def _make(client: Any, count: int) -> list[str]:
    names = [f"app/s{index:02}" for index in range(count)]
    for name in names:
        client.create_secret(Name=name, SecretString="x")
    return names


def test_strict_mode_catches_code_that_reads_only_the_first_page() -> None:
    with mock_secretsmanager(strict=7) as sm:
        client = _client()
        names = _make(client, 12)
        sm.clock.advance(minutes=5)  # past ListSecrets' eventual consistency
        assert _names_by_paginator(client) == names  # the paginator follows every NextToken
        assert _first_page_only(client) != names  # the one-call assumption breaks
    with mock_secretsmanager() as sm:
        client = _client()
        names = _make(client, 12)
        assert _first_page_only(client) == names  # ...which the plain fake let pass


def test_pages_are_short_or_empty_yet_a_walk_sees_everything_once() -> None:
    with mock_secretsmanager(strict=3) as sm:
        client = _client()
        names = _make(client, 30)
        sm.clock.advance(minutes=5)
        sizes, seen, token = [], [], None
        while True:
            kwargs: dict[str, Any] = {"MaxResults": 10}
            if token is not None:
                kwargs["NextToken"] = token
            page = client.list_secrets(**kwargs)
            sizes.append(len(page["SecretList"]))
            seen += [entry["Name"] for entry in page["SecretList"]]
            token = page.get("NextToken")
            if token is None:
                break
        assert seen == names
        assert 0 in sizes or any(0 < size < 10 for size in sizes[:-1])
        assert max(sizes) <= 10


def test_list_secret_version_ids_walks_every_version_in_varied_order() -> None:
    orders = set()
    for seed in range(4):
        with mock_secretsmanager(strict=seed):
            client = _client()
            ids = [client.create_secret(Name="db", SecretString="v0")["VersionId"]]
            for i in range(1, 6):
                ids.append(
                    client.put_secret_value(SecretId="db", SecretString=f"v{i}")["VersionId"]
                )
            walked, token = [], None
            while True:  # botocore has no paginator for ListSecretVersionIds
                more = {} if token is None else {"NextToken": token}
                page = client.list_secret_version_ids(
                    SecretId="db", IncludeDeprecated=True, MaxResults=4, **more
                )
                walked += [v["VersionId"] for v in page["Versions"]]
                token = page.get("NextToken")
                if token is None:
                    break
            assert sorted(walked) == sorted(ids)
            orders.add(tuple(walked))
    assert len(orders) > 1


def test_a_new_secret_reaches_list_secrets_within_five_minutes_of_the_clock() -> None:
    with mock_secretsmanager(strict=5) as sm:
        client = _client()
        client.create_secret(Name="fresh", SecretString="x")
        # DescribeSecret is current at once; ListSecrets may lag by up to five minutes.
        assert client.describe_secret(SecretId="fresh")["Name"] == "fresh"
        sm.clock.advance(minutes=5)
        assert _names_by_paginator(client) == ["fresh"]
        client.delete_secret(SecretId="fresh")
        sm.clock.advance(minutes=5)
        assert _names_by_paginator(client) == []


def test_eventual_consistency_hides_some_just_created_secrets() -> None:
    with mock_secretsmanager(strict=1):
        client = _client()
        names = _make(client, 20)
        assert len(_names_by_paginator(client)) < len(names)


def test_the_same_seed_replays_the_same_pages() -> None:
    def sizes(seed: int) -> list[int]:
        with mock_secretsmanager(strict=seed) as sm:
            client = _client()
            _make(client, 25)
            sm.clock.advance(minutes=5)
            pages = client.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 10})
            return [len(page["SecretList"]) for page in pages]

    assert sizes(42) == sizes(42)
    assert any(sizes(42) != sizes(seed) for seed in range(5))


def test_strict_true_draws_a_seed_it_reports() -> None:
    with mock_secretsmanager(strict=True) as sm:
        assert isinstance(sm.strict_seed, int)
    with mock_secretsmanager() as sm:
        assert sm.strict_seed is None


@pytest.mark.parametrize("bad", ["yes", 1.5, -1])
def test_strict_takes_a_bool_or_a_seed(bad: object) -> None:
    from smstub.errors import SmstubError

    with pytest.raises(SmstubError, match="strict"):
        mock_secretsmanager(strict=bad)  # type: ignore[arg-type]


def test_batch_get_by_id_list_comes_back_in_varied_order() -> None:
    orders = set()
    for seed in range(6):
        with mock_secretsmanager(strict=seed):
            client = _client()
            names = _make(client, 5)
            values = client.batch_get_secret_value(SecretIdList=names)["SecretValues"]
            orders.add(tuple(value["Name"] for value in values))
            assert sorted(value["Name"] for value in values) == names
    assert len(orders) > 1


def test_a_bad_token_is_refused_as_without_strict_mode() -> None:
    with mock_secretsmanager(strict=2):
        client = _client()
        with pytest.raises(client.exceptions.InvalidNextTokenException):
            client.list_secrets(NextToken="not-a-token")
        client.create_secret(Name="db", SecretString="x")
        with pytest.raises(client.exceptions.InvalidNextTokenException):
            client.list_secret_version_ids(SecretId="db", NextToken="not-a-token")


def test_an_empty_page_token_belongs_to_its_query() -> None:
    with mock_secretsmanager(strict=0) as sm:
        client = _client()
        _make(client, 30)
        sm.clock.advance(minutes=5)
        token = None
        for _ in range(20):  # find an empty page's token
            page = client.list_secrets(
                MaxResults=3, **({} if token is None else {"NextToken": token})
            )
            token = page["NextToken"]
            if not page["SecretList"]:
                break
        assert page["SecretList"] == []
        with pytest.raises(client.exceptions.InvalidNextTokenException):
            client.list_secrets(MaxResults=3, NextToken=token, SortOrder="desc")

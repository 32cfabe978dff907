"""NextToken values a client can trust: opaque, tamper-proof and bound to their query.

Every bad token gets AWS's InvalidNextTokenException "The NextToken value is invalid." (the
message is the model's documentation of the error).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import pytest

from tests.sdk.helpers import SORT_BY, aws_error, needs_sort_by

INVALID = ("InvalidNextTokenException", "The NextToken value is invalid.")
# The query the tokens below belong to: by name where the installed model has SortBy, else by
# creation (s1, s2, s3 are created in name order, so both walk the same).
QUERY: dict[str, Any] = {
    "Filters": [{"Key": "name", "Values": ["s"]}],
    **({"SortBy": "name"} if SORT_BY else {}),
    "MaxResults": 1,
}


@pytest.fixture
def token(client: Any) -> str:
    """A genuine ListSecrets token for QUERY (name filter "s", one per page)."""
    for name in ("s1", "s2", "s3"):
        client.create_secret(Name=name, SecretString="v")
    response = client.list_secrets(**QUERY)
    return response["NextToken"]  # type: ignore[no-any-return]


def _continue(client: Any, token: str, **changes: Any) -> dict[str, Any]:
    params: dict[str, Any] = {**QUERY, "NextToken": token}
    params.update(changes)
    return client.list_secrets(**params)  # type: ignore[no-any-return]


def _refused(client: Any, token: str, **changes: Any) -> tuple[str, str]:
    code, message, response = aws_error(lambda: _continue(client, token, **changes))
    assert response["Message"] == message
    return code, message


def test_the_genuine_token_continues_the_walk(client: Any, token: str) -> None:
    assert [e["Name"] for e in _continue(client, token)["SecretList"]] == ["s2"]


def test_a_token_can_be_used_twice(client: Any, token: str) -> None:
    assert _continue(client, token)["SecretList"] == _continue(client, token)["SecretList"]


@pytest.mark.parametrize(
    "bad", ["garbage", "x", ".", "a.b", "=" * 10, "e30.00000000000000000000000000000000"]
)
def test_malformed_tokens_are_invalid(client: Any, token: str, bad: str) -> None:
    assert _refused(client, bad) == INVALID


def test_a_non_ascii_token_is_invalid(client: Any, token: str) -> None:
    assert _refused(client, "é.é") == INVALID
    assert _refused(client, token[:-1] + "é") == INVALID


def test_a_token_with_one_character_changed_is_invalid(client: Any, token: str) -> None:
    for position in (0, len(token) // 2, len(token) - 1):
        flipped = "A" if token[position] != "A" else "B"
        tampered = token[:position] + flipped + token[position + 1 :]
        assert _refused(client, tampered) == INVALID


def test_a_truncated_token_is_invalid(client: Any, token: str) -> None:
    assert _refused(client, token[:-4]) == INVALID


def test_a_forged_token_is_invalid(client: Any, token: str) -> None:
    body = base64.urlsafe_b64encode(json.dumps(["0" * 16, ["s2", 0]]).encode()).decode()
    assert _refused(client, f"{body}.{'0' * 32}") == INVALID


@pytest.mark.parametrize(
    "changes",
    [
        {"Filters": [{"Key": "name", "Values": ["s1"]}]},
        {"Filters": [{"Key": "all", "Values": ["s"]}]},
        {"Filters": [{"Key": "name", "Values": ["s"]}, {"Key": "name", "Values": ["s"]}]},
        {"Filters": []},
        pytest.param({"SortBy": "created-date"}, marks=needs_sort_by),
        {"SortOrder": "desc"},
        {"IncludePlannedDeletion": True},
    ],
)
def test_a_token_for_another_query_is_invalid(
    client: Any, token: str, changes: dict[str, Any]
) -> None:
    assert _refused(client, token, **changes) == INVALID


def test_a_different_page_size_is_the_same_query(client: Any, token: str) -> None:
    assert [e["Name"] for e in _continue(client, token, MaxResults=5)["SecretList"]] == [
        "s2",
        "s3",
    ]


def test_a_token_from_another_region_is_invalid(client: Any, token: str) -> None:
    west = boto3.client("secretsmanager", region_name="us-west-2")
    code, message, _ = aws_error(lambda: west.list_secrets(**QUERY, NextToken=token))
    assert (code, message) == INVALID


def test_a_list_secret_version_ids_token_is_invalid_for_list_secrets(client: Any) -> None:
    client.create_secret(Name="v", SecretString="0")
    client.put_secret_value(SecretId="v", SecretString="1")
    versions_token = client.list_secret_version_ids(SecretId="v", MaxResults=1)["NextToken"]
    code, message, _ = aws_error(lambda: client.list_secrets(NextToken=versions_token))
    assert (code, message) == INVALID


def test_a_list_secrets_token_is_invalid_for_list_secret_version_ids(
    client: Any, token: str
) -> None:
    code, message, _ = aws_error(
        lambda: client.list_secret_version_ids(SecretId="s1", NextToken=token)
    )
    assert (code, message) == INVALID


def test_a_tampered_version_ids_token_is_invalid(client: Any) -> None:
    client.create_secret(Name="v", SecretString="0")
    client.put_secret_value(SecretId="v", SecretString="1")
    genuine = client.list_secret_version_ids(SecretId="v", MaxResults=1)["NextToken"]
    tampered = ("B" if genuine[0] != "B" else "C") + genuine[1:]
    code, message, _ = aws_error(
        lambda: client.list_secret_version_ids(SecretId="v", MaxResults=1, NextToken=tampered)
    )
    assert (code, message) == INVALID


def test_a_non_ascii_version_ids_token_is_invalid(client: Any) -> None:
    client.create_secret(Name="v", SecretString="0")
    code, message, _ = aws_error(
        lambda: client.list_secret_version_ids(SecretId="v", NextToken="ü")
    )
    assert (code, message) == INVALID


def test_a_version_ids_token_for_another_deprecated_setting_is_invalid(client: Any) -> None:
    client.create_secret(Name="v", SecretString="0")
    client.put_secret_value(SecretId="v", SecretString="1")
    genuine = client.list_secret_version_ids(SecretId="v", MaxResults=1)["NextToken"]
    code, message, _ = aws_error(
        lambda: client.list_secret_version_ids(
            SecretId="v", IncludeDeprecated=True, NextToken=genuine
        )
    )
    assert (code, message) == INVALID

"""ListSecretVersionIds: fields, deprecated versions and pagination."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sdk.helpers import NOT_FOUND, aws_error


def test_entry_fields_for_the_default_key(client: Any) -> None:
    arn = client.create_secret(Name="l", SecretString="v")["ARN"]
    listed = client.list_secret_version_ids(SecretId="l")
    assert (listed["ARN"], listed["Name"]) == (arn, "l")
    (entry,) = listed["Versions"]
    assert set(entry) == {"VersionId", "VersionStages", "CreatedDate", "KmsKeyIds"}
    assert entry["KmsKeyIds"] == ["DefaultEncryptionKey"]
    assert "NextToken" not in listed


def test_unknown_secret_is_not_found(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.list_secret_version_ids(SecretId="missing"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_aws_keeps_every_deprecated_version(client: Any) -> None:
    client.create_secret(Name="l", SecretString="0")
    for n in range(1, 4):
        client.put_secret_value(SecretId="l", SecretString=str(n))
    assert len(client.list_secret_version_ids(SecretId="l")["Versions"]) == 2
    everything = client.list_secret_version_ids(SecretId="l", IncludeDeprecated=True)["Versions"]
    assert len(everything) == 4


def test_pages_cover_every_version_once(client: Any) -> None:
    client.create_secret(Name="l", SecretString="0")
    for n in range(1, 12):
        client.put_secret_value(SecretId="l", SecretString=str(n))
    # botocore has no paginator for this operation: follow NextToken by hand.
    pages = [client.list_secret_version_ids(SecretId="l", IncludeDeprecated=True, MaxResults=5)]
    while "NextToken" in pages[-1]:
        pages.append(
            client.list_secret_version_ids(
                SecretId="l", IncludeDeprecated=True, MaxResults=5, NextToken=pages[-1]["NextToken"]
            )
        )
    assert [len(p["Versions"]) for p in pages] == [5, 5, 2]
    ids = [v["VersionId"] for p in pages for v in p["Versions"]]
    assert len(set(ids)) == 12


def test_a_version_added_between_pages_does_not_repeat_earlier_ones(client: Any) -> None:
    client.create_secret(Name="l", SecretString="0")
    for n in range(1, 4):
        client.put_secret_value(SecretId="l", SecretString=str(n), VersionStages=[f"S{n}"])
    first = client.list_secret_version_ids(SecretId="l", MaxResults=2)
    client.put_secret_value(SecretId="l", SecretString="late", VersionStages=["LATE"])
    rest = client.list_secret_version_ids(SecretId="l", MaxResults=10, NextToken=first["NextToken"])
    seen = [v["VersionId"] for v in first["Versions"] + rest["Versions"]]
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.parametrize("token", ["garbage", "eyJ4IjoxfQ.0000"])
def test_malformed_token_is_refused(client: Any, token: str) -> None:
    client.create_secret(Name="l", SecretString="0")
    code, _, _ = aws_error(lambda: client.list_secret_version_ids(SecretId="l", NextToken=token))
    assert code == "InvalidNextTokenException"


def test_token_from_another_secret_is_refused(client: Any) -> None:
    for name in ("a", "b"):
        client.create_secret(Name=name, SecretString="0")
        client.put_secret_value(SecretId=name, SecretString="1")
    token = client.list_secret_version_ids(SecretId="a", MaxResults=1)["NextToken"]
    code, _, _ = aws_error(lambda: client.list_secret_version_ids(SecretId="b", NextToken=token))
    assert code == "InvalidNextTokenException"


def test_max_results_over_100_is_a_validation_error(client: Any) -> None:
    client.create_secret(Name="l", SecretString="0")
    code, message, _ = aws_error(
        lambda: client.list_secret_version_ids(SecretId="l", MaxResults=101)
    )
    assert code == "ValidationException"
    assert message == (
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 100"
    )


def test_versions_made_in_the_same_millisecond_list_in_creation_order(client: Any) -> None:
    from datetime import datetime, timezone

    import time_machine

    with time_machine.travel(datetime(2026, 1, 1, tzinfo=timezone.utc), tick=False):
        made = [client.create_secret(Name="l", SecretString="0")["VersionId"]]
        made += [
            client.put_secret_value(SecretId="l", SecretString=str(n))["VersionId"]
            for n in range(1, 8)
        ]
        dates = {v["CreatedDate"] for v in client.list_secret_version_ids(SecretId="l")["Versions"]}
        assert dates == {datetime(2026, 1, 1, tzinfo=timezone.utc)}
    listed = client.list_secret_version_ids(SecretId="l", IncludeDeprecated=True)["Versions"]
    assert [v["VersionId"] for v in listed] == made

"""aioboto3: its Session's async clients read and write the fake like boto3's."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.integration.helpers import skip_unless_compatible

skip_unless_compatible("aiobotocore")
skip_unless_compatible("aioboto3")

import aioboto3  # noqa: E402
import boto3  # noqa: E402

from smstub import SecretsManagerMock, mock_secretsmanager  # noqa: E402

REGION = "eu-west-1"


def _client() -> Any:
    return aioboto3.Session(region_name=REGION).client("secretsmanager")


@pytest.mark.asyncio
async def test_create_read_new_current_and_list(sm: SecretsManagerMock) -> None:
    async with _client() as client:
        created = await client.create_secret(
            Name="svc/api-key", SecretString='{"key": "one"}', Description="the API key"
        )
        assert created["ARN"].startswith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:")
        read = await client.get_secret_value(SecretId=created["ARN"])
        assert (read["Name"], read["SecretString"]) == ("svc/api-key", '{"key": "one"}')

        put = await client.put_secret_value(SecretId="svc/api-key", SecretString='{"key": "two"}')
        current = await client.get_secret_value(SecretId="svc/api-key")
        assert (current["SecretString"], current["VersionId"]) == (
            '{"key": "two"}',
            put["VersionId"],
        )
        described = await client.describe_secret(SecretId="svc/api-key")
        assert described["VersionIdsToStages"] == {
            created["VersionId"]: ["AWSPREVIOUS"],
            put["VersionId"]: ["AWSCURRENT"],
        }

        await client.create_secret(Name="svc/other", SecretString="x")
        pages = [
            page
            async for page in client.get_paginator("list_secrets").paginate(
                Filters=[{"Key": "name", "Values": ["svc/"]}], PaginationConfig={"PageSize": 1}
            )
        ]
        names = sorted(entry["Name"] for page in pages for entry in page["SecretList"])
        assert names == ["svc/api-key", "svc/other"]
        assert [entry.get("Description") for page in pages for entry in page["SecretList"]].count(
            "the API key"
        ) == 1


@pytest.mark.asyncio
async def test_modeled_exception_through_aioboto3(sm: SecretsManagerMock) -> None:
    async with _client() as client:
        with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
            await client.describe_secret(SecretId="absent")
    assert caught.value.response["Error"]["Message"] == (
        "Secrets Manager can't find the specified secret."
    )


@pytest.mark.asyncio
async def test_async_with_mock_and_concurrent_clients_share_state_with_boto3() -> None:
    async with mock_secretsmanager(region=REGION) as sm:

        async def one(index: int) -> str:
            async with _client() as client:
                await client.create_secret(Name=f"t/{index}", SecretString=f"v{index}")
                return str((await client.get_secret_value(SecretId=f"t/{index}"))["SecretString"])

        assert await asyncio.gather(*(one(index) for index in range(10))) == [
            f"v{index}" for index in range(10)
        ]
        sync = boto3.client("secretsmanager", region_name=REGION)
        assert sync.get_secret_value(SecretId="t/3")["SecretString"] == "v3"
        assert sm.account_id == "123456789012"

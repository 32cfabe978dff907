"""An async service that reads its configuration through aioboto3, tested against smstub.

Run it: ``python examples/aioboto3_reader.py``. ``async with mock_secretsmanager()`` keeps the
fake active across every ``await``; aioboto3's clients, many concurrent tasks and a plain boto3
client all see the same secrets, and nothing talks to AWS.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aioboto3
import boto3

from smstub import mock_secretsmanager

REGION = "eu-west-1"

# --- the program under test -------------------------------------------------------------------


async def load_settings(session: aioboto3.Session, names: list[str]) -> dict[str, Any]:
    """Read every named JSON secret concurrently, as a service does at start-up."""
    async with session.client("secretsmanager", region_name=REGION) as client:

        async def one(name: str) -> Any:
            return json.loads((await client.get_secret_value(SecretId=name))["SecretString"])

        values = await asyncio.gather(*(one(name) for name in names))
    return dict(zip(names, values, strict=True))


async def secret_names(session: aioboto3.Session, prefix: str) -> list[str]:
    """Every secret whose name starts with ``prefix``, through the async paginator."""
    async with session.client("secretsmanager", region_name=REGION) as client:
        paginator = client.get_paginator("list_secrets")
        pages = paginator.paginate(
            Filters=[{"Key": "name", "Values": [prefix]}], PaginationConfig={"PageSize": 2}
        )
        return sorted([entry["Name"] async for page in pages for entry in page["SecretList"]])


# --- the test -----------------------------------------------------------------------------------


async def main() -> None:
    async with mock_secretsmanager():
        # Seed with a plain boto3 client: sync and async clients share the fake's state.
        seed = boto3.client("secretsmanager", region_name=REGION)
        for name, value in {
            "svc/db": {"host": "db.internal", "port": 5432},
            "svc/cache": {"host": "cache.internal", "port": 6379},
            "svc/queue": {"url": "amqp://queue.internal"},
        }.items():
            seed.create_secret(Name=name, SecretString=json.dumps(value))

        session = aioboto3.Session()
        names = await secret_names(session, "svc/")
        assert names == ["svc/cache", "svc/db", "svc/queue"], names
        settings = await load_settings(session, names)
        assert settings["svc/db"] == {"host": "db.internal", "port": 5432}

        # A new AWSCURRENT is what the next read sees.
        seed.put_secret_value(SecretId="svc/db", SecretString='{"host": "db2.internal"}')
        assert (await load_settings(session, ["svc/db"]))["svc/db"]["host"] == "db2.internal"

        async with session.client("secretsmanager", region_name=REGION) as client:
            try:
                await client.get_secret_value(SecretId="svc/missing")
            except client.exceptions.ResourceNotFoundException as error:
                message = error.response["Error"]["Message"]
        assert message == "Secrets Manager can't find the specified secret.", message
    print(f"read {len(settings)} secrets concurrently through aioboto3: {', '.join(names)}")


if __name__ == "__main__":
    asyncio.run(main())

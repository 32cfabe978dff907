"""aiobotocore: async clients answered by the same fake; aiobotocore does the rest."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.helpers import skip_unless_compatible

skip_unless_compatible("aiobotocore")

import aiobotocore.session  # noqa: E402
import boto3  # noqa: E402
import botocore.session  # noqa: E402
import pytest_asyncio  # noqa: E402
from aiobotocore.httpsession import AIOHTTPSession  # noqa: E402

from smstub import SecretsManagerMock, mock_secretsmanager  # noqa: E402

REGION = "us-east-1"
NOT_FOUND = "Secrets Manager can't find the specified secret."


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    async def refuse(self: Any, request: Any) -> None:
        attempts.append(request.url)
        raise NetworkUsed(f"network used: {request.url}")

    monkeypatch.setattr(AIOHTTPSession, "send", refuse)
    return attempts


@pytest_asyncio.fixture
async def aclient(sm: SecretsManagerMock) -> AsyncIterator[Any]:
    session = aiobotocore.session.get_session()
    async with session.create_client("secretsmanager", region_name=REGION) as client:
        yield client


@pytest.mark.asyncio
async def test_create_read_new_current_and_list(aclient: Any, no_network: list[str]) -> None:
    created = await aclient.create_secret(Name="app/db", SecretString="first")
    first = await aclient.get_secret_value(SecretId="app/db")
    assert (first["Name"], first["SecretString"], first["ARN"]) == (
        "app/db",
        "first",
        created["ARN"],
    )
    assert first["VersionStages"] == ["AWSCURRENT"]

    put = await aclient.put_secret_value(SecretId="app/db", SecretString="second")
    current = await aclient.get_secret_value(SecretId="app/db")
    previous = await aclient.get_secret_value(SecretId="app/db", VersionStage="AWSPREVIOUS")
    assert (current["SecretString"], current["VersionId"]) == ("second", put["VersionId"])
    assert (previous["SecretString"], previous["VersionId"]) == ("first", created["VersionId"])

    listed = await aclient.list_secrets()
    assert [entry["Name"] for entry in listed["SecretList"]] == ["app/db"]
    versions = await aclient.list_secret_version_ids(SecretId="app/db")
    assert {v["VersionId"]: v["VersionStages"] for v in versions["Versions"]} == {
        created["VersionId"]: ["AWSPREVIOUS"],
        put["VersionId"]: ["AWSCURRENT"],
    }
    assert no_network == []


@pytest.mark.asyncio
async def test_async_paginator_walks_every_list_secrets_page(aclient: Any) -> None:
    for index in range(7):
        await aclient.create_secret(Name=f"page/{index}", SecretString=str(index))
    paginator = aclient.get_paginator("list_secrets")
    pages = [page async for page in paginator.paginate(PaginationConfig={"PageSize": 3})]
    assert [len(page["SecretList"]) for page in pages] == [3, 3, 1]
    names = [entry["Name"] for page in pages for entry in page["SecretList"]]
    assert sorted(names) == [f"page/{index}" for index in range(7)]


@pytest.mark.asyncio
async def test_every_paginator_of_the_installed_model_walks_asynchronously(aclient: Any) -> None:
    # The model may name a paginator for an operation the client lacks (ListResourcePolicies);
    # every one the client has must page through aiobotocore's async paginator.
    from botocore import xform_name

    config = botocore.session.get_session().get_paginator_model("secretsmanager")
    arguments = {"ListSecretVersionIds": {"SecretId": "walked"}}
    await aclient.create_secret(Name="walked", SecretString="0")
    for index in range(1, 4):
        await aclient.put_secret_value(SecretId="walked", SecretString=str(index))
    walked = []
    for operation in config._paginator_config:
        method = xform_name(operation)
        if not aclient.can_paginate(method):
            continue
        paginator = aclient.get_paginator(method)
        kwargs = arguments.get(operation, {})
        pages = [p async for p in paginator.paginate(**kwargs, PaginationConfig={"PageSize": 1})]
        assert len(pages) >= 1, operation
        walked.append(operation)
    assert "ListSecrets" in walked


@pytest.mark.asyncio
async def test_list_secret_version_ids_pages_by_next_token(aclient: Any) -> None:
    await aclient.create_secret(Name="versions", SecretString="0")
    for index in range(1, 5):
        await aclient.put_secret_value(
            SecretId="versions", SecretString=str(index), VersionStages=[f"S{index}"]
        )
    seen: list[str] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = await aclient.list_secret_version_ids(SecretId="versions", MaxResults=2, **kwargs)
        seen.extend(version["VersionId"] for version in page["Versions"])
        if "NextToken" not in page:
            break
        kwargs = {"NextToken": page["NextToken"]}
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.asyncio
async def test_modeled_exceptions_are_raised_from_the_await(aclient: Any) -> None:
    with pytest.raises(aclient.exceptions.ResourceNotFoundException) as caught:
        await aclient.get_secret_value(SecretId="missing")
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == ("ResourceNotFoundException", NOT_FOUND)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    await aclient.create_secret(Name="twice", SecretString="v")
    with pytest.raises(aclient.exceptions.ResourceExistsException):
        await aclient.create_secret(Name="twice", SecretString="v")


@pytest.mark.asyncio
async def test_many_concurrent_tasks_on_one_client(aclient: Any) -> None:
    await asyncio.gather(
        *(aclient.create_secret(Name=f"c/{index}", SecretString=str(index)) for index in range(40))
    )
    values = await asyncio.gather(
        *(aclient.get_secret_value(SecretId=f"c/{index}") for index in range(40))
    )
    assert [value["SecretString"] for value in values] == [str(index) for index in range(40)]


@pytest.mark.asyncio
async def test_many_concurrent_tasks_on_several_clients(sm: SecretsManagerMock) -> None:
    session = aiobotocore.session.get_session()

    async def writer(index: int) -> str:
        async with session.create_client("secretsmanager", region_name=REGION) as client:
            await client.create_secret(Name=f"w/{index}", SecretString="0")
            for version in range(1, 4):
                await client.put_secret_value(SecretId=f"w/{index}", SecretString=str(version))
            value = await client.get_secret_value(SecretId=f"w/{index}")
            return str(value["SecretString"])

    assert await asyncio.gather(*(writer(index) for index in range(12))) == ["3"] * 12
    sync = boto3.client("secretsmanager", region_name=REGION)
    assert len(sync.list_secrets(MaxResults=100)["SecretList"]) == 12


@pytest.mark.asyncio
async def test_sync_and_async_clients_see_the_same_state(aclient: Any) -> None:
    sync = boto3.client("secretsmanager", region_name=REGION)
    sync.create_secret(Name="shared", SecretString="from-sync")
    assert (await aclient.get_secret_value(SecretId="shared"))["SecretString"] == "from-sync"
    await aclient.put_secret_value(SecretId="shared", SecretString="from-async")
    assert sync.get_secret_value(SecretId="shared")["SecretString"] == "from-async"


@pytest.mark.asyncio
async def test_requests_of_a_session_without_our_handler_are_answered_not_sent(
    no_network: list[str],
) -> None:
    from smstub._install import EVENT, before_send

    session = aiobotocore.session.get_session()
    session.unregister(EVENT, before_send)  # as a session made before smstub was first used
    # Explicit credentials: without them, creating the client outside a mock may look for
    # credentials on the instance metadata service, which is not the request under test.
    async with (
        session.create_client(
            "secretsmanager",
            region_name=REGION,
            aws_access_key_id="AKIAGUARD",
            aws_secret_access_key="guard",
        ) as client,
        mock_secretsmanager(),
    ):
        await client.create_secret(Name="guarded", SecretString="v")
        value = await client.get_secret_value(SecretId="guarded")
    assert value["SecretString"] == "v"
    assert no_network == []


@pytest.mark.asyncio
async def test_stubbed_async_requests_are_not_signed(
    aclient: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from botocore.auth import SigV4Auth

    signed: list[str] = []
    original = SigV4Auth.add_auth
    monkeypatch.setattr(
        SigV4Auth,
        "add_auth",
        lambda self, request: signed.append(request.url) or original(self, request),
    )
    await aclient.create_secret(Name="unsigned", SecretString="v")
    assert (await aclient.get_secret_value(SecretId="unsigned"))["SecretString"] == "v"
    assert signed == []


@pytest.mark.asyncio
async def test_async_requests_never_refresh_credentials(no_network: list[str]) -> None:
    from datetime import datetime, timedelta, timezone

    from aiobotocore.credentials import AioRefreshableCredentials

    refreshes: list[int] = []

    async def refresh() -> dict[str, str]:
        refreshes.append(1)  # a real refresher would call STS or SSO over the network
        raise AssertionError("credentials refresh attempted")

    expired = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    credentials = AioRefreshableCredentials.create_from_metadata(
        metadata={
            "access_key": "AKIAOLD",
            "secret_key": "old",
            "token": "t",
            "expiry_time": expired,
        },
        refresh_using=refresh,
        method="assume-role",
    )
    session = aiobotocore.session.get_session()
    session._credentials = credentials
    async with (
        session.create_client("secretsmanager", region_name=REGION) as client,
        mock_secretsmanager(),
    ):
        await client.create_secret(Name="no-refresh", SecretString="v")
        value = await client.get_secret_value(SecretId="no-refresh")
    assert value["SecretString"] == "v"
    assert refreshes == []
    assert no_network == []


def _run(script: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_aiobotocore_imported_after_activation_is_patched_on_import() -> None:
    out = _run(
        """
        import asyncio, sys
        from smstub import mock_secretsmanager

        async def main():
            async with mock_secretsmanager():
                assert "aiobotocore" not in sys.modules
                import aiobotocore.session
                from aiobotocore.httpsession import AIOHTTPSession
                from aiobotocore.signers import AioRequestSigner

                async def refuse(self, request):
                    raise SystemExit("network used")

                AIOHTTPSession.send = refuse
                original_sign = AioRequestSigner.__dict__["sign"]
                session = aiobotocore.session.get_session()
                async with session.create_client("secretsmanager", region_name="us-east-1") as c:
                    await c.create_secret(Name="late", SecretString="v")
                    value = await c.get_secret_value(SecretId="late")
                print(value["SecretString"], "smstub" in original_sign.__module__)

        asyncio.run(main())
        """
    )
    assert out == "v True"


def test_import_smstub_does_not_import_or_watch_aiobotocore() -> None:
    out = _run(
        """
        import sys
        before = list(sys.meta_path)
        import smstub
        print("aiobotocore" in sys.modules, sys.meta_path == before)
        """
    )
    assert out == "False True"


def test_client_created_before_import_smstub_is_answered() -> None:
    out = _run(
        """
        import asyncio
        import aiobotocore.session
        from aiobotocore.httpsession import AIOHTTPSession

        async def refuse(self, request):
            raise SystemExit("network used")

        AIOHTTPSession.send = refuse

        async def main():
            session = aiobotocore.session.get_session()
            async with session.create_client(
                "secretsmanager", region_name="eu-west-1",
                aws_access_key_id="a", aws_secret_access_key="b",
            ) as client:
                from smstub import mock_secretsmanager

                async with mock_secretsmanager():
                    arn = (await client.create_secret(Name="x", SecretString="v"))["ARN"]
                    value = await client.get_secret_value(SecretId="x")
            print(value["SecretString"], arn.split(":")[3])

        asyncio.run(main())
        """
    )
    assert out == "v eu-west-1"

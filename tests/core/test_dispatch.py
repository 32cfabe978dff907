"""The dispatch core, through a real boto3 client: work outside the lock, the pinned mock,
routing by the account in an ARN, store-wide ARN suffixes and refused request members."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock, mock_secretsmanager
from smstub._operations import OPERATIONS, Operation
from smstub._request import Deferred
from smstub.errors import UnsupportedMemberError
from tests.sdk.helpers import NOT_FOUND, aws_error

OTHER_ACCOUNT = "111122223333"


def _client(region: str = "us-east-1") -> Any:
    return boto3.client("secretsmanager", region_name=region)


@pytest.fixture
def deferring(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """GetRandomPassword answers with Deferred work: the callables appended to the list run,
    in order, outside the store lock, and their results are collected in ``outcomes``."""
    works: list[Any] = []
    real = OPERATIONS["GetRandomPassword"]

    def handler(backend: Any, params: dict[str, Any]) -> Any:
        work = works.pop(0)
        return Deferred({"RandomPassword": "unused"}, work)

    monkeypatch.setitem(
        OPERATIONS, "GetRandomPassword", Operation(real.name, handler, real.resource)
    )
    return works


def test_deferred_work_calling_boto3_from_a_worker_thread_does_not_deadlock(
    sm: SecretsManagerMock, deferring: list[Any]
) -> None:
    client = _client()
    client.create_secret(Name="db", SecretString="v1")
    seen: list[str] = []

    def work() -> dict[str, Any]:
        def in_thread() -> None:
            client.put_secret_value(SecretId="db", SecretString="v2")
            seen.append(client.get_secret_value(SecretId="db")["SecretString"])

        worker = threading.Thread(target=in_thread)
        worker.start()
        worker.join(timeout=5)
        assert not worker.is_alive(), "the worker thread is blocked: the store lock is held"
        return {"RandomPassword": "from-the-work"}

    deferring.append(work)
    assert client.get_random_password()["RandomPassword"] == "from-the-work"
    assert seen == ["v2"]


def test_deferred_work_returning_none_answers_the_handlers_result(
    sm: SecretsManagerMock, deferring: list[Any]
) -> None:
    deferring.append(lambda: None)
    assert _client().get_random_password()["RandomPassword"] == "unused"


def test_calls_from_deferred_work_reach_the_pinned_mock_while_another_is_nested(
    sm: SecretsManagerMock, deferring: list[Any]
) -> None:
    client = _client()
    inner_names: list[list[str]] = []

    def work() -> None:
        with mock_secretsmanager() as inner:
            # The innermost mock is `inner`, but this work belongs to `sm`.
            result: list[str] = []
            worker = threading.Thread(
                target=lambda: result.append(client.create_secret(Name="pinned")["Name"])
            )
            worker.start()
            worker.join(timeout=5)
            inner_names.append([b.region for b in inner.store.backends()])
            assert result == ["pinned"]

    deferring.append(work)
    client.get_random_password()
    assert inner_names == [[]]  # the nested mock received nothing
    assert [s["Name"] for s in client.list_secrets()["SecretList"]] == ["pinned"]


def test_after_deferred_work_the_innermost_mock_answers_again(
    sm: SecretsManagerMock, deferring: list[Any]
) -> None:
    deferring.append(lambda: None)
    client = _client()
    client.get_random_password()
    with mock_secretsmanager():
        client.create_secret(Name="inner-only", SecretString="x")
    assert client.list_secrets()["SecretList"] == []


def test_first_secrets_of_two_regions_have_different_arn_suffixes(sm: SecretsManagerMock) -> None:
    east = _client("us-east-1").create_secret(Name="db", SecretString="x")["ARN"]
    west = _client("eu-west-1").create_secret(Name="db", SecretString="x")["ARN"]
    assert east.rsplit("-", 1)[1] != west.rsplit("-", 1)[1]


def test_first_secrets_of_two_activations_have_different_arn_suffixes() -> None:
    arns = []
    for _ in range(2):
        with mock_secretsmanager():
            arns.append(_client().create_secret(Name="db", SecretString="x")["ARN"])
    assert arns[0] != arns[1]


def test_a_full_arn_of_another_accounts_secret_reaches_that_account(
    sm: SecretsManagerMock,
) -> None:
    owner = sm.store.backend(OTHER_ACCOUNT, "us-east-1")
    secret, _ = owner.create_secret("shared", "a" * 32, None)
    client = _client()
    client.put_secret_value(SecretId=secret.arn, SecretString="across")
    assert client.get_secret_value(SecretId=secret.arn)["SecretString"] == "across"
    assert f":{OTHER_ACCOUNT}:" in client.describe_secret(SecretId=secret.arn)["ARN"]
    # The caller's own account has no such secret, by name or by its own ARN.
    assert aws_error(lambda: client.get_secret_value(SecretId="shared"))[1] == NOT_FOUND
    own = secret.arn.replace(OTHER_ACCOUNT, sm.account_id)
    assert aws_error(lambda: client.describe_secret(SecretId=own))[1] == NOT_FOUND


def test_an_arn_of_an_account_without_secrets_is_not_found(sm: SecretsManagerMock) -> None:
    arn = f"arn:aws:secretsmanager:us-east-1:{OTHER_ACCOUNT}:secret:nothing-AbCdEf"
    code, message, _ = aws_error(lambda: _client().get_secret_value(SecretId=arn))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_batch_get_reads_another_accounts_secret_by_full_arn(sm: SecretsManagerMock) -> None:
    owner = sm.store.backend(OTHER_ACCOUNT, "us-east-1")
    client = _client()
    secret, _ = owner.create_secret("shared", "b" * 32, None)
    client.put_secret_value(SecretId=secret.arn, SecretString="batch")
    client.create_secret(Name="mine", SecretString="own")
    values = client.batch_get_secret_value(SecretIdList=[secret.arn, "mine"])["SecretValues"]
    assert [v["SecretString"] for v in values] == ["batch", "own"]


def test_a_member_smstub_does_not_act_on_is_refused_by_name(
    sm: SecretsManagerMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every member of the installed model is acted on today; a refused one is declared here.
    real = OPERATIONS["PutSecretValue"]
    refusing = Operation(real.name, real.handler, real.resource, frozenset({"RotationToken"}))
    monkeypatch.setitem(OPERATIONS, "PutSecretValue", refusing)
    client = _client()
    client.create_secret(Name="db", SecretString="x")
    with pytest.raises(UnsupportedMemberError) as caught:
        client.put_secret_value(SecretId="db", SecretString="y", RotationToken="t" * 36)
    assert str(caught.value) == (
        "smstub: PutSecretValue request member RotationToken is not supported by this version "
        "of smstub yet; the request was refused rather than answered as if the member were "
        "absent. Leave RotationToken out, or upgrade smstub."
    )
    # Nothing was changed.
    assert len(client.list_secret_version_ids(SecretId="db")["Versions"]) == 1

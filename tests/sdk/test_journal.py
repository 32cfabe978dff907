"""The call journal: every answered call, in order, with sensitive members redacted."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from smstub import SecretsManagerMock, mock_secretsmanager


def test_calls_are_recorded_in_order_with_outcome_region_account_and_time(
    sm: SecretsManagerMock, client: Any
) -> None:
    calls = sm.calls  # recording starts at the first read of sm.calls
    before = sm.clock.now()
    arn = client.create_secret(Name="db", SecretString="hunter2")["ARN"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.describe_secret(SecretId="missing")
    assert [call.operation for call in calls] == ["CreateSecret", "DescribeSecret"]
    create, describe = calls
    assert create.params["Name"] == "db"
    assert create.result is not None
    assert create.result["ARN"] == arn
    assert (create.ok, create.error) == (True, None)
    assert (describe.ok, describe.error, describe.result) == (
        False,
        "ResourceNotFoundException",
        None,
    )
    assert describe.error_message == "Secrets Manager can't find the specified secret."
    assert (create.region, create.account) == ("us-east-1", "123456789012")
    assert before <= create.time <= describe.time <= sm.clock.now()


def test_no_value_appears_anywhere_in_the_journal(sm: SecretsManagerMock, client: Any) -> None:
    calls = sm.calls
    client.create_secret(Name="s", SecretString="plain-VALUE-1")
    client.create_secret(Name="b", SecretBinary=b"binary-VALUE-2")
    client.put_secret_value(SecretId="s", SecretString="plain-VALUE-3")
    client.update_secret(SecretId="s", SecretString="plain-VALUE-4")
    client.get_secret_value(SecretId="s")
    client.batch_get_secret_value(SecretIdList=["s", "b"])
    password = client.get_random_password()["RandomPassword"]
    shown = repr(calls) + repr(list(calls)) + str([c.params for c in calls])
    shown += str([c.result for c in calls])
    for value in ("plain-VALUE", "binary-VALUE", password):
        assert value not in shown
    assert base64.b64encode(b"binary-VALUE-2").decode() not in shown
    assert calls.of("GetSecretValue")[0].result["SecretString"] == "<redacted>"  # type: ignore[index]
    assert calls.of("CreateSecret")[1].params["SecretBinary"] == "<redacted>"


def test_assert_called_finds_a_call_by_parameters(sm: SecretsManagerMock, client: Any) -> None:
    calls = sm.calls
    client.create_secret(Name="db", SecretString="x")
    client.put_secret_value(SecretId="db", SecretString="y")
    found = calls.assert_called("PutSecretValue", SecretId="db")
    assert found.operation == "PutSecretValue"
    calls.assert_not_called("DeleteSecret")
    assert len(calls.of("CreateSecret")) == 1


def test_assert_called_lists_the_calls_that_were_made(sm: SecretsManagerMock, client: Any) -> None:
    calls = sm.calls
    client.create_secret(Name="db", SecretString="x")
    with pytest.raises(AssertionError) as caught:
        calls.assert_called("PutSecretValue", SecretId="db")
    message = str(caught.value)
    assert "no PutSecretValue(SecretId='db') call was answered" in message
    assert "1. CreateSecret(Name='db', SecretString='<redacted>'" in message
    assert "-> ok" in message


def test_the_journal_costs_nothing_until_it_is_read() -> None:
    with mock_secretsmanager() as sm:
        assert sm.store.journal is None
        calls = sm.calls
        assert sm.store.journal is calls
        assert len(calls) == 0


def test_record_calls_records_from_activation(client: Any) -> None:
    with mock_secretsmanager(record_calls=True) as sm:
        client.create_secret(Name="db", SecretString="x")
        assert [call.operation for call in sm.calls] == ["CreateSecret"]


def test_a_journal_started_late_says_what_it_missed(sm: SecretsManagerMock, client: Any) -> None:
    client.create_secret(Name="early", SecretString="v")
    client.describe_secret(SecretId="early")
    note = (
        "2 earlier call(s) were answered before sm.calls was first read, when the journal "
        "started recording, and are not listed; pass record_calls=True to mock_secretsmanager "
        "(or the marker) to record from activation"
    )
    with pytest.raises(AssertionError) as caught:
        sm.calls.assert_called("CreateSecret", Name="early")
    assert str(caught.value) == (
        f"smstub: no CreateSecret(Name='early') call was answered; calls made:\n  (none)\n{note}"
    )
    # assert_not_called cannot pass on calls it never saw.
    with pytest.raises(AssertionError) as caught:
        sm.calls.assert_not_called("DeleteSecret")
    assert str(caught.value) == f"smstub: cannot tell whether DeleteSecret was called:\n{note}"

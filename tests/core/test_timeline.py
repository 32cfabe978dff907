"""Due work on the store's timeline: run in time order, exactly once, before each request and
on every clock change, whoever moved the time (sm.clock, time-machine)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import boto3
import time_machine

from smstub import SecretsManagerMock


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def _listed(client: Any) -> list[str]:
    secrets = client.list_secrets(IncludePlannedDeletion=True)["SecretList"]
    return sorted(s["Name"] for s in secrets)


def _record(
    sm: SecretsManagerMock, ran: list[tuple[str, datetime, datetime]], when: datetime, name: str
) -> None:
    def action(due: datetime) -> None:
        ran.append((name, due, sm.clock.now()))

    sm.store.timeline.add(when, name, action)


def test_time_machine_runs_due_work_in_time_order_before_the_next_request(
    sm: SecretsManagerMock, client: Any
) -> None:
    start = sm.clock.now()
    client.create_secret(Name="eight-days", SecretString="x")
    client.create_secret(Name="seven-days", SecretString="x")
    client.delete_secret(SecretId="eight-days", RecoveryWindowInDays=8)
    client.delete_secret(SecretId="seven-days", RecoveryWindowInDays=7)
    ran: list[tuple[str, datetime, datetime]] = []
    later, sooner = start + timedelta(days=9), start + timedelta(days=7, hours=12)
    _record(sm, ran, later, "nine days")
    _record(sm, ran, sooner, "seven and a half days")
    with time_machine.travel(start + timedelta(days=7, hours=1), tick=False):
        assert _listed(client) == ["eight-days"]  # seven-days' window has ended
        assert ran == []
    with time_machine.travel(start + timedelta(days=10), tick=False):
        assert _listed(client) == []
    # In time order, each once, and each seeing the clock at the time it fell due.
    assert ran == [("seven and a half days", sooner, sooner), ("nine days", later, later)]
    assert len(sm.store.timeline) == 0


def test_advancing_the_clock_runs_due_work_without_any_request(sm: SecretsManagerMock) -> None:
    ran: list[tuple[str, datetime, datetime]] = []
    start = sm.clock.now()
    for days in (3, 1, 2):
        _record(sm, ran, start + timedelta(days=days), f"day {days}")
    sm.clock.advance(days=2)
    assert [name for name, *_ in ran] == ["day 1", "day 2"]
    sm.clock.advance(days=365)
    assert [name for name, *_ in ran] == ["day 1", "day 2", "day 3"]
    assert all(due == seen for _, due, seen in ran)


def test_a_restored_secret_is_not_purged_when_its_old_window_ends(
    sm: SecretsManagerMock, client: Any
) -> None:
    client.create_secret(Name="kept", SecretString="x")
    client.delete_secret(SecretId="kept", RecoveryWindowInDays=7)
    client.restore_secret(SecretId="kept")
    sm.clock.advance(days=8)
    assert client.get_secret_value(SecretId="kept")["SecretString"] == "x"


def test_scheduling_again_under_a_key_replaces_the_entry(sm: SecretsManagerMock) -> None:
    ran: list[tuple[str, datetime, datetime]] = []
    start = sm.clock.now()
    _record(sm, ran, start + timedelta(days=1), "key")
    _record(sm, ran, start + timedelta(days=5), "key")
    sm.clock.advance(days=2)
    assert ran == []
    sm.clock.advance(days=4)
    assert [(name, due) for name, due, _ in ran] == [("key", start + timedelta(days=5))]


def test_due_work_that_calls_boto3_reaches_its_mock_without_running_again(
    sm: SecretsManagerMock, client: Any
) -> None:
    ran: list[str] = []

    def action(due: datetime) -> None:
        # A request made by due work does not run the timeline again (no recursion).
        _client().create_secret(Name=f"made-{len(ran)}", SecretString="x")
        ran.append("once")

    sm.store.timeline.add(sm.clock.now() + timedelta(hours=1), "maker", action)
    sm.clock.advance(hours=2)
    assert ran == ["once"]
    assert _listed(client) == ["made-0"]

"""Scheduled rotations: fired by moving the clock, once per window, in the window's time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import freezegun
import pytest
import time_machine

from smstub import SecretsManagerMock
from tests.sdk.helpers import stages
from tests.sdk.test_rotate_secret import INITIAL, LAMBDA, Recorder

START = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)  # a Tuesday


class Timed(Recorder):
    """A Recorder that also notes the clock each rotation saw when it finished."""

    def __init__(self, client: Any, sm: SecretsManagerMock) -> None:
        super().__init__(client)
        self.sm = sm
        self.finished_at: list[datetime] = []

    def __call__(self, event: dict[str, Any], context: Any) -> None:
        super().__call__(event, context)
        if event["Step"] == "finishSecret":
            self.finished_at.append(self.sm.clock.now())


@pytest.fixture
def timed(sm: SecretsManagerMock, client: Any) -> Timed:
    fn = Timed(client, sm)
    sm.register_rotation_function(LAMBDA, fn)
    sm.clock.set(START)
    client.create_secret(Name="db", SecretString=json.dumps(INITIAL))
    return fn


def rotations(fn: Recorder) -> int:
    return sum(e["Step"] == "finishSecret" for e in fn.events)


def test_thirty_days_later_the_secret_rotates_once(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30}
    )
    assert rotations(timed) == 1
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == datetime(
        2026, 12, 31, 23, 59, 59, tzinfo=timezone.utc
    )
    sm.clock.advance(days=29)
    client.list_secrets()
    assert rotations(timed) == 1
    sm.clock.advance(days=1)
    assert rotations(timed) == 2
    described = client.describe_secret(SecretId="db")
    # The rotation ran with the clock inside its window (31 December, from midnight).
    assert described["LastRotatedDate"] == datetime(2026, 12, 31, tzinfo=timezone.utc)
    assert described["NextRotationDate"] == datetime(2027, 1, 30, 23, 59, 59, tzinfo=timezone.utc)


def test_a_year_jump_rotates_once_per_window_in_order(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=LAMBDA,
        RotationRules={"AutomaticallyAfterDays": 30},
        RotateImmediately=False,
    )
    sm.clock.advance(days=365)
    expected = [
        datetime(2026, 12, 31, tzinfo=timezone.utc) + timedelta(days=30 * i) for i in range(12)
    ]
    assert timed.finished_at == expected
    described = client.describe_secret(SecretId="db")
    assert described["LastRotatedDate"] == expected[-1]
    # The next window opens 30 days on and lasts the day: NextRotationDate is its last second.
    assert described["NextRotationDate"] == expected[-1] + timedelta(days=31, seconds=-1)
    versions = client.list_secret_version_ids(SecretId="db", IncludeDeprecated=True)["Versions"]
    assert len(versions) == 13


def test_time_machine_moves_time_for_the_schedule_too(sm: SecretsManagerMock, client: Any) -> None:
    fn = Timed(client, sm)
    sm.register_rotation_function(LAMBDA, fn)
    with time_machine.travel(START, tick=False) as traveller:
        client.create_secret(Name="db", SecretString=json.dumps(INITIAL))
        client.rotate_secret(
            SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 7}
        )
        traveller.shift(timedelta(days=15))
        assert rotations(fn) == 1
        client.describe_secret(SecretId="db")  # noticed on the next request
        assert fn.finished_at == [
            START,
            datetime(2026, 12, 8, tzinfo=timezone.utc),
            datetime(2026, 12, 15, tzinfo=timezone.utc),
        ]


def test_a_weekly_cron_rotates_on_its_day_from_its_hour(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=LAMBDA,
        RotationRules={"ScheduleExpression": "cron(0 10 ? * SAT *)"},
        RotateImmediately=False,
    )
    described = client.describe_secret(SecretId="db")
    assert described["NextRotationDate"] == datetime(2026, 12, 5, 23, 59, 59, tzinfo=timezone.utc)
    assert described["RotationRules"] == {"ScheduleExpression": "cron(0 10 ? * SAT *)"}
    sm.clock.set(datetime(2026, 12, 5, 9, 59, tzinfo=timezone.utc))
    assert rotations(timed) == 0
    sm.clock.set(datetime(2026, 12, 5, 12, tzinfo=timezone.utc))
    assert timed.finished_at == [datetime(2026, 12, 5, 10, tzinfo=timezone.utc)]
    described = client.describe_secret(SecretId="db")
    assert described["NextRotationDate"] == datetime(2026, 12, 12, 23, 59, 59, tzinfo=timezone.utc)
    # After a successful rotation DescribeSecret works out the days between rotations
    # (seen from AWS: cron(0 0 ? * 2 *) shows AutomaticallyAfterDays 7).
    assert described["RotationRules"] == {
        "AutomaticallyAfterDays": 7,
        "ScheduleExpression": "cron(0 10 ? * SAT *)",
    }


def test_an_hourly_rate_rotates_every_four_hours(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    sm.clock.set(datetime(2026, 12, 1, 1, 30, tzinfo=timezone.utc))
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=LAMBDA,
        RotationRules={"ScheduleExpression": "rate(4 hours)"},
    )
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == datetime(
        2026, 12, 1, 5, 59, 59, tzinfo=timezone.utc
    )
    sm.clock.advance(hours=24)
    assert timed.finished_at[1:] == [
        datetime(2026, 12, 1, hour, tzinfo=timezone.utc) for hour in (5, 9, 13, 17, 21)
    ] + [datetime(2026, 12, 2, 1, tzinfo=timezone.utc)]


def test_a_manual_rotation_moves_the_schedule(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30}
    )
    sm.clock.advance(days=10)
    client.rotate_secret(SecretId="db")
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == datetime(
        2027, 1, 10, 23, 59, 59, tzinfo=timezone.utc
    )
    sm.clock.advance(days=25)  # past the first schedule's window: nothing happens then
    assert rotations(timed) == 2


def test_a_cancelled_schedule_does_not_fire(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1}
    )
    client.cancel_rotate_secret(SecretId="db")
    sm.clock.advance(days=10)
    assert rotations(timed) == 1


def test_a_secret_scheduled_for_deletion_does_not_rotate(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1}
    )
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    sm.clock.advance(days=3)
    assert rotations(timed) == 1


def test_a_failed_scheduled_rotation_leaves_the_date_in_the_past(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1}
    )
    rotated = client.describe_secret(SecretId="db")["LastRotatedDate"]
    timed.fail_in = "testSecret"
    sm.clock.advance(days=3)
    # AWS docs (NextRotationDate): "If rotation is unsuccessful, this date may be in the past."
    described = client.describe_secret(SecretId="db")
    assert described["NextRotationDate"] == datetime(2026, 12, 2, 23, 59, 59, tzinfo=timezone.utc)
    assert described["LastRotatedDate"] == rotated
    assert len(sm.rotation_failures) == 1
    pending = [v for v, s in stages(client, "db").items() if s == ["AWSPENDING"]]
    assert len(pending) == 1


def test_a_manual_new_value_counts_as_a_rotation_for_automatically_after_days(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30}
    )
    rotated = client.describe_secret(SecretId="db")["LastRotatedDate"]
    sm.clock.advance(days=20)
    client.put_secret_value(SecretId="db", SecretString=json.dumps(INITIAL))
    described = client.describe_secret(SecretId="db")
    # Model docs: "Manually updating the secret value ... is considered a valid rotation."
    assert described["NextRotationDate"] == datetime(2027, 1, 20, 23, 59, 59, tzinfo=timezone.utc)
    assert described["LastRotatedDate"] == rotated
    sm.clock.advance(days=15)  # past the old window (31 December): nothing ran
    assert rotations(timed) == 1


def test_a_pending_value_does_not_move_the_schedule(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30}
    )
    before = client.describe_secret(SecretId="db")["NextRotationDate"]
    client.update_secret_version_stage(
        SecretId="db",
        VersionStage="AWSPENDING",
        RemoveFromVersionId=client.get_secret_value(SecretId="db")["VersionId"],
    )
    sm.clock.advance(days=2)
    client.put_secret_value(SecretId="db", SecretString="x", VersionStages=["AWSPENDING"])
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == before


def test_freezegun_moves_time_for_the_schedule_too(sm: SecretsManagerMock, client: Any) -> None:
    fn = Timed(client, sm)
    sm.register_rotation_function(LAMBDA, fn)
    with freezegun.freeze_time(START) as frozen:
        client.create_secret(Name="db", SecretString=json.dumps(INITIAL))
        client.rotate_secret(
            SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 1}
        )
        frozen.tick(timedelta(days=2))
        client.describe_secret(SecretId="db")  # noticed on the next request
        assert fn.finished_at == [
            START,
            datetime(2026, 12, 2, tzinfo=timezone.utc),
            datetime(2026, 12, 3, tzinfo=timezone.utc),
        ]


def test_update_secret_with_a_value_moves_the_schedule_too(
    sm: SecretsManagerMock, client: Any, timed: Timed
) -> None:
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30}
    )
    sm.clock.advance(days=5)
    client.update_secret(SecretId="db", SecretString=json.dumps(INITIAL))
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == datetime(
        2027, 1, 5, 23, 59, 59, tzinfo=timezone.utc
    )

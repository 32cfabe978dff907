"""Rotation settings in seeds and dumps: a seeded schedule behaves as one RotateSecret set."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock, mock_secretsmanager
from smstub.errors import SmstubError

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:rotate"


def _client() -> Any:
    return boto3.client("secretsmanager", region_name="us-east-1")


def _rotation_fields(answer: dict[str, Any]) -> dict[str, Any]:
    names = ("RotationEnabled", "RotationLambdaARN", "RotationRules", "LastRotatedDate")
    return {name: answer[name] for name in names if name in answer}


def _simple_rotation(client: Any) -> Any:
    def rotate(event: dict[str, Any], context: Any) -> None:
        arn, token = event["SecretId"], event["ClientRequestToken"]
        if event["Step"] == "createSecret":
            client.put_secret_value(
                SecretId=arn,
                ClientRequestToken=token,
                SecretString="rotated",
                VersionStages=["AWSPENDING"],
            )
        elif event["Step"] == "finishSecret":
            current = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
            old = next(v for v, labels in current.items() if "AWSCURRENT" in labels)
            client.update_secret_version_stage(
                SecretId=arn,
                VersionStage="AWSCURRENT",
                MoveToVersionId=token,
                RemoveFromVersionId=old,
            )

    return rotate


def test_dump_and_load_keep_the_rotation_settings() -> None:
    with mock_secretsmanager() as sm:
        client = _client()
        sm.register_rotation_function(LAMBDA, _simple_rotation(client))
        client.create_secret(Name="db", SecretString="v1")
        client.rotate_secret(
            SecretId="db", RotationLambdaARN=LAMBDA, RotationRules={"AutomaticallyAfterDays": 30}
        )
        before = _rotation_fields(client.describe_secret(SecretId="db"))
        document = sm.dump()
    assert before["RotationEnabled"] is True
    entry = next(s for s in document["Secrets"] if s["Name"] == "db")
    assert entry["RotationLambdaARN"] == LAMBDA
    assert entry["RotationRules"] == {"AutomaticallyAfterDays": 30}
    assert entry["RotationEnabled"] is True
    with mock_secretsmanager(seed=document):
        assert _rotation_fields(_client().describe_secret(SecretId="db")) == before


def test_a_seeded_schedule_fires_on_the_clock(sm: SecretsManagerMock) -> None:
    client = _client()
    sm.register_rotation_function(LAMBDA, _simple_rotation(client))
    last = sm.clock.now() - timedelta(days=29)
    sm.load(
        {
            "Secrets": [
                {
                    "Name": "db",
                    "SecretString": "v1",
                    "RotationLambdaARN": LAMBDA,
                    "RotationRules": {"AutomaticallyAfterDays": 30},
                    "RotationEnabled": True,
                    "LastRotatedDate": last.astimezone(timezone.utc).isoformat(),
                }
            ]
        }
    )
    assert client.get_secret_value(SecretId="db")["SecretString"] == "v1"
    sm.clock.advance(days=2)
    assert client.get_secret_value(SecretId="db")["SecretString"] == "rotated"
    described = client.describe_secret(SecretId="db")
    assert described["LastRotatedDate"] > last.replace(tzinfo=timezone.utc)
    assert isinstance(described["NextRotationDate"], datetime)


@pytest.mark.parametrize(
    ("member", "value", "problem"),
    [
        (
            "RotationRules",
            {"AutomaticallyAfterDays": "30"},
            "AutomaticallyAfterDays must be an integer",
        ),
        ("RotationRules", {"Every": 3}, "must be a mapping of AutomaticallyAfterDays"),
        ("RotationLambdaARN", "rotate", "must be a Lambda function ARN"),
        ("RotationEnabled", "yes", "must be true or false"),
        ("LastRotatedDate", "yesterday", "'yesterday' is not an ISO 8601 date"),
    ],
)
def test_a_bad_rotation_member_names_the_entry_and_member(
    sm: SecretsManagerMock, member: str, value: Any, problem: str
) -> None:
    with pytest.raises(SmstubError) as caught:
        sm.load({"Secrets": [{"Name": "db", "SecretString": "x", member: value}]})
    assert "Secrets[0]" in str(caught.value)
    assert member in str(caught.value)
    assert problem in str(caught.value)
    assert _client().list_secrets()["SecretList"] == []


def test_rotation_enabled_without_a_function_is_refused(sm: SecretsManagerMock) -> None:
    with pytest.raises(SmstubError, match="RotationEnabled needs RotationLambdaARN"):
        sm.load({"Secrets": [{"Name": "db", "SecretString": "x", "RotationEnabled": True}]})

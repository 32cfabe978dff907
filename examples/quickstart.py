"""A small program that reads, rotates and deletes secrets, tested against smstub.

Run it: ``python examples/quickstart.py``. Nothing here talks to AWS: while
``mock_secretsmanager`` is active, every Secrets Manager request is answered in-process, and
botocore still validates, serializes, parses and raises exactly as it does against AWS.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from smstub import mock_secretsmanager

# --- the program under test -------------------------------------------------------------------


def database_url(client: Any, secret_id: str) -> str:
    """Build a connection URL from a JSON secret, as an application would."""
    value = json.loads(client.get_secret_value(SecretId=secret_id)["SecretString"])
    return f"postgresql://{value['username']}:{value['password']}@{value['host']}/app"


def rotate_password(client: Any, secret_id: str) -> str:
    """Stage a new password as AWSPENDING, then promote it to AWSCURRENT."""
    current = client.get_secret_value(SecretId=secret_id)
    value = json.loads(current["SecretString"])
    value["password"] = client.get_random_password(ExcludePunctuation=True)["RandomPassword"]
    pending = client.put_secret_value(
        SecretId=secret_id, SecretString=json.dumps(value), VersionStages=["AWSPENDING"]
    )
    client.update_secret_version_stage(
        SecretId=secret_id,
        VersionStage="AWSCURRENT",
        MoveToVersionId=pending["VersionId"],
        RemoveFromVersionId=current["VersionId"],
    )
    return str(pending["VersionId"])


# --- exercising it against the fake ------------------------------------------------------------


def main() -> None:
    with mock_secretsmanager() as sm:
        client = boto3.client("secretsmanager", region_name="eu-west-1")
        client.create_secret(
            Name="prod/db",
            SecretString=json.dumps({"username": "app", "password": "first", "host": "db"}),
        )
        before = database_url(client, "prod/db")
        assert before == "postgresql://app:first@db/app"
        print("before rotation: the program built its database URL from the secret")

        new_version = rotate_password(client, "prod/db")
        after = database_url(client, "prod/db")
        assert "first" not in after
        stages = client.describe_secret(SecretId="prod/db")["VersionIdsToStages"]
        assert sorted(stages[new_version]) == ["AWSCURRENT", "AWSPENDING"]
        print("after rotation: password changed; old version is AWSPREVIOUS")

        client.delete_secret(SecretId="prod/db", RecoveryWindowInDays=7)
        try:
            client.get_secret_value(SecretId="prod/db")
        except client.exceptions.InvalidRequestException as error:
            print("while scheduled for deletion:", error.response["Error"]["Message"])

        sm.clock.advance(days=7)  # time travel: the recovery window passes
        try:
            client.describe_secret(SecretId="prod/db")
        except client.exceptions.ResourceNotFoundException:
            print("after the recovery window: the secret is gone")


if __name__ == "__main__":
    main()

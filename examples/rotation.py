"""A rotation function for a database password, tested through RotateSecret, a 30-day schedule
and a failing step, all in-process.

Run it: ``python examples/rotation.py``. The rotation function below is written the way AWS's
single-user rotation templates are: it handles the four steps Secrets Manager calls it for, and
makes its client with ``endpoint_url=os.environ["SECRETS_MANAGER_ENDPOINT"]``. smstub calls it
as Lambda would, with AWS's event, while ``RotateSecret`` runs and whenever moving the clock
makes a scheduled rotation fall due.
"""

from __future__ import annotations

import json
import os
from typing import Any

import boto3

from smstub import mock_secretsmanager

LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:rotate-orders-db"


class FakeDatabase:
    """Stands in for the database whose password is rotated."""

    def __init__(self) -> None:
        self.passwords = {"orders": "first-password"}
        self.down = False

    def set_password(self, user: str, password: str) -> None:
        if self.down:
            raise ConnectionError("the database does not answer")
        self.passwords[user] = password

    def can_log_in(self, user: str, password: str) -> bool:
        return not self.down and self.passwords.get(user) == password


DATABASE = FakeDatabase()


# --- the rotation function under test ---------------------------------------------------------
def lambda_handler(event: dict[str, Any], context: Any) -> None:
    arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    client = boto3.client("secretsmanager", endpoint_url=os.environ["SECRETS_MANAGER_ENDPOINT"])
    versions = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
    if "AWSCURRENT" in versions.get(token, []):
        return  # already finished
    if "AWSPENDING" not in versions.get(token, []):
        raise ValueError(f"version {token} is not staged for rotation")

    if step == "createSecret":
        current = json.loads(client.get_secret_value(SecretId=arn)["SecretString"])
        try:
            client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
        except client.exceptions.ResourceNotFoundException:
            current["password"] = client.get_random_password(ExcludePunctuation=True)[
                "RandomPassword"
            ]
            client.put_secret_value(
                SecretId=arn,
                ClientRequestToken=token,
                SecretString=json.dumps(current),
                VersionStages=["AWSPENDING"],
            )
    elif step in ("setSecret", "testSecret"):
        pending = json.loads(
            client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")[
                "SecretString"
            ]
        )
        if step == "setSecret":
            DATABASE.set_password(pending["username"], pending["password"])
        elif not DATABASE.can_log_in(pending["username"], pending["password"]):
            raise ValueError("cannot log in with the pending password")
    elif step == "finishSecret":
        current_version = next(v for v, s in versions.items() if "AWSCURRENT" in s)
        client.update_secret_version_stage(
            SecretId=arn,
            VersionStage="AWSCURRENT",
            MoveToVersionId=token,
            RemoveFromVersionId=current_version,
        )


# --- the test -----------------------------------------------------------------------------------
def password(client: Any) -> str:
    return str(
        json.loads(client.get_secret_value(SecretId="orders-db")["SecretString"])["password"]
    )


def main() -> None:
    with mock_secretsmanager() as sm:
        sm.register_rotation_function(LAMBDA_ARN, lambda_handler)
        client = boto3.client("secretsmanager", region_name="us-east-1")
        client.create_secret(
            Name="orders-db",
            SecretString=json.dumps({"username": "orders", "password": "first-password"}),
        )

        # 1. Rotate now, and every 30 days from now on. The four steps have run on return.
        client.rotate_secret(
            SecretId="orders-db",
            RotationLambdaARN=LAMBDA_ARN,
            RotationRules={"AutomaticallyAfterDays": 30},
        )
        assert DATABASE.can_log_in("orders", password(client))
        described = client.describe_secret(SecretId="orders-db")
        print("rotated; next rotation by", described["NextRotationDate"])

        # 2. Thirty days pass: the schedule fires once, inside its window.
        before = password(client)
        sm.clock.advance(days=30)
        assert password(client) != before
        assert DATABASE.can_log_in("orders", password(client))
        print(
            "rotated by the schedule at",
            client.describe_secret(SecretId="orders-db")["LastRotatedDate"],
        )

        # 3. The database is down: setSecret fails. RotateSecret itself reports no error (as on
        #    AWS); the failure is on the handle, and the labels are where AWS leaves them.
        DATABASE.down = True
        working = password(client)
        token = client.rotate_secret(SecretId="orders-db")["VersionId"]
        (failure,) = sm.rotation_failures
        print(f"rotation failed in {failure.step}: {type(failure.error).__name__}")
        stages = client.describe_secret(SecretId="orders-db")["VersionIdsToStages"]
        assert stages[token] == ["AWSPENDING"]
        assert password(client) == working  # AWSCURRENT untouched

        # 4. Clean up as AWS's docs describe, then rotate again once the database is back.
        client.cancel_rotate_secret(SecretId="orders-db")
        client.update_secret_version_stage(
            SecretId="orders-db", VersionStage="AWSPENDING", RemoveFromVersionId=token
        )
        DATABASE.down = False
        client.rotate_secret(SecretId="orders-db")
        assert DATABASE.can_log_in("orders", password(client))
        print("rotated again after the clean-up")


if __name__ == "__main__":
    main()

"""Disaster recovery with a replicated secret, against smstub.

A reader in the replica Region sees what the primary Region writes; when the primary Region is
lost, the replica is promoted with StopReplicationToReplica and takes writes itself.

Run it: ``python examples/failover.py``.
"""

from __future__ import annotations

import boto3
from botocore.exceptions import ClientError

from smstub import mock_secretsmanager

PRIMARY, STANDBY = "us-east-1", "us-west-2"


def read_password(client: object, name: str) -> str:
    """The program under test: what a service in a Region reads at start-up."""
    value: str = client.get_secret_value(SecretId=name)["SecretString"]  # type: ignore[attr-defined]
    return value


def main() -> None:
    with mock_secretsmanager() as sm:
        east = boto3.client("secretsmanager", region_name=PRIMARY)
        west = boto3.client("secretsmanager", region_name=STANDBY)
        sm.kms.create_key(region=STANDBY, alias="alias/standby")

        created = east.create_secret(
            Name="prod/db",
            SecretString="first-password",
            AddReplicaRegions=[{"Region": STANDBY, "KmsKeyId": "alias/standby"}],
        )
        print("primary:", created["ARN"])
        print("replica:", west.describe_secret(SecretId="prod/db")["ARN"])

        # A write in the primary Region reaches the standby.
        east.put_secret_value(SecretId="prod/db", SecretString="rotated-password")
        assert read_password(west, "prod/db") == "rotated-password"
        status = east.describe_secret(SecretId="prod/db")["ReplicationStatus"][0]
        print("replication:", status["Region"], status["Status"])

        # The replica is read-only while it is a replica.
        try:
            west.put_secret_value(SecretId="prod/db", SecretString="too-early")
        except ClientError as error:
            print("write to the replica:", error.response["Error"]["Message"])

        # Failover: promote the standby and write there.
        west.stop_replication_to_replica(SecretId="prod/db")
        west.put_secret_value(SecretId="prod/db", SecretString="written-in-the-west")
        assert read_password(west, "prod/db") == "written-in-the-west"
        assert "PrimaryRegion" not in west.describe_secret(SecretId="prod/db")
        # The old primary no longer lists the promoted Region.
        assert "ReplicationStatus" not in east.describe_secret(SecretId="prod/db")
        print("promoted", STANDBY, "now holds:", read_password(west, "prod/db"))


if __name__ == "__main__":
    main()

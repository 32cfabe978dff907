"""The cost of replication: a write to a primary with two replicas against the same write to a
secret that has none, each as a ratio to botocore's floor (see bench.py).

    python benchmarks/replication.py
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import boto3
from bench import REGION, Floor, _capture, paired, signed_client

from smstub import mock_secretsmanager

REPLICAS = ("us-west-2", "eu-west-1")
SPREAD = 100


def measure(batch: int = 200, rounds: int = 9) -> dict[str, Any]:
    session = boto3.Session(region_name=REGION)
    floor = Floor(session)
    with mock_secretsmanager():
        client = signed_client(session)
        replica_client = session.client("secretsmanager", region_name=REPLICAS[0])
        seen = _capture(client)
        # Writes cycle through SPREAD secrets of each kind, so that versions pile up as they do
        # in a test suite (a few per secret), not thousands on one secret.
        for index in range(SPREAD):
            client.create_secret(Name=f"plain/{index}", SecretString="v")
            client.create_secret(
                Name=f"replicated/{index}",
                SecretString="v",
                AddReplicaRegions=[{"Region": region} for region in REPLICAS],
            )
        client.create_secret(
            Name="replicated", SecretString="v", AddReplicaRegions=[{"Region": REPLICAS[0]}]
        )
        counter = itertools.count()
        calls = {
            "PutSecretValue, no replicas": lambda: client.put_secret_value(
                SecretId=f"plain/{next(counter) % SPREAD}", SecretString="v2"
            ),
            "PutSecretValue, two replicas": lambda: client.put_secret_value(
                SecretId=f"replicated/{next(counter) % SPREAD}", SecretString="v2"
            ),
            "GetSecretValue, a primary": lambda: client.get_secret_value(SecretId="replicated"),
            "GetSecretValue, on a replica": lambda: replica_client.get_secret_value(
                SecretId="replicated"
            ),
        }
        theirs = {
            "PutSecretValue": lambda: floor.client.put_secret_value(SecretId="f", SecretString="v"),
            "GetSecretValue": lambda: floor.client.get_secret_value(SecretId="f"),
        }
        out = {}
        for label, ours in calls.items():
            operation = label.split(",")[0]
            ours()
            floor.learn(operation, seen.get(operation, b"{}"))
            out[label] = paired(theirs[operation], ours, batch=batch, rounds=rounds)
        return out


if __name__ == "__main__":
    print(json.dumps(measure(), indent=2))

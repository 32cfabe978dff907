"""What one RotateSecret costs: the four steps with a trivial rotation function (it puts the
new value and moves AWSCURRENT, as the least a real function does), against one PutSecretValue
on the same client.

    python benchmarks/rotation.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import boto3

from smstub import mock_secretsmanager

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    client = boto3.Session(region_name="us-east-1").client("secretsmanager")

    def rotate(event: dict[str, Any], context: Any) -> None:
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        if step == "createSecret":
            client.put_secret_value(
                SecretId=arn,
                ClientRequestToken=token,
                SecretString="v",
                VersionStages=["AWSPENDING"],
            )
        elif step == "finishSecret":
            current = client.get_secret_value(SecretId=arn)["VersionId"]
            client.update_secret_version_stage(
                SecretId=arn,
                VersionStage="AWSCURRENT",
                MoveToVersionId=token,
                RemoveFromVersionId=current,
            )

    with mock_secretsmanager() as sm:
        sm.register_rotation_function(LAMBDA, rotate)
        client.create_secret(Name="bench", SecretString="v")
        client.rotate_secret(SecretId="bench", RotationLambdaARN=LAMBDA)
        puts, rotations = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            client.put_secret_value(SecretId="bench", SecretString="w")
            puts.append(time.perf_counter() - start)
            start = time.perf_counter()
            client.rotate_secret(SecretId="bench")
            rotations.append(time.perf_counter() - start)
        assert not sm.rotation_failures
    put, rotation = statistics.median(puts), statistics.median(rotations)
    print(f"PutSecretValue  {put * 1e6:8.0f} us")
    print(
        f"RotateSecret    {rotation * 1e6:8.0f} us  ({rotation / put:.1f}x one put; the "
        "function itself makes 3 calls)"
    )


if __name__ == "__main__":
    main()

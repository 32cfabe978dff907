"""Throttling on purpose: how botocore's retry settings meet AWS's ThrottlingException.

Run it: ``python examples/retries.py``. README.md shows the part between the markers and a test
keeps the two the same.
"""

from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from smstub import mock_secretsmanager

# --- README: retries ---
with mock_secretsmanager(record_calls=True) as sm:
    # total_max_attempts counts every attempt; max_attempts would count only the retries.
    config = Config(retries={"mode": "standard", "total_max_attempts": 3})
    client = boto3.client("secretsmanager", region_name="us-east-1", config=config)
    client.create_secret(Name="db", SecretString="hunter2")

    # Two throttled answers, then the real one: standard mode retries, the caller sees success.
    sm.fail_next("GetSecretValue", "ThrottlingException", times=2)
    answer = client.get_secret_value(SecretId="db")
    assert answer["ResponseMetadata"]["RetryAttempts"] == 2

    # Three throttled answers use up all three attempts: AWS's error reaches the caller.
    sm.fail_next("GetSecretValue", "ThrottlingException", times=3)
    try:
        client.get_secret_value(SecretId="db")
        raise AssertionError("the third throttled answer should have reached the caller")
    except ClientError as error:
        throttled = error.response
    assert throttled["Error"]["Code"] == "ThrottlingException"
    assert throttled["ResponseMetadata"]["RetryAttempts"] == 2

    # Every attempt is in the journal, failed ones included.
    attempts = sm.calls.of("GetSecretValue")
    assert [call.error for call in attempts].count("ThrottlingException") == 5
# --- end README: retries ---

print(f"retried as against AWS; {len(attempts)} GetSecretValue attempts recorded")

from __future__ import annotations

from typing import Any


def test_created_secret_reads_back_through_boto3(client: Any) -> None:
    client.create_secret(Name="smoke", SecretString="value-1")
    assert client.get_secret_value(SecretId="smoke")["SecretString"] == "value-1"

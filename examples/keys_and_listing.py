"""Customer-managed KMS keys, tags and ListSecrets, against smstub.

Run it: ``python examples/keys_and_listing.py``.
"""

from __future__ import annotations

import boto3

from smstub import mock_secretsmanager


def secrets_of_team(client: object, team: str) -> list[str]:
    """The program under test: names of a team's secrets, found by tag, newest first."""
    paginator = client.get_paginator("list_secrets")  # type: ignore[attr-defined]
    pages = paginator.paginate(
        Filters=[{"Key": "tag-key", "Values": ["team"]}, {"Key": "tag-value", "Values": [team]}],
        SortOrder="desc",
    )
    return [entry["Name"] for page in pages for entry in page["SecretList"]]


def main() -> None:
    with mock_secretsmanager() as sm:
        client = boto3.client("secretsmanager", region_name="us-east-1")
        key = sm.kms.create_key(alias="alias/payments")

        for index in range(3):
            client.create_secret(
                Name=f"payments/api-{index}",
                SecretString=f"token-{index}",
                KmsKeyId="alias/payments",
                Tags=[{"Key": "team", "Value": "payments"}],
            )
            sm.clock.advance(seconds=1)
        client.create_secret(
            Name="search/api", SecretString="t", Tags=[{"Key": "team", "Value": "search"}]
        )

        names = secrets_of_team(client, "payments")
        assert names == ["payments/api-2", "payments/api-1", "payments/api-0"]
        print("payments secrets, newest first:", ", ".join(names))

        described = client.describe_secret(SecretId="payments/api-0")
        assert described["KmsKeyId"] == "alias/payments"

        sm.kms.disable_key(key)
        try:
            client.get_secret_value(SecretId="payments/api-0")
        except client.exceptions.DecryptionFailure:
            print("with the key disabled, reads fail with DecryptionFailure, as on AWS")
        sm.kms.enable_key(key)
        assert client.get_secret_value(SecretId="payments/api-0")["SecretString"] == "token-0"
        print("re-enabled, the secret reads again")


if __name__ == "__main__":
    main()

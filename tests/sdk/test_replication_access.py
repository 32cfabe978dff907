"""Region replication with ``enforce_access=True``: the permissions the API reference of
CreateSecret and ReplicateSecretToRegions documents, through clients in three Regions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock, mock_secretsmanager
from tests.sdk.helpers import aws_error

ACCOUNT = "111122223333"
EAST, WEST, EU = "us-east-1", "us-west-2", "eu-west-1"
WRITER = f"arn:aws:iam::{ACCOUNT}:role/writer"
SM_ALL = {"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}
KMS_ALL = {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def deny(action: str) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": "*"}


@pytest.fixture
def sm() -> Iterator[SecretsManagerMock]:
    with mock_secretsmanager(account_id=ACCOUNT, enforce_access=True) as handle:
        yield handle


def writer(sm: SecretsManagerMock, *statements: dict[str, Any]) -> dict[str, Any]:
    creds = sm.register_principal(principal_arn=WRITER, identity_policies=[policy(*statements)])
    return {r: boto3.client("secretsmanager", region_name=r, **creds) for r in (EAST, WEST, EU)}


def listed(client: Any) -> list[str]:
    return [s["Name"] for s in client.list_secrets()["SecretList"]]


def test_create_secret_with_replicas_needs_replicate_secret_to_regions(
    sm: SecretsManagerMock,
) -> None:
    c = writer(sm, SM_ALL, deny("secretsmanager:ReplicateSecretToRegions"))
    code, message, _ = aws_error(
        lambda: c[EAST].create_secret(
            Name="db", SecretString="v", AddReplicaRegions=[{"Region": WEST}]
        )
    )
    action = "secretsmanager:ReplicateSecretToRegions"
    assert (code, message) == (
        "AccessDeniedException",
        f"User: {WRITER} is not authorized to perform: {action} on resource: "
        f"arn:aws:secretsmanager:{EAST}:{ACCOUNT}:secret:db with an explicit deny in an "
        "identity-based policy",
    )
    assert (listed(c[EAST]), listed(c[WEST])) == ([], [])
    c[EAST].create_secret(Name="db", SecretString="v")  # without replicas it needs no more


@pytest.mark.parametrize("refused", ["kms:GenerateDataKey", "kms:Encrypt"])
def test_a_replica_key_the_caller_may_not_use_refuses_the_call(
    sm: SecretsManagerMock, refused: str
) -> None:
    sm.kms.create_key(region=WEST, alias="alias/west")
    c = writer(sm, SM_ALL, KMS_ALL, deny(refused))
    c[EAST].create_secret(Name="db", SecretString="v")
    regions = [{"Region": EU}, {"Region": WEST, "KmsKeyId": "alias/west"}]
    for call in (
        lambda: c[EAST].replicate_secret_to_regions(SecretId="db", AddReplicaRegions=regions),
        lambda: c[EAST].create_secret(Name="db2", SecretString="v", AddReplicaRegions=regions),
    ):
        assert aws_error(call)[:2] == ("AccessDeniedException", "Access to KMS is not allowed")
    assert "ReplicationStatus" not in c[EAST].describe_secret(SecretId="db")
    assert (listed(c[EAST]), listed(c[WEST]), listed(c[EU])) == (["db"], [], [])


def test_replicating_a_primary_needs_decrypt_on_its_key(sm: SecretsManagerMock) -> None:
    key = sm.kms.create_key(region=EAST)
    c = writer(sm, SM_ALL, KMS_ALL)
    c[EAST].create_secret(Name="db", SecretString="v", KmsKeyId=key)
    limited = writer(sm, SM_ALL, KMS_ALL, deny("kms:Decrypt"))
    code, message, _ = aws_error(
        lambda: limited[EAST].replicate_secret_to_regions(
            SecretId="db", AddReplicaRegions=[{"Region": WEST}]
        )
    )
    assert (code, message) == ("AccessDeniedException", "Access to KMS is not allowed")
    allowed = writer(sm, SM_ALL, KMS_ALL)
    allowed[EAST].replicate_secret_to_regions(
        SecretId="db", AddReplicaRegions=[{"Region": WEST}, {"Region": EU}]
    )
    for region in (WEST, EU):
        assert allowed[region].get_secret_value(SecretId="db")["SecretString"] == "v"

"""Cross-account replication with ``enforce_access=True``: the permissions AWS documents for it
(user guide, "Permissions for cross-account replication"; the API reference of CreateSecret,
AssociateCrossAccountReplica and StopReplicationToReplica), through real boto3 clients of a
primary account and a replica account.

The texts smstub marks UNVERIFIED (src/smstub/_replication_access.py, _authorize.py) are
asserted as smstub answers them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock, _wire, mock_secretsmanager
from tests.sdk.helpers import aws_error

pytestmark = pytest.mark.skipif(
    "AssociateCrossAccountReplica" not in _wire.service_model().operation_names,
    reason="the installed botocore's model has no cross-account replication",
)

PRIMARY = "111122223333"  # the mock's account: its default credentials are this root
REPLICA = "444455556666"
REGION = "us-east-1"
OPERATOR = f"arn:aws:iam::{PRIMARY}:role/operator"
REPLICA_ADMIN = f"arn:aws:iam::{REPLICA}:role/replica-admin"
ROLE = f"arn:aws:iam::{PRIMARY}:role/replicator"
REPLICA_ARN_BASE = f"arn:aws:secretsmanager:{REGION}:{REPLICA}:secret:"

SM_ALL = {"Effect": "Allow", "Action": "secretsmanager:*", "Resource": "*"}
KMS_USE = {
    "Effect": "Allow",
    "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
    "Resource": "*",
}
PASS_ROLE = {"Effect": "Allow", "Action": "iam:PassRole", "Resource": ROLE}


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def deny(action: str) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": "*"}


def key_policy(*principals: str) -> str:
    return policy(
        {
            "Effect": "Allow",
            "Principal": {"AWS": [f"arn:aws:iam::{REPLICA}:root", *principals]},
            "Action": "kms:*",
            "Resource": "*",
        }
    )


@pytest.fixture
def sm() -> Iterator[SecretsManagerMock]:
    with mock_secretsmanager(account_id=PRIMARY, enforce_access=True) as handle:
        yield handle


def client_for(sm: SecretsManagerMock, arn: str, *statements: dict[str, Any]) -> Any:
    creds = sm.register_principal(principal_arn=arn, identity_policies=[policy(*statements)])
    return boto3.client("secretsmanager", region_name=REGION, **creds)


@pytest.fixture
def root() -> Any:
    return boto3.Session(region_name=REGION).client("secretsmanager")


@pytest.fixture
def primary_arn(sm: SecretsManagerMock, root: Any) -> str:
    key = sm.kms.create_key(region=REGION)
    arn: str = root.create_secret(Name="shared/db", SecretString="p1", KmsKeyId=key)["ARN"]
    return arn


@pytest.fixture
def replica_key(sm: SecretsManagerMock) -> str:
    # The replica account's key lets the primary account encrypt with it (cross-account
    # replicate create/associate pages: the key policy gets the cross-account permissions).
    return sm.kms.create_key(
        region=REGION, account_id=REPLICA, policy=key_policy(f"arn:aws:iam::{PRIMARY}:root")
    )


@pytest.fixture
def replica_admin(sm: SecretsManagerMock) -> Any:
    return client_for(sm, REPLICA_ADMIN, SM_ALL, KMS_USE)


@pytest.fixture
def replica_arn(replica_admin: Any, primary_arn: str, replica_key: str) -> str:
    arn: str = replica_admin.create_secret(
        Name="db-copy", KmsKeyId=replica_key, CrossAccountPrimaryARN=primary_arn
    )["ARN"]
    return arn


def denied(who: str, action: str, resource: str, clause: str = "no-identity") -> str:
    why = {
        "no-identity": f"because no identity-based policy allows the {action} action",
        "resource-deny": "with an explicit deny in a resource-based policy",
    }[clause]
    return f"User: {who} is not authorized to perform: {action} on resource: {resource} {why}"


# --- creating the replica -------------------------------------------------------------------------
def test_creating_a_replica_needs_put_resource_policy(
    sm: SecretsManagerMock, primary_arn: str, replica_key: str
) -> None:
    only_create = {"Effect": "Allow", "Action": "secretsmanager:CreateSecret", "Resource": "*"}
    creator = client_for(sm, REPLICA_ADMIN, only_create)
    code, message, _ = aws_error(
        lambda: creator.create_secret(
            Name="db-copy", KmsKeyId=replica_key, CrossAccountPrimaryARN=primary_arn
        )
    )
    action = "secretsmanager:PutResourcePolicy"
    assert (code, message) == (
        "AccessDeniedException",
        denied(REPLICA_ADMIN, action, f"{REPLICA_ARN_BASE}db-copy"),
    )
    # A plain secret needs no more than CreateSecret, and the refused replica was not made.
    creator.create_secret(Name="plain")
    listed = client_for(sm, f"arn:aws:iam::{REPLICA}:role/lister", SM_ALL).list_secrets()
    assert [s["Name"] for s in listed["SecretList"]] == ["plain"]


def test_a_new_replica_carries_the_managed_policy(replica_admin: Any, replica_arn: str) -> None:
    listed = replica_admin.list_resource_policies(SecretId="db-copy")["ResourcePolicies"]
    assert listed == [{"PolicyName": "cross-account-replication"}]
    document = json.loads(
        replica_admin.get_resource_policy(
            SecretId="db-copy", PolicyName="cross-account-replication"
        )["ResourcePolicy"]
    )
    assert document["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{PRIMARY}:root"},
            "Action": "secretsmanager:AcceptCrossAccountReplication",
            "Resource": "*",
        }
    ]


# --- associating ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("refused", "resource"),
    [
        ("secretsmanager:AssociateCrossAccountReplica", "primary"),
        ("secretsmanager:GetSecretValue", "primary"),
        ("secretsmanager:AcceptCrossAccountReplication", "replica"),
        ("iam:PassRole", "role"),
    ],
)
def test_associate_needs_each_documented_action(
    sm: SecretsManagerMock,
    root: Any,
    primary_arn: str,
    replica_arn: str,
    refused: str,
    resource: str,
) -> None:
    operator = client_for(sm, OPERATOR, SM_ALL, KMS_USE, PASS_ROLE, deny(refused))
    code, message, _ = aws_error(
        lambda: operator.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=replica_arn, ReplicationRoleARN=ROLE
        )
    )
    where = {"primary": primary_arn, "replica": replica_arn, "role": ROLE}[resource]
    assert code == "AccessDeniedException"
    assert message == (
        f"User: {OPERATOR} is not authorized to perform: {refused} on resource: {where} "
        "with an explicit deny in an identity-based policy"
    )
    # "If the association fails, Secrets Manager does not modify either" secret.
    assert "CrossAccountReplicas" not in root.describe_secret(SecretId=primary_arn)


def test_associate_without_pass_role_is_refused_only_with_a_role(
    sm: SecretsManagerMock, root: Any, primary_arn: str, replica_arn: str, replica_admin: Any
) -> None:
    operator = client_for(sm, OPERATOR, SM_ALL, KMS_USE)
    code, message, _ = aws_error(
        lambda: operator.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=replica_arn, ReplicationRoleARN=ROLE
        )
    )
    assert (code, message) == ("AccessDeniedException", denied(OPERATOR, "iam:PassRole", ROLE))
    operator.associate_cross_account_replica(
        SecretId=primary_arn, CrossAccountReplicaARN=replica_arn
    )
    assert replica_admin.get_secret_value(SecretId="db-copy")["SecretString"] == "p1"


def test_the_replica_can_refuse_the_association_by_its_own_policy(
    sm: SecretsManagerMock, primary_arn: str, replica_arn: str, replica_admin: Any
) -> None:
    replica_admin.put_resource_policy(
        SecretId="db-copy",
        ResourcePolicy=policy(
            {
                "Effect": "Deny",
                "Principal": {"AWS": f"arn:aws:iam::{PRIMARY}:root"},
                "Action": "secretsmanager:AcceptCrossAccountReplication",
                "Resource": "*",
            }
        ),
    )
    operator = client_for(sm, OPERATOR, SM_ALL, KMS_USE)
    code, message, _ = aws_error(
        lambda: operator.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=replica_arn
        )
    )
    action = "secretsmanager:AcceptCrossAccountReplication"
    assert (code, message) == (
        "AccessDeniedException",
        denied(OPERATOR, action, replica_arn, "resource-deny"),
    )
    link = replica_admin.describe_secret(SecretId="db-copy")["CrossAccountPrimary"]
    assert link["ReplicationStatus"] == "Pending"


@pytest.mark.parametrize("missing", ["kms:Decrypt", "kms:Encrypt"])
def test_associate_needs_both_keys(
    sm: SecretsManagerMock, root: Any, primary_arn: str, replica_arn: str, missing: str
) -> None:
    operator = client_for(sm, OPERATOR, SM_ALL, KMS_USE, deny(missing))
    code, message, _ = aws_error(
        lambda: operator.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=replica_arn
        )
    )
    assert (code, message) == ("AccessDeniedException", "Access to KMS is not allowed")
    assert "CrossAccountReplicas" not in root.describe_secret(SecretId=primary_arn)


def test_the_replica_key_policy_must_admit_the_primary_account(
    sm: SecretsManagerMock, primary_arn: str, replica_admin: Any
) -> None:
    own_only = sm.kms.create_key(region=REGION, account_id=REPLICA, policy=key_policy())
    arn = replica_admin.create_secret(
        Name="locked", KmsKeyId=own_only, CrossAccountPrimaryARN=primary_arn
    )["ARN"]
    operator = client_for(sm, OPERATOR, SM_ALL, KMS_USE)
    code, message, _ = aws_error(
        lambda: operator.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=arn
        )
    )
    assert (code, message) == ("AccessDeniedException", "Access to KMS is not allowed")


# --- replicating afterwards -------------------------------------------------------------------
def test_the_replication_role_replicates_each_change(
    sm: SecretsManagerMock, root: Any, primary_arn: str, replica_arn: str, replica_admin: Any
) -> None:
    sm.register_principal(principal_arn=ROLE, identity_policies=[policy(KMS_USE)])
    root.associate_cross_account_replica(
        SecretId=primary_arn, CrossAccountReplicaARN=replica_arn, ReplicationRoleARN=ROLE
    )
    # The writer may not use the replica's key; the role replicates, so the write reaches it.
    writer = client_for(
        sm, f"arn:aws:iam::{PRIMARY}:role/writer", SM_ALL, KMS_USE, deny("kms:Encrypt")
    )
    version = writer.put_secret_value(SecretId=primary_arn, SecretString="p2")["VersionId"]
    read = replica_admin.get_secret_value(SecretId="db-copy")
    assert (read["SecretString"], read["VersionId"]) == ("p2", version)
    (entry,) = root.describe_secret(SecretId=primary_arn)["CrossAccountReplicas"]
    assert entry["ReplicationStatus"] == "InSync"


def test_a_role_that_may_not_encrypt_fails_the_replication_not_the_write(
    sm: SecretsManagerMock, root: Any, primary_arn: str, replica_arn: str, replica_admin: Any
) -> None:
    sm.register_principal(principal_arn=ROLE, identity_policies=[policy(KMS_USE)])
    root.associate_cross_account_replica(
        SecretId=primary_arn, CrossAccountReplicaARN=replica_arn, ReplicationRoleARN=ROLE
    )
    sm.register_principal(
        principal_arn=ROLE, identity_policies=[policy(KMS_USE, deny("kms:Encrypt"))]
    )
    root.put_secret_value(SecretId=primary_arn, SecretString="p2")
    replica_key = replica_admin.describe_secret(SecretId="db-copy")["KmsKeyId"]
    message = (
        f"Replication failed: the replication identity {ROLE} isn't allowed kms:Encrypt on the "
        f"KMS key {replica_key}."
    )
    assert root.describe_secret(SecretId=primary_arn)["CrossAccountReplicas"] == [
        {
            "ReplicaSecretARN": replica_arn,
            "ReplicationRoleARN": ROLE,
            "ReplicationStatus": "Failed",
            "StatusMessage": message,
        }
    ]
    assert replica_admin.describe_secret(SecretId="db-copy")["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary_arn,
        "ReplicationStatus": "Failed",
        "StatusMessage": message,
    }
    assert replica_admin.get_secret_value(SecretId="db-copy")["SecretString"] == "p1"


def test_without_a_role_the_writer_replicates(
    sm: SecretsManagerMock, root: Any, primary_arn: str, replica_arn: str, replica_admin: Any
) -> None:
    root.associate_cross_account_replica(SecretId=primary_arn, CrossAccountReplicaARN=replica_arn)
    writer_arn = f"arn:aws:iam::{PRIMARY}:role/writer"
    writer = client_for(sm, writer_arn, SM_ALL, KMS_USE, deny("kms:Encrypt"))
    writer.put_secret_value(SecretId=primary_arn, SecretString="p2")
    (entry,) = root.describe_secret(SecretId=primary_arn)["CrossAccountReplicas"]
    assert entry["ReplicationStatus"] == "Failed"
    assert entry["StatusMessage"].startswith(
        f"Replication failed: the replication identity {writer_arn}"
    )
    assert replica_admin.get_secret_value(SecretId="db-copy")["SecretString"] == "p1"
    root.put_secret_value(SecretId=primary_arn, SecretString="p3")  # the root may: repaired
    assert replica_admin.get_secret_value(SecretId="db-copy")["SecretString"] == "p3"


# --- stopping -----------------------------------------------------------------------------------
def test_stopping_needs_delete_resource_policy_and_removes_the_managed_policy(
    sm: SecretsManagerMock, root: Any, primary_arn: str, replica_arn: str, replica_admin: Any
) -> None:
    root.associate_cross_account_replica(SecretId=primary_arn, CrossAccountReplicaARN=replica_arn)
    stopper_arn = f"arn:aws:iam::{REPLICA}:role/stopper"
    stopper = client_for(sm, stopper_arn, SM_ALL, deny("secretsmanager:DeleteResourcePolicy"))
    code, message, _ = aws_error(lambda: stopper.stop_replication_to_replica(SecretId="db-copy"))
    assert code == "AccessDeniedException"
    assert message == (
        f"User: {stopper_arn} is not authorized to perform: secretsmanager:DeleteResourcePolicy "
        f"on resource: {replica_arn} with an explicit deny in an identity-based policy"
    )
    assert "CrossAccountPrimary" in replica_admin.describe_secret(SecretId="db-copy")
    replica_admin.stop_replication_to_replica(SecretId="db-copy")
    assert replica_admin.list_resource_policies(SecretId="db-copy")["ResourcePolicies"] == []


def test_stopping_a_region_replica_needs_no_delete_resource_policy(
    sm: SecretsManagerMock, root: Any
) -> None:
    root.create_secret(
        Name="regional", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}]
    )
    stopper_arn = f"arn:aws:iam::{PRIMARY}:role/stopper"
    creds = sm.register_principal(
        principal_arn=stopper_arn,
        identity_policies=[policy(SM_ALL, deny("secretsmanager:DeleteResourcePolicy"))],
    )
    west = boto3.client("secretsmanager", region_name="eu-west-1", **creds)
    west.stop_replication_to_replica(SecretId="regional")
    assert "PrimaryRegion" not in west.describe_secret(SecretId="regional")

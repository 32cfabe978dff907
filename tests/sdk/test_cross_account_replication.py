"""Cross-account replication through real boto3 clients: the primary in one account, its
replica in another, in the same Region.

Until principals can be registered (the access-control issue), every client belongs to the
mock's account; the other account's primary is made through its backend, as the dispatch tests
do, and reached by ARN (routing by the account an ARN names). The texts the code marks
UNVERIFIED (src/smstub/_cross_account.py) are asserted as smstub answers them.
"""

from __future__ import annotations

from typing import Any

import pytest

from smstub import SecretsManagerMock, _wire
from smstub._sealing import SecretValue
from tests.sdk.helpers import aws_error

# Cross-account replication is in botocore's model from a later release than smstub's lowest
# (and than the one aiobotocore pins); with an older model botocore cannot send these requests.
pytestmark = pytest.mark.skipif(
    "AssociateCrossAccountReplica" not in _wire.service_model().operation_names,
    reason="the installed botocore's model has no cross-account replication",
)

PRIMARY_ACCOUNT = "111122223333"
REGION = "us-east-1"
ROLE = f"arn:aws:iam::{PRIMARY_ACCOUNT}:role/replicator"


@pytest.fixture
def primary_arn(sm: SecretsManagerMock) -> str:
    owner = sm.store.backend(PRIMARY_ACCOUNT, REGION)
    secret, _ = owner.create_secret("shared/db", "a" * 32, SecretValue("p1"))
    return secret.arn


@pytest.fixture
def replica_key(sm: SecretsManagerMock) -> str:
    return sm.kms.create_key(alias="alias/replica")


@pytest.fixture
def replica_arn(client: Any, primary_arn: str, replica_key: str) -> str:
    arn: str = client.create_secret(
        Name="db-copy", KmsKeyId=replica_key, CrossAccountPrimaryARN=primary_arn
    )["ARN"]
    return arn


def test_a_new_cross_account_replica_is_empty_and_pending(
    client: Any, replica_arn: str, primary_arn: str
) -> None:
    described = client.describe_secret(SecretId="db-copy")
    assert described["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary_arn,
        "ReplicationStatus": "Pending",
    }
    assert "VersionIdsToStages" not in described
    assert "PrimaryRegion" not in described


def test_associate_replicates_the_values(client: Any, replica_arn: str, primary_arn: str) -> None:
    response = client.associate_cross_account_replica(
        SecretId=primary_arn, CrossAccountReplicaARN=replica_arn, ReplicationRoleARN=ROLE
    )
    assert response["ARN"] == primary_arn
    assert response["CrossAccountReplicaARN"] == replica_arn
    read = client.get_secret_value(SecretId="db-copy")
    assert (read["SecretString"], read["VersionId"]) == ("p1", "a" * 32)
    assert client.describe_secret(SecretId=primary_arn)["CrossAccountReplicas"] == [
        {"ReplicaSecretARN": replica_arn, "ReplicationRoleARN": ROLE, "ReplicationStatus": "InSync"}
    ]
    assert client.describe_secret(SecretId="db-copy")["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary_arn,
        "ReplicationStatus": "InSync",
    }


def test_primary_writes_reach_the_replica_and_associate_is_idempotent(
    client: Any, replica_arn: str, primary_arn: str
) -> None:
    for _ in range(2):
        client.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=replica_arn
        )
    version = client.put_secret_value(SecretId=primary_arn, SecretString="p2")["VersionId"]
    read = client.get_secret_value(SecretId="db-copy")
    assert (read["SecretString"], read["VersionId"]) == ("p2", version)
    assert (
        client.get_secret_value(SecretId="db-copy", VersionStage="AWSPREVIOUS")["SecretString"]
        == "p1"
    )
    # The replica keeps its own metadata: tags of the primary are not copied.
    client.tag_resource(SecretId=primary_arn, Tags=[{"Key": "k", "Value": "v"}])
    assert "Tags" not in client.describe_secret(SecretId="db-copy")


def test_a_cross_account_replica_needs_a_customer_key(client: Any, primary_arn: str) -> None:
    for kwargs in ({}, {"KmsKeyId": "alias/aws/secretsmanager"}):
        code, message, _ = aws_error(
            lambda kwargs=kwargs: client.create_secret(
                Name="db-copy", CrossAccountPrimaryARN=primary_arn, **kwargs
            )
        )
        assert (code, message) == (
            "InvalidParameterException",
            "You must encrypt a cross-account replica secret with a customer managed KMS key.",
        )
    assert client.list_secrets()["SecretList"] == []


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("SecretString", "v"),
        ("SecretBinary", b"v"),
        ("Description", "d"),
        ("Type", "t"),
        ("AddReplicaRegions", [{"Region": "us-west-2"}]),
    ],
)
def test_a_cross_account_replica_takes_no_value_or_metadata(
    client: Any, primary_arn: str, replica_key: str, member: str, value: Any
) -> None:
    code, message, _ = aws_error(
        lambda: client.create_secret(
            Name="db-copy",
            KmsKeyId=replica_key,
            CrossAccountPrimaryARN=primary_arn,
            **{member: value},
        )
    )
    assert (code, message) == (
        "InvalidParameterException",
        f"You can't include {member} when you create a cross-account replica secret.",
    )


@pytest.mark.parametrize(
    "primary",
    [
        f"arn:aws:secretsmanager:us-west-2:{PRIMARY_ACCOUNT}:secret:shared/db-abcdef",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:shared/db-abcdef",
    ],
    ids=["other-region", "same-account"],
)
def test_the_primary_must_be_in_the_same_region_and_another_account(
    client: Any, replica_key: str, primary: str
) -> None:
    code, message, _ = aws_error(
        lambda: client.create_secret(
            Name="db-copy", KmsKeyId=replica_key, CrossAccountPrimaryARN=primary
        )
    )
    assert code == "InvalidParameterException"
    assert message.startswith("The primary secret and the cross-account replica secret must be")


def test_associating_a_secret_that_is_no_replica_of_it_fails(
    client: Any, primary_arn: str, sm: SecretsManagerMock
) -> None:
    plain = client.create_secret(Name="plain", SecretString="x")["ARN"]
    code, message, _ = aws_error(
        lambda: client.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=plain
        )
    )
    assert (code, message) == (
        "InvalidRequestException",
        f"The secret {plain} isn't a cross-account replica of this primary secret.",
    )
    assert "CrossAccountReplicas" not in client.describe_secret(SecretId=primary_arn)


def test_a_primary_has_at_most_one_cross_account_replica(
    client: Any, replica_arn: str, primary_arn: str, replica_key: str
) -> None:
    client.associate_cross_account_replica(SecretId=primary_arn, CrossAccountReplicaARN=replica_arn)
    second = client.create_secret(
        Name="second", KmsKeyId=replica_key, CrossAccountPrimaryARN=primary_arn
    )["ARN"]
    code, message, _ = aws_error(
        lambda: client.associate_cross_account_replica(
            SecretId=primary_arn, CrossAccountReplicaARN=second
        )
    )
    assert (code, message) == (
        "LimitExceededException",
        "A primary secret can have at most one cross-account replica.",
    )


def test_disassociate_detaches_and_lets_the_primary_be_deleted(
    client: Any, replica_arn: str, primary_arn: str
) -> None:
    client.associate_cross_account_replica(SecretId=primary_arn, CrossAccountReplicaARN=replica_arn)
    code, message, _ = aws_error(lambda: client.delete_secret(SecretId=primary_arn))
    assert (code, message) == (
        "InvalidParameterException",
        f"You can't delete secret {primary_arn} that still has an associated cross-account "
        "replica.",
    )
    response = client.disassociate_cross_account_replica(
        SecretId=primary_arn, CrossAccountReplicaARN=replica_arn
    )
    assert response == {
        "ARN": primary_arn,
        "CrossAccountReplicaARN": replica_arn,
        "ResponseMetadata": response["ResponseMetadata"],
    }
    assert "CrossAccountReplicas" not in client.describe_secret(SecretId=primary_arn)
    link = client.describe_secret(SecretId="db-copy")["CrossAccountPrimary"]
    assert link["ReplicationStatus"] == "Detached"
    client.put_secret_value(SecretId=primary_arn, SecretString="p2")
    assert client.get_secret_value(SecretId="db-copy")["SecretString"] == "p1"
    client.delete_secret(SecretId=primary_arn, ForceDeleteWithoutRecovery=True)


def test_stop_replication_makes_the_replica_standalone(
    client: Any, replica_arn: str, primary_arn: str
) -> None:
    client.associate_cross_account_replica(SecretId=primary_arn, CrossAccountReplicaARN=replica_arn)
    code, _, _ = aws_error(lambda: client.put_secret_value(SecretId="db-copy", SecretString="x"))
    assert code == "InvalidRequestException"
    assert client.stop_replication_to_replica(SecretId="db-copy")["ARN"] == replica_arn
    assert "CrossAccountPrimary" not in client.describe_secret(SecretId="db-copy")
    (entry,) = client.describe_secret(SecretId=primary_arn)["CrossAccountReplicas"]
    assert entry["ReplicationStatus"] == "Detached"
    client.put_secret_value(SecretId="db-copy", SecretString="own")
    client.put_secret_value(SecretId=primary_arn, SecretString="p2")
    assert client.get_secret_value(SecretId="db-copy")["SecretString"] == "own"


def test_a_disabled_replica_key_fails_the_replication_not_the_write(
    sm: SecretsManagerMock, client: Any, replica_arn: str, primary_arn: str, replica_key: str
) -> None:
    client.associate_cross_account_replica(SecretId=primary_arn, CrossAccountReplicaARN=replica_arn)
    sm.kms.disable_key(replica_key)
    client.put_secret_value(SecretId=primary_arn, SecretString="p2")
    (entry,) = client.describe_secret(SecretId=primary_arn)["CrossAccountReplicas"]
    assert entry["ReplicationStatus"] == "Failed"
    sm.kms.enable_key(replica_key)
    assert client.get_secret_value(SecretId="db-copy")["SecretString"] == "p1"


def test_the_replica_has_the_managed_policy_until_replication_stops(
    client: Any, replica_arn: str, primary_arn: str
) -> None:
    # User guide ("Permissions for cross-account replication"): CreateSecret attaches the
    # managed policy cross-account-replication; StopReplicationToReplica removes it.
    policies = client.list_resource_policies(SecretId="db-copy")["ResourcePolicies"]
    assert policies == [{"PolicyName": "cross-account-replication"}]
    client.associate_cross_account_replica(SecretId=primary_arn, CrossAccountReplicaARN=replica_arn)
    client.disassociate_cross_account_replica(
        SecretId=primary_arn, CrossAccountReplicaARN=replica_arn
    )
    assert client.list_resource_policies(SecretId="db-copy")["ResourcePolicies"] == policies
    client.stop_replication_to_replica(SecretId="db-copy")
    assert client.list_resource_policies(SecretId="db-copy")["ResourcePolicies"] == []

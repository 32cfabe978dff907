"""Multi-Region replication through real boto3 clients in three Regions.

Evidence for the AWS texts asserted here is in src/smstub/_replication.py's docstring; the
texts it marks UNVERIFIED are asserted as smstub answers them, so a change is deliberate.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock
from tests.rotation_functions import single_user
from tests.sdk.helpers import NOT_FOUND, aws_error

PRIMARY, WEST, EU = "us-east-1", "us-west-2", "eu-west-1"
REGIONS = (PRIMARY, WEST, EU)
REPLICA_WRITE = (
    "Operation not permitted on a replica secret. Call must be made in primary secret's region."
)
INVALID_REPLICA_REGION = "Invalid replica region."
NAME_TAKEN = "Secret with this name already exists in this region"
KEY_FAILED = (
    "Replication failed: Secrets Manager can't encrypt the protected secret text using the "
    "provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state."
)


@pytest.fixture(scope="module")
def _clients() -> dict[str, Any]:
    # Made once: smstub answers clients made before the mock started, and creating a client
    # is most of the cost of a short test.
    session = boto3.Session()
    return {region: session.client("secretsmanager", region_name=region) for region in REGIONS}


@pytest.fixture
def clients(sm: SecretsManagerMock, _clients: dict[str, Any]) -> dict[str, Any]:
    return _clients


@pytest.fixture
def primary(clients: dict[str, Any]) -> Any:
    return clients[PRIMARY]


@pytest.fixture
def west(clients: dict[str, Any]) -> Any:
    return clients[WEST]


@pytest.fixture
def eu(clients: dict[str, Any]) -> Any:
    return clients[EU]


def in_region(arn: str, region: str) -> str:
    return arn.replace(f":{PRIMARY}:", f":{region}:", 1)


@pytest.fixture
def replicated(primary: Any) -> str:
    """A secret in us-east-1 replicated to us-west-2 and eu-west-1; its ARN."""
    arn: str = primary.create_secret(
        Name="db",
        SecretString="v1",
        Description="the database",
        Tags=[{"Key": "team", "Value": "data"}],
        AddReplicaRegions=[{"Region": WEST}, {"Region": EU}],
    )["ARN"]
    return arn


def status_of(client: Any, secret_id: str) -> dict[str, dict[str, Any]]:
    entries = client.describe_secret(SecretId=secret_id).get("ReplicationStatus", [])
    return {entry["Region"]: entry for entry in entries}


# --- creating replicas ----------------------------------------------------------------------------
def test_create_secret_with_replica_regions_answers_their_status(primary: Any) -> None:
    response = primary.create_secret(
        Name="db", SecretString="v1", AddReplicaRegions=[{"Region": WEST}, {"Region": EU}]
    )
    assert set(response) == {"ARN", "Name", "VersionId", "ReplicationStatus", "ResponseMetadata"}
    assert response["ReplicationStatus"] == [
        {"Region": WEST, "KmsKeyId": "alias/aws/secretsmanager", "Status": "InProgress"},
        {"Region": EU, "KmsKeyId": "alias/aws/secretsmanager", "Status": "InProgress"},
    ]


def test_primary_describes_its_region_and_replicas(primary: Any, replicated: str) -> None:
    described = primary.describe_secret(SecretId=replicated)
    assert described["PrimaryRegion"] == PRIMARY
    assert described["ReplicationStatus"] == [
        {
            "Region": WEST,
            "KmsKeyId": "alias/aws/secretsmanager",
            "Status": "InSync",
            "StatusMessage": "Replication succeeded",
        },
        {
            "Region": EU,
            "KmsKeyId": "alias/aws/secretsmanager",
            "Status": "InSync",
            "StatusMessage": "Replication succeeded",
        },
    ]


def test_replica_is_read_by_name_and_by_its_arn(west: Any, eu: Any, replicated: str) -> None:
    for client, region in ((west, WEST), (eu, EU)):
        by_name = client.get_secret_value(SecretId="db")
        assert by_name["SecretString"] == "v1"
        assert by_name["ARN"] == in_region(replicated, region)
        assert client.get_secret_value(SecretId=in_region(replicated, region))["Name"] == "db"


def test_replica_describes_its_primary_region_and_no_status(
    primary: Any, west: Any, replicated: str
) -> None:
    replica = west.describe_secret(SecretId="db")
    original = primary.describe_secret(SecretId="db")
    assert replica["ARN"] == in_region(replicated, WEST)
    assert replica["PrimaryRegion"] == PRIMARY
    assert "ReplicationStatus" not in replica
    assert replica["Description"] == "the database"
    assert replica["Tags"] == [{"Key": "team", "Value": "data"}]
    assert replica["VersionIdsToStages"] == original["VersionIdsToStages"]


def test_unreplicated_secret_shows_no_replication_keys(primary: Any) -> None:
    primary.create_secret(Name="plain", SecretString="v")
    described = primary.describe_secret(SecretId="plain")
    assert "PrimaryRegion" not in described
    assert "ReplicationStatus" not in described


def test_replicate_secret_to_regions_adds_replicas(primary: Any, eu: Any) -> None:
    arn = primary.create_secret(Name="db", SecretString="v1")["ARN"]
    response = primary.replicate_secret_to_regions(
        SecretId="db", AddReplicaRegions=[{"Region": EU}]
    )
    assert response["ARN"] == arn
    assert response["ReplicationStatus"] == [
        {"Region": EU, "KmsKeyId": "alias/aws/secretsmanager", "Status": "InProgress"}
    ]
    assert eu.get_secret_value(SecretId="db")["SecretString"] == "v1"
    assert set(status_of(primary, "db")) == {EU}


def test_each_replica_is_sealed_under_its_regions_key(
    sm: SecretsManagerMock, primary: Any, west: Any
) -> None:
    sm.kms.create_key(region=WEST, alias="alias/west")
    primary.create_secret(
        Name="db", SecretString="v1", AddReplicaRegions=[{"Region": WEST, "KmsKeyId": "alias/west"}]
    )
    assert status_of(primary, "db")[WEST]["KmsKeyId"] == "alias/west"
    versions = west.list_secret_version_ids(SecretId="db")["Versions"]
    assert [v["KmsKeyIds"] for v in versions] == [["alias/west"]]
    assert west.describe_secret(SecretId="db")["KmsKeyId"] == "alias/west"
    assert west.get_secret_value(SecretId="db")["SecretString"] == "v1"


def test_replica_read_shows_as_last_accessed_in_the_primary_status(
    primary: Any, west: Any, replicated: str
) -> None:
    assert "LastAccessedDate" not in status_of(primary, replicated)[WEST]
    west.get_secret_value(SecretId="db")
    entries = status_of(primary, replicated)
    assert (
        entries[WEST]["LastAccessedDate"] == west.describe_secret(SecretId="db")["LastAccessedDate"]
    )
    assert "LastAccessedDate" not in entries[EU]


# --- every change of the primary reaches the replicas ---------------------------------------------
def _same_versions(primary: Any, replica: Any) -> None:
    mine = primary.list_secret_version_ids(SecretId="db", IncludeDeprecated=True)["Versions"]
    theirs = replica.list_secret_version_ids(SecretId="db", IncludeDeprecated=True)["Versions"]

    def strip(versions: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [
            (v["VersionId"], sorted(v.get("VersionStages", [])), v["CreatedDate"]) for v in versions
        ]

    assert strip(theirs) == strip(mine)


def test_put_secret_value_reaches_every_replica(
    primary: Any, west: Any, eu: Any, replicated: str
) -> None:
    token = str(uuid.uuid4())
    primary.put_secret_value(SecretId="db", SecretString="v2", ClientRequestToken=token)
    for replica in (west, eu):
        read = replica.get_secret_value(SecretId="db")
        assert (read["SecretString"], read["VersionId"]) == ("v2", token)
        assert replica.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")[
            "SecretString"
        ] == ("v1")
        _same_versions(primary, replica)


def test_update_secret_reaches_the_replicas(primary: Any, west: Any, replicated: str) -> None:
    primary.update_secret(SecretId="db", SecretString="v2", Description="moved")
    assert west.get_secret_value(SecretId="db")["SecretString"] == "v2"
    described = west.describe_secret(SecretId="db")
    assert described["Description"] == "moved"
    assert described["LastChangedDate"] == primary.describe_secret(SecretId="db")["LastChangedDate"]
    _same_versions(primary, west)


def test_label_moves_reach_the_replicas(primary: Any, eu: Any, replicated: str) -> None:
    first = primary.describe_secret(SecretId="db")["VersionIdsToStages"]
    (v1,) = first
    v2 = primary.put_secret_value(SecretId="db", SecretString="v2")["VersionId"]
    primary.update_secret_version_stage(
        SecretId="db", VersionStage="AWSCURRENT", MoveToVersionId=v1, RemoveFromVersionId=v2
    )
    primary.update_secret_version_stage(SecretId="db", VersionStage="CUSTOM", MoveToVersionId=v2)
    assert eu.get_secret_value(SecretId="db")["SecretString"] == "v1"
    assert eu.get_secret_value(SecretId="db", VersionStage="CUSTOM")["SecretString"] == "v2"
    _same_versions(primary, eu)


def test_tags_reach_the_replicas(primary: Any, west: Any, replicated: str) -> None:
    primary.tag_resource(SecretId="db", Tags=[{"Key": "env", "Value": "prod"}])
    assert west.describe_secret(SecretId="db")["Tags"] == [
        {"Key": "team", "Value": "data"},
        {"Key": "env", "Value": "prod"},
    ]
    primary.untag_resource(SecretId="db", TagKeys=["team"])
    assert west.describe_secret(SecretId="db")["Tags"] == [{"Key": "env", "Value": "prod"}]


def test_restored_secret_replicates_like_any_other(primary: Any, west: Any) -> None:
    primary.create_secret(Name="db", SecretString="v1")
    primary.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    code, message, _ = aws_error(
        lambda: primary.replicate_secret_to_regions(
            SecretId="db", AddReplicaRegions=[{"Region": WEST}]
        )
    )
    assert (code, message) == (
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
    )
    primary.restore_secret(SecretId="db")
    primary.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{"Region": WEST}])
    assert west.get_secret_value(SecretId="db")["SecretString"] == "v1"


# --- a disabled replica key is a failed status, not an error --------------------------------------
def test_disabled_replica_key_fails_the_replica_not_the_write(
    sm: SecretsManagerMock, primary: Any, west: Any
) -> None:
    sm.kms.create_key(region=WEST, alias="alias/west")
    primary.create_secret(
        Name="db", SecretString="v1", AddReplicaRegions=[{"Region": WEST, "KmsKeyId": "alias/west"}]
    )
    sm.kms.disable_key("arn:aws:kms:us-west-2:123456789012:alias/west")
    primary.put_secret_value(SecretId="db", SecretString="v2")
    entry = status_of(primary, "db")[WEST]
    assert (entry["Status"], entry["StatusMessage"]) == ("Failed", KEY_FAILED)
    sm.kms.enable_key("arn:aws:kms:us-west-2:123456789012:alias/west")
    assert west.get_secret_value(SecretId="db")["SecretString"] == "v1"
    primary.put_secret_value(SecretId="db", SecretString="v3")
    assert status_of(primary, "db")[WEST]["Status"] == "InSync"
    assert west.get_secret_value(SecretId="db")["SecretString"] == "v3"
    _same_versions(primary, west)


# --- a name that exists in the target Region ------------------------------------------------------
def test_existing_name_in_the_target_region_fails_that_replica(primary: Any, west: Any) -> None:
    other = west.create_secret(Name="db", SecretString="theirs")["ARN"]
    primary.create_secret(Name="db", SecretString="ours", AddReplicaRegions=[{"Region": WEST}])
    entry = status_of(primary, "db")[WEST]
    assert (entry["Status"], entry["StatusMessage"]) == ("Failed", NAME_TAKEN)
    assert west.get_secret_value(SecretId="db")["SecretString"] == "theirs"
    assert west.describe_secret(SecretId="db")["ARN"] == other
    assert "PrimaryRegion" not in west.describe_secret(SecretId="db")


def test_force_overwrite_replaces_the_existing_secret(primary: Any, west: Any) -> None:
    west.create_secret(Name="db", SecretString="theirs")
    arn = primary.create_secret(
        Name="db",
        SecretString="ours",
        AddReplicaRegions=[{"Region": WEST}],
        ForceOverwriteReplicaSecret=True,
    )["ARN"]
    assert status_of(primary, "db")[WEST]["Status"] == "InSync"
    read = west.get_secret_value(SecretId="db")
    assert (read["SecretString"], read["ARN"]) == ("ours", in_region(arn, WEST))


# --- Regions AWS refuses --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "regions",
    [
        [{"Region": PRIMARY}],
        [{"Region": WEST}, {"Region": WEST}],
        [{"Region": EU}, {"Region": "cn-north-1"}],
        [{"KmsKeyId": "alias/x"}],
    ],
    ids=["own-region", "twice", "other-partition", "no-region"],
)
def test_invalid_replica_regions_fail_the_create(
    primary: Any, eu: Any, regions: list[dict[str, str]]
) -> None:
    code, message, _ = aws_error(
        lambda: primary.create_secret(Name="db", SecretString="v", AddReplicaRegions=regions)
    )
    assert (code, message) == ("InvalidParameterException", INVALID_REPLICA_REGION)
    assert primary.list_secrets()["SecretList"] == []
    assert eu.list_secrets()["SecretList"] == []


def test_replicating_again_to_a_replica_region_fails(primary: Any, replicated: str) -> None:
    code, message, _ = aws_error(
        lambda: primary.replicate_secret_to_regions(
            SecretId="db", AddReplicaRegions=[{"Region": WEST}]
        )
    )
    assert (code, message) == ("InvalidParameterException", INVALID_REPLICA_REGION)
    assert set(status_of(primary, "db")) == {WEST, EU}


def test_region_outside_the_model_pattern_is_a_validation_error(primary: Any) -> None:
    code, _, response = aws_error(
        lambda: primary.create_secret(
            Name="db", SecretString="v", AddReplicaRegions=[{"Region": "US_EAST"}]
        )
    )
    assert code == "ValidationException"
    assert "Message" not in response


# --- writes to a replica are refused --------------------------------------------------------------
WRITES: dict[str, Callable[[Any, str], Any]] = {
    "PutSecretValue": lambda c, s: c.put_secret_value(SecretId=s, SecretString="x"),
    "UpdateSecret": lambda c, s: c.update_secret(SecretId=s, SecretString="x"),
    "UpdateSecretDescription": lambda c, s: c.update_secret(SecretId=s, Description="x"),
    "UpdateSecretVersionStage": lambda c, s: c.update_secret_version_stage(
        SecretId=s,
        VersionStage="CUSTOM",
        MoveToVersionId=c.describe_secret(SecretId=s)["VersionIdsToStages"].popitem()[0],
    ),
    "TagResource": lambda c, s: c.tag_resource(SecretId=s, Tags=[{"Key": "k", "Value": "v"}]),
    "UntagResource": lambda c, s: c.untag_resource(SecretId=s, TagKeys=["team"]),
    "DeleteSecret": lambda c, s: c.delete_secret(SecretId=s),
    "DeleteSecretForce": lambda c, s: c.delete_secret(SecretId=s, ForceDeleteWithoutRecovery=True),
    "RestoreSecret": lambda c, s: c.restore_secret(SecretId=s),
    "ReplicateSecretToRegions": lambda c, s: c.replicate_secret_to_regions(
        SecretId=s, AddReplicaRegions=[{"Region": "ap-south-1"}]
    ),
    "RemoveRegionsFromReplication": lambda c, s: c.remove_regions_from_replication(
        SecretId=s, RemoveReplicaRegions=[EU]
    ),
    "RotateSecret": lambda c, s: c.rotate_secret(
        SecretId=s, RotationLambdaARN="arn:aws:lambda:us-west-2:123456789012:function:rot"
    ),
    "CancelRotateSecret": lambda c, s: c.cancel_rotate_secret(SecretId=s),
    # Seen from AWS for PutResourcePolicy (lgallard/terraform-aws-secrets-manager#188).
    "PutResourcePolicy": lambda c, s: c.put_resource_policy(
        SecretId=s, ResourcePolicy='{"Version": "2012-10-17", "Statement": []}'
    ),
    "DeleteResourcePolicy": lambda c, s: c.delete_resource_policy(SecretId=s),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_writes_to_a_replica_are_refused(west: Any, replicated: str, write: str) -> None:
    before = west.describe_secret(SecretId="db")
    code, message, _ = aws_error(lambda: WRITES[write](west, "db"))
    assert (code, message) == ("InvalidParameterException", REPLICA_WRITE)
    after = west.describe_secret(SecretId="db")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}
    assert west.get_secret_value(SecretId="db")["SecretString"] == "v1"


# --- deleting -------------------------------------------------------------------------------------
def test_primary_with_replicas_cannot_be_deleted(primary: Any, replicated: str) -> None:
    for force in (False, True):
        code, message, _ = aws_error(
            lambda force=force: primary.delete_secret(
                SecretId="db", ForceDeleteWithoutRecovery=force
            )
        )
        assert (code, message) == (
            "InvalidParameterException",
            f"You can't delete secret {replicated} that still has replica regions [{EU}, {WEST}].",
        )
    assert "DeletedDate" not in primary.describe_secret(SecretId="db")


def test_remove_regions_deletes_those_replicas(
    primary: Any, west: Any, eu: Any, replicated: str
) -> None:
    response = primary.remove_regions_from_replication(SecretId="db", RemoveReplicaRegions=[WEST])
    assert response["ARN"] == replicated
    assert [entry["Region"] for entry in response["ReplicationStatus"]] == [EU]
    code, message, _ = aws_error(lambda: west.describe_secret(SecretId="db"))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)
    assert eu.get_secret_value(SecretId="db")["SecretString"] == "v1"
    assert set(status_of(primary, "db")) == {EU}


def test_removing_every_region_lets_the_primary_be_deleted(primary: Any, replicated: str) -> None:
    response = primary.remove_regions_from_replication(
        SecretId="db", RemoveReplicaRegions=[WEST, EU]
    )
    assert response["ReplicationStatus"] == []
    primary.delete_secret(SecretId="db", ForceDeleteWithoutRecovery=True)
    code, _, _ = aws_error(lambda: primary.describe_secret(SecretId="db"))
    assert code == "ResourceNotFoundException"


def test_removing_a_region_that_is_no_replica_changes_nothing(
    primary: Any, replicated: str
) -> None:
    # UNVERIFIED: moto answers this without an error; no record of AWS.
    response = primary.remove_regions_from_replication(
        SecretId="db", RemoveReplicaRegions=["ap-south-1"]
    )
    assert [entry["Region"] for entry in response["ReplicationStatus"]] == [WEST, EU]


# --- promotion ------------------------------------------------------------------------------------
def test_stop_replication_promotes_the_replica(
    primary: Any, west: Any, eu: Any, replicated: str
) -> None:
    response = west.stop_replication_to_replica(SecretId="db")
    assert set(response) == {"ARN", "ResponseMetadata"}
    assert response["ARN"] == in_region(replicated, WEST)
    promoted = west.describe_secret(SecretId="db")
    assert "PrimaryRegion" not in promoted
    assert set(status_of(primary, "db")) == {EU}
    # The promoted secret takes writes; the primary's changes no longer reach it.
    west.put_secret_value(SecretId="db", SecretString="west-only")
    primary.put_secret_value(SecretId="db", SecretString="v2")
    assert west.get_secret_value(SecretId="db")["SecretString"] == "west-only"
    assert eu.get_secret_value(SecretId="db")["SecretString"] == "v2"


def test_stop_replication_on_a_primary_is_refused(primary: Any, replicated: str) -> None:
    code, message, _ = aws_error(lambda: primary.stop_replication_to_replica(SecretId="db"))
    # UNVERIFIED text: no record of AWS's answer.
    assert (code, message) == ("InvalidRequestException", "Secret isn't a replica secret.")
    assert set(status_of(primary, "db")) == {WEST, EU}


# --- listing --------------------------------------------------------------------------------------
def test_list_secrets_shows_primary_region_and_filters_on_it(
    primary: Any, west: Any, replicated: str
) -> None:
    west.create_secret(Name="local", SecretString="v")
    primary.create_secret(Name="plain", SecretString="v")

    def names(client: Any, value: str) -> list[str]:
        listed = client.list_secrets(Filters=[{"Key": "primary-region", "Values": [value]}])
        return [entry["Name"] for entry in listed["SecretList"]]

    assert names(west, PRIMARY) == ["db"]
    assert names(primary, PRIMARY) == ["db"]
    assert names(west, "us-") == ["db"]
    assert names(west, WEST) == []
    entries = {e["Name"]: e for e in west.list_secrets()["SecretList"]}
    assert entries["db"]["PrimaryRegion"] == PRIMARY
    assert "PrimaryRegion" not in entries["local"]


# --- more -----------------------------------------------------------------------------------------
def test_an_idempotent_create_retry_answers_the_replicas_it_made(primary: Any, west: Any) -> None:
    token = str(uuid.uuid4())

    def create() -> Any:
        return primary.create_secret(
            Name="db",
            SecretString="v1",
            ClientRequestToken=token,
            AddReplicaRegions=[{"Region": WEST}],
        )

    first, again = create(), create()
    assert (again["ARN"], again["VersionId"]) == (first["ARN"], first["VersionId"])
    assert again["ReplicationStatus"] == [
        {
            "Region": WEST,
            "KmsKeyId": "alias/aws/secretsmanager",
            "Status": "InSync",
            "StatusMessage": "Replication succeeded",
        }
    ]
    assert len(west.list_secrets()["SecretList"]) == 1


def test_binary_values_replicate(primary: Any, eu: Any) -> None:
    primary.create_secret(
        Name="db", SecretBinary=b"\x00\x01\xff", AddReplicaRegions=[{"Region": EU}]
    )
    assert eu.get_secret_value(SecretId="db")["SecretBinary"] == b"\x00\x01\xff"


def test_a_replica_takes_a_new_key_of_its_own(
    sm: SecretsManagerMock, primary: Any, west: Any, replicated: str
) -> None:
    # AWS user guide: a replica "can't be updated independently from its primary secret,
    # except for its encryption key".
    sm.kms.create_key(region=WEST, alias="alias/west")
    west.update_secret(SecretId="db", KmsKeyId="alias/west")
    assert west.describe_secret(SecretId="db")["KmsKeyId"] == "alias/west"
    assert status_of(primary, "db")[WEST]["KmsKeyId"] == "alias/west"
    primary.put_secret_value(SecretId="db", SecretString="v2")
    newest = west.list_secret_version_ids(SecretId="db")["Versions"]
    keys = {v["VersionId"]: v["KmsKeyIds"] for v in newest}
    assert keys[west.get_secret_value(SecretId="db")["VersionId"]] == ["alias/west"]
    assert west.get_secret_value(SecretId="db")["SecretString"] == "v2"


def test_a_replica_key_in_another_region_is_refused_before_anything_changes(
    primary: Any, west: Any
) -> None:
    code, message, _ = aws_error(
        lambda: primary.create_secret(
            Name="db",
            SecretString="v",
            AddReplicaRegions=[
                {"Region": WEST, "KmsKeyId": "arn:aws:kms:eu-west-1:123456789012:key/x"}
            ],
        )
    )
    assert code == "InvalidParameterException"
    assert message == "The operation failed because of an invalid KMS key: Invalid arn eu-west-1"
    assert primary.list_secrets()["SecretList"] == []


def test_replication_stays_in_the_primarys_account(
    primary: Any, west: Any, replicated: str
) -> None:
    other_account = in_region(replicated, WEST).replace(":123456789012:", ":111122223333:")
    code, message, _ = aws_error(lambda: west.describe_secret(SecretId=other_account))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)
    assert west.describe_secret(SecretId=in_region(replicated, WEST))["Name"] == "db"


def test_reading_the_primary_leaves_the_replicas_access_dates_alone(
    primary: Any, west: Any, replicated: str
) -> None:
    primary.get_secret_value(SecretId="db")
    assert "LastAccessedDate" not in west.describe_secret(SecretId="db")
    assert "LastAccessedDate" in primary.describe_secret(SecretId="db")


def test_a_primary_key_that_cannot_decrypt_fails_a_new_replica(
    sm: SecretsManagerMock, primary: Any, eu: Any
) -> None:
    key = sm.kms.create_key(alias="alias/east")
    primary.create_secret(Name="db", SecretString="v1", KmsKeyId="alias/east")
    sm.kms.disable_key(key)
    primary.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{"Region": EU}])
    entry = status_of(primary, "db")[EU]
    assert (entry["Status"], entry["StatusMessage"]) == (
        "Failed",
        "Replication failed: Secrets Manager can't decrypt the protected secret text using the "
        "provided KMS key.",
    )
    code, _, _ = aws_error(lambda: eu.describe_secret(SecretId="db"))
    assert code == "ResourceNotFoundException"
    # Once the key is back, the next change of the primary creates the replica.
    sm.kms.enable_key(key)
    primary.tag_resource(SecretId="db", Tags=[{"Key": "k", "Value": "v"}])
    assert eu.get_secret_value(SecretId="db")["SecretString"] == "v1"
    assert status_of(primary, "db")[EU]["Status"] == "InSync"


def test_labels_stay_right_on_a_replica_with_many_versions(
    primary: Any, west: Any, replicated: str
) -> None:
    ids = [
        primary.put_secret_value(SecretId="db", SecretString=f"v{n}")["VersionId"]
        for n in range(12)
    ]
    primary.update_secret_version_stage(
        SecretId="db", VersionStage="PINNED", MoveToVersionId=ids[3]
    )
    primary.update_secret_version_stage(
        SecretId="db", VersionStage="PINNED", MoveToVersionId=ids[9], RemoveFromVersionId=ids[3]
    )
    primary.update_secret_version_stage(
        SecretId="db",
        VersionStage="AWSCURRENT",
        MoveToVersionId=ids[5],
        RemoveFromVersionId=ids[11],
    )
    for stage, value in (("PINNED", "v9"), ("AWSCURRENT", "v5"), ("AWSPREVIOUS", "v11")):
        assert west.get_secret_value(SecretId="db", VersionStage=stage)["SecretString"] == value
    _same_versions(primary, west)


def test_a_failed_replica_is_retried_on_the_next_change(primary: Any, west: Any) -> None:
    # UNVERIFIED: that AWS retries a replica whose name was taken once the name is free.
    west.create_secret(Name="db", SecretString="theirs")
    primary.create_secret(Name="db", SecretString="ours", AddReplicaRegions=[{"Region": WEST}])
    west.delete_secret(SecretId="db", ForceDeleteWithoutRecovery=True)
    assert status_of(primary, "db")[WEST]["Status"] == "Failed"
    primary.put_secret_value(SecretId="db", SecretString="ours-2")
    assert status_of(primary, "db")[WEST]["Status"] == "InSync"
    assert west.get_secret_value(SecretId="db")["SecretString"] == "ours-2"


def test_a_rotation_of_the_primary_reaches_the_replicas(
    sm: SecretsManagerMock, primary: Any, west: Any
) -> None:
    # AWS user guide (replicate secrets): "Secrets Manager rotates the secret in the primary
    # Region, and the new secret value propagates to all of the associated replica secrets."
    lambda_arn = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db"
    sm.register_rotation_function(lambda_arn, "tests.rotation_functions.single_user.lambda_handler")
    single_user.DATABASE.clear()
    single_user.DATABASE["app"] = "initial"
    try:
        primary.create_secret(
            Name="db",
            SecretString=json.dumps({"username": "app", "password": "initial"}),
            AddReplicaRegions=[{"Region": WEST}],
        )
        token = primary.rotate_secret(SecretId="db", RotationLambdaARN=lambda_arn)["VersionId"]
        read = west.get_secret_value(SecretId="db")
        assert read["VersionId"] == token
        assert json.loads(read["SecretString"])["password"] == single_user.DATABASE["app"]
        assert status_of(primary, "db")[WEST]["Status"] == "InSync"
        _same_versions(primary, west)
    finally:
        single_user.DATABASE.clear()


POLICY = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": '
    '"arn:aws:iam::123456789012:root"}, "Action": "secretsmanager:DeleteSecret", "Resource": "*"}]}'
)


def test_resource_policies_are_replicated_and_removed_with_the_primarys(
    primary: Any, west: Any, eu: Any, replicated: str
) -> None:
    # AWS user guide: replication copies "metadata such as tags and resource policies".
    primary.put_resource_policy(SecretId="db", ResourcePolicy=POLICY)
    for client in (west, eu):
        assert client.get_resource_policy(SecretId="db")["ResourcePolicy"] == POLICY
    primary.delete_resource_policy(SecretId="db")
    for client in (west, eu):
        assert "ResourcePolicy" not in client.get_resource_policy(SecretId="db")

"""Seeds and dumps carry replication: a dumped store loaded back answers DescribeSecret,
GetSecretValue and ListResourcePolicies identically, through clients in three Regions and two
accounts, and its links still replicate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock, _wire, mock_secretsmanager
from smstub.errors import SmstubError

CROSS_ACCOUNT = "AssociateCrossAccountReplica" in _wire.service_model().operation_names
NAMED_POLICIES = "ListResourcePolicies" in _wire.service_model().operation_names
needs_cross_account = pytest.mark.skipif(
    not CROSS_ACCOUNT, reason="the installed botocore's model has no cross-account replication"
)

HOME = "111122223333"  # the mock's account (default credentials: its root)
OTHER = "444455556666"
EAST, WEST, EU = "us-east-1", "us-west-2", "eu-west-1"
ALL = {"Effect": "Allow", "Action": ["secretsmanager:*", "kms:*"], "Resource": "*"}


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@pytest.fixture
def sm() -> Iterator[SecretsManagerMock]:
    with mock_secretsmanager(account_id=HOME, enforce_access=True) as handle:
        yield handle


def clients(sm: SecretsManagerMock) -> dict[str, Any]:
    creds = sm.register_principal(
        principal_arn=f"arn:aws:iam::{OTHER}:role/admin",
        identity_policies=[policy(ALL)],
        access_key_id="AKIAOTHERACCOUNT0001",
    )
    session = boto3.Session()
    out = {
        region: session.client("secretsmanager", region_name=region) for region in (EAST, WEST, EU)
    }
    out["other"] = boto3.client("secretsmanager", region_name=EAST, **creds)
    return out


def build(sm: SecretsManagerMock, c: dict[str, Any]) -> None:
    east, eu = c[EAST], c[EU]
    sm.kms.create_key(region=WEST, alias="alias/west")
    home_key = sm.kms.create_key(region=EAST, alias="alias/home")
    east.create_secret(
        Name="db",
        SecretString="v1",
        Description="primary",
        Tags=[{"Key": "team", "Value": "core"}],
        AddReplicaRegions=[{"Region": WEST, "KmsKeyId": "alias/west"}, {"Region": EU}],
    )
    east.put_secret_value(SecretId="db", SecretString="v2")
    east.put_resource_policy(
        SecretId="db",
        ResourcePolicy=policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{HOME}:root"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ),
    )
    eu.get_secret_value(SecretId="db")  # the replica's own LastAccessedDate
    # A replica that could not be made: its name is taken in that Region.
    eu.create_secret(Name="taken", SecretString="mine")
    east.create_secret(Name="taken", SecretString="x", AddReplicaRegions=[{"Region": EU}])
    if not CROSS_ACCOUNT:
        return
    other = c["other"]
    other_key = sm.kms.create_key(
        region=EAST,
        account_id=OTHER,
        policy=policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:aws:iam::{OTHER}:root", f"arn:aws:iam::{HOME}:root"]},
                "Action": "kms:*",
                "Resource": "*",
            }
        ),
    )
    shared = east.create_secret(Name="shared", SecretString="s1", KmsKeyId=home_key)["ARN"]
    copy = other.create_secret(Name="copy", KmsKeyId=other_key, CrossAccountPrimaryARN=shared)
    east.associate_cross_account_replica(
        SecretId=shared,
        CrossAccountReplicaARN=copy["ARN"],
        ReplicationRoleARN=f"arn:aws:iam::{HOME}:role/replicator",
    )
    sm.register_principal(
        principal_arn=f"arn:aws:iam::{HOME}:role/replicator", identity_policies=[policy(ALL)]
    )
    east.put_secret_value(SecretId=shared, SecretString="s2")
    # A detached replica, and one still waiting for its association.
    gone = east.create_secret(Name="gone", SecretString="g", KmsKeyId=home_key)["ARN"]
    left = other.create_secret(Name="left", KmsKeyId=other_key, CrossAccountPrimaryARN=gone)
    east.associate_cross_account_replica(SecretId=gone, CrossAccountReplicaARN=left["ARN"])
    east.disassociate_cross_account_replica(SecretId=gone, CrossAccountReplicaARN=left["ARN"])
    other.create_secret(Name="waiting", KmsKeyId=other_key, CrossAccountPrimaryARN=gone)


def observe(c: dict[str, Any]) -> dict[str, Any]:
    """What every client sees of every secret it can list."""
    seen: dict[str, Any] = {}
    for where, client in c.items():
        for entry in client.list_secrets()["SecretList"]:
            arn = entry["ARN"]
            described = client.describe_secret(SecretId=arn)
            described.pop("ResponseMetadata")
            item: dict[str, Any] = {"describe": described}
            if NAMED_POLICIES:
                policies = client.list_resource_policies(SecretId=arn)["ResourcePolicies"]
                item["policies"] = policies
            item["policy"] = client.get_resource_policy(SecretId=arn).get("ResourcePolicy")
            if "VersionIdsToStages" in described:
                got = client.get_secret_value(SecretId=arn)
                item["value"] = (got["SecretString"], got["VersionId"], got["VersionStages"])
            seen[f"{where} {arn}"] = item
    return seen


def test_a_dumped_store_loads_back_the_same_in_every_region_and_account(
    sm: SecretsManagerMock,
) -> None:
    c = clients(sm)
    build(sm, c)
    before = observe(c)
    # Reads set access dates; observe once more so both sides are taken after reads.
    before = observe(c)
    document = sm.dump()
    sm.reset()
    assert observe(c) == {}
    sm.load(document)
    assert sm.dump() == document
    after = observe(c)
    assert after == before
    expected = {EAST, WEST, EU, "other"} if CROSS_ACCOUNT else {EAST, WEST, EU}
    assert {key.split()[0] for key in before} == expected
    assert len([k for k in before if k.startswith(WEST)]) == 1
    described = before[next(k for k in before if k.startswith(EAST) and ":secret:db-" in k)]
    assert [e["Status"] for e in described["describe"]["ReplicationStatus"]] == ["InSync"] * 2
    taken = before[next(k for k in before if k.startswith(EAST) and ":secret:taken-" in k)]
    assert taken["describe"]["ReplicationStatus"][0]["Status"] == "Failed"


def test_loaded_links_keep_replicating(sm: SecretsManagerMock) -> None:
    c = clients(sm)
    build(sm, c)
    document = json.loads(json.dumps(sm.dump()))  # as a file would carry it
    sm.reset()
    sm.load(document)
    version = c[EAST].put_secret_value(SecretId="db", SecretString="v3")["VersionId"]
    for region in (WEST, EU):
        read = c[region].get_secret_value(SecretId="db")
        assert (read["SecretString"], read["VersionId"]) == ("v3", version)
    code = c[WEST].exceptions.InvalidParameterException
    with pytest.raises(code):
        c[WEST].put_secret_value(SecretId="db", SecretString="no")
    if CROSS_ACCOUNT:
        shared = c[EAST].describe_secret(SecretId="shared")["ARN"]
        c[EAST].put_secret_value(SecretId=shared, SecretString="s3")
        assert c["other"].get_secret_value(SecretId="copy")["SecretString"] == "s3"
        (entry,) = c[EAST].describe_secret(SecretId=shared)["CrossAccountReplicas"]
        assert entry["ReplicationStatus"] == "InSync"
        # The detached replica stays detached; the waiting one can still be associated.
        gone = c[EAST].describe_secret(SecretId="gone")["ARN"]
        waiting = c["other"].describe_secret(SecretId="waiting")["ARN"]
        c[EAST].associate_cross_account_replica(SecretId=gone, CrossAccountReplicaARN=waiting)
        assert c["other"].get_secret_value(SecretId="waiting")["SecretString"] == "g"
        left = c["other"].describe_secret(SecretId="left")["CrossAccountPrimary"]
        assert left["ReplicationStatus"] == "Detached"


def test_the_dump_names_replication_with_describe_secrets_members(sm: SecretsManagerMock) -> None:
    c = clients(sm)
    build(sm, c)
    by_place = {(s["Account"], s["Region"], s["Name"]): s for s in sm.dump()["Secrets"]}
    primary = by_place[(HOME, EAST, "db")]
    assert primary["ReplicationStatus"] == [
        {
            "Region": WEST,
            "KmsKeyId": "alias/west",
            "Status": "InSync",
            "StatusMessage": "Replication succeeded",
        },
        {"Region": EU, "Status": "InSync", "StatusMessage": "Replication succeeded"},
    ]
    assert "PrimaryRegion" not in primary
    assert by_place[(HOME, WEST, "db")]["PrimaryRegion"] == EAST
    assert by_place[(HOME, WEST, "db")]["ARN"] == primary["ARN"].replace(EAST, WEST)
    if CROSS_ACCOUNT:
        copy = by_place[(OTHER, EAST, "copy")]
        shared = by_place[(HOME, EAST, "shared")]
        assert copy["CrossAccountPrimary"] == {
            "PrimarySecretARN": shared["ARN"],
            "ReplicationStatus": "InSync",
        }
        assert shared["CrossAccountReplicas"] == [
            {
                "ReplicaSecretARN": copy["ARN"],
                "ReplicationStatus": "InSync",
                "ReplicationRoleARN": f"arn:aws:iam::{HOME}:role/replicator",
            }
        ]
        key = next(k for k in sm.dump()["Keys"] if k.get("Account") == OTHER)
        assert json.loads(key["Policy"])["Statement"][0]["Action"] == "kms:*"


# --- hand-written seeds ---------------------------------------------------------------------------
def test_a_seeded_primary_without_statuses_is_replicated_on_load() -> None:
    with mock_secretsmanager(account_id=HOME) as sm:
        sm.seed(
            {"app": {"SecretString": "v", "ReplicationStatus": [{"Region": WEST}, {"Region": EU}]}}
        )
        east = boto3.client("secretsmanager", region_name=EAST)
        succeeded = {
            "KmsKeyId": "alias/aws/secretsmanager",
            "Status": "InSync",
            "StatusMessage": "Replication succeeded",
        }
        assert east.describe_secret(SecretId="app")["ReplicationStatus"] == [
            {"Region": WEST, **succeeded},
            {"Region": EU, **succeeded},
        ]
        for region in (WEST, EU):
            replica = boto3.client("secretsmanager", region_name=region)
            assert replica.get_secret_value(SecretId="app")["SecretString"] == "v"
            assert replica.describe_secret(SecretId="app")["PrimaryRegion"] == EAST


@pytest.mark.parametrize(
    ("secrets", "problem"),
    [
        (
            [{"Name": "app", "Region": WEST, "PrimaryRegion": EAST, "SecretString": "v"}],
            f"Secrets[0] (app): PrimaryRegion: no secret app in {EAST} of this document lists "
            f"{WEST} in its ReplicationStatus",
        ),
        (
            [
                {
                    "Name": "app",
                    "SecretString": "v",
                    "ReplicationStatus": [{"Region": WEST, "Status": "InSync"}],
                }
            ],
            f"Secrets[0] (app): ReplicationStatus: the replica in {WEST} is not in this document",
        ),
        (
            [
                {
                    "Name": "app",
                    "SecretString": "v",
                    "ReplicationStatus": [{"Region": WEST, "Status": "Sure"}],
                }
            ],
            "Secrets[0] (app) ReplicationStatus[0]: Status must be one of InSync",
        ),
        (
            [
                {
                    "Name": "app",
                    "SecretString": "v",
                    "ReplicationStatus": [{"Region": WEST, "Status": ["InSync"]}],
                }
            ],
            "Secrets[0] (app) ReplicationStatus[0]: Status must be one of InSync",
        ),
        (
            [{"Name": "app", "SecretString": "v", "ReplicationStatus": [{"Region": EAST}]}],
            f"app: ReplicationStatus: {EAST} is its own Region",
        ),
        (
            [
                {
                    "Name": "copy",
                    "SecretString": "v",
                    "CrossAccountPrimary": {
                        "PrimarySecretARN": "bogus",
                        "ReplicationStatus": "Pending",
                    },
                }
            ],
            "PrimarySecretARN must be a secret's ARN",
        ),
    ],
    ids=[
        "replica-without-primary",
        "insync-without-replica",
        "bad-status",
        "status-not-a-string",
        "own-region",
        "primary-not-an-arn",
    ],
)
def test_a_seed_with_broken_links_is_refused_whole(
    secrets: list[dict[str, Any]], problem: str
) -> None:
    with mock_secretsmanager(account_id=HOME) as sm:
        with pytest.raises(SmstubError, match="bad seed") as caught:
            sm.load({"Secrets": [*secrets, {"Name": "fine", "SecretString": "x"}]})
        assert problem in str(caught.value)
        assert boto3.client("secretsmanager", region_name=EAST).list_secrets()["SecretList"] == []
        assert boto3.client("secretsmanager", region_name=WEST).list_secrets()["SecretList"] == []


@needs_cross_account
def test_a_cross_account_link_needs_its_other_side() -> None:
    primary = f"arn:aws:secretsmanager:{EAST}:{OTHER}:secret:shared-abcdef"
    entry = {
        "Name": "copy",
        "KmsKeyId": "alias/k",
        "CrossAccountPrimary": {"PrimarySecretARN": primary, "ReplicationStatus": "InSync"},
    }
    with mock_secretsmanager(account_id=HOME) as sm:
        sm.kms.create_key(alias="alias/k")
        with pytest.raises(SmstubError) as caught:
            sm.load({"Secrets": [entry]})
        assert f"CrossAccountPrimary: {primary} is not in this document, linked back" in str(
            caught.value
        )
        entry["CrossAccountPrimary"]["ReplicationStatus"] = "Pending"
        sm.load({"Secrets": [entry]})
        client = boto3.client("secretsmanager", region_name=EAST)
        assert client.describe_secret(SecretId="copy")["CrossAccountPrimary"] == {
            "PrimarySecretARN": primary,
            "ReplicationStatus": "Pending",
        }
        listed = client.list_resource_policies(SecretId="copy")["ResourcePolicies"]
        assert listed == [{"PolicyName": "cross-account-replication"}]


def test_a_hand_written_replica_entry_takes_its_primarys_arn() -> None:
    document = {
        "Secrets": [
            {"Name": "app", "SecretString": "v", "ReplicationStatus": [{"Region": WEST}]},
            {"Name": "app", "Region": WEST, "PrimaryRegion": EAST, "SecretString": "v"},
        ]
    }
    with mock_secretsmanager(account_id=HOME) as sm:
        sm.load(document)
        east = boto3.client("secretsmanager", region_name=EAST)
        west = boto3.client("secretsmanager", region_name=WEST)
        arn = east.describe_secret(SecretId="app")["ARN"]
        assert west.describe_secret(SecretId="app")["ARN"] == arn.replace(EAST, WEST)
        (entry,) = east.describe_secret(SecretId="app")["ReplicationStatus"]
        assert (entry["Status"], entry["StatusMessage"]) == ("InSync", "Replication succeeded")
        assert west.get_secret_value(SecretId=arn.replace(EAST, WEST))["SecretString"] == "v"


def test_a_replica_arn_with_another_suffix_is_refused() -> None:
    base = f"arn:aws:secretsmanager:{{}}:{HOME}:secret:app-"
    document = {
        "Secrets": [
            {
                "Name": "app",
                "ARN": base.format(EAST) + "aaaaaa",
                "SecretString": "v",
                "ReplicationStatus": [{"Region": WEST, "Status": "InSync"}],
            },
            {
                "Name": "app",
                "Region": WEST,
                "ARN": base.format(WEST) + "bbbbbb",
                "PrimaryRegion": EAST,
                "SecretString": "v",
            },
        ]
    }
    with mock_secretsmanager(account_id=HOME) as sm:
        with pytest.raises(SmstubError) as caught:
            sm.load(document)
        assert (
            "Secrets[1] (app): ARN: a replica's ARN is its primary's with the Region changed"
            in (str(caught.value))
        )
        assert boto3.client("secretsmanager", region_name=EAST).list_secrets()["SecretList"] == []


def test_the_seed_option_starts_from_a_dumped_file(sm: SecretsManagerMock, tmp_path: Any) -> None:
    c = clients(sm)
    build(sm, c)
    path = tmp_path / "state.json"
    sm.dump(path)
    with mock_secretsmanager(account_id=HOME, seed=str(path)):
        for region in (EAST, WEST, EU):
            client = boto3.Session().client("secretsmanager", region_name=region)
            assert client.get_secret_value(SecretId="db")["SecretString"] == "v2"
        west = boto3.Session().client("secretsmanager", region_name=WEST)
        assert west.describe_secret(SecretId="db")["PrimaryRegion"] == EAST
        if CROSS_ACCOUNT:
            east = boto3.Session().client("secretsmanager", region_name=EAST)
            shared = east.describe_secret(SecretId="shared")
            (entry,) = shared["CrossAccountReplicas"]
            replica = east.describe_secret(SecretId=entry["ReplicaSecretARN"])
            assert replica["CrossAccountPrimary"]["PrimarySecretARN"] == shared["ARN"]

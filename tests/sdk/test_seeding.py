"""Seeding and snapshots: start from a known state; a seeded secret is indistinguishable from
one the API created."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock, mock_secretsmanager
from smstub.errors import SmstubError
from tests.sdk.helpers import model_has, needs_member


def _client(region: str = "us-east-1") -> Any:
    return boto3.client("secretsmanager", region_name=region)


def _plain(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


def _answers(client: Any, secret_id: str) -> tuple[Any, ...]:
    return (
        _plain(client.describe_secret(SecretId=secret_id)),
        _plain(client.list_secret_version_ids(SecretId=secret_id, IncludeDeprecated=True)),
        _plain(client.get_secret_value(SecretId=secret_id, VersionStage="AWSCURRENT")),
    )


def _build_state(sm: SecretsManagerMock) -> None:
    client = _client()
    sm.kms.create_key(alias="alias/app", description="app key")
    client.create_secret(
        Name="app/db",
        SecretString="v1",
        Description="the database",
        KmsKeyId="alias/app",
        Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "test"}],
    )
    sm.clock.advance(hours=1)
    client.put_secret_value(SecretId="app/db", SecretString="v2")
    client.put_secret_value(SecretId="app/db", SecretString="v3", VersionStages=["AWSPENDING"])
    client.create_secret(Name="app/blob", SecretBinary=b"\x00\x01binary")
    client.create_secret(Name="app/gone", SecretString="x")
    client.delete_secret(SecretId="app/gone", RecoveryWindowInDays=7)
    _client("eu-west-1").create_secret(Name="app/db", SecretString="eu")


def test_dump_then_load_leaves_every_answer_identical(tmp_path: Path) -> None:
    with mock_secretsmanager() as sm:
        _build_state(sm)
        client = _client()
        for name in ("app/db", "app/blob"):  # reading sets LastAccessedDate: read once first
            client.get_secret_value(SecretId=name)
        before = {name: _answers(client, name) for name in ("app/db", "app/blob")}
        gone = _plain(client.describe_secret(SecretId="app/gone"))
        _answers(_client("eu-west-1"), "app/db")
        eu = _answers(_client("eu-west-1"), "app/db")
        sm.dump(tmp_path / "snapshot.json")
        offset = sm.clock.now()
    document = json.loads((tmp_path / "snapshot.json").read_text())
    assert "v1" in json.dumps(document)  # the snapshot holds values: it is the test's own file
    with mock_secretsmanager(seed=tmp_path / "snapshot.json") as sm:
        sm.clock.set(offset)
        client = _client()
        assert {name: _answers(client, name) for name in before} == before
        assert _plain(client.describe_secret(SecretId="app/gone")) == gone
        assert _answers(_client("eu-west-1"), "app/db") == eu
        # The scheduled deletion still ends: the purge is on the timeline.
        sm.clock.advance(days=8)
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.describe_secret(SecretId="app/gone")


def test_round_trip_keeps_key_changes_and_disabled_keys() -> None:
    with mock_secretsmanager() as sm:
        client = _client()
        sm.kms.create_key(alias="alias/one")
        two = sm.kms.create_key(alias="alias/two")
        client.create_secret(Name="db", SecretString="v1", KmsKeyId="alias/one")
        client.update_secret(SecretId="db", KmsKeyId="alias/two")
        before = _plain(client.list_secret_version_ids(SecretId="db"))
        assert before["Versions"][0]["KmsKeyIds"] == ["alias/one", "alias/two"]
        sm.kms.disable_key(two)
        sm.kms.disable_key("alias/one")
        document = sm.dump()  # a dump reads values whatever the keys' state
    with mock_secretsmanager(seed=document) as sm:
        client = _client()
        assert _plain(client.list_secret_version_ids(SecretId="db")) == before
        assert sm.kms.describe_key("alias/two")["KeyState"] == "Disabled"
        with pytest.raises(client.exceptions.DecryptionFailure):
            client.get_secret_value(SecretId="db")
        sm.kms.enable_key("alias/one")  # the earlier key still opens the version, as in AWS
        assert client.get_secret_value(SecretId="db")["SecretString"] == "v1"


def test_seed_writes_secrets_the_api_could_have_written(sm: SecretsManagerMock) -> None:
    client = _client()
    arns = sm.seed({"db": "hunter2", "api": {"SecretString": "k", "Description": "API key"}})
    created = client.create_secret(Name="made", SecretString="x")
    assert set(arns) == {"db", "api"}
    described = client.describe_secret(SecretId="db")
    assert described["ARN"] == arns["db"]
    assert described["ARN"][:-6].removesuffix("db-") == created["ARN"][:-6].removesuffix("made-")
    assert client.get_secret_value(SecretId="db")["SecretString"] == "hunter2"
    assert client.describe_secret(SecretId="api")["Description"] == "API key"
    assert list(described["VersionIdsToStages"].values()) == [["AWSCURRENT"]]
    assert abs((described["CreatedDate"] - sm.clock.now()).total_seconds()) < 5


def test_load_versions_labels_and_yaml(sm: SecretsManagerMock, tmp_path: Path) -> None:
    (tmp_path / "seed.yaml").write_text(
        """
Secrets:
  - Name: app/db
    Tags: {team: core}
    Versions:
      - {VersionId: 11111111-1111-1111-1111-111111111111, SecretString: old}
      - {VersionId: 22222222-2222-2222-2222-222222222222, SecretString: new}
"""
    )
    sm.load(tmp_path / "seed.yaml")
    client = _client()
    stages = client.describe_secret(SecretId="app/db")["VersionIdsToStages"]
    assert stages == {
        "11111111-1111-1111-1111-111111111111": ["AWSPREVIOUS"],
        "22222222-2222-2222-2222-222222222222": ["AWSCURRENT"],
    }
    assert client.describe_secret(SecretId="app/db")["Tags"] == [{"Key": "team", "Value": "core"}]
    previous = client.get_secret_value(SecretId="app/db", VersionStage="AWSPREVIOUS")
    assert previous["SecretString"] == "old"


def test_dump_to_yaml_loads_back(tmp_path: Path) -> None:
    with mock_secretsmanager() as sm:
        sm.seed({"app/db": "hunter2", "bin": b"\x00\xff"})
        before = sm.dump(tmp_path / "state.yaml")
    with mock_secretsmanager(seed=tmp_path / "state.yaml") as sm:
        assert sm.dump() == before
        assert _client().get_secret_value(SecretId="bin")["SecretBinary"] == b"\x00\xff"


def test_a_seed_naming_a_missing_key_names_the_entry(sm: SecretsManagerMock) -> None:
    with pytest.raises(SmstubError, match=r"Secrets\[0\] \(db\): Versions\[0\]: EncryptionFailure"):
        sm.load({"Secrets": [{"Name": "db", "KmsKeyId": "alias/none", "SecretString": "x"}]})
    assert _client().list_secrets()["SecretList"] == []


def test_a_bad_seed_file_fails_at_activation(tmp_path: Path) -> None:
    (tmp_path / "seed.json").write_text('{"Secrets": [{"Name": "db", "Colour": "red"}]}')
    with (
        pytest.raises(SmstubError, match=r"Secrets\[0\] \(db\): unknown member 'Colour'"),
        mock_secretsmanager(seed=tmp_path / "seed.json"),
    ):
        pass


@needs_member("DescribeSecret", "Type")
def test_a_seeded_type_is_shown_and_dumped(sm: SecretsManagerMock) -> None:
    sm.seed({"crm": {"SecretString": "{}", "Type": "SalesforceClientSecret"}})
    assert _client().describe_secret(SecretId="crm")["Type"] == "SalesforceClientSecret"
    assert sm.dump()["Secrets"][0]["Type"] == "SalesforceClientSecret"


@pytest.mark.skipif(
    model_has("DescribeSecret", "Type"), reason="the installed botocore's model has Type"
)
def test_a_seeded_type_is_refused_where_the_model_has_none(
    sm: SecretsManagerMock, tmp_path: Path
) -> None:
    # DescribeSecret could not show it there, and botocore could not have written it.
    entry = {"Name": "crm", "SecretString": "{}", "Type": "SalesforceClientSecret"}
    refused = r"Secrets\[0\] \(crm\): member 'Type' is not in the installed botocore's model"
    with pytest.raises(SmstubError, match=refused):
        sm.load({"Secrets": [entry]})
    assert _client().list_secrets()["SecretList"] == []
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"Secrets": [entry]}))
    with pytest.raises(SmstubError, match=refused), mock_secretsmanager(seed=seed):
        pass


def test_seed_refuses_a_name_that_exists(sm: SecretsManagerMock) -> None:
    sm.seed({"db": "x"})
    with pytest.raises(SmstubError, match=r"\(db\): a secret with this Name already exists"):
        sm.seed({"db": "y"})
    assert _client().get_secret_value(SecretId="db")["SecretString"] == "x"

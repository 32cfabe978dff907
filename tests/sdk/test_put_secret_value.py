"""PutSecretValue: new versions, label moves, idempotency."""

from __future__ import annotations

import uuid
from typing import Any

from smstub import SecretsManagerMock
from tests.sdk.helpers import MARKED_FOR_DELETION, aws_error, stages


def test_put_makes_new_version_current_and_old_current_previous(client: Any) -> None:
    v1 = client.create_secret(Name="p", SecretString="one")["VersionId"]
    put = client.put_secret_value(SecretId="p", SecretString="two")
    assert set(put) - {"ResponseMetadata"} == {"ARN", "Name", "VersionId", "VersionStages"}
    assert put["VersionStages"] == ["AWSCURRENT"]
    assert stages(client, "p") == {v1: ["AWSPREVIOUS"], put["VersionId"]: ["AWSCURRENT"]}


def test_third_put_deprecates_the_oldest_version(client: Any) -> None:
    v1 = client.create_secret(Name="p", SecretString="1")["VersionId"]
    v2 = client.put_secret_value(SecretId="p", SecretString="2")["VersionId"]
    v3 = client.put_secret_value(SecretId="p", SecretString="3")["VersionId"]
    assert stages(client, "p") == {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}
    assert stages(client, "p", include_deprecated=True) == {
        v1: [],
        v2: ["AWSPREVIOUS"],
        v3: ["AWSCURRENT"],
    }
    assert client.get_secret_value(SecretId="p", VersionId=v1)["SecretString"] == "1"


def test_deprecated_versions_have_no_version_stages_key(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    client.put_secret_value(SecretId="p", SecretString="2")
    client.put_secret_value(SecretId="p", SecretString="3")
    versions = client.list_secret_version_ids(SecretId="p", IncludeDeprecated=True)["Versions"]
    assert sum("VersionStages" not in v for v in versions) == 1


def test_explicit_stages_without_awscurrent_leave_current_in_place(client: Any) -> None:
    v1 = client.create_secret(Name="p", SecretString="1")["VersionId"]
    put = client.put_secret_value(SecretId="p", SecretString="2", VersionStages=["AWSPENDING"])
    assert put["VersionStages"] == ["AWSPENDING"]
    assert client.get_secret_value(SecretId="p")["VersionId"] == v1
    assert stages(client, "p") == {v1: ["AWSCURRENT"], put["VersionId"]: ["AWSPENDING"]}


def test_a_label_moves_from_the_version_that_held_it(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    old = client.put_secret_value(
        SecretId="p", SecretString="2", VersionStages=["one", "two", "three"]
    )["VersionId"]
    new = client.put_secret_value(
        SecretId="p", SecretString="3", VersionStages=["one", "two", "four"]
    )["VersionId"]
    listed = stages(client, "p")
    assert listed[old] == ["three"]
    assert listed[new] == ["four", "one", "two"]


def test_version_losing_every_label_drops_out_of_the_default_listing(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    old = client.put_secret_value(SecretId="p", SecretString="2", VersionStages=["a", "b"])[
        "VersionId"
    ]
    client.put_secret_value(SecretId="p", SecretString="3", VersionStages=["a", "b"])
    assert old not in stages(client, "p")
    assert stages(client, "p", include_deprecated=True)[old] == []


def test_new_current_takes_awspending_off_the_old_current(client: Any) -> None:
    v1 = client.create_secret(Name="p", SecretString="1")["VersionId"]
    v2 = client.put_secret_value(SecretId="p", SecretString="2", VersionStages=["AWSPENDING"])[
        "VersionId"
    ]
    client.update_secret_version_stage(
        SecretId="p", VersionStage="AWSCURRENT", MoveToVersionId=v2, RemoveFromVersionId=v1
    )
    assert stages(client, "p") == {v1: ["AWSPREVIOUS"], v2: ["AWSCURRENT", "AWSPENDING"]}
    v3 = client.put_secret_value(SecretId="p", SecretString="3")["VersionId"]
    assert stages(client, "p") == {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}


def test_explicit_awscurrent_with_custom_label(client: Any) -> None:
    v1 = client.create_secret(Name="p", SecretString="1")["VersionId"]
    put = client.put_secret_value(
        SecretId="p", SecretString="2", VersionStages=["AWSCURRENT", "PUT0"]
    )
    assert sorted(put["VersionStages"]) == ["AWSCURRENT", "PUT0"]
    assert stages(client, "p") == {v1: ["AWSPREVIOUS"], put["VersionId"]: ["AWSCURRENT", "PUT0"]}


def test_same_token_and_value_returns_the_existing_version(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    token = str(uuid.uuid4())
    first = client.put_secret_value(SecretId="p", SecretString="2", ClientRequestToken=token)
    again = client.put_secret_value(SecretId="p", SecretString="2", ClientRequestToken=token)
    assert again["VersionId"] == first["VersionId"] == token
    assert again["VersionStages"] == ["AWSCURRENT"]
    assert len(stages(client, "p", include_deprecated=True)) == 2


def test_token_of_a_binary_version_reused_with_the_same_string_is_refused(client: Any) -> None:
    client.create_secret(Name="p", SecretBinary=b"abc")
    token = str(uuid.uuid4())
    client.put_secret_value(SecretId="p", SecretBinary=b"xyz", ClientRequestToken=token)
    code, _, _ = aws_error(
        lambda: client.put_secret_value(SecretId="p", SecretString="xyz", ClientRequestToken=token)
    )
    assert code == "ResourceExistsException"


def test_put_without_a_value_is_refused(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    code, message, _ = aws_error(lambda: client.put_secret_value(SecretId="p"))
    assert (code, message) == (
        "InvalidRequestException",
        "You must provide either SecretString or SecretBinary.",
    )


# Neither value: the message is AWS's (a Terraform configuration quotes the real answer to a
# PutSecretValue without a value: "InvalidRequestException: You must provide either
# SecretString or SecretBinary."). It is given before the secret is looked up, as the recorded
# missing-ClientRequestToken refusal of PutSecretValue is (test_no_client_request_token).
NO_VALUE = "You must provide either SecretString or SecretBinary."


def test_put_without_a_value_to_a_missing_secret_is_refused_for_the_value(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.put_secret_value(SecretId="never-created"))
    assert (code, message) == ("InvalidRequestException", NO_VALUE)


def test_put_without_a_value_to_a_deleted_secret_is_refused_for_the_value(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    client.delete_secret(SecretId="p")
    code, message, _ = aws_error(lambda: client.put_secret_value(SecretId="p"))
    assert (code, message) == ("InvalidRequestException", NO_VALUE)


def test_put_on_secret_scheduled_for_deletion_is_refused(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    client.delete_secret(SecretId="p")
    code, message, _ = aws_error(lambda: client.put_secret_value(SecretId="p", SecretString="2"))
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)


def test_more_than_twenty_labels_is_a_validation_error(client: Any) -> None:
    client.create_secret(Name="p", SecretString="1")
    labels = [f"L{i}" for i in range(21)]
    code, message, _ = aws_error(
        lambda: client.put_secret_value(SecretId="p", SecretString="2", VersionStages=labels)
    )
    assert code == "ValidationException"
    assert message == (
        f"1 validation error detected: Value '[{', '.join(labels)}]' at 'versionStages' failed "
        "to satisfy constraint: Member must have length less than or equal to 20"
    )


def _all_versions(client: Any, secret_id: str) -> list[str]:
    ids: list[str] = []
    kwargs: dict[str, Any] = {"SecretId": secret_id, "IncludeDeprecated": True, "MaxResults": 100}
    while True:
        page = client.list_secret_version_ids(**kwargs)
        ids += [v["VersionId"] for v in page["Versions"]]
        if "NextToken" not in page:
            return ids
        kwargs["NextToken"] = page["NextToken"]


def test_deprecated_versions_younger_than_a_day_are_kept_past_100(client: Any) -> None:
    client.create_secret(Name="p", SecretString="0")
    for n in range(1, 105):
        client.put_secret_value(SecretId="p", SecretString=str(n))
    assert len(_all_versions(client, "p")) == 105


def test_deprecated_versions_older_than_a_day_are_removed_past_100(
    client: Any, sm: SecretsManagerMock
) -> None:
    first = client.create_secret(Name="p", SecretString="0")["VersionId"]
    for n in range(1, 105):
        client.put_secret_value(SecretId="p", SecretString=str(n))
    sm.clock.advance(hours=25)
    newest = client.put_secret_value(SecretId="p", SecretString="new")["VersionId"]
    remaining = _all_versions(client, "p")
    # AWS docs: more than 100 versions and older than 24 hours: the oldest unlabelled go.
    assert len(remaining) == 100
    assert first not in remaining
    assert newest in remaining
    assert sorted(stages(client, "p")[newest]) == ["AWSCURRENT"]
    code, _, _ = aws_error(lambda: client.get_secret_value(SecretId="p", VersionId=first))
    assert code == "ResourceNotFoundException"


def test_every_one_of_many_versions_stays_readable_and_relabelable(client: Any) -> None:
    # Past a handful of versions a secret changes how it holds them; nothing visible changes.
    ids = [client.create_secret(Name="many", SecretString="value 0")["VersionId"]]
    for n in range(1, 12):
        ids.append(client.put_secret_value(SecretId="many", SecretString=f"value {n}")["VersionId"])
    for n, version_id in enumerate(ids):
        got = client.get_secret_value(SecretId="many", VersionId=version_id)
        assert got["SecretString"] == f"value {n}"
    assert _all_versions(client, "many") == ids
    client.update_secret_version_stage(
        SecretId="many",
        VersionStage="AWSCURRENT",
        MoveToVersionId=ids[0],
        RemoveFromVersionId=ids[-1],
    )
    assert client.get_secret_value(SecretId="many")["SecretString"] == "value 0"
    assert stages(client, "many") == {ids[0]: ["AWSCURRENT"], ids[-1]: ["AWSPREVIOUS"]}

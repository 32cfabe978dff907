"""What each recorded test did against AWS, as calls against smstub.

Each scenario repeats the boto3 calls of one snapshot key of
``test_secretsmanager.snapshot.json`` in their recorded order and captures each response under
the recorded label. Calls were inferred from the labels, the recorded responses and the
LocalStack test file that produced them (``tests/aws/services/secretsmanager/
test_secretsmanager.py``); secret names are fixed here where AWS got random ones, which the
placeholders hide anyway.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ._replay import ACCOUNT, REGION, Replay, Scenario

__all__ = ["CASES", "SKIPPED_CASES", "Case", "Skip"]

# A version id no version has; the recorded test used a fresh uuid4, masked as <version-id>.
_UNKNOWN_VERSION = "9d5a8e3c-1b2f-4c6d-8e7f-0a1b2c3d4e5f"


@dataclass(frozen=True)
class Skip:
    """A recorded entry or case not replayed yet, and what it waits for."""

    operation: str
    needs: str


NEEDS_CLOUDFORMATION = Skip("CloudFormation", "CloudFormation, which smstub does not fake")


@dataclass(frozen=True)
class Case:
    run: Scenario
    # False for keys recorded before the recording tool kept ResponseMetadata (August and early
    # September 2022): their entries have none to compare.
    metadata: bool = True
    uuid_placeholder: str = "version_uuid"
    skipped: Mapping[str, Skip] = field(default_factory=dict)  # label -> why not replayed


# --- creation and lookup --------------------------------------------------------------------
def create_and_update_secret(r: Replay, *, name: str, partial_arn_found: bool = True) -> None:
    created = r.record(
        "create_secret_rs_1",
        "create_secret",
        Name=name,
        SecretString="my_secret",
        Description="Testing secret creation.",
    )
    r.secret_id_arn(created, 0)
    arn = created["ARN"]
    r.record("get_secret_value_rs_1", "get_secret_value", SecretId=name)
    r.record("describe_secret_rs_1", "describe_secret", SecretId=name)
    r.record("get_secret_value_rs_2", "get_secret_value", SecretId=arn)
    # The partial ARN: the full ARN without "-" and the six random characters.
    partial_label = "get_secret_value_rs_3" if partial_arn_found else "resource_not_found_dict_1"
    r.record(partial_label, "get_secret_value", SecretId=arn[:-7])
    r.record("put_secret_value_rs_1", "put_secret_value", SecretId=name, SecretString="new_secret")
    r.record("get_secret_value_rs_4", "get_secret_value", SecretId=name)
    r.record(
        "update_secret_res_1",
        "update_secret",
        SecretId=arn,
        SecretString="test123",
        Description="d1",
    )
    r.record("delete_secret_res_1", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def create_then_list(r: Replay) -> None:
    """test_call_lists_secrets_multiple_times(_snapshots): three listings of one secret.

    The recorded entries carry ResponseMetadata, which a paginator's ``build_full_result``
    drops: these 2022 recordings came from plain ``list_secrets`` calls, in an account that
    held this secret alone.
    """
    name = "s-listed"
    created = r.record(
        "create_secret_rs_1",
        "create_secret",
        Name=name,
        SecretString="my_secret",
        Description="testing creation of secrets",
    )
    r.secret_id_arn(created, 0)
    for index in range(3):
        r.record(f"list_secrets_res_{index}", "list_secrets")
    r.record("delete_secret_res_1", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def create_many_then_list(r: Replay, *, description: str) -> None:
    """test_create_multi_secrets(_snapshot): the listing shows the three oldest first."""
    names = ["multi0", "multi1", "multi2"]
    for index, name in enumerate(names):
        created = r.call(
            "create_secret", Name=name, SecretString=f"my_secret_{name}", Description=description
        )
        r.secret_id_arn(created, index)
    r.record("list_secrets_res", "list_secrets")
    for index, name in enumerate(names):
        r.record(
            f"delete_secret_res{index}",
            "delete_secret",
            SecretId=name,
            ForceDeleteWithoutRecovery=True,
        )


def secret_exists(r: Replay) -> None:
    name = "s-exists"
    params = {
        "Name": name,
        "SecretString": f"my_secret_{name}",
        "Description": "Snapshot testing secret already exists.",
    }
    r.secret_id_arn(r.call("create_secret", **params), 0)
    # The recorded test waited for the secret to be listed (ListSecrets) here.
    r.record("ex_log", "create_secret", **params)
    r.record("delete_secret_res", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def secret_not_found(r: Replay) -> None:
    r.record("get_secret_value_not_found_ex", "get_secret_value", SecretId="s-missing1")
    r.record(
        "list_secret_version_ids_not_found_ex", "list_secret_version_ids", SecretId="s-missing2"
    )


def invalid_secret_name(r: Replay, *, name: str) -> None:
    r.record("ex_log_1", "create_secret", Name=name, SecretString="MySecretString")
    r.record("ex_log_2", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)
    r.record("ex_log_3", "describe_secret", SecretId=name)
    r.record("ex_log_4", "get_secret_value", SecretId=name)
    r.record("ex_log_5", "list_secret_version_ids", SecretId=name, IncludeDeprecated=True)
    r.record("ex_log_6", "put_secret_value", SecretId=name, SecretString="MySecretString")
    r.record(
        "ex_log_7", "tag_resource", SecretId=name, Tags=[{"Key": "FirstTag", "Value": "SomeValue"}]
    )
    r.record("ex_log_8", "untag_resource", SecretId=name, TagKeys=["FirstTag"])
    r.record("ex_log_9", "update_secret", SecretId=name, Description="MyNewDescription")
    r.record("ex_log_10", "validate_resource_policy", SecretId=name, ResourcePolicy=_POLICY)


# The document test_resource_policy put (its recorded get_resource_policy shows it parsed).
_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
)


def resource_policy(r: Replay) -> None:
    created = r.call("create_secret", Name="s-policy", SecretString="v")
    r.secret_id_arn(created, 0)
    put = r.call("put_resource_policy", SecretId="s-policy", ResourcePolicy=_POLICY)
    # Recorded in 2024, before the model's PolicyName member: compared without it (an installed
    # botocore whose model has it gets it too).
    assert put.pop("PolicyName", "default") == "default"
    r.match("put_resource_policy", put)
    got = r.call("get_resource_policy", SecretId="s-policy")
    assert got.pop("PolicyName", "default") == "default"
    # The recording tool shows the JSON string parsed; the string itself is the one submitted.
    assert got["ResourcePolicy"] == _POLICY
    got["ResourcePolicy"] = json.loads(got["ResourcePolicy"])
    r.match("get_resource_policy", got)


def no_client_request_token(r: Replay, *, operation: str) -> None:
    body: dict[str, Any] = {"SecretString": "thisisthesecret", "Description": "My secret string"}
    body["Name" if operation == "CreateSecret" else "SecretId"] = "s-no-token"
    r.match("no-client-request-exc", r.post(operation, body))


def create_secret_version_from_empty_secret(r: Replay) -> None:
    name = "test-version-empty"
    created = r.call("create_secret", Name=name, Description="")
    r.match("create-empty-secret", created)
    # The recorded test named the ARN's resource part and the Name with generic placeholders.
    r.regex(created["ARN"].partition(":secret:")[2], "<secret-version:1>")
    r.regex(name, "<name:1>")
    arn = created["ARN"]
    r.record("describe-secret", "describe_secret", SecretId=arn)
    r.record(
        "put-secret-value",
        "put_secret_value",
        SecretId=arn,
        SecretString="example-string-to-protect",
    )


def get_secret_value(r: Replay) -> None:
    name = "s-binary"
    created = r.call("create_secret", Name=name, SecretBinary="footest")
    r.secret_id_arn(created, 0)
    r.record("secret_value_response", "get_secret_value", SecretId=created["ARN"])
    r.mask_number("CreatedDate")
    r.match("secret_value_http_response", r.post("GetSecretValue", {"SecretId": name}))


def get_secret_value_errors(r: Replay) -> None:
    name = "s-errors"
    created = r.call("create_secret", Name=name, SecretString="test")
    r.secret_id_arn(created, 0)
    r.record(
        "error_get_secret_value_non_existing",
        "get_secret_value",
        SecretId=created["ARN"],
        VersionStage="AWSPREVIOUS",
    )
    r.record(
        "mismatch_version_id_and_stage",
        "get_secret_value",
        SecretId=name,
        VersionId=created["VersionId"],
        VersionStage="AWSPREVIOUS",
    )


def secret_version_not_found(r: Replay) -> None:
    name = "s-no-versions"
    r.call("create_secret", Name=name)
    r.regex(_UNKNOWN_VERSION, "<version-id>")
    text = r.call_for_text("get_secret_value", SecretId=name)
    r.match("get_secret_value_no_version_ex", text)
    text = r.call_for_text("get_secret_value", SecretId=name, VersionId=_UNKNOWN_VERSION)
    r.match("get_secret_value_version_not_found_ex", text)
    text = r.call_for_text("get_secret_value", SecretId=name, VersionStage="AWSPENDING")
    r.match("get_secret_value_stage_not_found_ex", text)


def change_secret_value_after_creation(r: Replay, *, put: bytes, update: bytes) -> None:
    name = "s-binary-changes"
    r.secret_id_arn(r.call("create_secret", Name=name, SecretBinary=b"initial"), 0)
    r.record("put_secret_value_secret_response", "get_secret_value", SecretId=name)
    r.call("put_secret_value", SecretId=name, SecretBinary=put)
    r.record("put_secret_binary_response_updated", "get_secret_value", SecretId=name)
    r.call("update_secret", SecretId=name, SecretBinary=update)
    r.record("update_secret_binary_response_updated", "get_secret_value", SecretId=name)


# --- deletion and restore -------------------------------------------------------------------
def can_recreate_delete_secret(r: Replay) -> None:
    name = "s-recreated"
    value = "secretstr-recreated"
    created = r.call("create_secret", Name=name, SecretString=value)
    r.secret_id_arn(created, 0)
    r.match("create_secret_res_0", created, typed=True)
    r.match(
        "delete_res_1",
        r.call("delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True),
        typed=True,
    )
    # The recorded test waited until DescribeSecret stopped finding the secret.
    gone = r.call("describe_secret", SecretId=name)
    assert gone.get("Error", {}).get("Code") == "ResourceNotFoundException", gone
    created = r.call("create_secret", Name=name, SecretString=value)
    r.secret_id_arn(created, 1)
    r.match("create_secret_res_1", created, typed=True)


def creation_of_secret_scheduled_for_deletion(r: Replay) -> None:
    name = "s-scheduled"
    value = "secretstr-scheduled"
    r.secret_id_arn(r.call("create_secret", Name=name, SecretString=value), 0)
    r.match(
        "delete_res", r.call("delete_secret", SecretId=name, RecoveryWindowInDays=7), typed=True
    )
    r.record("invalid_req_ex", "create_secret", Name=name, SecretString=value)


def force_delete_deleted_secret(r: Replay) -> None:
    created = r.record(
        "create_secret_response", "create_secret", Name="s-force", SecretString="secretstr-force"
    )
    arn = created["ARN"]
    r.secret_id_arn(created, 0)
    r.record("delete_secret_response", "delete_secret", SecretId=arn)
    r.record("describe_secret_response", "describe_secret", SecretId=arn)
    r.record(
        "force_delete_secret_response",
        "delete_secret",
        SecretId=arn,
        ForceDeleteWithoutRecovery=True,
    )


def secret_restore(r: Replay) -> None:
    name = "s-restored"
    created = r.call(
        "create_secret", Name=name, SecretString="my_secret", Description="test description"
    )
    r.secret_id_arn(created, 0)
    r.record("delete_secret_res", "delete_secret", SecretId=name)
    r.record("restore_secret_res", "restore_secret", SecretId=name)


# --- tags -----------------------------------------------------------------------------------
def secret_tags(r: Replay) -> None:
    created = r.record("create_secret", "create_secret", Name="s-tagged")
    r.secret_id_arn(created, 0)
    arn = created["ARN"]
    r.record("describe_secret", "describe_secret", SecretId=arn)
    r.record(
        "tag_resource_1", "tag_resource", SecretId=arn, Tags=[{"Key": "tag1", "Value": "value1"}]
    )
    r.record("describe_secret_1", "describe_secret", SecretId=arn)
    r.record(
        "tag_resource_2", "tag_resource", SecretId=arn, Tags=[{"Key": "tag2", "Value": "value2"}]
    )
    r.record("describe_secret_2", "describe_secret", SecretId=arn)
    r.record("untag_resource_1", "untag_resource", SecretId=arn, TagKeys=["tag1"])
    r.record("describe_secret_3", "describe_secret", SecretId=arn)
    r.record("untag_resource_2", "untag_resource", SecretId=arn, TagKeys=["tag2"])
    r.record("describe_secret_4", "describe_secret", SecretId=arn)
    tags = [{"Key": "tag3", "Value": "value3"}, {"Key": "tag4", "Value": "value4"}]
    r.call("tag_resource", SecretId=arn, Tags=tags)
    r.record("describe_secret_5", "describe_secret", SecretId=arn)
    r.call("untag_resource", SecretId=arn, TagKeys=["tag3", "tag4"])
    r.record("describe_secret_6", "describe_secret", SecretId=arn)


def tag_untag_resource_on_deleted_secret(r: Replay) -> None:
    created = r.record(
        "create_secret",
        "create_secret",
        Name="s-deleted-tags",
        SecretString="test-secret-value",
        Tags=[{"Key": "initial-tag", "Value": "initial-value"}],
    )
    r.secret_id_arn(created, 0)
    arn = created["ARN"]
    r.record("delete_secret", "delete_secret", SecretId=arn)
    r.record(
        "tag_deleted_secret_error",
        "tag_resource",
        SecretId=arn,
        Tags=[{"Key": "new-tag", "Value": "new-value"}],
    )
    r.record("untag_deleted_secret_error", "untag_resource", SecretId=arn, TagKeys=["initial-tag"])


# --- updates, versions and staging labels ---------------------------------------------------
def put_secret_value_with_version_stages(r: Replay) -> None:
    name = "s-put-stages"
    created = r.record(
        "create_secret_rs_0", "create_secret", Name=name, SecretString="secret_string_v0"
    )
    r.secret_id_arn(created, 0)
    r.record("get_secret_value_res_0", "get_secret_value", SecretId=name)
    puts: list[list[str] | None] = [
        ["SAMPLESTAGE1", "SAMPLESTAGE0"],
        ["SAMPLESTAGE1", "SAMPLESTAGE0"],
        ["AWSPENDING"],
        None,
    ]
    for index, stages in enumerate(puts, start=1):
        params: dict[str, Any] = {"SecretId": name, "SecretString": f"secret_string_v{index}"}
        if stages is not None:
            params["VersionStages"] = stages
        r.record(f"put_secret_value_res_{index}", "put_secret_value", **params)
        r.record(f"get_secret_value_res_{index}", "get_secret_value", SecretId=name)
    r.record("delete_secret_res_1", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def update_secret_description(r: Replay) -> None:
    name = "s-description"
    created = r.record(
        "create_secret_rs_0", "create_secret", Name=name, SecretString="MySecretString"
    )
    r.secret_id_arn(created, 0)
    r.record("describe_secret_res_0", "describe_secret", SecretId=name)
    r.record("update_secret_res_0", "update_secret", SecretId=name, Description="MyDescription")
    r.record("describe_secret_res_1", "describe_secret", SecretId=name)
    r.record(
        "update_secret_res_1",
        "update_secret",
        SecretId=name,
        SecretString="MyNewSecretString",
        Description="MyNewDescription",
    )
    r.record("describe_secret_res_2", "describe_secret", SecretId=name)
    r.record(
        "update_secret_res_2", "update_secret", SecretId=name, SecretString="MyNewSecretString" * 2
    )
    r.record("describe_secret_res_3", "describe_secret", SecretId=name)
    r.record("update_secret_res_3", "update_secret", SecretId=name)
    r.record("describe_secret_res_4", "describe_secret", SecretId=name)
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def update_secret_version_stages_return_type(r: Replay) -> None:
    name = "s-stage-return"
    created = r.record("create_secret_rs_0", "create_secret", Name=name, SecretString="Something1")
    r.secret_id_arn(created, 0)
    pending = r.record(
        "put_secret_value_res_0",
        "put_secret_value",
        SecretId=name,
        SecretString="Something2",
        VersionStages=["AWSPENDING"],
    )
    r.record(
        "update_secret_version_stage_res_0",
        "update_secret_version_stage",
        SecretId=name,
        RemoveFromVersionId=created["VersionId"],
        MoveToVersionId=pending["VersionId"],
        VersionStage="AWSCURRENT",
    )
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def update_secret_version_stages_current_previous(r: Replay) -> None:
    name = "s-current-previous"
    created = r.record(
        "create_secret_rs_0", "create_secret", Name=name, SecretString="secret_string_v0"
    )
    r.secret_id_arn(created, 0)
    # The recorded test waited for the secret to be listed (ListSecrets) here.
    r.record("list_secret_version_ids_res_0", "list_secret_version_ids", SecretId=name)
    r.record("update_secret_res_0", "update_secret", SecretId=name, SecretString="secret_string_v1")
    r.record("list_secret_version_ids_res_1", "list_secret_version_ids", SecretId=name)
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def update_secret_version_stages_current_pending(r: Replay) -> None:
    name = "s-current-pending"
    created = r.record("create_secret_rs_0", "create_secret", Name=name, SecretString="Something1")
    r.secret_id_arn(created, 0)
    pending = r.record(
        "put_secret_value_res_0",
        "put_secret_value",
        SecretId=name,
        SecretString="Something2",
        VersionStages=["AWSPENDING"],
    )
    r.record("list_secret_version_ids_res_0", "list_secret_version_ids", SecretId=name)
    r.record(
        "update_secret_version_stage_res_0",
        "update_secret_version_stage",
        SecretId=name,
        RemoveFromVersionId=created["VersionId"],
        MoveToVersionId=pending["VersionId"],
        VersionStage="AWSCURRENT",
    )
    r.record("list_secret_version_ids_res_1", "list_secret_version_ids", SecretId=name)
    r.record("put_secret_value_res_1", "put_secret_value", SecretId=name, SecretString="SS3")
    r.record("list_secret_version_ids_res_2", "list_secret_version_ids", SecretId=name)
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def _move_current(
    r: Replay, label: str, name: str, old: dict[str, Any], new: dict[str, Any]
) -> None:
    r.record(
        label,
        "update_secret_version_stage",
        SecretId=name,
        RemoveFromVersionId=old["VersionId"],
        MoveToVersionId=new["VersionId"],
        VersionStage="AWSCURRENT",
    )


def current_pending_cycle(r: Replay, *, first: list[str], second: list[str]) -> None:
    """The rotation cycle done by hand: stage a pending version, make it current, repeat.

    test_update_secret_version_stages_current_pending_cycle uses AWSPENDING alone;
    ..._custom_stages_1 adds custom labels. The first cycle's move is labelled
    ``update_secret_version_stage_res_0``; the second move's label differs between the two
    tests (the plain one recorded it as ``put_secret_value_res_2``).
    """
    name = "s-cycle"
    v0 = r.record("create_secret_rs_0", "create_secret", Name=name, SecretString="S1")
    r.secret_id_arn(v0, 0)
    v1 = r.record(
        "put_secret_value_res_0",
        "put_secret_value",
        SecretId=name,
        SecretString="S2",
        VersionStages=first,
    )
    r.record("list_secret_version_ids_res_0", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_0", "get_secret_value", SecretId=name)
    _move_current(r, "update_secret_version_stage_res_0", name, v0, v1)
    r.record("list_secret_version_ids_res_1", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_1", "get_secret_value", SecretId=name)
    v2 = r.record(
        "put_secret_value_res_1",
        "put_secret_value",
        SecretId=name,
        SecretString="S3",
        VersionStages=second,
    )
    r.record("list_secret_version_ids_res_2", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_2", "get_secret_value", SecretId=name)
    custom = first != ["AWSPENDING"]
    _move_current(
        r,
        "update_secret_version_stage_res_1" if custom else "put_secret_value_res_2",
        name,
        v1,
        v2,
    )
    r.record("list_secret_version_ids_res_3", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_3", "get_secret_value", SecretId=name)
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def current_pending_cycle_custom_stages_2(r: Replay) -> None:
    name = "s-cycle-custom"
    created = r.record("create_secret_rs_0", "create_secret", Name=name, SecretString="SS")
    r.secret_id_arn(created, 0)
    v0 = r.record(
        "put_secret_value_res_0",
        "put_secret_value",
        SecretId=name,
        SecretString="S1",
        VersionStages=["AWSCURRENT", "PUT0"],
    )
    r.record("list_secret_version_ids_res_0", "list_secret_version_ids", SecretId=name)
    v1 = r.record(
        "put_secret_value_res_1",
        "put_secret_value",
        SecretId=name,
        SecretString="S2",
        VersionStages=["AWSPENDING", "PUT1"],
    )
    r.record("list_secret_version_ids_res_1", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_0", "get_secret_value", SecretId=name)
    _move_current(r, "update_secret_version_stage_res_0", name, v0, v1)
    r.record("list_secret_version_ids_res_2", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_1", "get_secret_value", SecretId=name)
    v2 = r.record(
        "put_secret_value_res_2",
        "put_secret_value",
        SecretId=name,
        SecretString="S3",
        VersionStages=["AWSPENDING", "PUT2"],
    )
    r.record("list_secret_version_ids_res_3", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_2", "get_secret_value", SecretId=name)
    _move_current(r, "update_secret_version_stage_res_1", name, v1, v2)
    r.record("list_secret_version_ids_res_4", "list_secret_version_ids", SecretId=name)
    r.record("get_secret_value_res_3", "get_secret_value", SecretId=name)
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def current_pending_cycle_custom_stages_3(r: Replay) -> None:
    name = "s-custom-pending"
    v1 = r.record("create_secret_rs", "create_secret", Name=name, SecretString="SS")
    r.secret_id_arn(v1, 0)
    v2 = r.record(
        "put_secret_value_res_0",
        "put_secret_value",
        SecretId=name,
        SecretString="S1",
        VersionStages=["PENDING"],
    )
    r.record("list_secret_version_ids_rs", "list_secret_version_ids", SecretId=name)

    def read_both(suffix: str) -> None:
        for version, which in ((v1, "v1"), (v2, "v2")):
            label = f"get_secret_value_{which}_rs{suffix}"
            r.record(label, "get_secret_value", SecretId=name, VersionId=version["VersionId"])

    read_both("")
    _move_current(r, "update_secret_version_stage_res_1", name, v1, v2)
    read_both("_1")
    r.record(
        "update_secret_version_stage_res_2",
        "update_secret_version_stage",
        SecretId=name,
        RemoveFromVersionId=v2["VersionId"],
        VersionStage="PENDING",
    )
    read_both("_2")
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def version_stages_moved_by_put(r: Replay, *, second: list[str]) -> None:
    """test_non_versioning_version_stages_(no_)replacement: custom labels move to a newer put."""
    name = "s-custom-labels"
    created = r.record("create_secret_rs_0", "create_secret", Name=name, SecretString="S0")
    r.secret_id_arn(created, 0)
    r.record(
        "put_secret_value_res_0",
        "put_secret_value",
        SecretId=name,
        SecretString="S1",
        VersionStages=["one", "two", "three"],
    )
    r.record("list_secret_version_ids_res_0", "list_secret_version_ids", SecretId=name)
    r.record(
        "put_secret_value_res_1",
        "put_secret_value",
        SecretId=name,
        SecretString="S2",
        VersionStages=second,
    )
    r.record("list_secret_version_ids_res_1", "list_secret_version_ids", SecretId=name)
    r.record("delete_secret_res_0", "delete_secret", SecretId=name, ForceDeleteWithoutRecovery=True)


def deprecated_secret_version_stage(r: Replay) -> None:
    name = "s-deprecated"
    created = r.record(
        "create_secret",
        "create_secret",
        Name=name,
        SecretString="original",
        Description="My secret",
    )
    r.secret_id_arn(created, 0)
    # The recorded test waited for the secret to be listed (ListSecrets) here.
    r.record("list_secret_version_ids", "list_secret_version_ids", SecretId=name)
    r.record("put_secret_value_1", "put_secret_value", SecretId=name, SecretString="update1")
    r.record("list_secret_version_ids_1", "list_secret_version_ids", SecretId=name)
    r.record("put_secret_value_2", "put_secret_value", SecretId=name, SecretString="update2")
    r.record("list_secret_version_ids_2", "list_secret_version_ids", SecretId=name)
    r.record(
        "list_secret_version_ids_3",
        "list_secret_version_ids",
        SecretId=name,
        IncludeDeprecated=True,
    )
    r.record("put_secret_value_3", "put_secret_value", SecretId=name, SecretString="update3")
    r.record("list_secret_version_ids_4", "list_secret_version_ids", SecretId=name)
    r.record(
        "list_secret_version_ids_5",
        "list_secret_version_ids",
        SecretId=name,
        IncludeDeprecated=True,
    )


def create_before_rotation(r: Replay) -> None:
    """The secret the rotation tests set up; the rotation and what follows are not replayed."""
    created = r.record("create_secret", "create_secret", Name="s-rotation", SecretString="init")
    r.secret_id_arn(created, 0)


# --- rotation ---------------------------------------------------------------------------------
_LAMBDA = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:s-rotation-fn"


def _rotation_function(client: Any) -> Any:
    """A rotation function with the recorded effects of the recorded test's Lambda: createSecret
    reads AWSCURRENT (so the old version gets a LastAccessedDate) and puts the new value as
    AWSPENDING; finishSecret makes it AWSCURRENT and takes AWSPENDING off it (the recordings
    show the new version with AWSCURRENT alone)."""

    def rotate(event: dict[str, Any], context: Any) -> None:
        arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        if step == "createSecret":
            current = client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")
            client.put_secret_value(
                SecretId=arn,
                ClientRequestToken=token,
                SecretString=current["SecretString"] + "-rotated",
                VersionStages=["AWSPENDING"],
            )
        elif step == "finishSecret":
            stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
            old = next(v for v, labels in stages.items() if "AWSCURRENT" in labels)
            client.update_secret_version_stage(
                SecretId=arn,
                VersionStage="AWSCURRENT",
                MoveToVersionId=token,
                RemoveFromVersionId=old,
            )
            client.update_secret_version_stage(
                SecretId=arn, VersionStage="AWSPENDING", RemoveFromVersionId=token
            )

    return rotate


def _rotation_secret(r: Replay) -> str:
    name = "s-rotated"
    assert r.mock is not None
    r.mock.register_rotation_function(_LAMBDA, _rotation_function(r.client))
    created = r.call(
        "create_secret",
        Name=name,
        SecretString="my_secret",
        Description="testing rotation of secrets",
    )
    r.secret_id_arn(created, 0)
    r.regex(_LAMBDA, "<lambda-arn:1>")
    return name


def rotate_with_lambda(r: Replay, *, immediately: bool | None) -> None:
    name = _rotation_secret(r)
    params: dict[str, Any] = {"RotateImmediately": immediately} if immediately is not None else {}
    r.record(
        "rotate_secret_immediately",
        "rotate_secret",
        SecretId=name,
        RotationLambdaARN=_LAMBDA,
        RotationRules={"AutomaticallyAfterDays": 1},
        **params,
    )
    r.record("describe_secret_rotated", "describe_secret", SecretId=name)
    r.record("list_secret_versions_rotated_1", "list_secret_version_ids", SecretId=name)


def rotate_twice_with_lambda(r: Replay) -> None:
    name = _rotation_secret(r)
    r.record(
        "rotate_secret_immediately_1",
        "rotate_secret",
        SecretId=name,
        RotationLambdaARN=_LAMBDA,
        RotationRules={"AutomaticallyAfterDays": 1},
        RotateImmediately=True,
    )
    r.record("describe_secret_rotated_1", "describe_secret", SecretId=name)
    r.record("list_secret_versions_rotated_1_1", "list_secret_version_ids", SecretId=name)
    # The second time without configuration: the stored Lambda and rules are used.
    r.record("rotate_secret_immediately_2", "rotate_secret", SecretId=name)
    r.record("describe_secret_rotated_2", "describe_secret", SecretId=name)
    r.record("list_secret_versions_rotated_1_2", "list_secret_version_ids", SecretId=name)


def rotate_with_invalid_lambda(r: Replay) -> None:
    create_before_rotation(r)
    lambda_arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:no-such-function"
    r.record(
        "rotate_secret_invalid_arn_exc",
        "rotate_secret",
        SecretId="s-rotation",
        RotationLambdaARN=lambda_arn,
        RotationRules={"AutomaticallyAfterDays": 1},
    )
    r.record("describe_secret", "describe_secret", SecretId="s-rotation")


def rotate_without_lambda(r: Replay) -> None:
    create_before_rotation(r)
    r.record("rotate_secret_no_arn_exc", "rotate_secret", SecretId="s-rotation")
    r.record("describe_secret", "describe_secret", SecretId="s-rotation")


# --- the registry ---------------------------------------------------------------------------

CASES: dict[str, Case] = {
    "test_resource_policy": Case(resource_policy),
    "test_can_recreate_delete_secret": Case(can_recreate_delete_secret),
    "test_exp_raised_on_creation_of_secret_scheduled_for_deletion": Case(
        creation_of_secret_scheduled_for_deletion
    ),
    "test_call_lists_secrets_multiple_times": Case(create_then_list, metadata=False),
    "test_call_lists_secrets_multiple_times_snapshots": Case(create_then_list),
    "test_create_multi_secrets": Case(
        partial(create_many_then_list, description="Testing secrets creation."), metadata=False
    ),
    "test_create_multi_secrets_snapshot": Case(
        partial(create_many_then_list, description="Testing secrets creation.")
    ),
    "test_put_secret_value_with_version_stages": Case(put_secret_value_with_version_stages),
    "test_update_secret_description": Case(update_secret_description),
    "test_update_secret_version_stages_return_type": Case(update_secret_version_stages_return_type),
    "test_update_secret_version_stages_current_previous": Case(
        update_secret_version_stages_current_previous
    ),
    "test_update_secret_version_stages_current_pending": Case(
        update_secret_version_stages_current_pending
    ),
    "test_update_secret_version_stages_current_pending_cycle": Case(
        partial(current_pending_cycle, first=["AWSPENDING"], second=["AWSPENDING"])
    ),
    "test_update_secret_version_stages_current_pending_cycle_custom_stages_1": Case(
        partial(
            current_pending_cycle,
            first=["AWSSOMETHING", "AWSPENDING", "PUT1"],
            second=["AWSPENDING", "PUT2"],
        )
    ),
    "test_update_secret_version_stages_current_pending_cycle_custom_stages_2": Case(
        current_pending_cycle_custom_stages_2
    ),
    "test_update_secret_version_stages_current_pending_cycle_custom_stages_3": Case(
        current_pending_cycle_custom_stages_3
    ),
    "test_non_versioning_version_stages_replacement": Case(
        partial(version_stages_moved_by_put, second=["one", "two", "three", "four"])
    ),
    "test_non_versioning_version_stages_no_replacement": Case(
        partial(version_stages_moved_by_put, second=["one", "two", "four"])
    ),
    "test_secret_not_found": Case(secret_not_found),
    "test_secret_exists_snapshots": Case(secret_exists),
    "test_create_secret_version_from_empty_secret": Case(
        create_secret_version_from_empty_secret, uuid_placeholder="uuid"
    ),
    "test_secret_restore": Case(secret_restore),
    "test_secret_tags": Case(secret_tags),
    "test_tag_untag_resource_on_deleted_secret": Case(tag_untag_resource_on_deleted_secret),
    "test_deprecated_secret_version_stage": Case(deprecated_secret_version_stage),
    "test_get_secret_value_errors": Case(get_secret_value_errors),
    "test_secret_version_not_found": Case(secret_version_not_found),
    "test_get_secret_value": Case(get_secret_value),
    "test_force_delete_deleted_secret": Case(force_delete_deleted_secret),
    "test_rotate_secret_invalid_lambda_arn": Case(rotate_with_invalid_lambda),
    "test_first_rotate_secret_with_missing_lambda_arn": Case(rotate_without_lambda),
    "test_rotate_secret_with_lambda_success[True]": Case(
        partial(rotate_with_lambda, immediately=True)
    ),
    "test_rotate_secret_with_lambda_success[None]": Case(
        partial(rotate_with_lambda, immediately=None)
    ),
    "test_rotate_secret_multiple_times_with_lambda_success": Case(rotate_twice_with_lambda),
}

# test_create_and_update_secret: the current parametrization, and older ones whose last part
# said whether the partial ARN resolves.
for _name in [
    "s-c64bdc03",
    "Valid/_+=.@-Name",
    "Valid/_+=.@-Name-a1b2",
    "Valid/_+=.@-Name-a1b2c3-",
]:
    CASES[f"test_create_and_update_secret[{_name}]"] = Case(
        partial(create_and_update_secret, name=_name)
    )
    CASES[f"test_create_and_update_secret[{_name}-True]"] = Case(
        partial(create_and_update_secret, name=_name)
    )
CASES["test_create_and_update_secret[s-4b175f02-True]"] = Case(
    partial(create_and_update_secret, name="s-4b175f02"), metadata=False
)
CASES["test_create_and_update_secret[Invalid/_+=.@-Name-a1b2c3-False]"] = Case(
    partial(create_and_update_secret, name="Invalid/_+=.@-Name-a1b2c3", partial_arn_found=False)
)

for _name in ["Inv Name", " Inv Name", " Inv*Name? ", " Inv *?!]Name\\-"]:
    # pytest escaped the backslash in the id.
    _id = _name.replace("\\", "\\\\")
    CASES[f"test_invalid_secret_name[{_id}]"] = Case(partial(invalid_secret_name, name=_name))

for _operation in ["CreateSecret", "UpdateSecret", "PutSecretValue", "RotateSecret"]:
    CASES[f"test_no_client_request_token[{_operation}]"] = Case(
        partial(no_client_request_token, operation=_operation)
    )

for _id, _put, _update in [
    ("footest-updated1", b"footest", b"updated1"),
    ("tops3cret-updated2", b"tops3cret", b"updated2"),
    (r"\x00\x01\x02\xff-\xfe\xfd", b"\x00\x01\x02\xff", b"\xfe\xfd"),
]:
    CASES[f"test_change_secret_value_after_creation[{_id}]"] = Case(
        partial(change_secret_value_after_creation, put=_put, update=_update)
    )

SKIPPED_CASES: dict[str, Skip] = {
    "cloudformation/test_cfn_secret_policy[true]": NEEDS_CLOUDFORMATION,
    "cloudformation/test_cfn_secret_policy[default]": NEEDS_CLOUDFORMATION,
    "cloudformation/test_cdk_deployment_generates_secret_value_if_no_value_is_provided": (
        NEEDS_CLOUDFORMATION
    ),
    "cloudformation/test_cfn_secretsmanager_gen_secret": NEEDS_CLOUDFORMATION,
    "cloudformation/test_cfn_handle_secretsmanager_secret": NEEDS_CLOUDFORMATION,
}

"""An item of a list that breaks its shape's rules: AWS names the whole list, with every rule.

botocore checks only ``min`` on the client, so a too-long item reaches the service, whose
validation layer reports it as ``Value '[...]' at 'list' failed to satisfy constraint: Member
must satisfy constraint: [<every rule of the item's shape>]`` (the form of real Lambda and ACM
responses; see ``smstub/_wire.py``).
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from tests.sdk.helpers import aws_error

FILTER_PATTERN = "^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$"


def _message(value: str, path: str, rules: str) -> str:
    return (
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: "
        f"Member must satisfy constraint: [{rules}]"
    )


@pytest.fixture
def secret(client: Any) -> str:
    client.create_secret(Name="s", SecretString="v0")
    return "s"


def test_a_version_stage_over_256_characters_names_the_whole_list(client: Any, secret: str) -> None:
    label = "L" * 257
    code, message, response = aws_error(
        lambda: client.put_secret_value(
            SecretId=secret, SecretString="v1", VersionStages=["ok", label]
        )
    )
    assert code == "ValidationException"
    assert "Message" not in response  # not a modeled exception
    assert message == _message(
        f"[ok, {label}]",
        "versionStages",
        "Member must have length less than or equal to 256, "
        "Member must have length greater than or equal to 1",
    )
    versions = client.list_secret_version_ids(SecretId=secret)["Versions"]
    assert [v["VersionStages"] for v in versions] == [["AWSCURRENT"]]


def test_a_tag_key_over_128_characters_in_untag_names_the_whole_list(
    client: Any, secret: str
) -> None:
    client.tag_resource(SecretId=secret, Tags=[{"Key": "keep", "Value": "v"}])
    key = "k" * 129
    code, message, _ = aws_error(
        lambda: client.untag_resource(SecretId=secret, TagKeys=["keep", key])
    )
    assert (code, message) == (
        "ValidationException",
        _message(
            f"[keep, {key}]",
            "tagKeys",
            "Member must have length less than or equal to 128, "
            "Member must have length greater than or equal to 1",
        ),
    )
    assert client.describe_secret(SecretId=secret)["Tags"] == [{"Key": "keep", "Value": "v"}]


def test_a_secret_id_over_2048_characters_in_a_batch_names_the_whole_list(
    client: Any, secret: str
) -> None:
    long_id = "a" * 2049
    code, message, _ = aws_error(
        lambda: client.batch_get_secret_value(SecretIdList=[secret, long_id])
    )
    assert (code, message) == (
        "ValidationException",
        _message(
            f"[{secret}, {long_id}]",
            "secretIdList",
            "Member must have length less than or equal to 2048, "
            "Member must have length greater than or equal to 1",
        ),
    )
    # Nothing was read: the secret still has no LastAccessedDate.
    assert "LastAccessedDate" not in client.describe_secret(SecretId=secret)


@pytest.mark.parametrize("bad", ["a" * 513, "a*b"], ids=["over 512 characters", "off the pattern"])
def test_a_filter_value_that_breaks_a_rule_names_the_filters_values(
    client: Any, secret: str, bad: str
) -> None:
    code, message, _ = aws_error(
        lambda: client.list_secrets(Filters=[{"Key": "name", "Values": ["s", bad]}])
    )
    assert (code, message) == (
        "ValidationException",
        _message(
            f"[s, {bad}]",
            "filters.1.member.values",
            "Member must have length less than or equal to 512, "
            f"Member must satisfy regular expression pattern: {FILTER_PATTERN}",
        ),
    )


def test_several_bad_items_are_one_error_for_their_list(client: Any, secret: str) -> None:
    labels = ["A" * 300, "B" * 300]
    code, message, _ = aws_error(
        lambda: client.put_secret_value(SecretId=secret, SecretString="v1", VersionStages=labels)
    )
    assert code == "ValidationException"
    assert message.startswith("1 validation error detected: ")
    assert message.count("at 'versionStages'") == 1


def test_a_bad_item_and_a_too_long_list_are_two_errors(client: Any, secret: str) -> None:
    labels = [f"L{i}" for i in range(20)] + ["X" * 257]
    code, message, _ = aws_error(
        lambda: client.put_secret_value(SecretId=secret, SecretString="v1", VersionStages=labels)
    )
    shown = f"[{', '.join(labels)}]"
    assert (code, message) == (
        "ValidationException",
        f"2 validation errors detected: Value '{shown}' at 'versionStages' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must have length less than or "
        "equal to 256, Member must have length greater than or equal to 1]; "
        f"Value '{shown}' at 'versionStages' failed to satisfy constraint: Member must have "
        "length less than or equal to 20",
    )


@pytest.mark.usefixtures("sm")
def test_an_empty_item_sent_without_client_validation_names_the_list() -> None:
    # botocore refuses an empty label itself; with its validation off, AWS's answer shows.
    raw = boto3.client(
        "secretsmanager", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    raw.create_secret(Name="s", SecretString="v0")
    code, message, _ = aws_error(
        lambda: raw.put_secret_value(SecretId="s", SecretString="v1", VersionStages=[""])
    )
    assert (code, message) == (
        "ValidationException",
        _message(
            "[]",
            "versionStages",
            "Member must have length less than or equal to 256, "
            "Member must have length greater than or equal to 1",
        ),
    )

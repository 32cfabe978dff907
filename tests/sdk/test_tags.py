"""TagResource / UntagResource: what Describe and List show, AWS's limits and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sdk.helpers import INVALID_NAME, MARKED_FOR_DELETION, NOT_FOUND, aws_error


def _tags(client: Any, name: str = "t") -> Any:
    return client.describe_secret(SecretId=name).get("Tags")


def _listed_tags(client: Any, name: str = "t") -> Any:
    (entry,) = client.list_secrets(Filters=[{"Key": "name", "Values": [name]}])["SecretList"]
    return entry.get("Tags")


def _tag(key: str, value: str = "v") -> dict[str, str]:
    return {"Key": key, "Value": value}


@pytest.fixture
def secret(client: Any) -> str:
    client.create_secret(Name="t", SecretString="v")
    return "t"


# --- what Describe and List show (recorded: test_secret_tags) ---------------------------------
def test_no_tags_key_before_the_first_tag(client: Any, secret: str) -> None:
    assert "Tags" not in client.describe_secret(SecretId=secret)
    assert _listed_tags(client) is None


def test_tag_resource_returns_an_empty_response(client: Any, secret: str) -> None:
    response = client.tag_resource(SecretId=secret, Tags=[_tag("tag1", "value1")])
    assert set(response) == {"ResponseMetadata"}


def test_tags_build_up_in_the_order_they_were_added(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("tag1", "value1")])
    client.tag_resource(SecretId=secret, Tags=[_tag("tag2", "value2")])
    assert _tags(client) == [_tag("tag1", "value1"), _tag("tag2", "value2")]
    assert _listed_tags(client) == _tags(client)


def test_untag_removes_by_key(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("tag1"), _tag("tag2")])
    response = client.untag_resource(SecretId=secret, TagKeys=["tag1"])
    assert set(response) == {"ResponseMetadata"}
    assert _tags(client) == [_tag("tag2")]


def test_removing_every_tag_leaves_an_empty_list(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("tag1"), _tag("tag2")])
    client.untag_resource(SecretId=secret, TagKeys=["tag1", "tag2"])
    assert _tags(client) == []
    assert _listed_tags(client) == []


def test_tagging_again_after_removing_all_shows_the_new_tags(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("tag1")])
    client.untag_resource(SecretId=secret, TagKeys=["tag1"])
    client.tag_resource(SecretId=secret, Tags=[_tag("tag3", "value3"), _tag("tag4", "value4")])
    assert _tags(client) == [_tag("tag3", "value3"), _tag("tag4", "value4")]


def test_tagging_an_existing_key_replaces_its_value_in_place(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("a", "1"), _tag("b", "2")])
    client.tag_resource(SecretId=secret, Tags=[_tag("a", "3")])
    assert _tags(client) == [_tag("a", "3"), _tag("b", "2")]


def test_keys_are_case_sensitive(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("ABC", "1"), _tag("abc", "2")])
    assert _tags(client) == [_tag("ABC", "1"), _tag("abc", "2")]


def test_an_empty_value_is_kept(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("k", "")])
    assert _tags(client) == [_tag("k", "")]


def test_untagging_a_missing_key_is_a_no_op(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("a")])
    client.untag_resource(SecretId=secret, TagKeys=["missing"])
    assert _tags(client) == [_tag("a")]


def test_untagging_a_never_tagged_secret_shows_no_tags_key(client: Any, secret: str) -> None:
    # UntagResource is documented as idempotent: "the secret metadata is unchanged".
    client.untag_resource(SecretId=secret, TagKeys=["missing"])
    assert "Tags" not in client.describe_secret(SecretId=secret)


def test_tags_do_not_change_last_changed_date(client: Any, secret: str) -> None:
    before = client.describe_secret(SecretId=secret)["LastChangedDate"]
    client.tag_resource(SecretId=secret, Tags=[_tag("a")])
    assert client.describe_secret(SecretId=secret)["LastChangedDate"] == before


def test_tag_by_full_arn(client: Any) -> None:
    arn = client.create_secret(Name="t", SecretString="v")["ARN"]
    client.tag_resource(SecretId=arn, Tags=[_tag("a")])
    client.untag_resource(SecretId=arn, TagKeys=["a"])
    assert _tags(client) == []


# --- the 50-tag limit (AWS documentation: "Maximum number of tags per secret: 50") ----------
TOO_MANY = "You can't add more than 50 tags to a secret."


def test_fifty_tags_are_accepted(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag(f"k{n}") for n in range(50)])
    assert len(_tags(client)) == 50


def test_a_fifty_first_tag_is_refused_and_nothing_changes(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag(f"k{n}") for n in range(50)])
    code, message, response = aws_error(
        lambda: client.tag_resource(SecretId=secret, Tags=[_tag("one-more")])
    )
    assert (code, message, response["Message"]) == ("InvalidParameterException", TOO_MANY, TOO_MANY)
    assert len(_tags(client)) == 50


def test_replacing_values_at_the_limit_is_accepted(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag(f"k{n}") for n in range(50)])
    client.tag_resource(SecretId=secret, Tags=[_tag("k0", "new")])
    assert _tags(client)[0] == _tag("k0", "new")


def test_a_request_that_would_pass_the_limit_adds_none_of_its_tags(
    client: Any, secret: str
) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag(f"k{n}") for n in range(49)])
    code, _, _ = aws_error(
        lambda: client.tag_resource(SecretId=secret, Tags=[_tag("x"), _tag("y")])
    )
    assert code == "InvalidParameterException"
    assert len(_tags(client)) == 49


def test_creating_with_fifty_one_tags_is_refused(client: Any) -> None:
    tags = [_tag(f"k{n}") for n in range(51)]
    code, message, _ = aws_error(
        lambda: client.create_secret(Name="t", SecretString="v", Tags=tags)
    )
    assert (code, message) == ("InvalidParameterException", TOO_MANY)
    code, _, _ = aws_error(lambda: client.describe_secret(SecretId="t"))
    assert code == "ResourceNotFoundException"


# --- key and value lengths (the model's limits: keys 1..128, values 0..256) ---------------------
def test_a_128_character_key_and_256_character_value_are_accepted(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("k" * 128, "v" * 256)])
    assert _tags(client) == [_tag("k" * 128, "v" * 256)]


def test_a_129_character_key_is_a_validation_error(client: Any, secret: str) -> None:
    key = "k" * 129
    code, message, _ = aws_error(lambda: client.tag_resource(SecretId=secret, Tags=[_tag(key)]))
    assert (code, message) == (
        "ValidationException",
        f"1 validation error detected: Value '{key}' at 'tags.1.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128",
    )
    assert "Tags" not in client.describe_secret(SecretId=secret)


def test_a_257_character_value_is_a_validation_error(client: Any, secret: str) -> None:
    value = "v" * 257
    code, message, _ = aws_error(
        lambda: client.tag_resource(SecretId=secret, Tags=[_tag("a"), _tag("k", value)])
    )
    assert (code, message) == (
        "ValidationException",
        f"1 validation error detected: Value '{value}' at 'tags.2.member.value' failed to "
        "satisfy constraint: Member must have length less than or equal to 256",
    )


# --- the reserved aws: prefix -------------------------------------------------------------------
# Seen from AWS (cloud-custodian/cloud-custodian#9093): InvalidParameterException
# "You can't modify system tags. Tag key: 'aws:cloudformation:stack-name'."
def _system_tag_message(key: str) -> str:
    return f"You can't modify system tags. Tag key: '{key}'."


def test_tagging_with_the_reserved_prefix_is_refused(client: Any, secret: str) -> None:
    key = "aws:cloudformation:stack-name"
    code, message, response = aws_error(
        lambda: client.tag_resource(SecretId=secret, Tags=[_tag("ok"), _tag(key)])
    )
    assert (code, message, response["Message"]) == (
        "InvalidParameterException",
        _system_tag_message(key),
        _system_tag_message(key),
    )
    assert "Tags" not in client.describe_secret(SecretId=secret)


def test_the_reserved_prefix_ignores_case(client: Any, secret: str) -> None:
    code, message, _ = aws_error(
        lambda: client.tag_resource(SecretId=secret, Tags=[_tag("AWS:thing")])
    )
    assert (code, message) == ("InvalidParameterException", _system_tag_message("AWS:thing"))


def test_untagging_a_reserved_key_is_refused(client: Any, secret: str) -> None:
    code, message, _ = aws_error(
        lambda: client.untag_resource(SecretId=secret, TagKeys=["aws:secretsmanager:owner"])
    )
    assert (code, message) == (
        "InvalidParameterException",
        _system_tag_message("aws:secretsmanager:owner"),
    )


def test_creating_with_a_reserved_key_is_refused(client: Any) -> None:
    code, message, _ = aws_error(
        lambda: client.create_secret(Name="t", SecretString="v", Tags=[_tag("aws:x")])
    )
    assert (code, message) == ("InvalidParameterException", _system_tag_message("aws:x"))


def test_a_key_merely_containing_aws_is_accepted(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("my-aws:key"), _tag("aws"), _tag("awsx")])
    assert [tag["Key"] for tag in _tags(client)] == ["my-aws:key", "aws", "awsx"]


# --- refusals on the secret itself --------------------------------------------------------------
def test_tag_on_a_secret_scheduled_for_deletion_is_refused(client: Any, secret: str) -> None:
    # Recorded: test_tag_untag_resource_on_deleted_secret > tag_deleted_secret_error.
    client.delete_secret(SecretId=secret)
    code, message, response = aws_error(
        lambda: client.tag_resource(SecretId=secret, Tags=[_tag("a")])
    )
    assert (code, message, response["Message"]) == (
        "InvalidRequestException",
        MARKED_FOR_DELETION,
        MARKED_FOR_DELETION,
    )


def test_untag_on_a_secret_scheduled_for_deletion_is_refused(client: Any) -> None:
    # Recorded: test_tag_untag_resource_on_deleted_secret > untag_deleted_secret_error.
    client.create_secret(Name="t", SecretString="v", Tags=[_tag("a")])
    client.delete_secret(SecretId="t")
    code, message, _ = aws_error(lambda: client.untag_resource(SecretId="t", TagKeys=["a"]))
    assert (code, message) == ("InvalidRequestException", MARKED_FOR_DELETION)
    assert _tags(client) == [_tag("a")]


def test_tag_on_a_missing_secret_is_not_found(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.tag_resource(SecretId="nope", Tags=[_tag("a")]))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


def test_untag_on_a_missing_secret_is_not_found(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.untag_resource(SecretId="nope", TagKeys=["a"]))
    assert (code, message) == ("ResourceNotFoundException", NOT_FOUND)


@pytest.mark.parametrize("operation", ["tag", "untag"])
def test_an_invalid_secret_id_is_a_validation_error(client: Any, operation: str) -> None:
    # Recorded: test_invalid_secret_name > ex_log_7, ex_log_8.
    if operation == "tag":
        code, message, _ = aws_error(
            lambda: client.tag_resource(SecretId="Inv Name", Tags=[_tag("a")])
        )
    else:
        code, message, _ = aws_error(
            lambda: client.untag_resource(SecretId="Inv Name", TagKeys=["a"])
        )
    assert (code, message) == ("ValidationException", INVALID_NAME)


# --- tags feed the filters -----------------------------------------------------------------------
def test_a_new_tag_is_found_by_the_tag_key_filter(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("team", "blue")])
    listed = client.list_secrets(Filters=[{"Key": "tag-key", "Values": ["team"]}])["SecretList"]
    assert [entry["Name"] for entry in listed] == [secret]


def test_a_removed_tag_is_no_longer_found_by_the_all_filter(client: Any, secret: str) -> None:
    client.tag_resource(SecretId=secret, Tags=[_tag("team", "blue")])
    assert client.list_secrets(Filters=[{"Key": "all", "Values": ["blue"]}])["SecretList"]
    client.untag_resource(SecretId=secret, TagKeys=["team"])
    assert client.list_secrets(Filters=[{"Key": "all", "Values": ["blue"]}])["SecretList"] == []

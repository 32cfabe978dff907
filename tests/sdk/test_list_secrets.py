"""ListSecrets: entry keys, AWS's filter rules, sorting, planned deletion, limits and paging.

Where a rule is recorded from AWS (AWS-BEHAVIOUR.md, ListSecrets) the test says so; the rest
follows the AWS documentation and is marked in ``smstub/_listing.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ParamValidationError

from smstub import SecretsManagerMock
from tests.sdk.helpers import aws_error, needs_sort_by


def _names(response: dict[str, Any]) -> list[str]:
    return [entry["Name"] for entry in response["SecretList"]]


def _listed(client: Any, *filters: tuple[str, list[str]], **kwargs: Any) -> list[str]:
    """Names listed for ``filters`` (each a (key, values) pair), walking every page."""
    params: dict[str, Any] = dict(kwargs)
    if filters:
        params["Filters"] = [{"Key": key, "Values": values} for key, values in filters]
    pages = client.get_paginator("list_secrets").paginate(**params)
    return [entry["Name"] for page in pages for entry in page["SecretList"]]


def _entry(client: Any, name: str, **kwargs: Any) -> dict[str, Any]:
    (entry,) = client.list_secrets(Filters=[{"Key": "name", "Values": [name]}], **kwargs)[
        "SecretList"
    ]
    assert entry["Name"] == name
    return entry  # type: ignore[no-any-return]


# --- entries --------------------------------------------------------------------------------
def test_an_empty_account_lists_nothing(client: Any) -> None:
    response = client.list_secrets()
    assert response["SecretList"] == []
    assert "NextToken" not in response


def test_entry_keys_for_a_secret_with_value_and_description(client: Any) -> None:
    # Recorded: test_create_multi_secrets > list_secrets_res.
    created = client.create_secret(Name="e", SecretString="v", Description="about e")
    (entry,) = client.list_secrets()["SecretList"]
    assert set(entry) == {
        "ARN",
        "Name",
        "Description",
        "LastChangedDate",
        "CreatedDate",
        "SecretVersionsToStages",
    }
    assert (entry["ARN"], entry["Name"], entry["Description"]) == (created["ARN"], "e", "about e")
    assert entry["SecretVersionsToStages"] == {created["VersionId"]: ["AWSCURRENT"]}


def test_entry_dates_match_describe_secret(client: Any) -> None:
    client.create_secret(Name="e", SecretString="v")
    described = client.describe_secret(SecretId="e")
    entry = _entry(client, "e")
    assert (entry["CreatedDate"], entry["LastChangedDate"]) == (
        described["CreatedDate"],
        described["LastChangedDate"],
    )


def test_secret_without_value_has_no_secret_versions_to_stages(client: Any) -> None:
    client.create_secret(Name="e")
    assert set(_entry(client, "e")) == {"ARN", "Name", "LastChangedDate", "CreatedDate"}


def test_deprecated_versions_are_left_out_of_secret_versions_to_stages(client: Any) -> None:
    v1 = client.create_secret(Name="e", SecretString="1")["VersionId"]
    v2 = client.put_secret_value(SecretId="e", SecretString="2")["VersionId"]
    v3 = client.put_secret_value(SecretId="e", SecretString="3")["VersionId"]
    stages = _entry(client, "e")["SecretVersionsToStages"]
    assert stages == {v2: ["AWSPREVIOUS"], v3: ["AWSCURRENT"]}
    assert v1 not in stages


def test_last_accessed_date_appears_after_the_first_read(client: Any) -> None:
    client.create_secret(Name="e", SecretString="v")
    assert "LastAccessedDate" not in _entry(client, "e")
    client.get_secret_value(SecretId="e")
    accessed = _entry(client, "e")["LastAccessedDate"]
    assert accessed == client.describe_secret(SecretId="e")["LastAccessedDate"]
    assert (accessed.hour, accessed.minute, accessed.second) == (0, 0, 0)


def test_no_rotation_or_kms_key_fields_for_a_plain_secret(client: Any) -> None:
    client.create_secret(Name="e", SecretString="v")
    entry = _entry(client, "e")
    for absent in ("RotationEnabled", "RotationRules", "RotationLambdaARN", "KmsKeyId", "Tags"):
        assert absent not in entry


def test_tags_are_listed_in_the_order_they_were_added(client: Any) -> None:
    tags = [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}]
    client.create_secret(Name="e", SecretString="v", Tags=tags)
    assert _entry(client, "e")["Tags"] == tags


def test_tags_become_an_empty_list_once_all_are_removed(client: Any) -> None:
    client.create_secret(Name="e", SecretString="v", Tags=[{"Key": "k", "Value": "v"}])
    client.untag_resource(SecretId="e", TagKeys=["k"])
    assert _entry(client, "e")["Tags"] == []


def test_description_update_is_listed(client: Any) -> None:
    client.create_secret(Name="e", SecretString="v", Description="old")
    client.update_secret(SecretId="e", Description="new words")
    assert _entry(client, "e")["Description"] == "new words"


# --- default order and sorting -----------------------------------------------------------------
def _create(client: Any, *names: str) -> None:
    for name in names:
        client.create_secret(Name=name, SecretString="v")


def test_default_order_is_creation_order(client: Any) -> None:
    # moto's AWS-verified test_with_all_filter lists matches in creation order.
    _create(client, "m", "z", "a", "k")
    assert _names(client.list_secrets()) == ["m", "z", "a", "k"]


def test_sort_order_desc_alone_reverses_creation_order(client: Any) -> None:
    _create(client, "m", "z", "a", "k")
    assert _names(client.list_secrets(SortOrder="desc")) == ["k", "a", "z", "m"]


@needs_sort_by
def test_sort_by_created_date_ascending_is_the_default_order(client: Any) -> None:
    _create(client, "m", "z", "a")
    assert _names(client.list_secrets(SortBy="created-date", SortOrder="asc")) == ["m", "z", "a"]


@needs_sort_by
def test_sort_by_name_ascending(client: Any) -> None:
    _create(client, "m", "Z", "a/b", "a", "a-b")
    assert _names(client.list_secrets(SortBy="name")) == ["Z", "a", "a-b", "a/b", "m"]


@needs_sort_by
def test_sort_by_name_descending(client: Any) -> None:
    _create(client, "m", "z", "a")
    assert _names(client.list_secrets(SortBy="name", SortOrder="desc")) == ["z", "m", "a"]


@needs_sort_by
def test_sort_by_last_changed_date_moves_an_updated_secret_last(
    client: Any, sm: SecretsManagerMock
) -> None:
    _create(client, "a", "b", "c")
    sm.clock.advance(seconds=1)
    client.put_secret_value(SecretId="a", SecretString="new")
    assert _names(client.list_secrets(SortBy="last-changed-date")) == ["b", "c", "a"]
    assert _names(client.list_secrets(SortBy="last-changed-date", SortOrder="desc")) == [
        "a",
        "c",
        "b",
    ]


@needs_sort_by
def test_sort_by_last_accessed_date_puts_never_read_secrets_first(
    client: Any, sm: SecretsManagerMock
) -> None:
    _create(client, "a", "b", "c", "d")
    client.get_secret_value(SecretId="c")
    sm.clock.advance(days=1)
    client.get_secret_value(SecretId="a")
    assert _names(client.list_secrets(SortBy="last-accessed-date")) == ["b", "d", "c", "a"]


@needs_sort_by
def test_secrets_read_on_the_same_day_keep_creation_order(client: Any) -> None:
    _create(client, "a", "b", "c")
    for name in ("c", "a", "b"):
        client.get_secret_value(SecretId=name)
    assert _names(client.list_secrets(SortBy="last-accessed-date")) == ["a", "b", "c"]


@needs_sort_by
def test_unknown_sort_by_is_a_validation_error(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.list_secrets(SortBy="size"))
    assert code == "ValidationException"
    assert message == (
        "1 validation error detected: Value 'size' at 'sortBy' failed to satisfy constraint: "
        "Member must satisfy enum value set: "
        "[created-date, last-accessed-date, last-changed-date, name]"
    )


def test_unknown_sort_order_is_a_validation_error(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.list_secrets(SortOrder="up"))
    assert code == "ValidationException"
    assert message == (
        "1 validation error detected: Value 'up' at 'sortOrder' failed to satisfy constraint: "
        "Member must satisfy enum value set: [asc, desc]"
    )


# --- the name filter (recorded: LocalStack's AWS-validated test_list_secrets_filtering) -------
@pytest.fixture
def recorded_store(client: Any) -> Any:
    """The four secrets of LocalStack's AWS-validated test_list_secrets_filtering."""
    for name, description in [
        ("testing1/one-1", "a secret"),
        ("/testing2/two-2", "an secret"),
        ("testing3/three-3", "asecret"),
        ("/testing4/four-4", "thesecret"),
    ]:
        client.create_secret(Name=name, SecretString="s", Description=description)
    return client


def test_name_matches_a_prefix_of_the_whole_name(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("name", ["/"])) == ["/testing2/two-2", "/testing4/four-4"]


def test_name_is_not_a_substring_match(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("name", ["testing2"])) == []


def test_name_value_with_a_space_is_not_split_into_words(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("name", ["testing1 one"])) == []


def test_leading_exclamation_mark_negates_the_name_prefix(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("name", ["!/"])) == ["testing1/one-1", "testing3/three-3"]


def test_name_filter_is_case_sensitive(client: Any) -> None:
    _create(client, "DatabaseSecret", "databaseSecret", "MyData")
    assert _listed(client, ("name", ["Data"])) == ["DatabaseSecret"]


def test_values_of_one_filter_are_ored(client: Any) -> None:
    _create(client, "foo", "bar", "baz")
    assert _listed(client, ("name", ["foo", "bar"])) == ["foo", "bar"]


def test_a_negated_value_is_ored_with_the_others(client: Any) -> None:
    _create(client, "foo", "bar", "baz")
    assert _listed(client, ("name", ["foo", "!ba"])) == ["foo"]
    assert _listed(client, ("name", ["bar", "!ba"])) == ["foo", "bar"]


def test_empty_name_prefix_matches_every_secret(client: Any) -> None:
    _create(client, "foo", "bar")
    assert _listed(client, ("name", [""])) == ["foo", "bar"]


# --- the description filter -------------------------------------------------------------------
def test_description_word_prefix(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("description", ["a"])) == [
        "testing1/one-1",
        "/testing2/two-2",
        "testing3/three-3",
    ]


def test_every_word_of_a_description_value_must_match(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("description", ["a secret"])) == [
        "testing1/one-1",
        "/testing2/two-2",
    ]


def test_negated_description_matches_secrets_without_such_a_word(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("description", ["!a"])) == ["/testing4/four-4"]


def test_negated_description_without_any_match_keeps_every_secret(recorded_store: Any) -> None:
    assert len(_listed(recorded_store, ("description", ["!c"]))) == 4


def test_filters_are_anded(recorded_store: Any) -> None:
    assert _listed(recorded_store, ("description", ["a"]), ("name", ["secret"])) == []
    assert _listed(recorded_store, ("description", ["a"]), ("name", ["an"])) == []
    assert _listed(recorded_store, ("description", ["a"]), ("name", ["/"])) == ["/testing2/two-2"]


def test_two_filters_with_the_same_key_are_anded(client: Any) -> None:
    # moto's AWS-verified test_with_duplicate_filter_keys.
    for name, description in [("foo", "one two"), ("bar", "one"), ("baz", "two")]:
        client.create_secret(Name=name, SecretString="s", Description=description)
    assert _listed(client, ("description", ["one"]), ("description", ["two"])) == ["foo"]


def test_description_words_match_in_any_order(client: Any) -> None:
    # moto's AWS-verified test_with_filter_with_value_with_multiple_words.
    for name, description in [
        ("foo", "one two"),
        ("bar", "one and two"),
        ("baz", "one"),
        ("qux", "two"),
        ("none", "unrelated"),
    ]:
        client.create_secret(Name=name, SecretString="s", Description=description)
    assert _listed(client, ("description", ["one two"])) == ["foo", "bar"]
    assert _listed(client, ("description", ["t o"])) == ["foo", "bar"]
    assert _listed(client, ("description", ["t"])) == ["foo", "bar", "qux"]


def test_description_filter_ignores_case(client: Any) -> None:
    # AWS documentation: "Description: My Description" matches "Description of my secret".
    for name, description in [
        ("a", "My Description"),
        ("b", "my description"),
        ("c", "My basic description"),
        ("d", "Description of my secret"),
        ("e", "Descriptive text"),
    ]:
        client.create_secret(Name=name, SecretString="s", Description=description)
    assert _listed(client, ("description", ["My Description"])) == ["a", "b", "c", "d"]


def test_secret_without_description_never_matches_a_description_word(client: Any) -> None:
    client.create_secret(Name="plain", SecretString="s")
    assert _listed(client, ("description", ["a"])) == []
    assert _listed(client, ("description", ["!a"])) == ["plain"]


# --- tag filters ------------------------------------------------------------------------------
@pytest.fixture
def tagged_store(client: Any) -> Any:
    client.create_secret(
        Name="prod", SecretString="s", Tags=[{"Key": "Env", "Value": "Production"}]
    )
    client.create_secret(Name="prod1", SecretString="s", Tags=[{"Key": "Prod1", "Value": "x"}])
    client.create_secret(Name="lower", SecretString="s", Tags=[{"Key": "prod", "Value": "prod"}])
    client.create_secret(
        Name="spaced", SecretString="s", Tags=[{"Key": "1 Prod", "Value": "1 Prod"}]
    )
    client.create_secret(Name="untagged", SecretString="s")
    return client


def test_tag_key_is_a_case_sensitive_prefix(tagged_store: Any) -> None:
    # AWS documentation: "Tag key: Prod" returns Production and Prod1, not prod or 1 Prod.
    assert _listed(tagged_store, ("tag-key", ["Prod"])) == ["prod1"]
    assert _listed(tagged_store, ("tag-key", ["E"])) == ["prod"]


def test_tag_value_is_a_case_sensitive_prefix(tagged_store: Any) -> None:
    assert _listed(tagged_store, ("tag-value", ["Prod"])) == ["prod"]
    assert _listed(tagged_store, ("tag-value", ["prod"])) == ["lower"]


def test_negated_tag_key_keeps_secrets_without_such_a_key(tagged_store: Any) -> None:
    assert _listed(tagged_store, ("tag-key", ["!prod"])) == ["prod", "prod1", "spaced", "untagged"]


def test_tag_key_and_tag_value_filters_need_not_match_the_same_tag(client: Any) -> None:
    tags = [{"Key": "right", "Value": "wrong"}, {"Key": "wrong", "Value": "right"}]
    client.create_secret(Name="mixed", SecretString="s", Tags=tags)
    assert _listed(client, ("tag-key", ["right"]), ("tag-value", ["right"])) == ["mixed"]


# --- primary-region and owning-service --------------------------------------------------------
def test_primary_region_matches_no_secret_that_is_not_replicated(client: Any) -> None:
    _create(client, "a")
    assert _listed(client, ("primary-region", ["us"])) == []
    assert _listed(client, ("primary-region", ["!us"])) == ["a"]


def test_owning_service_matches_no_secret_created_by_a_user(client: Any) -> None:
    _create(client, "a")
    assert _listed(client, ("owning-service", ["n/a"])) == []
    assert _listed(client, ("owning-service", ["!rds"])) == ["a"]


# --- the all filter (moto's AWS-verified test_with_all_filter*) -------------------------------
@pytest.fixture
def all_store(client: Any) -> Any:
    client.create_secret(Name="SecretOne", SecretString="s")
    client.create_secret(Name="SecretTwo", SecretString="s", Description="DescTwo")
    client.create_secret(Name="Thirdsecret", SecretString="s")
    client.create_secret(Name="SecretFTag", SecretString="s", Tags=[{"Key": "1", "Value": "foo"}])
    client.create_secret(Name="SecretFValue", SecretString="s", Tags=[{"Key": "foo", "Value": "v"}])
    client.create_secret(Name="none", SecretString="s")
    return client


def test_all_searches_tag_keys_and_values(all_store: Any) -> None:
    assert _listed(all_store, ("all", ["foo"])) == ["SecretFTag", "SecretFValue"]


def test_all_matches_word_prefixes_ignoring_case(all_store: Any) -> None:
    expected = ["SecretOne", "SecretTwo", "SecretFTag", "SecretFValue"]
    assert _listed(all_store, ("all", ["Secret"])) == expected
    assert _listed(all_store, ("all", ["secret"])) == expected
    assert _listed(all_store, ("all", ["sec"])) == expected


def test_all_does_not_match_inside_a_word(all_store: Any) -> None:
    assert _listed(all_store, ("all", ["ret"])) == []


def test_all_splits_the_value_into_words_that_must_each_match(all_store: Any) -> None:
    assert _listed(all_store, ("all", ["SecretOne"])) == ["SecretOne"]
    assert _listed(all_store, ("all", ["SomeSecret"])) == []
    assert _listed(all_store, ("all", ["d t"])) == ["SecretTwo"]


def test_all_splits_camel_case_in_names_and_descriptions(all_store: Any) -> None:
    assert _listed(all_store, ("all", ["d"])) == ["SecretTwo"]
    assert _listed(all_store, ("all", ["t"])) == ["SecretTwo", "Thirdsecret", "SecretFTag"]


@pytest.fixture
def punctuated_store(client: Any) -> Any:
    for separator in "/_+=.@-":
        client.create_secret(Name=f"prod{separator}AppBeta{separator}x1", SecretString="s")
    client.create_secret(Name="uat/COMPANY/x1", SecretString="s")
    client.create_secret(Name="uat/COMPANYthings/x1", SecretString="s")
    return client


SPECIAL = [f"prod{c}AppBeta{c}x1" for c in "/_+=.@-"]


def test_all_splits_names_on_special_characters(punctuated_store: Any) -> None:
    assert _listed(punctuated_store, ("all", ["AppBeta"])) == SPECIAL
    assert _listed(punctuated_store, ("all", ["Beta"])) == SPECIAL
    assert _listed(punctuated_store, ("all", ["AppBeta", "prod"])) == SPECIAL


def test_all_with_only_a_special_character_matches_nothing(punctuated_store: Any) -> None:
    assert _listed(punctuated_store, ("all", ["+"])) == []


def test_all_splits_an_upper_case_run_before_its_last_letter(punctuated_store: Any) -> None:
    # "COMPANYthings" is split as "COMPAN" + "Ythings".
    assert _listed(punctuated_store, ("all", ["company"])) == ["uat/COMPANY/x1"]
    assert _listed(punctuated_store, ("all", ["things"])) == []
    assert _listed(punctuated_store, ("all", ["Ythings"])) == ["uat/COMPANYthings/x1"]
    assert _listed(punctuated_store, ("all", ["N"])) == []
    assert _listed(punctuated_store, ("all", ["pany"])) == []


def test_all_matches_a_whole_word_after_a_separator(punctuated_store: Any) -> None:
    assert len(_listed(punctuated_store, ("all", ["x1"]))) == 9


def test_all_splits_letters_from_digits(client: Any) -> None:
    # AWS documentation: words are separated "from letter to number".
    client.create_secret(Name="credsDatabase892", SecretString="s")
    assert _listed(client, ("all", ["892"])) == ["credsDatabase892"]
    assert _listed(client, ("all", ["database"])) == ["credsDatabase892"]


def test_all_needs_every_word_of_a_value_in_the_same_field(client: Any) -> None:
    # The words of one value must all be found in one field (name, description, a tag key or
    # a tag value): Secrets Manager's search announcement; moto's AWS-verified "d t" case.
    client.create_secret(Name="alpha", SecretString="s", Description="beta")
    client.create_secret(Name="alpha-beta", SecretString="s")
    client.create_secret(Name="gamma", SecretString="s", Description="alpha beta")
    client.create_secret(Name="tagged", SecretString="s", Tags=[{"Key": "alpha", "Value": "beta"}])
    client.create_secret(Name="tag", SecretString="s", Tags=[{"Key": "alphaBeta", "Value": "x"}])
    assert _listed(client, ("all", ["alpha beta"])) == ["alpha-beta", "gamma", "tag"]
    # Separate values are ORed, each matched on its own: every secret has alpha or beta.
    assert _listed(client, ("all", ["alpha", "beta"])) == [
        "alpha",
        "alpha-beta",
        "gamma",
        "tagged",
        "tag",
    ]


def test_negated_all_with_several_words_negates_the_same_field_match(client: Any) -> None:
    client.create_secret(Name="alpha", SecretString="s", Description="beta")
    client.create_secret(Name="alpha-beta", SecretString="s")
    assert _listed(client, ("all", ["!alpha beta"])) == ["alpha"]


def test_negated_all_keeps_secrets_without_the_word(all_store: Any) -> None:
    assert _listed(all_store, ("all", ["!secret"])) == ["Thirdsecret", "none"]


# --- planned deletion -------------------------------------------------------------------------
def test_secrets_scheduled_for_deletion_are_not_listed_by_default(client: Any) -> None:
    _create(client, "keep", "gone")
    client.delete_secret(SecretId="gone")
    assert _names(client.list_secrets()) == ["keep"]


def test_include_planned_deletion_lists_them_with_their_deleted_date(client: Any) -> None:
    _create(client, "keep", "gone")
    client.delete_secret(SecretId="gone")
    listed = client.list_secrets(IncludePlannedDeletion=True)["SecretList"]
    assert [entry["Name"] for entry in listed] == ["keep", "gone"]
    assert "DeletedDate" not in listed[0]
    assert listed[1]["DeletedDate"] == client.describe_secret(SecretId="gone")["DeletedDate"]


def test_include_planned_deletion_combines_with_filters(client: Any) -> None:
    _create(client, "foo", "bar")
    client.delete_secret(SecretId="foo")
    assert _listed(client, ("name", ["foo"]), IncludePlannedDeletion=True) == ["foo"]
    assert _listed(client, ("name", ["foo"])) == []


def test_a_restored_secret_is_listed_again(client: Any) -> None:
    _create(client, "a", "b")
    client.delete_secret(SecretId="a")
    client.restore_secret(SecretId="a")
    assert _names(client.list_secrets()) == ["a", "b"]


def test_a_force_deleted_secret_is_never_listed(client: Any) -> None:
    _create(client, "a", "b")
    client.delete_secret(SecretId="a", ForceDeleteWithoutRecovery=True)
    assert _names(client.list_secrets(IncludePlannedDeletion=True)) == ["b"]


def test_a_secret_whose_recovery_window_ended_is_gone(client: Any, sm: SecretsManagerMock) -> None:
    _create(client, "a", "b")
    client.delete_secret(SecretId="a", RecoveryWindowInDays=7)
    sm.clock.advance(days=7)
    assert _names(client.list_secrets(IncludePlannedDeletion=True)) == ["b"]


# --- request errors ---------------------------------------------------------------------------
def test_filter_without_key_is_refused(client: Any) -> None:
    code, message, response = aws_error(lambda: client.list_secrets(Filters=[{"Values": ["x"]}]))
    assert (code, message, response["Message"]) == (
        "InvalidParameterException",
        "Invalid filter key",
        "Invalid filter key",
    )


def test_filter_without_values_is_refused(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.list_secrets(Filters=[{"Key": "description"}]))
    assert (code, message) == (
        "InvalidParameterException",
        "Invalid filter values for key: description",
    )


def test_unknown_filter_key_is_a_validation_error(client: Any) -> None:
    code, message, response = aws_error(
        lambda: client.list_secrets(Filters=[{"Key": "colour", "Values": ["x"]}])
    )
    assert code == "ValidationException"
    assert "Message" not in response
    assert message == (
        "1 validation error detected: Value 'colour' at 'filters.1.member.key' failed to satisfy "
        "constraint: Member must satisfy enum value set: "
        "[description, name, tag-key, tag-value, primary-region, owning-service, all]"
    )


def test_more_than_ten_filters_is_a_validation_error(client: Any) -> None:
    filters = [{"Key": "name", "Values": ["a"]}] * 11
    code, message, _ = aws_error(lambda: client.list_secrets(Filters=filters))
    assert code == "ValidationException"
    assert message.endswith("Member must have length less than or equal to 10")
    assert "at 'filters'" in message


def test_more_than_ten_values_in_a_filter_is_a_validation_error(client: Any) -> None:
    filters = [{"Key": "name", "Values": [str(n) for n in range(11)]}]
    code, message, _ = aws_error(lambda: client.list_secrets(Filters=filters))
    assert code == "ValidationException"
    assert "at 'filters.1.member.values'" in message
    assert message.endswith("Member must have length less than or equal to 10")


def test_ten_filters_of_ten_values_are_accepted(client: Any) -> None:
    _create(client, "a")
    filters = [{"Key": "name", "Values": ["a"] * 10}] * 10
    assert _names(client.list_secrets(Filters=filters)) == ["a"]


def test_max_results_above_100_is_a_validation_error(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.list_secrets(MaxResults=101))
    assert (code, message) == (
        "ValidationException",
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
    )


def test_max_results_below_1_is_refused_by_botocore(client: Any) -> None:
    with pytest.raises(ParamValidationError):
        client.list_secrets(MaxResults=0)


def test_a_refused_request_changes_nothing(client: Any) -> None:
    _create(client, "a")
    aws_error(lambda: client.list_secrets(Filters=[{"Values": ["x"]}]))
    assert _names(client.list_secrets()) == ["a"]


# --- pages ------------------------------------------------------------------------------------
def test_max_results_limits_a_page_and_returns_a_token(client: Any) -> None:
    _create(client, "a", "b", "c")
    first = client.list_secrets(MaxResults=2)
    assert _names(first) == ["a", "b"]
    rest = client.list_secrets(MaxResults=2, NextToken=first["NextToken"])
    assert _names(rest) == ["c"]
    assert "NextToken" not in rest


def test_no_token_when_the_last_page_is_exactly_full(client: Any) -> None:
    _create(client, "a", "b")
    assert "NextToken" not in client.list_secrets(MaxResults=2)


def test_a_page_holds_100_secrets_by_default(client: Any) -> None:
    for n in range(101):
        client.create_secret(Name=f"s{n:03}")
    first = client.list_secrets()
    assert len(first["SecretList"]) == 100
    assert _names(client.list_secrets(NextToken=first["NextToken"])) == ["s100"]


def test_paginator_walks_every_secret_once_in_order(client: Any) -> None:
    names = [f"s{n:02}" for n in range(23)]
    _create(client, *names)
    pages = list(client.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(page["SecretList"]) for page in pages] == [5, 5, 5, 5, 3]
    assert [entry["Name"] for page in pages for entry in page["SecretList"]] == names


def test_filtered_pages_are_full_until_the_last(client: Any) -> None:
    for n in range(30):
        client.create_secret(Name=f"{'even' if n % 2 == 0 else 'odd'}/{n:02}")
    pages = list(
        client.get_paginator("list_secrets").paginate(
            Filters=[{"Key": "name", "Values": ["odd/"]}], PaginationConfig={"PageSize": 4}
        )
    )
    assert [len(page["SecretList"]) for page in pages] == [4, 4, 4, 3]
    listed = [entry["Name"] for page in pages for entry in page["SecretList"]]
    assert listed == [f"odd/{n:02}" for n in range(1, 30, 2)]


def test_several_name_prefixes_walk_every_match_in_creation_order(client: Any) -> None:
    # Enough matches that smstub scans its creation-order index rather than gathering them.
    names = [f"{'abc'[n % 3]}/{n:02}" for n in range(60)]
    _create(client, *names)
    listed = _listed(client, ("name", ["c/", "a/"]), PaginationConfig={"PageSize": 1})
    assert listed == [name for name in names if name[0] in "ac"]


def test_page_size_may_change_between_pages(client: Any) -> None:
    _create(client, "a", "b", "c", "d")
    first = client.list_secrets(MaxResults=1)
    assert _names(client.list_secrets(MaxResults=3, NextToken=first["NextToken"])) == [
        "b",
        "c",
        "d",
    ]


def test_secrets_created_between_pages_never_repeat_or_hide_earlier_ones(client: Any) -> None:
    _create(client, "a", "b", "c", "d")
    first = client.list_secrets(MaxResults=2)
    _create(client, "0-new", "z-new")
    rest = client.list_secrets(MaxResults=10, NextToken=first["NextToken"])
    assert _names(first) + _names(rest) == ["a", "b", "c", "d", "0-new", "z-new"]


# Created in name order, so both orders list the same; each walks its own index.
_BY_CREATION_AND_NAME = [
    pytest.param({}, id="created-date"),
    pytest.param({"SortBy": "name"}, id="name", marks=needs_sort_by),
]


@pytest.mark.parametrize("order", _BY_CREATION_AND_NAME)
def test_secrets_deleted_between_pages_never_make_others_repeat_or_vanish(
    client: Any, order: dict[str, str]
) -> None:
    _create(client, "a", "b", "c", "d", "e")
    first = client.list_secrets(MaxResults=2, **order)
    client.delete_secret(SecretId="b", ForceDeleteWithoutRecovery=True)
    client.delete_secret(SecretId="c")
    rest = client.list_secrets(MaxResults=10, NextToken=first["NextToken"], **order)
    assert _names(first) + _names(rest) == ["a", "b", "d", "e"]


@pytest.mark.parametrize("order", _BY_CREATION_AND_NAME)
def test_descending_walk_continues_downwards(client: Any, order: dict[str, str]) -> None:
    _create(client, "a", "b", "c", "d", "e")
    pages = client.get_paginator("list_secrets").paginate(
        SortOrder="desc", PaginationConfig={"PageSize": 2}, **order
    )
    assert [entry["Name"] for page in pages for entry in page["SecretList"]] == [
        "e",
        "d",
        "c",
        "b",
        "a",
    ]


def test_listing_is_per_region(client: Any, sm: SecretsManagerMock) -> None:
    import boto3

    _create(client, "east")
    west = boto3.client("secretsmanager", region_name="us-west-2")
    west.create_secret(Name="west", SecretString="v")
    assert _names(client.list_secrets()) == ["east"]
    assert _names(west.list_secrets()) == ["west"]


@needs_sort_by
@pytest.mark.parametrize("count", [3, 40], ids=["one-by-one", "merged"])
def test_secrets_created_between_pages_list_in_every_order(
    client: Any, sm: SecretsManagerMock, count: int
) -> None:
    # Secrets made since the last page are placed in the index by the next one: a few one by
    # one, many in a single merge. Either way every order is exact, deletions included.
    client.create_secret(Name="first", SecretString="v")
    assert _names(client.list_secrets()) == ["first"]
    names = [f"s{(index * 7919) % 1000:03d}" for index in range(count)]  # not in name order
    for name in names:
        client.create_secret(Name=name, SecretString="v")
    client.delete_secret(SecretId=names[1], ForceDeleteWithoutRecovery=True)
    client.delete_secret(SecretId=names[2], RecoveryWindowInDays=7)
    # Later than every creation: within one clock tick, equal dates list in creation order.
    sm.clock.advance(seconds=1)
    client.put_secret_value(SecretId=names[0], SecretString="changed")
    live = ["first", names[0], *names[3:]]
    assert _names(client.list_secrets(SortBy="created-date", SortOrder="asc")) == live
    assert _names(client.list_secrets(SortBy="name", SortOrder="asc")) == sorted(live)
    assert _names(client.list_secrets(SortBy="last-changed-date", SortOrder="desc"))[0] == names[0]
    with_planned = client.list_secrets(IncludePlannedDeletion=True, SortBy="name", SortOrder="asc")
    assert _names(with_planned) == sorted([*live, names[2]])

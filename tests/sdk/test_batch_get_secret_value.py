"""BatchGetSecretValue: by id list or by filters, per-secret errors, bounds and pages.

Nothing about this operation is recorded from AWS; the rules follow the AWS documentation and
the texts are marked unverified in ``smstub/_batch.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ParamValidationError

from smstub import SecretsManagerMock
from tests.sdk.helpers import INVALID_NAME, MARKED_FOR_DELETION, NOT_FOUND, aws_error

BOTH = "Either 'SecretIdList' or 'Filters' must be provided, but not both."
MAX_WITHOUT_FILTERS = (
    "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided."
)


def _values(response: dict[str, Any]) -> list[str]:
    return [entry["Name"] for entry in response["SecretValues"]]


def _errors(response: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(e["SecretId"], e["ErrorCode"], e["Message"]) for e in response["Errors"]]


@pytest.fixture
def three(client: Any) -> dict[str, str]:
    """Three secrets a, b, c with values 'value-a'...; returns {name: version id}."""
    return {
        name: client.create_secret(Name=name, SecretString=f"value-{name}")["VersionId"]
        for name in ("a", "b", "c")
    }


# --- by id list ---------------------------------------------------------------------------------
def test_values_come_back_in_the_order_asked(client: Any, three: dict[str, str]) -> None:
    response = client.batch_get_secret_value(SecretIdList=["c", "a"])
    assert _values(response) == ["c", "a"]
    assert [entry["SecretString"] for entry in response["SecretValues"]] == ["value-c", "value-a"]
    assert response["Errors"] == []
    assert "NextToken" not in response


def test_each_entry_has_the_keys_of_get_secret_value(client: Any, three: dict[str, str]) -> None:
    (entry,) = client.batch_get_secret_value(SecretIdList=["a"])["SecretValues"]
    single = client.get_secret_value(SecretId="a")
    assert set(entry) == {
        "ARN",
        "Name",
        "VersionId",
        "SecretString",
        "VersionStages",
        "CreatedDate",
    }
    for key in entry:
        assert entry[key] == single[key]
    assert entry["VersionId"] == three["a"]


def test_binary_values_come_back_as_bytes(client: Any) -> None:
    client.create_secret(Name="bin", SecretBinary=b"\x00\xff")
    (entry,) = client.batch_get_secret_value(SecretIdList=["bin"])["SecretValues"]
    assert entry["SecretBinary"] == b"\x00\xff"
    assert "SecretString" not in entry


def test_secrets_are_found_by_arn_and_partial_arn(client: Any, three: dict[str, str]) -> None:
    arn = client.describe_secret(SecretId="b")["ARN"]
    response = client.batch_get_secret_value(SecretIdList=[arn, arn[:-7]])
    assert _values(response) == ["b", "b"]


def test_a_missing_secret_is_reported_in_errors(client: Any, three: dict[str, str]) -> None:
    response = client.batch_get_secret_value(SecretIdList=["a", "missing", "b"])
    assert _values(response) == ["a", "b"]
    assert _errors(response) == [("missing", "ResourceNotFoundException", NOT_FOUND)]


def test_a_secret_scheduled_for_deletion_is_reported_in_errors(
    client: Any, three: dict[str, str]
) -> None:
    client.delete_secret(SecretId="b")
    response = client.batch_get_secret_value(SecretIdList=["a", "b"])
    assert _values(response) == ["a"]
    assert _errors(response) == [("b", "InvalidRequestException", MARKED_FOR_DELETION)]


def test_a_secret_without_a_value_is_reported_in_errors(client: Any) -> None:
    client.create_secret(Name="empty")
    response = client.batch_get_secret_value(SecretIdList=["empty"])
    assert response["SecretValues"] == []
    assert _errors(response) == [
        (
            "empty",
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        )
    ]


def test_an_invalid_name_is_reported_in_errors(client: Any, three: dict[str, str]) -> None:
    response = client.batch_get_secret_value(SecretIdList=["Inv Name", "a"])
    assert _values(response) == ["a"]
    assert _errors(response) == [("Inv Name", "ValidationException", INVALID_NAME)]


def test_an_undecryptable_secret_is_reported_in_errors(client: Any, sm: SecretsManagerMock) -> None:
    key = sm.kms.create_key()
    client.create_secret(Name="locked", SecretString="v", KmsKeyId=key)
    client.create_secret(Name="open", SecretString="v")
    sm.kms.disable_key(key)
    response = client.batch_get_secret_value(SecretIdList=["locked", "open"])
    assert _values(response) == ["open"]
    ((secret_id, code, message),) = _errors(response)
    assert (secret_id, code) == ("locked", "DecryptionFailure")
    assert message.startswith("Secrets Manager can't decrypt the protected secret text")


def test_reading_through_the_batch_sets_last_accessed_date(
    client: Any, three: dict[str, str]
) -> None:
    client.batch_get_secret_value(SecretIdList=["a"])
    assert "LastAccessedDate" in client.describe_secret(SecretId="a")
    assert "LastAccessedDate" not in client.describe_secret(SecretId="b")


def test_twenty_ids_are_accepted(client: Any) -> None:
    for n in range(20):
        client.create_secret(Name=f"s{n}", SecretString="v")
    response = client.batch_get_secret_value(SecretIdList=[f"s{n}" for n in range(20)])
    assert len(response["SecretValues"]) == 20


def test_more_than_twenty_ids_is_a_validation_error(client: Any) -> None:
    ids = [f"s{n}" for n in range(21)]
    code, message, response = aws_error(lambda: client.batch_get_secret_value(SecretIdList=ids))
    assert code == "ValidationException"
    assert "Message" not in response
    assert "at 'secretIdList'" in message
    assert message.endswith("Member must have length less than or equal to 20")


def test_an_empty_id_list_is_refused_by_botocore(client: Any) -> None:
    with pytest.raises(ParamValidationError):
        client.batch_get_secret_value(SecretIdList=[])


# --- request shape errors -----------------------------------------------------------------------
def test_ids_and_filters_together_are_refused(client: Any, three: dict[str, str]) -> None:
    code, message, response = aws_error(
        lambda: client.batch_get_secret_value(
            SecretIdList=["a"], Filters=[{"Key": "name", "Values": ["a"]}]
        )
    )
    assert (code, message, response["Message"]) == ("InvalidParameterException", BOTH, BOTH)


def test_neither_ids_nor_filters_is_refused(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.batch_get_secret_value())
    assert (code, message) == ("InvalidParameterException", BOTH)


def test_max_results_without_filters_is_refused(client: Any, three: dict[str, str]) -> None:
    code, message, _ = aws_error(
        lambda: client.batch_get_secret_value(SecretIdList=["a"], MaxResults=5)
    )
    assert (code, message) == ("InvalidParameterException", MAX_WITHOUT_FILTERS)


def test_max_results_above_20_is_a_validation_error(client: Any) -> None:
    code, message, _ = aws_error(
        lambda: client.batch_get_secret_value(
            Filters=[{"Key": "name", "Values": ["a"]}], MaxResults=21
        )
    )
    assert (code, message) == (
        "ValidationException",
        "1 validation error detected: Value '21' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 20",
    )


def test_filter_without_values_is_refused(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.batch_get_secret_value(Filters=[{"Key": "name"}]))
    assert (code, message) == ("InvalidParameterException", "Invalid filter values for key: name")


def test_a_token_with_an_id_list_is_invalid(client: Any, three: dict[str, str]) -> None:
    filtered = client.batch_get_secret_value(
        Filters=[{"Key": "name", "Values": [""]}], MaxResults=1
    )
    code, _, _ = aws_error(
        lambda: client.batch_get_secret_value(SecretIdList=["a"], NextToken=filtered["NextToken"])
    )
    assert code == "InvalidNextTokenException"


# --- by filters ---------------------------------------------------------------------------------
def test_filters_select_secrets_as_list_secrets_does(client: Any) -> None:
    for name in ("app/one", "app/two", "other"):
        client.create_secret(Name=name, SecretString=f"value of {name}")
    response = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["app/"]}])
    assert _values(response) == ["app/one", "app/two"]
    assert [entry["SecretString"] for entry in response["SecretValues"]] == [
        "value of app/one",
        "value of app/two",
    ]
    assert response["Errors"] == []


def test_filters_skip_secrets_scheduled_for_deletion(client: Any, three: dict[str, str]) -> None:
    client.delete_secret(SecretId="b")
    response = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": [""]}])
    assert _values(response) == ["a", "c"]
    assert response["Errors"] == []


def test_filtered_secret_without_value_is_reported_by_arn(client: Any) -> None:
    arn = client.create_secret(Name="empty")["ARN"]
    response = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["empty"]}])
    assert response["SecretValues"] == []
    assert [(e["SecretId"], e["ErrorCode"]) for e in response["Errors"]] == [
        (arn, "ResourceNotFoundException")
    ]


def test_filtered_pages_walk_every_match_once(client: Any) -> None:
    for n in range(7):
        client.create_secret(Name=f"p{n}", SecretString=str(n))
    client.create_secret(Name="other", SecretString="x")
    filters = [{"Key": "name", "Values": ["p"]}]
    pages = [client.batch_get_secret_value(Filters=filters, MaxResults=3)]
    while "NextToken" in pages[-1]:
        pages.append(
            client.batch_get_secret_value(
                Filters=filters, MaxResults=3, NextToken=pages[-1]["NextToken"]
            )
        )
    assert [len(page["SecretValues"]) for page in pages] == [3, 3, 1]
    assert [entry["SecretString"] for page in pages for entry in page["SecretValues"]] == [
        str(n) for n in range(7)
    ]


def test_a_filtered_page_holds_twenty_secrets_by_default(client: Any) -> None:
    for n in range(21):
        client.create_secret(Name=f"p{n:02}", SecretString=str(n))
    first = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["p"]}])
    assert len(first["SecretValues"]) == 20
    assert "NextToken" in first


def test_a_token_for_other_filters_is_invalid(client: Any, three: dict[str, str]) -> None:
    first = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": [""]}], MaxResults=1)
    code, message, _ = aws_error(
        lambda: client.batch_get_secret_value(
            Filters=[{"Key": "name", "Values": ["a"]}], NextToken=first["NextToken"]
        )
    )
    assert (code, message) == ("InvalidNextTokenException", "The NextToken value is invalid.")


def test_a_list_secrets_token_is_invalid_here(client: Any, three: dict[str, str]) -> None:
    filters = [{"Key": "name", "Values": [""]}]
    token = client.list_secrets(Filters=filters, MaxResults=1)["NextToken"]
    code, _, _ = aws_error(lambda: client.batch_get_secret_value(Filters=filters, NextToken=token))
    assert code == "InvalidNextTokenException"

"""Secrets another AWS service manages (``sm.create_managed_secret``): shown, listed, guarded.

Seen from AWS (a live describe-secret in floci-io/floci#2378): an RDS master-password secret is
named ``rds!db-<uuid>``, shows ``OwningService: rds`` and carries the tag
``aws:secretsmanager:owningService = rds``. AWS documents InvalidRequestException "The secret is
managed by another service, and you must use that service to update it."
"""

from __future__ import annotations

from typing import Any

import pytest

from smstub import SecretsManagerMock
from smstub.errors import InvalidSeedError
from tests.sdk.helpers import INVALID_NAME, aws_error, stages

NAME = "rds!db-3bea3cf2-0b5f-436f-a6a1-97aad29da293"
MANAGED = "The secret is managed by another service, and you must use that service to update it."
SERVICE_TAG = {"Key": "aws:secretsmanager:owningService", "Value": "rds"}


@pytest.fixture
def managed(sm: SecretsManagerMock) -> str:
    return sm.create_managed_secret(
        NAME, owning_service="rds", secret_string='{"username": "admin", "password": "p0"}'
    )


def test_a_managed_secret_shows_its_owning_service_and_tag(client: Any, managed: str) -> None:
    described = client.describe_secret(SecretId=NAME)
    assert (described["ARN"], described["Name"]) == (managed, NAME)
    assert described["OwningService"] == "rds"
    assert described["Tags"] == [SERVICE_TAG]
    (listed,) = client.list_secrets()["SecretList"]
    assert listed["OwningService"] == "rds"


def test_a_managed_secret_is_read_by_name_and_arn(client: Any, managed: str) -> None:
    for secret_id in (NAME, managed, managed[:-7]):
        value = client.get_secret_value(SecretId=secret_id)["SecretString"]
        assert value == '{"username": "admin", "password": "p0"}'


def test_the_owning_service_filter_selects_managed_secrets(client: Any, managed: str) -> None:
    client.create_secret(Name="mine", SecretString="v")

    def listed(value: str) -> list[str]:
        filters = [{"Key": "owning-service", "Values": [value]}]
        return [s["Name"] for s in client.list_secrets(Filters=filters)["SecretList"]]

    assert listed("rds") == [NAME]
    assert listed("rd") == [NAME]  # a prefix match
    assert listed("!rds") == ["mine"]
    assert listed("RDS") == []  # case-sensitive


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c.put_secret_value(SecretId=NAME, SecretString="new"),
        lambda c: c.update_secret(SecretId=NAME, SecretString="new"),
        lambda c: c.update_secret(SecretId=NAME, Description="mine now"),
        lambda c: c.update_secret_version_stage(
            SecretId=NAME, VersionStage="CUSTOM", MoveToVersionId=_current(c)
        ),
    ],
    ids=["PutSecretValue", "UpdateSecret value", "UpdateSecret description", "UpdateStage"],
)
def test_changing_a_managed_secret_is_refused_and_changes_nothing(
    client: Any, managed: str, change: Any
) -> None:
    before = stages(client, NAME, include_deprecated=True)
    code, message, response = aws_error(lambda: change(client))
    assert (code, message, response["Message"]) == ("InvalidRequestException", MANAGED, MANAGED)
    assert stages(client, NAME, include_deprecated=True) == before
    described = client.describe_secret(SecretId=NAME)
    assert "Description" not in described
    assert client.get_secret_value(SecretId=NAME)["SecretString"].endswith('"p0"}')


def _current(client: Any) -> str:
    return str(client.get_secret_value(SecretId=NAME)["VersionId"])


def test_a_secret_you_create_cannot_take_a_managed_name(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.create_secret(Name=NAME, SecretString="v"))
    assert (code, message) == ("ValidationException", INVALID_NAME)


def test_a_missing_secret_with_a_managed_name_is_not_found(client: Any) -> None:
    code, _, _ = aws_error(lambda: client.describe_secret(SecretId=NAME))
    assert code == "ResourceNotFoundException"


def test_a_managed_secret_in_another_region(sm: SecretsManagerMock, client: Any) -> None:
    arn = sm.create_managed_secret(NAME, owning_service="rds", region="eu-west-1")
    assert ":eu-west-1:" in arn
    assert client.list_secrets()["SecretList"] == []


def test_the_handle_refuses_what_aws_would_refuse(sm: SecretsManagerMock, managed: str) -> None:
    with pytest.raises(InvalidSeedError, match=r"^smstub: .*ResourceExistsException"):
        sm.create_managed_secret(NAME, owning_service="rds")
    with pytest.raises(InvalidSeedError, match=r"ValidationException: Invalid name"):
        sm.create_managed_secret("bad name", owning_service="rds")
    with pytest.raises(InvalidSeedError, match=r"InvalidParameterException"):
        sm.create_managed_secret("x", owning_service="")

"""A KmsKeyId that names a key of another region of the fake: AWS's EncryptionFailure, followed
by smstub's sentence naming the region the key is in and how to make one in the right region
(``sm.kms.create_key()`` uses the mock's ``region`` option, not the client's)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock
from tests.sdk.helpers import aws_error

# The model's documentation text of EncryptionFailure; runtime wording UNVERIFIED (_keyrules).
ENCRYPTION_FAILURE = (
    "Secrets Manager can't encrypt the protected secret text using the provided KMS key. "
    "Check that the KMS key is available, enabled, and not in an invalid state."
)


@pytest.fixture
def west(sm: SecretsManagerMock) -> Any:
    return boto3.client("secretsmanager", region_name="eu-west-1")


def test_an_alias_made_in_the_mocks_region_names_that_region_and_the_fix(
    sm: SecretsManagerMock, west: Any
) -> None:
    sm.kms.create_key(alias="alias/app")  # in the mock's region option: us-east-1
    code, message, _ = aws_error(
        lambda: west.create_secret(Name="db", SecretString="v", KmsKeyId="alias/app")
    )
    assert code == "EncryptionFailure"
    assert message == ENCRYPTION_FAILURE + (
        " (smstub: alias/app exists in us-east-1, not in eu-west-1, the region of this request; "
        "sm.kms.create_key() makes keys in the mock's region option unless given one; "
        "create it there with sm.kms.create_key(region='eu-west-1', alias='alias/app'))"
    )
    assert west.list_secrets()["SecretList"] == []
    # The fix the message names works.
    sm.kms.create_key(region="eu-west-1", alias="alias/app")
    west.create_secret(Name="db", SecretString="v", KmsKeyId="alias/app")


def test_a_key_id_of_another_region_names_that_region(sm: SecretsManagerMock, west: Any) -> None:
    key_id = sm.kms.create_key(region="ap-south-1").rsplit("/", 1)[1]
    code, message, _ = aws_error(
        lambda: west.create_secret(Name="db", SecretString="v", KmsKeyId=key_id)
    )
    assert code == "EncryptionFailure"
    assert message == ENCRYPTION_FAILURE + (
        f" (smstub: {key_id} exists in ap-south-1, not in eu-west-1, the region of this "
        "request; sm.kms.create_key() makes keys in the mock's region option unless given one; "
        "a key belongs to one region: make one with sm.kms.create_key(region='eu-west-1'))"
    )


def test_an_alias_that_exists_nowhere_gets_aws_text_alone(
    sm: SecretsManagerMock, west: Any
) -> None:
    code, message, _ = aws_error(
        lambda: west.create_secret(Name="db", SecretString="v", KmsKeyId="alias/none")
    )
    assert (code, message) == ("EncryptionFailure", ENCRYPTION_FAILURE)


def test_an_alias_of_another_account_is_no_hint(sm: SecretsManagerMock, west: Any) -> None:
    sm.kms.create_key(region="eu-west-1", account_id="111122223333", alias="alias/app")
    code, message, _ = aws_error(
        lambda: west.create_secret(Name="db", SecretString="v", KmsKeyId="alias/app")
    )
    assert (code, message) == ("EncryptionFailure", ENCRYPTION_FAILURE)

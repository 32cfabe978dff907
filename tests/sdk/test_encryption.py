"""Encryption at rest and the in-process KMS, through real boto3 clients.

Evidence for the AWS behaviour asserted here (see src/smstub/_kms.py for the full notes):
- which versions UpdateSecret re-encrypts, and that the old key keeps working for them: AWS user
  guide "Change the encryption key for an AWS Secrets Manager secret" and the UpdateSecret
  KmsKeyId documentation;
- ``KmsKeyId`` omitted for the AWS-managed key: DescribeSecret documentation and the recordings;
- ``KmsKeyIds: ["DefaultEncryptionKey"]``: the recordings;
- "The operation failed because of an invalid KMS key: Invalid keyId": seen from AWS
  (hashicorp/terraform-provider-aws#13303);
- EncryptionFailure / DecryptionFailure wording: the service model's documentation of those
  errors; no captured AWS response was found, so the runtime wording is unverified.
"""

from __future__ import annotations

import base64
import logging
import os
import uuid
from functools import partial
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock
from smstub._model import Secret
from tests.object_graph import reachable
from tests.sdk.helpers import aws_error

ENCRYPTION_FAILURE = (
    "Secrets Manager can't encrypt the protected secret text using the provided KMS key. "
    "Check that the KMS key is available, enabled, and not in an invalid state."
)
DECRYPTION_FAILURE = (
    "Secrets Manager can't decrypt the protected secret text using the provided KMS key."
)
INVALID_KEY = "The operation failed because of an invalid KMS key: "
ACCOUNT = "123456789012"
REGION = "us-east-1"


def secret_of(sm: SecretsManagerMock, name: str, region: str = REGION) -> Secret:
    return sm.store.backend(sm.account_id, region).find(name)


def key_ids(client: Any, secret_id: str) -> dict[str, list[str]]:
    versions = client.list_secret_version_ids(SecretId=secret_id, IncludeDeprecated=True)
    return {v["VersionId"]: v["KmsKeyIds"] for v in versions["Versions"]}


def client_in(region: str) -> Any:
    return boto3.Session().client("secretsmanager", region_name=region)


# --- the registry on the handle --------------------------------------------------------------
def test_create_key_returns_a_key_arn_in_the_default_account_and_region(
    sm: SecretsManagerMock,
) -> None:
    arn = sm.kms.create_key()
    prefix, _, key_id = arn.rpartition("/")
    assert prefix == f"arn:aws:kms:{REGION}:{ACCOUNT}:key"
    assert str(uuid.UUID(key_id)) == key_id


def test_create_key_honours_region_and_account(sm: SecretsManagerMock) -> None:
    arn = sm.kms.create_key(region="eu-west-1", account_id="111122223333", description="d")
    assert arn.startswith("arn:aws:kms:eu-west-1:111122223333:key/")
    info = sm.kms.describe_key(arn)
    assert info["KeyManager"] == "CUSTOMER"
    assert info["Description"] == "d"
    assert info["KeyState"] == "Enabled"


def test_key_states_follow_disable_enable_and_scheduled_deletion(sm: SecretsManagerMock) -> None:
    arn = sm.kms.create_key(alias="alias/app")
    sm.kms.disable_key("alias/app")
    assert sm.kms.describe_key(arn)["KeyState"] == "Disabled"
    sm.kms.enable_key(arn.rpartition("/")[2])
    assert sm.kms.describe_key(arn)["KeyState"] == "Enabled"
    sm.kms.schedule_key_deletion(f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/app")
    assert sm.kms.describe_key(arn)["KeyState"] == "PendingDeletion"


def test_default_key_is_created_lazily_per_account_and_region(
    sm: SecretsManagerMock, client: Any
) -> None:
    assert len(sm.kms) == 0
    client.create_secret(Name="no-value")  # nothing to encrypt yet
    assert len(sm.kms) == 0
    client.create_secret(Name="a", SecretString="1")
    client.create_secret(Name="b", SecretString="2")
    assert len(sm.kms) == 1
    client_in("eu-west-1").create_secret(Name="c", SecretString="3")
    assert len(sm.kms) == 2
    default = sm.kms.describe_key("alias/aws/secretsmanager")
    assert default["KeyManager"] == "AWS"
    assert default["Arn"].startswith(f"arn:aws:kms:{REGION}:{ACCOUNT}:key/")


# --- which key encrypts, and how it is shown ---------------------------------------------------
@pytest.fixture
def app_key(sm: SecretsManagerMock) -> dict[str, str]:
    """One customer key, named in each of the four ways KMS accepts."""
    arn = sm.kms.create_key(alias="alias/app")
    return {
        "key_id": arn.rpartition("/")[2],
        "key_arn": arn,
        "alias_name": "alias/app",
        "alias_arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:alias/app",
    }


@pytest.mark.parametrize("form", ["key_id", "key_arn", "alias_name", "alias_arn"])
def test_a_customer_key_is_accepted_in_every_form_kms_accepts(
    client: Any, app_key: dict[str, str], form: str
) -> None:
    client.create_secret(Name="s", SecretString="v", KmsKeyId=app_key[form])
    assert client.get_secret_value(SecretId="s")["SecretString"] == "v"
    assert client.describe_secret(SecretId="s")["KmsKeyId"] == app_key[form]


@pytest.mark.parametrize("form", ["key_id", "alias_name"])
def test_versions_list_the_key_they_are_encrypted_under(
    client: Any, app_key: dict[str, str], form: str
) -> None:
    v1 = client.create_secret(Name="s", SecretString="v", KmsKeyId=app_key[form])["VersionId"]
    assert key_ids(client, "s") == {v1: [app_key[form]]}


def test_the_default_key_is_not_shown_by_describe_and_is_listed_by_its_label(client: Any) -> None:
    v1 = client.create_secret(Name="s", SecretString="v")["VersionId"]
    assert "KmsKeyId" not in client.describe_secret(SecretId="s")
    assert key_ids(client, "s") == {v1: ["DefaultEncryptionKey"]}


@pytest.mark.parametrize("explicit", ["alias/aws/secretsmanager", "default-arn"])
def test_naming_the_aws_managed_key_explicitly_is_the_same_as_the_default(
    sm: SecretsManagerMock, client: Any, explicit: str
) -> None:
    if explicit == "default-arn":
        explicit = sm.kms.describe_key("alias/aws/secretsmanager")["Arn"]
    v1 = client.create_secret(Name="s", SecretString="v", KmsKeyId=explicit)["VersionId"]
    assert "KmsKeyId" not in client.describe_secret(SecretId="s")
    assert key_ids(client, "s") == {v1: ["DefaultEncryptionKey"]}


def test_binary_values_are_encrypted_under_a_customer_key(
    client: Any, app_key: dict[str, str]
) -> None:
    data = bytes(range(256))
    client.create_secret(Name="b", SecretBinary=data, KmsKeyId=app_key["key_arn"])
    assert client.get_secret_value(SecretId="b")["SecretBinary"] == data


def test_a_key_of_another_account_is_usable_by_its_arn(sm: SecretsManagerMock, client: Any) -> None:
    foreign = sm.kms.create_key(account_id="111122223333")
    client.create_secret(Name="s", SecretString="v", KmsKeyId=foreign)
    assert client.get_secret_value(SecretId="s")["SecretString"] == "v"


def test_an_alias_repointed_later_does_not_lose_older_versions(
    sm: SecretsManagerMock, client: Any
) -> None:
    first = sm.kms.create_key(alias="alias/app")
    client.create_secret(Name="s", SecretString="old", KmsKeyId="alias/app")
    second = sm.kms.create_key()
    sm.kms.update_alias("alias/app", second)
    client.put_secret_value(SecretId="s", SecretString="new")
    sm.kms.disable_key(second)
    previous = client.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")
    assert previous["SecretString"] == "old"
    assert sm.kms.describe_key(first)["KeyState"] == "Enabled"


# --- keys that cannot encrypt: writes fail and change nothing ---------------------------------
def unusable(sm: SecretsManagerMock, how: str) -> str:
    """A KmsKeyId that names a key KMS will not encrypt under."""
    if how == "unknown-key-id":
        return str(uuid.uuid4())
    if how == "unknown-alias":
        return "alias/nobody"
    if how == "key-id-of-another-region":
        return sm.kms.create_key(region="eu-west-1").rpartition("/")[2]
    arn = sm.kms.create_key()
    if how == "disabled":
        sm.kms.disable_key(arn)
    elif how == "pending-deletion":
        sm.kms.schedule_key_deletion(arn)
    return arn


def aws_part(message: str, how: str) -> str:
    """AWS's text: a key of another region of the fake gets smstub's hint after it (tested in
    full in test_kms_key_in_another_region.py)."""
    aws, hint, _ = message.partition(" (smstub: ")
    assert bool(hint) == (how == "key-id-of-another-region")
    return aws


UNUSABLE = ["unknown-key-id", "unknown-alias", "key-id-of-another-region", "disabled",
            "pending-deletion"]  # fmt: skip


@pytest.mark.parametrize("how", UNUSABLE)
def test_create_secret_under_an_unusable_key_fails_and_leaves_no_secret(
    sm: SecretsManagerMock, client: Any, how: str
) -> None:
    key = unusable(sm, how)
    code, message, _ = aws_error(
        lambda: client.create_secret(Name="s", SecretString="v", KmsKeyId=key)
    )
    assert (code, aws_part(message, how)) == ("EncryptionFailure", ENCRYPTION_FAILURE)
    code, _, _ = aws_error(lambda: client.describe_secret(SecretId="s"))
    assert code == "ResourceNotFoundException"
    client.create_secret(Name="s", SecretString="v")  # the name is still free


@pytest.mark.parametrize("how", UNUSABLE)
def test_put_secret_value_under_an_unusable_key_fails_and_adds_no_version(
    sm: SecretsManagerMock, client: Any, how: str
) -> None:
    key = unusable(sm, how)
    client.create_secret(Name="s", KmsKeyId=key)  # no value: KMS is not asked yet
    before = client.describe_secret(SecretId="s")
    code, message, _ = aws_error(lambda: client.put_secret_value(SecretId="s", SecretString="v"))
    assert (code, aws_part(message, how)) == ("EncryptionFailure", ENCRYPTION_FAILURE)
    after = client.describe_secret(SecretId="s")
    assert "VersionIdsToStages" not in after
    assert after["LastChangedDate"] == before["LastChangedDate"]


def test_a_failed_put_keeps_the_current_version_current(
    sm: SecretsManagerMock, client: Any
) -> None:
    key = sm.kms.create_key()
    v1 = client.create_secret(Name="s", SecretString="one", KmsKeyId=key)["VersionId"]
    sm.kms.disable_key(key)
    code, _, _ = aws_error(
        lambda: client.put_secret_value(SecretId="s", SecretString="two", VersionStages=["X"])
    )
    assert code == "EncryptionFailure"
    sm.kms.enable_key(key)
    assert client.get_secret_value(SecretId="s")["VersionId"] == v1
    assert list(key_ids(client, "s")) == [v1]


@pytest.mark.parametrize("bad", ["my-key", "key/1234", "arn:aws:kms:us-east-1:123456789012:app"])
def test_a_malformed_kms_key_id_is_an_invalid_parameter(client: Any, bad: str) -> None:
    code, message, _ = aws_error(lambda: client.create_secret(Name="s", KmsKeyId=bad))
    assert (code, message) == ("InvalidParameterException", INVALID_KEY + "Invalid keyId")
    code, _, _ = aws_error(lambda: client.describe_secret(SecretId="s"))
    assert code == "ResourceNotFoundException"


def test_a_key_arn_in_another_region_is_an_invalid_parameter(
    sm: SecretsManagerMock, client: Any
) -> None:
    elsewhere = sm.kms.create_key(region="eu-west-1")
    code, message, _ = aws_error(
        lambda: client.create_secret(Name="s", SecretString="v", KmsKeyId=elsewhere)
    )
    assert (code, message) == ("InvalidParameterException", INVALID_KEY + "Invalid arn eu-west-1")


# --- keys that cannot decrypt: reads fail -----------------------------------------------------
@pytest.mark.parametrize("state", ["disabled", "pending-deletion"])
def test_reading_under_an_unusable_key_is_a_decryption_failure(
    sm: SecretsManagerMock, client: Any, state: str
) -> None:
    key = sm.kms.create_key()
    client.create_secret(Name="s", SecretString="v", KmsKeyId=key)
    if state == "disabled":
        sm.kms.disable_key(key)
    else:
        sm.kms.schedule_key_deletion(key)
    code, message, response = aws_error(lambda: client.get_secret_value(SecretId="s"))
    assert (code, message) == ("DecryptionFailure", DECRYPTION_FAILURE)
    assert response["Message"] == DECRYPTION_FAILURE  # a modeled error: boto3 copies it up


def test_re_enabling_the_key_makes_the_secret_readable_again(
    sm: SecretsManagerMock, client: Any
) -> None:
    key = sm.kms.create_key()
    client.create_secret(Name="s", SecretString="v", KmsKeyId=key)
    sm.kms.disable_key(key)
    aws_error(lambda: client.get_secret_value(SecretId="s"))
    sm.kms.enable_key(key)
    assert client.get_secret_value(SecretId="s")["SecretString"] == "v"


def test_cancelled_deletion_leaves_the_key_disabled_as_kms_does(
    sm: SecretsManagerMock, client: Any
) -> None:
    key = sm.kms.create_key()
    client.create_secret(Name="s", SecretString="v", KmsKeyId=key)
    sm.kms.schedule_key_deletion(key)
    sm.kms.cancel_key_deletion(key)
    code, _, _ = aws_error(lambda: client.get_secret_value(SecretId="s"))
    assert code == "DecryptionFailure"
    sm.kms.enable_key(key)
    assert client.get_secret_value(SecretId="s")["SecretString"] == "v"


def test_an_idempotent_retry_needs_the_key_to_compare_values(
    sm: SecretsManagerMock, client: Any
) -> None:
    key = sm.kms.create_key()
    client.create_secret(Name="s", SecretString="v", KmsKeyId=key)
    token = str(uuid.uuid4())
    client.put_secret_value(SecretId="s", SecretString="w", ClientRequestToken=token)
    sm.kms.disable_key(key)
    code, message, _ = aws_error(
        lambda: client.put_secret_value(SecretId="s", SecretString="w", ClientRequestToken=token)
    )
    assert (code, message) == ("DecryptionFailure", DECRYPTION_FAILURE)


# --- changing the key with UpdateSecret --------------------------------------------------------
@pytest.fixture
def five_versions(sm: SecretsManagerMock, client: Any) -> dict[str, str]:
    """A secret under key A with versions in every kind of state, keyed by a short name."""
    key_a = sm.kms.create_key()
    v = {"key_a": key_a}
    v["deprecated"] = client.create_secret(Name="s", SecretString="1", KmsKeyId=key_a)["VersionId"]
    v["previous"] = client.put_secret_value(SecretId="s", SecretString="2")["VersionId"]
    v["current"] = client.put_secret_value(SecretId="s", SecretString="3")["VersionId"]
    v["pending"] = client.put_secret_value(
        SecretId="s", SecretString="4", VersionStages=["AWSPENDING"]
    )["VersionId"]
    v["custom"] = client.put_secret_value(SecretId="s", SecretString="5", VersionStages=["CUSTOM"])[
        "VersionId"
    ]
    return v


def test_changing_the_key_re_encrypts_only_current_pending_and_previous(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    v = five_versions
    key_b = sm.kms.create_key()
    response = client.update_secret(SecretId="s", KmsKeyId=key_b)
    assert "VersionId" not in response  # no new version for a key change alone
    assert key_ids(client, "s") == {
        v["deprecated"]: [v["key_a"]],
        v["previous"]: [v["key_a"], key_b],
        v["current"]: [v["key_a"], key_b],
        v["pending"]: [v["key_a"], key_b],
        v["custom"]: [v["key_a"]],
    }
    assert client.describe_secret(SecretId="s")["KmsKeyId"] == key_b


def test_after_a_key_change_the_old_key_is_needed_only_for_other_versions(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    v = five_versions
    client.update_secret(SecretId="s", KmsKeyId=sm.kms.create_key())
    sm.kms.disable_key(v["key_a"])
    assert client.get_secret_value(SecretId="s")["SecretString"] == "3"
    assert client.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")["SecretString"] == "2"
    assert client.get_secret_value(SecretId="s", VersionStage="AWSPENDING")["SecretString"] == "4"
    for other in ("deprecated", "custom"):
        code, _, _ = aws_error(partial(client.get_secret_value, SecretId="s", VersionId=v[other]))
        assert code == "DecryptionFailure"


def test_the_old_key_still_opens_re_encrypted_versions(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    key_b = sm.kms.create_key()
    client.update_secret(SecretId="s", KmsKeyId=key_b)
    sm.kms.disable_key(key_b)
    assert client.get_secret_value(SecretId="s")["SecretString"] == "3"


def test_new_versions_after_a_key_change_use_only_the_new_key(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    key_b = sm.kms.create_key()
    client.update_secret(SecretId="s", KmsKeyId=key_b)
    v6 = client.put_secret_value(SecretId="s", SecretString="6")["VersionId"]
    assert key_ids(client, "s")[v6] == [key_b]
    sm.kms.disable_key(five_versions["key_a"])
    assert client.get_secret_value(SecretId="s")["SecretString"] == "6"


def test_a_value_and_a_new_key_in_one_update(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    v = five_versions
    key_b = sm.kms.create_key()
    new = client.update_secret(SecretId="s", KmsKeyId=key_b, SecretString="6")["VersionId"]
    listed = key_ids(client, "s")
    assert listed[new] == [key_b]
    assert listed[v["current"]] == [v["key_a"], key_b]  # now AWSPREVIOUS, re-encrypted as well


def test_without_the_old_key_existing_versions_are_not_re_encrypted(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    v = five_versions
    before = key_ids(client, "s")
    sm.kms.disable_key(v["key_a"])
    key_b = sm.kms.create_key()
    client.update_secret(SecretId="s", KmsKeyId=key_b)
    assert key_ids(client, "s") == before
    assert client.describe_secret(SecretId="s")["KmsKeyId"] == key_b


def test_a_new_key_that_cannot_encrypt_re_encrypts_nothing(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    before = key_ids(client, "s")
    key_b = sm.kms.create_key()
    sm.kms.disable_key(key_b)
    client.update_secret(SecretId="s", KmsKeyId=key_b)
    assert key_ids(client, "s") == before
    code, _, _ = aws_error(lambda: client.put_secret_value(SecretId="s", SecretString="6"))
    assert code == "EncryptionFailure"


def test_a_failed_update_with_a_value_changes_nothing(
    sm: SecretsManagerMock, client: Any, five_versions: dict[str, str]
) -> None:
    before = client.describe_secret(SecretId="s")
    listed = key_ids(client, "s")
    key_b = sm.kms.create_key()
    sm.kms.disable_key(key_b)
    code, message, _ = aws_error(
        lambda: client.update_secret(
            SecretId="s", KmsKeyId=key_b, SecretString="6", Description="changed"
        )
    )
    assert (code, message) == ("EncryptionFailure", ENCRYPTION_FAILURE)
    after = client.describe_secret(SecretId="s")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}
    assert key_ids(client, "s") == listed


def test_a_malformed_key_in_update_secret_changes_nothing(
    client: Any, five_versions: dict[str, str]
) -> None:
    before = client.describe_secret(SecretId="s")
    code, message, _ = aws_error(
        lambda: client.update_secret(SecretId="s", KmsKeyId="my-key", Description="changed")
    )
    assert (code, message) == ("InvalidParameterException", INVALID_KEY + "Invalid keyId")
    after = client.describe_secret(SecretId="s")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}


def test_an_empty_kms_key_id_returns_the_secret_to_the_aws_managed_key(
    client: Any, five_versions: dict[str, str]
) -> None:
    v = five_versions
    client.update_secret(SecretId="s", KmsKeyId="")
    assert "KmsKeyId" not in client.describe_secret(SecretId="s")
    assert key_ids(client, "s")[v["current"]] == [v["key_a"], "DefaultEncryptionKey"]
    v6 = client.put_secret_value(SecretId="s", SecretString="6")["VersionId"]
    assert key_ids(client, "s")[v6] == ["DefaultEncryptionKey"]


# --- tamper evidence ---------------------------------------------------------------------------
def test_a_ciphertext_moved_to_another_version_fails_to_decrypt(
    sm: SecretsManagerMock, client: Any
) -> None:
    v1 = client.create_secret(Name="s", SecretString="first")["VersionId"]
    v2 = client.put_secret_value(SecretId="s", SecretString="second")["VersionId"]
    secret = secret_of(sm, "s")
    moved, source = secret.version(v2), secret.version(v1)
    assert moved is not None
    assert source is not None
    moved.sealed = source.sealed
    code, message, _ = aws_error(lambda: client.get_secret_value(SecretId="s", VersionId=v2))
    assert (code, message) == ("DecryptionFailure", DECRYPTION_FAILURE)
    assert client.get_secret_value(SecretId="s", VersionId=v1)["SecretString"] == "first"


def test_a_ciphertext_moved_to_another_secret_fails_to_decrypt(
    sm: SecretsManagerMock, client: Any
) -> None:
    token = str(uuid.uuid4())  # the same version id in both secrets: only the ARN differs
    client.create_secret(Name="a", SecretString="for a", ClientRequestToken=token)
    client.create_secret(Name="b", SecretString="for b", ClientRequestToken=token)
    moved, source = secret_of(sm, "b").version(token), secret_of(sm, "a").version(token)
    assert moved is not None
    assert source is not None
    moved.sealed = source.sealed
    code, _, _ = aws_error(lambda: client.get_secret_value(SecretId="b"))
    assert code == "DecryptionFailure"


# --- no plaintext anywhere, no plaintext shown ---------------------------------------------------
def written_values(client: Any, sm: SecretsManagerMock) -> tuple[list[str], list[bytes]]:
    """Write values through every path that takes one; return the plaintexts used."""
    strings = [f"plaintext-{uuid.uuid4()}" for _ in range(7)]
    blobs = [os.urandom(16) + b"-binary-plaintext-" + os.urandom(16) for _ in range(3)]
    sm.kms.create_key(alias="alias/app")
    key = sm.kms.create_key()
    client.create_secret(Name="s1", SecretString=strings[0], Description="described")
    client.put_secret_value(SecretId="s1", SecretString=strings[1])
    client.put_secret_value(SecretId="s1", SecretString=strings[2], VersionStages=["CUSTOM"])
    client.update_secret(SecretId="s1", SecretString=strings[3], KmsKeyId="alias/app")
    client.create_secret(Name="s2", SecretBinary=blobs[0], KmsKeyId=key)
    token = str(uuid.uuid4())
    client.put_secret_value(SecretId="s2", SecretBinary=blobs[1], ClientRequestToken=token)
    client.put_secret_value(SecretId="s2", SecretBinary=blobs[1], ClientRequestToken=token)
    aws_error(  # same token, different value: refused
        lambda: client.put_secret_value(
            SecretId="s2", SecretBinary=blobs[2], ClientRequestToken=token
        )
    )
    sm.kms.disable_key(key)
    aws_error(lambda: client.put_secret_value(SecretId="s2", SecretString=strings[4]))
    aws_error(lambda: client.create_secret(Name="s3", SecretString=strings[5], KmsKeyId=key))
    aws_error(lambda: client.put_secret_value(SecretId="s1", SecretString="x" * 65537))
    client.get_secret_value(SecretId="s1")
    client.update_secret(SecretId="s1", SecretString=strings[6])
    return strings, blobs


def forms(strings: list[str], blobs: list[bytes]) -> tuple[list[str], list[bytes]]:
    """Each plaintext as text and as bytes, and binary values as their base64 and hex too."""
    text = [*strings, *(base64.b64encode(b).decode() for b in blobs), *(b.hex() for b in blobs)]
    raw = [*(s.encode() for s in strings), *blobs, *(t.encode() for t in text)]
    return text, raw


def test_no_plaintext_value_is_reachable_from_the_handle(
    sm: SecretsManagerMock, client: Any
) -> None:
    text, raw = forms(*written_values(client, sm))
    seen_names = seen_versions = False
    for obj in reachable(sm):
        if isinstance(obj, str):
            assert not any(value in obj for value in text), obj
            seen_names |= obj == "described"
        elif isinstance(obj, (bytes, bytearray)):
            assert not any(value in obj for value in raw)
        seen_versions |= type(obj).__name__ == "Version"
    # The walk did reach the secrets' state, not just the handle's surface.
    assert seen_names
    assert seen_versions


def test_no_repr_of_any_reachable_object_shows_a_value(sm: SecretsManagerMock, client: Any) -> None:
    text, _ = forms(*written_values(client, sm))
    for obj in reachable(sm):
        if isinstance(obj, (str, bytes, bytearray)):
            continue
        shown = repr(obj)
        assert not any(value in shown for value in text), shown


def test_error_messages_never_quote_a_value(sm: SecretsManagerMock, client: Any) -> None:
    value = f"plaintext-{uuid.uuid4()}"
    client.create_secret(Name="s", SecretString=value)
    messages = [
        aws_error(lambda: client.put_secret_value(SecretId="s", SecretString=value + "x" * 65536)),
        aws_error(lambda: client.create_secret(Name="t", SecretString=value, SecretBinary=b"both")),
        aws_error(
            lambda: client.create_secret(Name="s", SecretString=value, ClientRequestToken="x" * 40)
        ),
    ]
    key = sm.kms.create_key()
    sm.kms.disable_key(key)
    messages.append(
        aws_error(lambda: client.create_secret(Name="u", SecretString=value, KmsKeyId=key))
    )
    for code, message, _ in messages:
        assert value not in message, code


def test_smstub_logs_no_value(
    sm: SecretsManagerMock, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="smstub")
    text, _ = forms(*written_values(client, sm))
    assert not any(value in record.getMessage() for record in caplog.records for value in text)


def test_keys_default_to_the_region_the_mock_was_configured_with() -> None:
    from smstub import mock_secretsmanager

    with mock_secretsmanager(region="eu-west-1") as sm:
        assert sm.kms.create_key().startswith(f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/")
        sm.reset()
        assert sm.kms.create_key().startswith(f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/")

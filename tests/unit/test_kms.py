"""The in-process KMS key registry (``sm.kms``) without botocore."""

from __future__ import annotations

import pytest

from smstub._kms import DEFAULT_ALIAS, KeyRegistry, KeyState
from smstub.errors import SmstubError

ACCOUNT = "123456789012"


@pytest.fixture
def kms() -> KeyRegistry:
    return KeyRegistry(ACCOUNT, "us-east-1")


def test_keys_are_found_by_id_arn_alias_and_alias_arn(kms: KeyRegistry) -> None:
    arn = kms.create_key(alias="alias/app")
    key_id = arn.rpartition("/")[2]
    alias_arn = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/app"
    for ref in (arn, key_id, "alias/app", alias_arn):
        assert kms.resolve(ref, ACCOUNT, "us-east-1") is kms.by_arn(arn)


def test_key_ids_and_alias_names_are_scoped_to_account_and_region(kms: KeyRegistry) -> None:
    arn = kms.create_key(alias="alias/app")
    key_id = arn.rpartition("/")[2]
    assert kms.resolve(key_id, ACCOUNT, "eu-west-1") is None
    assert kms.resolve("alias/app", "111122223333", "us-east-1") is None
    assert kms.resolve(arn, "111122223333", "us-east-1") is kms.by_arn(arn)


def test_the_aws_managed_key_is_made_once_per_account_and_region(kms: KeyRegistry) -> None:
    first = kms.default_key(ACCOUNT, "us-east-1")
    assert kms.default_key(ACCOUNT, "us-east-1") is first
    assert kms.default_key(ACCOUNT, "eu-west-1") is not first
    assert kms.default_key("111122223333", "us-east-1") is not first
    assert kms.resolve(DEFAULT_ALIAS, ACCOUNT, "us-east-1") is first
    assert first.aws_managed


def test_an_unknown_key_is_a_clear_smstub_error(kms: KeyRegistry) -> None:
    known = kms.create_key()
    with pytest.raises(SmstubError, match="no KMS key 'alias/nope'") as caught:
        kms.disable_key("alias/nope")
    assert known in str(caught.value)
    assert str(caught.value).startswith("smstub: ")


@pytest.mark.parametrize("alias", ["app", "alias/aws/mine", "alias/"])
def test_alias_names_follow_kms_rules(kms: KeyRegistry, alias: str) -> None:
    with pytest.raises(SmstubError, match="alias"):
        kms.create_key(alias=alias)
    assert len(kms) == 0  # no key was made for a refused alias


def test_an_alias_in_use_is_refused(kms: KeyRegistry) -> None:
    kms.create_key(alias="alias/app")
    other = kms.create_key()
    with pytest.raises(SmstubError, match="update_alias"):
        kms.create_alias("alias/app", other)


def test_update_alias_repoints_an_existing_alias(kms: KeyRegistry) -> None:
    kms.create_key(alias="alias/app")
    other = kms.create_key()
    kms.update_alias("alias/app", other)
    assert kms.resolve("alias/app", ACCOUNT, "us-east-1") is kms.by_arn(other)


def test_aws_managed_keys_cannot_be_managed(kms: KeyRegistry) -> None:
    kms.default_key(ACCOUNT, "us-east-1")
    with pytest.raises(SmstubError, match="AWS managed"):
        kms.disable_key(DEFAULT_ALIAS)
    with pytest.raises(SmstubError, match="AWS managed"):
        kms.schedule_key_deletion(DEFAULT_ALIAS)


def test_a_key_pending_deletion_must_be_cancelled_before_enabling(kms: KeyRegistry) -> None:
    arn = kms.create_key()
    kms.schedule_key_deletion(arn)
    with pytest.raises(SmstubError, match="cancel_key_deletion"):
        kms.enable_key(arn)
    kms.cancel_key_deletion(arn)
    key = kms.by_arn(arn)
    assert key is not None
    assert key.state is KeyState.DISABLED


def test_key_material_is_not_shown(kms: KeyRegistry) -> None:
    key = kms.by_arn(kms.create_key())
    assert key is not None
    assert "material" not in repr(key)
    assert "aead" not in repr(key)

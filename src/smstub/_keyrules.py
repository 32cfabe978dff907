"""Secrets Manager's rules for a ``KmsKeyId``, and its errors when a key cannot be used.

The backend only asks "what does a secret keep for this KmsKeyId?" and "which key encrypts
this?"; :mod:`smstub._kms` holds the keys themselves.

Evidence for the errors (see also tests/sdk/test_encryption.py):
- ``InvalidParameterException`` "The operation failed because of an invalid KMS key: Invalid
  keyId" for a KmsKeyId that is not a key id, key ARN, ``alias/...`` name or alias ARN: seen
  from AWS on CreateSecret (hashicorp/terraform-provider-aws#13303, 2020).
- "... Invalid arn {region}" for a key ARN in another Region: UNVERIFIED[kms-region-arn], quoted
  as CreateSecret's answer by a third-party preflight rule; no captured response was found.
- ``EncryptionFailure`` for a key that does not exist, is disabled or is pending deletion: the
  service model documents this error as "Check that the KMS key is available, enabled, and not
  in an invalid state". The message below is that documentation's text; the runtime wording is
  UNVERIFIED[encryption-failure-text].
- ``DecryptionFailure`` for a value whose keys are unusable or whose ciphertext does not open:
  the model's documentation text; runtime wording UNVERIFIED[decryption-failure-text].
- Not modelled: ``AccessDeniedException`` "Access to KMS is not allowed", which AWS returns when
  IAM or the key policy denies the caller the key (many reports, e.g. aws/aws-cdk#7677,
  aws-samples/aws-secrets-manager-rotation-lambdas#53). The registry has no key policies.
"""

from __future__ import annotations

from smstub import _aws_errors as err
from smstub._kms import ALIAS, ARN, KEY_ID, KeyRegistry, KeyState, KmsKey

__all__ = ["DECRYPTION_FAILURE", "ENCRYPTION_FAILURE", "for_encryption", "secret_key_id"]

ENCRYPTION_FAILURE = (
    "Secrets Manager can't encrypt the protected secret text using the provided KMS key. "
    "Check that the KMS key is available, enabled, and not in an invalid state."
)
DECRYPTION_FAILURE = (
    "Secrets Manager can't decrypt the protected secret text using the provided KMS key."
)
_INVALID_KEY = "The operation failed because of an invalid KMS key: "


def secret_key_id(keys: KeyRegistry, ref: str, account: str, region: str) -> str | None:
    """What a secret keeps for the ``KmsKeyId`` it was given: None for the AWS-managed key
    (DescribeSecret then omits KmsKeyId), else ``ref`` exactly as given, which AWS echoes.

    Only the identifier's form is checked here: KMS is asked about the key itself when a value
    is encrypted.
    """
    if ref == "":
        return None  # AWS docs (UpdateSecret KmsKeyId): empty means aws/secretsmanager
    _check_form(ref, region)
    key = keys.resolve(ref, account, region)
    if key is not None and key.aws_managed:
        return None
    return ref


def for_encryption(keys: KeyRegistry, ref: str | None, account: str, region: str) -> KmsKey:
    """The enabled key that ``ref`` (None: the AWS-managed key) names, or EncryptionFailure."""
    if ref is None:
        return keys.default_key(account, region)
    key = keys.resolve(ref, account, region)
    if key is None:
        raise err.EncryptionFailure(ENCRYPTION_FAILURE + _elsewhere(keys, ref, account, region))
    if key.state is not KeyState.ENABLED:
        raise err.EncryptionFailure(ENCRYPTION_FAILURE)
    return key


def _elsewhere(keys: KeyRegistry, ref: str, account: str, region: str) -> str:
    """A hint when ``ref`` names a key of another region of the fake: ``sm.kms.create_key()``
    makes keys in the mock's ``region`` option, which need not be the client's. It is smstub's
    own sentence after AWS's text (AWS has no such hint), so that the error says what to do."""
    regions = [where for where in keys.regions_of(ref, account) if where != region]
    if not regions:
        return ""
    there = ", ".join(regions)
    if ref.startswith("alias/"):
        make = f"create it there with sm.kms.create_key(region={region!r}, alias={ref!r})"
    else:
        make = f"a key belongs to one region: make one with sm.kms.create_key(region={region!r})"
    return (
        f" (smstub: {ref} exists in {there}, not in {region}, the region of this request; "
        f"sm.kms.create_key() makes keys in the mock's region option unless given one; {make})"
    )


def _check_form(ref: str, region: str) -> None:
    if ref.startswith("arn:"):
        match = ARN.match(ref)
        if match is None:
            raise err.InvalidParameterException(_INVALID_KEY + "Invalid keyId")
        if match["region"] != region:
            raise err.InvalidParameterException(_INVALID_KEY + f"Invalid arn {match['region']}")
        return
    if KEY_ID.match(ref) is None and ALIAS.match(ref) is None:
        raise err.InvalidParameterException(_INVALID_KEY + "Invalid keyId")

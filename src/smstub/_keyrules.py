"""Secrets Manager's rules for a ``KmsKeyId``, and its errors when a key cannot be used.

The backend only asks "what does a secret keep for this KmsKeyId?" and "which key encrypts
this?"; :mod:`smstub._kms` holds the keys themselves.

Evidence for the errors (see also tests/sdk/test_encryption.py):
- ``InvalidParameterException`` "The operation failed because of an invalid KMS key: Invalid
  keyId" for a KmsKeyId that is not a key id, key ARN, ``alias/...`` name or alias ARN: seen
  from AWS on CreateSecret (hashicorp/terraform-provider-aws#13303, 2020).
- "... Invalid arn {region}" for a key ARN in another Region: UNVERIFIED, quoted as CreateSecret's
  answer by a third-party preflight rule; no captured response was found.
- ``EncryptionFailure`` for a key that does not exist, is disabled or is pending deletion: the
  service model documents this error as "Check that the KMS key is available, enabled, and not
  in an invalid state". The message below is that documentation's text; the runtime wording is
  UNVERIFIED.
- ``DecryptionFailure`` for a value whose keys are unusable or whose ciphertext does not open:
  the model's documentation text; runtime wording UNVERIFIED.
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
    if key is None or key.state is not KeyState.ENABLED:
        raise err.EncryptionFailure(ENCRYPTION_FAILURE)
    return key


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

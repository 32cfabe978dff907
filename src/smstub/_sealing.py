"""Secret values in transit, and sealing them into versions: encryption and re-encryption.

Values exist in the clear only as a :class:`SecretValue` on their way between the wire and a
version; a version holds them sealed under a KMS key of the registry (see :mod:`smstub._crypto`),
bound to the secret's ARN and the version id.
"""

from __future__ import annotations

from datetime import datetime

from smstub import _aws_errors as err
from smstub._crypto import (
    IntegrityError,
    KeyUnavailable,
    Rewrapped,
    open_sealed,
    rewrap,
    seal,
)
from smstub._keyrules import DECRYPTION_FAILURE, for_encryption
from smstub._kms import KeyRegistry
from smstub._memo import remember
from smstub._model import AWSCURRENT, AWSPENDING, AWSPREVIOUS, Secret, Version

__all__ = ["DEFAULT_KEY_LABEL", "SecretValue", "reencrypted", "reveal", "seal_version", "value_of"]

# AWS documentation (quotas): a secret value is at most 65,536 bytes.
_MAX_VALUE_BYTES = 65536
# What ListSecretVersionIds reports for versions under the AWS-managed key (recordings).
DEFAULT_KEY_LABEL = "DefaultEncryptionKey"


class SecretValue:
    """A secret value in transit between the wire and the sealed store. Never shown in a repr."""

    __slots__ = ("_binary", "_string")

    def __init__(self, string: str | None = None, binary: bytes | None = None) -> None:
        self._string = string
        self._binary = binary

    @property
    def is_binary(self) -> bool:
        return self._binary is not None

    @property
    def string(self) -> str | None:
        return self._string

    @property
    def binary(self) -> bytes | None:
        return self._binary

    def to_bytes(self) -> bytes:
        if self._binary is not None:
            return self._binary
        assert self._string is not None
        return self._string.encode()

    @classmethod
    def from_bytes(cls, data: bytes, is_binary: bool) -> SecretValue:
        return cls(binary=data) if is_binary else cls(string=data.decode())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecretValue):
            return NotImplemented
        return self._string == other._string and self._binary == other._binary

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<SecretValue redacted>"


def value_of(string: str | None, binary: bytes | None) -> SecretValue | None:
    """The value a request carries, checking AWS's rules for SecretString and SecretBinary."""
    if string is not None and binary is not None:
        # Seen from AWS (aws/aws-sdk-java#1556), with a typographic apostrophe at the time.
        raise err.InvalidParameterException(
            "You can't specify both a binary secret value and a string secret value in the same "
            "secret."
        )
    if string is None and binary is None:
        return None
    value = SecretValue(string, binary)
    if string is not None and len(string) <= _MAX_VALUE_BYTES < len(value.to_bytes()):
        # The model's limit counts characters; AWS's quota counts bytes.
        raise err.ValidationException(
            "1 validation error detected: Value at 'secretString' failed to satisfy constraint: "
            f"Member must have length less than or equal to {_MAX_VALUE_BYTES}"
        )
    return value


def _context(arn: str, version_id: str) -> bytes:
    return f"{arn}\0{version_id}".encode()


# The contexts of recently read versions: building one computes the secret's ARN. An entry
# holds for the secret it was made for (a version's id and its secret's ARN never change).
_CONTEXTS: dict[Version, tuple[Secret, bytes]] = {}
_CONTEXTS_MAX = 512


def forget() -> None:
    """Drop the remembered contexts, and the secrets and versions they hold (the last mock
    ended)."""
    _CONTEXTS.clear()


def _context_of(secret: Secret, version: Version) -> bytes:
    known = _CONTEXTS.get(version)
    if known is not None and known[0] is secret:
        return known[1]
    context = _context(secret.arn, version.version_id)
    remember(_CONTEXTS, version, (secret, context), _CONTEXTS_MAX)
    return context


def seal_version(
    keys: KeyRegistry,
    secret: Secret,
    version_id: str,
    value: SecretValue,
    key_ref: str | None,
    *,
    account: str,
    region: str,
    now: datetime,
) -> Version:
    """A version holding ``value`` sealed under the key ``key_ref`` names (None: the
    AWS-managed key), or EncryptionFailure if KMS cannot encrypt under it."""
    key = for_encryption(keys, key_ref, account, region)
    return Version(
        version_id=version_id,
        created_date=now,
        sealed=seal(key, value.to_bytes(), _context(secret.arn, version_id)),
        key_arn=key.arn,
        key_ref=key_ref,
        is_binary=value.is_binary,
    )


def reveal(keys: KeyRegistry, secret: Secret, version: Version) -> SecretValue:
    """The version's value, or DecryptionFailure when none of its keys is usable or its
    ciphertext does not belong to this secret and version (BatchGetSecretValue reports this
    error per secret)."""
    if not version.sealed:
        # The empty version a rotation starts with: no value yet.
        raise err.ResourceNotFoundException.for_version(version.version_id)
    context = _context_of(secret, version)
    try:
        data = open_sealed(version, keys.cipher_for, context)
    except (IntegrityError, KeyUnavailable):
        raise err.DecryptionFailure(DECRYPTION_FAILURE) from None
    return SecretValue.from_bytes(data, version.is_binary)


def reencrypted(
    keys: KeyRegistry, secret: Secret, key_ref: str | None, *, account: str, region: str
) -> list[tuple[Version, Rewrapped]]:
    """The versions a key change re-encrypts, each with its value wrapped under the new key as
    well. AWS user guide ("Change the encryption key"): AWSCURRENT, AWSPENDING and AWSPREVIOUS
    are re-encrypted and stay readable with the previous key; other versions are not; without
    use of the new key, or of a version's previous key, nothing is re-encrypted (and the key
    change itself still succeeds)."""
    try:
        key = for_encryption(keys, key_ref, account, region)
    except err.EncryptionFailure:
        return []
    done: list[tuple[Version, Rewrapped]] = []
    for label in (AWSCURRENT, AWSPENDING, AWSPREVIOUS):
        version = secret.holder(label)
        if version is None or not version.sealed or any(version is seen for seen, _ in done):
            continue
        context = _context(secret.arn, version.version_id)
        try:
            resealed = rewrap(version, keys.cipher_for, key, key_ref, context)
        except (IntegrityError, KeyUnavailable):
            continue
        if resealed is not None:
            done.append((version, resealed))
    return done

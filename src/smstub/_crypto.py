"""Envelope encryption of secret values.

Every version gets a fresh AES-256-GCM data key. The value is sealed under the data key with the
secret's ARN and the version id bound as associated data, and the data key is wrapped by the KMS
key's material (again AES-256-GCM, bound to the key's ARN and the same context). Only the
wrapped key and the ciphertext are kept, so a ciphertext moved to another secret, version or key
fails to open instead of returning data.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["IntegrityError", "Sealed", "open_sealed", "seal"]

_NONCE = 12


class IntegrityError(Exception):
    """A sealed value does not open under the key and context it is presented with."""


class Sealed:
    """A sealed value: the wrapped data key and the ciphertext, each prefixed by its nonce."""

    __slots__ = ("ciphertext", "key_arn", "wrapped_key")

    def __init__(self, key_arn: str, wrapped_key: bytes, ciphertext: bytes) -> None:
        self.key_arn = key_arn
        self.wrapped_key = wrapped_key
        self.ciphertext = ciphertext

    def __repr__(self) -> str:
        return f"<Sealed key={self.key_arn} {len(self.ciphertext)} bytes>"


def seal(key_arn: str, key_material: bytes, plaintext: bytes, context: bytes) -> Sealed:
    data_key = os.urandom(32)
    nonce = os.urandom(_NONCE)
    ciphertext = nonce + AESGCM(data_key).encrypt(nonce, plaintext, context)
    key_nonce = os.urandom(_NONCE)
    wrapped = key_nonce + AESGCM(key_material).encrypt(
        key_nonce, data_key, key_arn.encode() + b"\0" + context
    )
    return Sealed(key_arn, wrapped, ciphertext)


def open_sealed(sealed: Sealed, key_material: bytes, context: bytes) -> bytes:
    try:
        wrapped = sealed.wrapped_key
        data_key = AESGCM(key_material).decrypt(
            wrapped[:_NONCE], wrapped[_NONCE:], sealed.key_arn.encode() + b"\0" + context
        )
        body = sealed.ciphertext
        return AESGCM(data_key).decrypt(body[:_NONCE], body[_NONCE:], context)
    except (InvalidTag, ValueError) as exc:
        raise IntegrityError("sealed value does not open in this context") from exc

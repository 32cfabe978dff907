"""Envelope encryption of secret values.

Every version gets a fresh AES-256-GCM data key. The value is sealed under the data key with
the secret's ARN and the version id as associated data, and the data key is wrapped by a KMS
key (AES-256-GCM again, bound to the key's ARN and the same context). Only the wrapped keys and
the ciphertext are kept, so a ciphertext moved to another secret, version or key fails to open
instead of returning data.

A sealed value may carry the data key wrapped under several KMS keys: changing a secret's key
with UpdateSecret wraps the labelled versions' data keys under the new key as well, and AWS
keeps the old wrapping so that either key opens them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "IntegrityError",
    "KeyUnavailable",
    "Sealed",
    "Wrap",
    "WrappingKey",
    "open_sealed",
    "rewrap",
    "seal",
]

_NONCE = 12
_DATA_KEY = 32

# Given a KMS key ARN, the cipher over that key's material if the key may be used now.
CipherLookup = Callable[[str], "AESGCM | None"]


_primitives: tuple[type[AESGCM], type[Exception]] | None = None


def _load() -> tuple[type[AESGCM], type[Exception]]:
    """cryptography, imported on first use: it costs ~7 ms, which activation never needs."""
    global _primitives
    if _primitives is None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        _primitives = (AESGCM, InvalidTag)
    return _primitives


def new_cipher(key: bytes) -> AESGCM:
    """An AES-256-GCM cipher over ``key``."""
    return _load()[0](key)


class IntegrityError(Exception):
    """A sealed value does not open under the key and context it is presented with."""


class KeyUnavailable(Exception):
    """None of the KMS keys a value is wrapped under can be used."""


class WrappingKey(Protocol):
    """What sealing needs from a KMS key: its ARN and a cipher over its material."""

    @property
    def arn(self) -> str: ...

    @property
    def aead(self) -> AESGCM: ...


class Wrap:
    """The data key wrapped under one KMS key.

    ``key_ref`` is how the secret named that key when the wrap was made (None for the
    AWS-managed key); it is carried only so that ListSecretVersionIds can show it.
    """

    __slots__ = ("blob", "key_arn", "key_ref")

    def __init__(self, key_arn: str, key_ref: str | None, blob: bytes) -> None:
        self.key_arn = key_arn
        self.key_ref = key_ref
        self.blob = blob  # nonce + AES-GCM(KMS key, data key)

    def __repr__(self) -> str:
        return f"<Wrap under {self.key_arn}>"


class Sealed:
    """A sealed value: its ciphertext and its data key wrapped under one or more KMS keys.

    Treated as immutable: re-wrapping returns a new ``Sealed``, so a failed operation never
    leaves a half-changed value behind.
    """

    __slots__ = ("ciphertext", "wraps")

    def __init__(self, ciphertext: bytes, wraps: tuple[Wrap, ...]) -> None:
        self.ciphertext = ciphertext  # nonce + AES-GCM(data key, value)
        self.wraps = wraps

    def __repr__(self) -> str:
        keys = ", ".join(wrap.key_arn for wrap in self.wraps)
        return f"<Sealed {len(self.ciphertext) - _NONCE - 16} bytes under {keys}>"


def _wrap_context(key_arn: str, context: bytes) -> bytes:
    return key_arn.encode() + b"\0" + context


def seal(key: WrappingKey, key_ref: str | None, plaintext: bytes, context: bytes) -> Sealed:
    """Encrypt ``plaintext`` under a fresh data key wrapped by ``key``, bound to ``context``."""
    fresh = os.urandom(_DATA_KEY + 2 * _NONCE)  # one call: the data key and both nonces
    data_key, nonce, key_nonce = fresh[:_DATA_KEY], fresh[_DATA_KEY:-_NONCE], fresh[-_NONCE:]
    ciphertext = nonce + new_cipher(data_key).encrypt(nonce, plaintext, context)
    blob = key_nonce + key.aead.encrypt(key_nonce, data_key, _wrap_context(key.arn, context))
    return Sealed(ciphertext, (Wrap(key.arn, key_ref, blob),))


def _data_key(sealed: Sealed, cipher_for: CipherLookup, context: bytes) -> bytes:
    invalid_tag = _load()[1]
    tampered = False
    # The newest wrap first: after a key change that is the key in use.
    for wrap in reversed(sealed.wraps):
        aead = cipher_for(wrap.key_arn)
        if aead is None:
            continue
        blob = wrap.blob
        try:
            return aead.decrypt(blob[:_NONCE], blob[_NONCE:], _wrap_context(wrap.key_arn, context))
        except invalid_tag:
            tampered = True
    if tampered:
        raise IntegrityError("the data key does not open in this context")
    raise KeyUnavailable("no usable KMS key for this value")


def open_sealed(sealed: Sealed, cipher_for: CipherLookup, context: bytes) -> bytes:
    """The plaintext, or :class:`KeyUnavailable` / :class:`IntegrityError`."""
    data_key = _data_key(sealed, cipher_for, context)
    body = sealed.ciphertext
    aesgcm, invalid_tag = _load()
    try:
        return aesgcm(data_key).decrypt(body[:_NONCE], body[_NONCE:], context)
    except invalid_tag:
        raise IntegrityError("the value does not open in this context") from None


def rewrap(
    sealed: Sealed,
    cipher_for: CipherLookup,
    key: WrappingKey,
    key_ref: str | None,
    context: bytes,
) -> Sealed:
    """``sealed`` with its data key wrapped under ``key`` as well (the old wraps are kept)."""
    if any(wrap.key_arn == key.arn for wrap in sealed.wraps):
        return sealed
    data_key = _data_key(sealed, cipher_for, context)
    key_nonce = os.urandom(_NONCE)
    blob = key_nonce + key.aead.encrypt(key_nonce, data_key, _wrap_context(key.arn, context))
    return Sealed(sealed.ciphertext, (*sealed.wraps, Wrap(key.arn, key_ref, blob)))

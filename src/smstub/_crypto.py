"""Envelope encryption of secret values.

Every version gets a fresh AES-256-GCM data key. The value is sealed under the data key with
the secret's ARN and the version id as associated data, and the data key is wrapped by a KMS
key (AES-256-GCM again, bound to the key's ARN and the same context). Only the wrapped keys and
the ciphertext are kept, so a ciphertext moved to another secret, version or key fails to open
instead of returning data.

A sealed value is one ``bytes`` object: the wrapped data key followed by the sealed value. A
store may hold a hundred thousand of them, so nothing else is allocated per value; the ARN of
the wrapping key is kept by the owner (see :class:`SealedValue`).

Changing a secret's key with UpdateSecret wraps the labelled versions' data keys under the new
key as well, and AWS keeps the old wrapping so that either key opens them: the new wrap goes
into the sealed bytes and the old one moves to ``earlier``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, Protocol

from smstub._memo import remember

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "WRAPPED",
    "IntegrityError",
    "KeyUnavailable",
    "Rewrapped",
    "SealedValue",
    "Wrap",
    "WrappingKey",
    "open_sealed",
    "rewrap",
    "seal",
]

_NONCE = 12
_DATA_KEY = 32
_TAG = 16
# Length of a wrapped data key: its nonce, the encrypted key and the GCM tag.
WRAPPED = _NONCE + _DATA_KEY + _TAG

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
    """The data key wrapped under a KMS key the value was sealed under before.

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


class SealedValue(Protocol):
    """What opening and re-wrapping read: the sealed bytes, the key that wrapped them and the
    wraps under earlier keys (oldest first). A model's version is one."""

    @property
    def sealed(self) -> bytes: ...

    @property
    def key_arn(self) -> str: ...

    @property
    def key_ref(self) -> str | None: ...

    @property
    def earlier(self) -> tuple[Wrap, ...]: ...


class Rewrapped(NamedTuple):
    """A value's sealed state after :func:`rewrap`: assign it back onto the owner in one go."""

    sealed: bytes
    key_arn: str
    key_ref: str | None
    earlier: tuple[Wrap, ...]


def _wrap_context(key_arn: str, context: bytes) -> bytes:
    return key_arn.encode() + b"\0" + context


def _wrap(key: WrappingKey, data_key: bytes, key_nonce: bytes, context: bytes) -> bytes:
    return key_nonce + key.aead.encrypt(key_nonce, data_key, _wrap_context(key.arn, context))


def seal(key: WrappingKey, plaintext: bytes, context: bytes) -> bytes:
    """``plaintext`` under a fresh data key wrapped by ``key``, bound to ``context``: the wrapped
    data key (:data:`WRAPPED` bytes), then the nonce and the ciphertext."""
    fresh = os.urandom(_DATA_KEY + 2 * _NONCE)  # one call: the data key and both nonces
    data_key, nonce, key_nonce = fresh[:_DATA_KEY], fresh[_DATA_KEY:-_NONCE], fresh[-_NONCE:]
    return (
        _wrap(key, data_key, key_nonce, context)
        + nonce
        + new_cipher(data_key).encrypt(nonce, plaintext, context)
    )


def _data_key(value: SealedValue, cipher_for: CipherLookup, context: bytes) -> bytes:
    invalid_tag = _load()[1]
    tampered = False
    # The key in use first, then earlier keys from the newest.
    wraps = [(value.key_arn, value.sealed[:WRAPPED])]
    wraps += [(wrap.key_arn, wrap.blob) for wrap in reversed(value.earlier)]
    for key_arn, blob in wraps:
        aead = cipher_for(key_arn)
        if aead is None:
            continue
        try:
            return aead.decrypt(blob[:_NONCE], blob[_NONCE:], _wrap_context(key_arn, context))
        except invalid_tag:
            tampered = True
    if tampered:
        raise IntegrityError("the data key does not open in this context")
    raise KeyUnavailable("no usable KMS key for this value")


# Data-key ciphers of recently opened values: unwrapping costs an AES-GCM decryption and a
# cipher object per read. Keyed by (wrapping key ARN, sealed value, context), all objects that
# live as long as their version, whose hashes Python keeps, so a lookup hashes nothing anew (the
# entries hold at most 512 sealed values, of versions read lately). Bounded, oldest out first;
# an entry is used only while its wrapping key may still decrypt (checked on each read), so
# disabling a key takes effect at once. While a mock is active, its process holds every KMS key's
# material anyway, so a few hundred data keys add no exposure that matters; the cache is emptied
# when the last mock ends (smstub._install), so none outlives it.
_OPENED: dict[tuple[str, bytes, bytes], AESGCM] = {}
_OPENED_MAX = 512


def forget() -> None:
    """Drop every opened data key (the last mock ended: nothing may read them any more)."""
    _OPENED.clear()


def open_sealed(value: SealedValue, cipher_for: CipherLookup, context: bytes) -> bytes:
    """The plaintext, or :class:`KeyUnavailable` / :class:`IntegrityError`."""
    sealed = value.sealed
    key_arn = value.key_arn
    slot = (key_arn, sealed, context)
    cipher = _OPENED.get(slot)
    if cipher is None or cipher_for(key_arn) is None:
        aesgcm = _load()[0]
        cipher = aesgcm(_data_key(value, cipher_for, context))
        if cipher_for(key_arn) is not None:
            remember(_OPENED, slot, cipher, _OPENED_MAX)
    try:
        return cipher.decrypt(
            sealed[WRAPPED : WRAPPED + _NONCE], sealed[WRAPPED + _NONCE :], context
        )
    except _load()[1]:
        raise IntegrityError("the value does not open in this context") from None


def rewrap(
    value: SealedValue,
    cipher_for: CipherLookup,
    key: WrappingKey,
    key_ref: str | None,
    context: bytes,
) -> Rewrapped | None:
    """``value`` with its data key wrapped under ``key`` as well (the old wraps are kept), or
    None when ``key`` already wraps it. ``value`` itself is not changed."""
    if key.arn == value.key_arn or any(wrap.key_arn == key.arn for wrap in value.earlier):
        return None
    data_key = _data_key(value, cipher_for, context)
    sealed = value.sealed
    wrapped = _wrap(key, data_key, os.urandom(_NONCE), context)
    before = Wrap(value.key_arn, value.key_ref, sealed[:WRAPPED])
    return Rewrapped(wrapped + sealed[WRAPPED:], key.arn, key_ref, (*value.earlier, before))

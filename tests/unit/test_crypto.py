"""The envelope-encryption layer on its own: sealing, opening, re-wrapping, tamper evidence."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from smstub._crypto import IntegrityError, KeyUnavailable, Sealed, Wrap, open_sealed, rewrap, seal

CONTEXT = b"arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf\0v1"
VALUE = b"correct horse battery staple"


class FakeKey:
    """What the crypto layer needs from a KMS key: its ARN and a cipher over its material."""

    def __init__(self, name: str) -> None:
        self.arn = f"arn:aws:kms:us-east-1:123456789012:key/{name}"
        self.aead = AESGCM(os.urandom(32))


def lookup(*keys: FakeKey) -> Callable[[str], AESGCM | None]:
    by_arn = {key.arn: key.aead for key in keys}
    return by_arn.get


def test_sealed_value_opens_with_its_key_and_context() -> None:
    key = FakeKey("a")
    sealed = seal(key, "ref-a", VALUE, CONTEXT)
    assert open_sealed(sealed, lookup(key), CONTEXT) == VALUE


def test_sealed_value_holds_no_plaintext() -> None:
    sealed = seal(FakeKey("a"), "ref-a", VALUE, CONTEXT)
    assert VALUE not in sealed.ciphertext
    assert all(VALUE not in wrap.blob for wrap in sealed.wraps)
    assert "horse" not in repr(sealed)


def test_every_seal_uses_a_fresh_data_key_and_nonce() -> None:
    key = FakeKey("a")
    first, second = seal(key, None, VALUE, CONTEXT), seal(key, None, VALUE, CONTEXT)
    assert first.ciphertext != second.ciphertext
    assert first.wraps[0].blob != second.wraps[0].blob


def test_another_context_fails_integrity() -> None:
    key = FakeKey("a")
    sealed = seal(key, None, VALUE, CONTEXT)
    with pytest.raises(IntegrityError):
        open_sealed(sealed, lookup(key), CONTEXT.replace(b"v1", b"v2"))


def test_a_flipped_ciphertext_bit_fails_integrity() -> None:
    key = FakeKey("a")
    sealed = seal(key, None, VALUE, CONTEXT)
    body = bytearray(sealed.ciphertext)
    body[-1] ^= 1
    forged = Sealed(bytes(body), sealed.wraps)
    with pytest.raises(IntegrityError):
        open_sealed(forged, lookup(key), CONTEXT)


def test_a_wrap_presented_under_another_key_arn_fails_integrity() -> None:
    # Same material, different ARN: the key ARN is bound to the wrapped data key.
    key = FakeKey("a")
    impostor = FakeKey("b")
    impostor.aead = key.aead
    sealed = seal(key, None, VALUE, CONTEXT)
    wrap = sealed.wraps[0]
    renamed = Sealed(sealed.ciphertext, (Wrap(impostor.arn, wrap.key_ref, wrap.blob),))
    with pytest.raises(IntegrityError):
        open_sealed(renamed, lookup(impostor), CONTEXT)


def test_no_usable_key_is_reported_as_unavailable() -> None:
    sealed = seal(FakeKey("a"), None, VALUE, CONTEXT)
    with pytest.raises(KeyUnavailable):
        open_sealed(sealed, lookup(FakeKey("other")), CONTEXT)


def test_rewrap_adds_a_key_and_keeps_the_old_one() -> None:
    old, new = FakeKey("old"), FakeKey("new")
    sealed = seal(old, "old-ref", VALUE, CONTEXT)
    both = rewrap(sealed, lookup(old), new, "new-ref", CONTEXT)
    assert [w.key_ref for w in both.wraps] == ["old-ref", "new-ref"]
    assert open_sealed(both, lookup(new), CONTEXT) == VALUE
    assert open_sealed(both, lookup(old), CONTEXT) == VALUE
    assert len(sealed.wraps) == 1  # the original is left untouched


def test_rewrap_under_a_key_already_present_changes_nothing() -> None:
    key = FakeKey("a")
    sealed = seal(key, "ref", VALUE, CONTEXT)
    assert rewrap(sealed, lookup(key), key, "other-ref", CONTEXT) is sealed


def test_rewrap_needs_a_usable_old_key() -> None:
    sealed = seal(FakeKey("old"), None, VALUE, CONTEXT)
    with pytest.raises(KeyUnavailable):
        rewrap(sealed, lookup(), FakeKey("new"), None, CONTEXT)


def test_sealed_objects_are_slotted() -> None:
    sealed = seal(FakeKey("a"), None, VALUE, CONTEXT)
    assert not hasattr(sealed, "__dict__")
    assert not hasattr(sealed.wraps[0], "__dict__")

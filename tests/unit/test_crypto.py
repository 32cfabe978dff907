"""The envelope-encryption layer on its own: sealing, opening, re-wrapping, tamper evidence."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from smstub._crypto import (
    WRAPPED,
    IntegrityError,
    KeyUnavailable,
    Wrap,
    open_sealed,
    rewrap,
    seal,
)

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


@dataclass
class Held:
    """What the crypto layer reads from a version: the sealed bytes and the keys that wrap them."""

    sealed: bytes
    key_arn: str
    key_ref: str | None = None
    earlier: tuple[Wrap, ...] = ()


def sealed_under(key: FakeKey, ref: str | None = None) -> Held:
    return Held(seal(key, VALUE, CONTEXT), key.arn, ref)


def test_sealed_value_opens_with_its_key_and_context() -> None:
    key = FakeKey("a")
    assert open_sealed(sealed_under(key), lookup(key), CONTEXT) == VALUE


def test_sealed_value_is_one_blob_holding_no_plaintext() -> None:
    held = sealed_under(FakeKey("a"))
    assert type(held.sealed) is bytes
    # The wrapped data key, the value's nonce, the ciphertext and its tag: nothing else.
    assert len(held.sealed) == WRAPPED + 12 + len(VALUE) + 16
    assert VALUE not in held.sealed


def test_every_seal_uses_a_fresh_data_key_and_nonce() -> None:
    key = FakeKey("a")
    first, second = seal(key, VALUE, CONTEXT), seal(key, VALUE, CONTEXT)
    assert first[:WRAPPED] != second[:WRAPPED]
    assert first[WRAPPED:] != second[WRAPPED:]


def test_another_context_fails_integrity() -> None:
    key = FakeKey("a")
    with pytest.raises(IntegrityError):
        open_sealed(sealed_under(key), lookup(key), CONTEXT.replace(b"v1", b"v2"))


def test_a_flipped_ciphertext_bit_fails_integrity() -> None:
    key = FakeKey("a")
    held = sealed_under(key)
    body = bytearray(held.sealed)
    body[-1] ^= 1
    with pytest.raises(IntegrityError):
        open_sealed(Held(bytes(body), key.arn), lookup(key), CONTEXT)


def test_a_flipped_wrapped_key_bit_fails_integrity() -> None:
    key = FakeKey("a")
    held = sealed_under(key)
    body = bytearray(held.sealed)
    body[WRAPPED - 1] ^= 1
    with pytest.raises(IntegrityError):
        open_sealed(Held(bytes(body), key.arn), lookup(key), CONTEXT)


def test_a_wrap_presented_under_another_key_arn_fails_integrity() -> None:
    # Same material, different ARN: the key ARN is bound to the wrapped data key.
    key = FakeKey("a")
    impostor = FakeKey("b")
    impostor.aead = key.aead
    held = sealed_under(key)
    with pytest.raises(IntegrityError):
        open_sealed(Held(held.sealed, impostor.arn), lookup(impostor), CONTEXT)


def test_no_usable_key_is_reported_as_unavailable() -> None:
    with pytest.raises(KeyUnavailable):
        open_sealed(sealed_under(FakeKey("a")), lookup(FakeKey("other")), CONTEXT)


def test_rewrap_adds_a_key_and_keeps_the_old_one() -> None:
    old, new = FakeKey("old"), FakeKey("new")
    held = sealed_under(old, "old-ref")
    done = rewrap(held, lookup(old), new, "new-ref", CONTEXT)
    assert done is not None
    both = Held(*done)
    assert (both.key_arn, both.key_ref) == (new.arn, "new-ref")
    assert [(w.key_arn, w.key_ref) for w in both.earlier] == [(old.arn, "old-ref")]
    assert open_sealed(both, lookup(new), CONTEXT) == VALUE
    assert open_sealed(both, lookup(old), CONTEXT) == VALUE
    # The value itself is untouched; only the wrapping changed.
    assert both.sealed[WRAPPED:] == held.sealed[WRAPPED:]
    assert (held.key_arn, held.earlier) == (old.arn, ())


def test_a_third_key_keeps_both_earlier_wraps_in_order() -> None:
    first, second, third = FakeKey("1"), FakeKey("2"), FakeKey("3")
    held = sealed_under(first, "one")
    done = rewrap(held, lookup(first), second, "two", CONTEXT)
    assert done is not None
    done = rewrap(Held(*done), lookup(second), third, "three", CONTEXT)
    assert done is not None
    assert [w.key_ref for w in done.earlier] == ["one", "two"]
    for key in (first, second, third):
        assert open_sealed(Held(*done), lookup(key), CONTEXT) == VALUE


def test_rewrap_under_a_key_already_present_changes_nothing() -> None:
    old, new = FakeKey("old"), FakeKey("new")
    held = sealed_under(old, "ref")
    assert rewrap(held, lookup(old), old, "other-ref", CONTEXT) is None
    done = rewrap(held, lookup(old), new, None, CONTEXT)
    assert done is not None
    assert rewrap(Held(*done), lookup(old, new), old, None, CONTEXT) is None


def test_rewrap_needs_a_usable_old_key() -> None:
    with pytest.raises(KeyUnavailable):
        rewrap(sealed_under(FakeKey("old")), lookup(), FakeKey("new"), None, CONTEXT)


def test_wraps_are_slotted_and_show_no_key_material() -> None:
    wrap = Wrap("arn:aws:kms:us-east-1:123456789012:key/k", None, b"\x00" * WRAPPED)
    assert not hasattr(wrap, "__dict__")
    assert repr(wrap) == "<Wrap under arn:aws:kms:us-east-1:123456789012:key/k>"

"""Opaque, tamper-proof NextToken values.

A token carries the sort key of the last item returned and a digest of the query it belongs to,
signed with a per-process key. Continuing "after this key" (rather than "from this offset")
means items created or deleted between pages never make a walk repeat or skip an item that
existed for the whole walk.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import json
import os
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from smstub import _aws_errors as err

__all__ = ["decode_token", "encode_token", "page"]

_KEY = os.urandom(32)
K = TypeVar("K")
# MaxResults when a request gives none (UNVERIFIED[page-default]: AWS documents no default;
# 100 is the max).
DEFAULT_PAGE = 100


def _digest(scope: Hashable) -> str:
    return hashlib.sha256(repr(scope).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def encode_token(scope: Hashable, last: Any) -> str:
    body = base64.urlsafe_b64encode(json.dumps([_digest(scope), last]).encode()).decode()
    mac = hmac.new(_KEY, body.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{body}.{mac}"


def decode_token(token: str, scope: Hashable) -> Any:
    # A token reaches us as any string the client sent (the model gives it no pattern), so
    # compare bytes: non-ASCII text or lone surrogates must be refused, not crash the compare.
    raw = token.encode("utf-8", "surrogatepass")
    body, _, mac = raw.rpartition(b".")
    expected = hmac.new(_KEY, body, hashlib.sha256).hexdigest()[:32].encode()
    if not body or not hmac.compare_digest(mac, expected):
        raise err.InvalidNextTokenException()
    digest, last = json.loads(base64.urlsafe_b64decode(body))
    if digest != _digest(scope):
        raise err.InvalidNextTokenException()
    return last


def page(
    keys: Sequence[K], max_results: int | None, token: str | None, *, scope: Hashable
) -> tuple[Sequence[K], str | None]:
    """The page of ``keys`` (sorted, JSON-friendly) after ``token``, and the next token."""
    start = 0
    if token is not None:
        last = decode_token(token, scope)
        start = bisect.bisect_right(keys, _as_key(last))
    size = max_results or DEFAULT_PAGE
    chosen = keys[start : start + size]
    more = start + size < len(keys)
    return chosen, encode_token(scope, chosen[-1]) if more and chosen else None


def _as_key(value: Any) -> Any:
    return tuple(_as_key(v) for v in value) if isinstance(value, list) else value

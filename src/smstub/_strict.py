"""The strict-contract mode (``mock_secretsmanager(strict=True)``): every liberty AWS documents.

A test that passes against the plain fake may still rely on behaviour AWS does not promise. In
strict mode smstub takes those liberties, so such a test fails here rather than in production:

- Short and empty pages. ListSecrets, ListSecretVersionIds and BatchGetSecretValue (with
  ``Filters``) return pages holding fewer results than ``MaxResults``, sometimes none, with a
  ``NextToken`` whenever more may follow. The botocore model documents every ``MaxResults``
  (e.g. ListSecrets): "even when there are more results available, it's possible for fewer than
  MaxResults to be returned; you should check NextToken after every operation". Never two empty
  pages in a row, so a walk always ends.
- Eventual consistency of ListSecrets. AWS's ListSecrets reference: "ListSecrets is eventually
  consistent, however it might not reflect changes from the last five minutes." A new secret
  reaches ListSecrets, and a deleted one leaves it, after a lag of up to five minutes on the
  mock's clock (each secret its own lag). DescribeSecret and the other reads are current.
- Varied order where AWS documents none: the versions of ListSecretVersionIds, the values and
  errors of BatchGetSecretValue, and the version-to-stages maps.

Everything varies from a seeded generator, so a failure replays under the same seed
(``sm.strict_seed``). This is the operations layer (it reshapes wire dicts); no botocore.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import threading
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from typing import Any

from smstub import _aws_errors as err
from smstub._paging import decode_token, encode_token

__all__ = ["MAX_LAG", "StrictContract"]

Result = dict[str, Any]
Handler = Callable[[Any, dict[str, Any]], Any]
# AWS's ListSecrets reference: "might not reflect changes from the last five minutes".
MAX_LAG = timedelta(minutes=5)
_EMPTY_SHARE = 0.25  # how often a page that may be empty is
# MaxResults when a request gives none (the same defaults as the plain handlers).
_DEFAULT_PAGE = {"ListSecrets": 100, "ListSecretVersionIds": 100, "BatchGetSecretValue": 20}
_ITEMS = {
    "ListSecrets": "SecretList",
    "ListSecretVersionIds": "Versions",
    "BatchGetSecretValue": "SecretValues",
}


class StrictContract:
    """Handler wrappers that take AWS's documented liberties, driven by one seeded generator."""

    __slots__ = ("_lock", "_now", "_rng", "_specs", "seed")

    def __init__(self, seed: int, now: Callable[[], datetime]) -> None:
        self.seed = seed
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._now = now
        self._specs: dict[str, Any] = {}

    def spec(self, spec: Any) -> Any:
        """The operation ``spec`` (an ``_operations.Operation``) with this mode's handler."""
        found = self._specs.get(spec.name)
        if found is None:
            handler = self.wrap(spec.name, spec.handler)
            found = spec if handler is spec.handler else dataclasses.replace(spec, handler=handler)
            self._specs[spec.name] = found
        return found

    def wrap(self, operation: str, handler: Handler) -> Handler:
        """``handler`` with this mode's liberties for ``operation`` (itself when there are none)."""
        if operation in _ITEMS:

            def paged(backend: Any, params: dict[str, Any]) -> Any:
                return self._paged(operation, handler, backend, params)

            return paged
        if operation == "DescribeSecret":

            def described(backend: Any, params: dict[str, Any]) -> Any:
                out = handler(backend, params)
                if isinstance(out, dict) and "VersionIdsToStages" in out:
                    out["VersionIdsToStages"] = self._shuffled_map(out["VersionIdsToStages"])
                return out

            return described
        return handler

    # --- pages ------------------------------------------------------------------------------
    def _paged(self, operation: str, handler: Handler, backend: Any, params: dict[str, Any]) -> Any:
        if operation == "BatchGetSecretValue" and params.get("Filters") is None:
            out = handler(backend, params)  # an id list: one answer, no pages
            self._shuffle(out, "SecretValues")
            self._shuffle(out, "Errors")
            return out
        inner, after_empty = self._unwrap(operation, params)
        request = dict(params)
        request.pop("NextToken", None)
        if inner is not None:
            request["NextToken"] = inner
        if operation == "ListSecrets" and not params.get("IncludePlannedDeletion"):
            # Recently deleted secrets still show: ask for them, then hide the settled ones.
            request["IncludePlannedDeletion"] = True
        size = params.get("MaxResults") or _DEFAULT_PAGE[operation]
        empty = not after_empty and self._draw() < _EMPTY_SHARE
        request["MaxResults"] = 1 if empty else self._size(size)
        out = handler(backend, request)
        if not isinstance(out, dict):
            return out
        items = _ITEMS[operation]
        if empty:
            # The same place again: the next page starts where this one would have.
            out[items] = []
            if "Errors" in out:
                out["Errors"] = []
            out["NextToken"] = self._wrap(operation, params, inner)
            return out
        if operation == "ListSecrets":
            out[items] = self._settled(out[items], bool(params.get("IncludePlannedDeletion")))
            for entry in out[items]:
                if "SecretVersionsToStages" in entry:
                    entry["SecretVersionsToStages"] = self._shuffled_map(
                        entry["SecretVersionsToStages"]
                    )
        else:
            self._shuffle(out, items)
            self._shuffle(out, "Errors")
        return out

    def _size(self, requested: int) -> int:
        with self._lock:
            return self._rng.randint(1, max(1, requested))

    def _draw(self) -> float:
        with self._lock:
            return self._rng.random()

    def _scope(self, operation: str, params: dict[str, Any]) -> Hashable:
        shown = sorted(
            (k, repr(v)) for k, v in params.items() if k not in ("NextToken", "MaxResults")
        )
        return ("strict-empty-page", operation, tuple(shown))

    def _wrap(self, operation: str, params: dict[str, Any], inner: str | None) -> str:
        return encode_token(self._scope(operation, params), inner)

    def _unwrap(self, operation: str, params: dict[str, Any]) -> tuple[str | None, bool]:
        """The NextToken to hand the plain handler, and whether the last page was empty."""
        token = params.get("NextToken")
        if token is None:
            return None, False
        try:
            inner = decode_token(token, self._scope(operation, params))
        except (err.InvalidNextTokenException, ValueError):
            return token, False  # a plain token (or a bad one: the handler refuses it)
        return inner, True

    # --- eventual consistency of ListSecrets --------------------------------------------------
    def lag(self, arn: str, event: str) -> timedelta:
        """How long after ``event`` ("created" or "deleted") ListSecrets shows it for ``arn``."""
        digest = hashlib.sha256(f"{self.seed}\0{event}\0{arn}".encode()).digest()
        share = int.from_bytes(digest[:8], "big") / 2**64
        return timedelta(milliseconds=int(share * MAX_LAG / timedelta(milliseconds=1)))

    def _settled(self, entries: list[Result], include_deleted: bool) -> list[Result]:
        now = self._now().timestamp()
        shown = []
        for entry in entries:
            arn = entry.get("ARN", "")
            if entry.get("CreatedDate", 0) + self.lag(arn, "created").total_seconds() > now:
                continue  # not listed yet
            deleted = entry.get("DeletedDate")
            if deleted is not None and not include_deleted:
                if deleted + self.lag(arn, "deleted").total_seconds() <= now:
                    continue  # its deletion has reached the listing
                entry = {k: v for k, v in entry.items() if k != "DeletedDate"}
            shown.append(entry)
        return shown

    # --- order ------------------------------------------------------------------------------
    def _shuffle(self, out: Any, member: str) -> None:
        if isinstance(out, dict) and isinstance(out.get(member), list) and len(out[member]) > 1:
            items = list(out[member])
            with self._lock:
                self._rng.shuffle(items)
            out[member] = items

    def _shuffled_map(self, mapping: dict[str, Any]) -> dict[str, Any]:
        keys = list(mapping)
        with self._lock:
            self._rng.shuffle(keys)
        return {key: mapping[key] for key in keys}

    def __repr__(self) -> str:
        return f"<smstub StrictContract seed={self.seed}>"

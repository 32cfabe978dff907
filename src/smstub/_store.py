"""The store: everything one activation knows, across accounts and regions.

Backends per account and region, the KMS keys, the lock the handlers run under, store-wide
serial numbers (so ARN suffixes differ across regions, and a replica can take its primary's),
and the timeline of due work.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smstub import _pins
from smstub._clock import Clock
from smstub._ids import SuffixScheme, arn_base, partition_of
from smstub._kms import KeyRegistry
from smstub._model import Place
from smstub._timeline import Timeline

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._lambda import RotationFunctions
    from smstub._rotation_state import RotationFailure
    from smstub._strict import StrictContract

__all__ = ["Store"]

_ACCOUNT = re.compile(r"\d{12}\Z")
# What dispatch calls when a feature is switched on; None (the default) costs one check.
Hook = Callable[..., Any]


class Store:
    """Backends per account and region, keys, time and the work that falls due."""

    def __init__(
        self,
        account_id: str,
        clock: Clock | None = None,
        region: str = "us-east-1",
        *,
        owner: object = None,
        id_seed: int | None = None,
    ) -> None:
        self.account_id = account_id
        self.clock = clock or Clock()
        # sm.kms.create_key() without a region makes keys in the mock's configured region.
        self.kms = KeyRegistry(account_id, region)
        self.lock = threading.RLock()
        # The handle this store answers for: pinned while its deferred and due work runs.
        self.owner = owner
        self.timeline = Timeline()
        self.suffixes = SuffixScheme(id_seed)
        self._serials = itertools.count()
        self._backends: dict[tuple[str, str], RegionBackend] = {}
        self._due_running = threading.Lock()
        # Cross-cutting hooks of the request path (see smstub._dispatch), None while unused.
        self.faults: Hook | None = None
        self.authorizer: Hook | None = None
        self.journal: Hook | None = None
        self.unrecorded = 0  # calls answered while no journal recorded
        # Strict-contract mode (smstub._strict): the hook layer swaps in its handlers.
        self.strict: StrictContract | None = None
        # Rotation functions by Lambda ARN (the handle's registry, which outlives a reset), and
        # the rotations that did not complete (sm.rotation_failures).
        self.functions: RotationFunctions | None = None
        self.rotation_failures: list[RotationFailure] = []

    def backend(self, account: str, region: str) -> RegionBackend:
        key = (account, region)
        found = self._backends.get(key)
        if found is None:
            from smstub._backend import RegionBackend

            with self.lock:
                found = self._backends.get(key)
                if found is None:
                    place = Place(arn_base(partition_of(region), region, account), self.suffixes)
                    found = self._backends[key] = RegionBackend(self, account, region, place)
        return found

    def target(self, secret_id: object, account: str, region: str) -> RegionBackend:
        """The backend that answers for ``secret_id`` when ``account`` asks in ``region``: the
        account a Secrets Manager ARN names, if it names another one, else ``account``."""
        if type(secret_id) is str and secret_id.startswith("arn:"):
            parts = secret_id.split(":", 5)
            if len(parts) == 6 and parts[2] == "secretsmanager" and _ACCOUNT.match(parts[4]):
                account = parts[4]
        return self.backend(account, region)

    def backends(self) -> list[RegionBackend]:
        return list(self._backends.values())

    def next_serial(self) -> int:
        """A serial number no other secret of this store has (creation order)."""
        return next(self._serials)  # itertools.count is atomic under the GIL

    def run_due(self, now: datetime | None = None) -> None:
        """Run what has fallen due by ``now`` (default: the clock's now), in time order.

        Each action runs outside the store lock with this store's handle pinned, and while it
        runs the clock reads the time it was due at, as if time had passed through it. Requests
        that an action makes do not run the timeline again, and a second thread that finds it
        running goes on without waiting.
        """
        if self.timeline.next_due() is None:
            return
        if not self._due_running.acquire(blocking=False):
            return
        try:
            until = self.clock.now() if now is None else now
            while (due := self.timeline.pop_due(until)) is not None:
                when, action = due
                with _pins.pinned(self.owner), self.clock.reading(when):
                    action(when)
        finally:
            self._due_running.release()

    def __repr__(self) -> str:
        return f"<smstub Store account={self.account_id} regions={len(self._backends)}>"

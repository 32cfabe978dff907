"""What the handle offers test authors beyond the API: planned faults and latency, the call
journal, and seeds and snapshots. A base class of :class:`~smstub._handle.SecretsManagerMock`,
kept apart so that the handle's own module stays small; its state lives in the handle's slots.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smstub.errors import SmstubError

if TYPE_CHECKING:
    from smstub._clock import Clock
    from smstub._faults import FaultPlan, PlannedFault
    from smstub._journal import CallJournal
    from smstub._seed import SeedDocument
    from smstub._store import Store

__all__ = ["HandleTools", "SeedSource", "fit_to_model"]

SeedSource = str | Path | Mapping[str, Any]
_creating = threading.Lock()  # the first uses may come from several threads at once


class HandleTools:
    """Faults, the journal, seeds and snapshots (see :class:`SecretsManagerMock`)."""

    # The handle's own (SecretsManagerMock.__init__ sets them); the rest are its slots.
    __slots__ = ("_faults", "_journal")
    _faults: FaultPlan | None
    _journal: CallJournal | None
    _store: Store | None
    account_id: str
    clock: Clock
    default_region: str

    @property
    def store(self) -> Store:
        raise NotImplementedError

    # --- faults and latency --------------------------------------------------------------------
    def fail_next(
        self,
        operation: str,
        error_code: str,
        *,
        times: int = 1,
        message: str | None = None,
        status: int | None = None,
        secret_id: str | None = None,
    ) -> PlannedFault:
        """Answer the next ``times`` calls of ``operation`` (naming ``secret_id``, if given) with
        AWS's ``error_code`` error: its JSON body and HTTP status, so botocore's retry modes
        retry or give up as against AWS. The calls change nothing.

        >>> import boto3
        >>> from smstub import mock_secretsmanager
        >>> with mock_secretsmanager() as sm:
        ...     client = boto3.client("secretsmanager", region_name="us-east-1")
        ...     _ = sm.fail_next("ListSecrets", "ResourceNotFoundException")
        ...     try:
        ...         client.list_secrets()
        ...     except client.exceptions.ResourceNotFoundException as error:
        ...         error.response["ResponseMetadata"]["HTTPStatusCode"]
        400
        """
        return self._fault_plan().fail_next(
            _operation(operation),
            error_code,
            times=times,
            message=message,
            status=status,
            secret_id=secret_id,
        )

    def delay(self, operation: str, seconds: float) -> None:
        """Make every call of ``operation`` take ``seconds`` on the mock's clock (0 removes it)."""
        self._fault_plan().delay(_operation(operation), seconds)

    def _fault_plan(self) -> FaultPlan:
        plan = self._faults
        if plan is None:
            from smstub._faults import FaultPlan

            with _creating:
                plan = self._faults
                if plan is None:
                    plan = self._faults = FaultPlan()
        self.store.faults = plan
        return plan

    # --- the journal ---------------------------------------------------------------------------
    @property
    def calls(self) -> CallJournal:
        """The answered calls, oldest first, sensitive members redacted. It records from its
        first use (or from activation, with ``record_calls=True``)."""
        journal = self._journal
        if journal is None:
            with _creating:
                journal = self._journal
                if journal is None:
                    journal = self._journal = self._new_journal()
                    store = self._store
                    journal.missed = 0 if store is None else store.unrecorded
        self.store.journal = journal
        return journal

    def _new_journal(self) -> CallJournal:
        from smstub import _wire
        from smstub._journal import CallJournal

        return CallJournal(_wire.redact, self.clock.now)

    # --- seeds and snapshots -------------------------------------------------------------------
    def seed(self, secrets: Mapping[str, Any], /) -> dict[str, str]:
        """Create secrets by name: ``{"db": "hunter2", "api": {"SecretString": ...,
        "Description": ...}}`` (a value, or a seed entry without its Name); returns their ARNs.
        """
        from smstub._seed_reader import parse

        if not isinstance(secrets, Mapping):
            raise SmstubError("sm.seed() takes a mapping of secret names to values or entries")
        entries = []
        for name, entry in secrets.items():
            if isinstance(entry, str):
                entries.append({"Name": name, "SecretString": entry})
            elif isinstance(entry, (bytes, bytearray)):
                import base64

                entries.append({"Name": name, "SecretBinary": base64.b64encode(entry).decode()})
            elif isinstance(entry, Mapping):
                entries.append({**entry, "Name": name})
            else:
                raise SmstubError(
                    f"sm.seed(): the value for {name!r} must be a str, bytes or a mapping, "
                    f"not {type(entry).__name__}"
                )
        doc = parse({"Secrets": entries})
        self._load(doc)
        return {
            entry.name: self.store.backend(
                entry.account or self.account_id, entry.region or self.default_region
            )
            .find(entry.name)
            .arn
            for entry in doc.secrets
        }

    def load(self, source: SeedSource) -> None:
        """Add the keys and secrets of a seed document: a mapping, or a JSON or YAML file."""
        from smstub._seed_reader import read

        self._load(read(source))

    def _load(self, doc: SeedDocument) -> None:
        from smstub._snapshot import load

        load(self.store, fit_to_model(doc), self.default_region)

    def dump(self, path: str | Path | None = None) -> dict[str, Any]:
        """Everything the mock holds (values included) as a seed document; written to ``path``
        as well (JSON, or YAML for ``.yaml``/``.yml``) when given."""
        from smstub._seed import render
        from smstub._snapshot import dump

        document = render(dump(self.store))
        if path is not None:
            _write(Path(path), document)
        return document


def fit_to_model(doc: SeedDocument) -> SeedDocument:
    """``doc``, refused when a secret carries ``Type``, which the installed botocore's model
    lacks (botocore 1.42.8 has it, 1.40.46 not): DescribeSecret could not show it, and botocore
    could not have written it."""
    if any(secret.secret_type is not None for secret in doc.secrets) and not _has_type():
        from smstub._seed import SeedError

        where = next(secret.where for secret in doc.secrets if secret.secret_type is not None)
        raise SeedError(where, "member 'Type' is not in the installed botocore's model")
    return doc


def _has_type() -> bool:
    from smstub import _wire

    model = _wire.operation_model("DescribeSecret")
    shape = None if model is None else model.output_shape
    return shape is not None and "Type" in shape.members


def _operation(name: str) -> str:
    """``name`` if the installed botocore has that Secrets Manager operation."""
    from smstub import _wire

    known = _wire.service_model().operation_names
    if name in known:
        from smstub._operations import OPERATIONS

        if name not in OPERATIONS:
            # Its calls are refused before any fault could answer them.
            raise SmstubError(f"{name} is not answered by this smstub, so it cannot fail on plan")
        return name
    import difflib

    close = difflib.get_close_matches(str(name), known, n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise SmstubError(
        f"{name!r} is not a Secrets Manager operation of the installed botocore{hint}"
    )


def _write(path: Path, document: dict[str, Any]) -> None:
    if path.suffix.lower() in (".yaml", ".yml"):
        import importlib

        yaml: Any = importlib.import_module("yaml")
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
    else:
        import json

        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")

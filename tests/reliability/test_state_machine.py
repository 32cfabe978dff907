"""Random sequences of Secrets Manager calls, checked after every step against a reference model.

The model below is AWS's documented and recorded behaviour (shared/AWS-BEHAVIOUR.md and the
botocore model's documentation) for versions, staging labels, deletion and tags, small enough to
read in one sitting. Every call goes through a real boto3 client; after every step each secret's
DescribeSecret and ListSecretVersionIds must match the model, and the label invariants must hold
on what the fake itself reports. A call the model expects to fail must fail with the model's
error and leave every secret exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from smstub import mock_secretsmanager
from tests.reliability._counts import count

CURRENT, PREVIOUS, PENDING = "AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"
NAMES = ("alpha", "beta/one", "gamma")
LABELS = (CURRENT, PENDING, PREVIOUS, "CUSTOM1", "CUSTOM2")
TAG_KEYS = ("k1", "k2", "k3", "aws:reserved")
# AWS quotas: 65,536 bytes per value. 40,000 "é" pass the model's 65,536-character limit but
# not the byte quota, so they reach the fake's own check.
TOO_BIG = ("s", "é" * 40_000)

NOT_FOUND = "Secrets Manager can't find the specified secret."
MARKED = "You can't perform this operation on the secret because it was marked for deletion."
SCHEDULED = (
    "You can't create this secret because a secret with this name is already scheduled for "
    "deletion."
)

Value = tuple[str, Any]  # ("s", str) or ("b", bytes)
Expect = tuple[str, str | None] | None  # (code, exact message or None), None for success

values: st.SearchStrategy[Value] = st.one_of(
    st.text(min_size=1, max_size=30).map(lambda s: ("s", s)),
    st.binary(min_size=1, max_size=30).map(lambda b: ("b", b)),
    st.just(TOO_BIG),
)
tag_lists = st.lists(st.tuples(st.sampled_from(TAG_KEYS), st.text(max_size=6)), max_size=3)

_client: Any = None


def client() -> Any:
    global _client
    if _client is None:
        _client = boto3.Session(region_name="us-east-1").client("secretsmanager")
    return _client


def value_params(value: Value) -> dict[str, Any]:
    kind, data = value
    return {"SecretString": data} if kind == "s" else {"SecretBinary": data}


def too_big(value: Value | None) -> bool:
    return value is not None and value[0] == "s" and len(value[1].encode()) > 65536


@dataclass
class ModelSecret:
    """What AWS would hold for one secret."""

    versions: dict[str, Value] = field(default_factory=dict)  # in creation order
    stages: dict[str, str] = field(default_factory=dict)  # label -> version id
    tags: dict[str, str] | None = None  # None until first tagged: no Tags key at all
    description: str | None = None
    deleted: bool = False
    due_day: int | None = None

    def labels(self, version_id: str) -> list[str]:
        return sorted(label for label, held in self.stages.items() if held == version_id)

    def attach(self, label: str, version_id: str) -> str | None:
        previous = self.stages.get(label)
        self.stages[label] = version_id
        return previous if previous != version_id else None

    def move(self, label: str, version_id: str) -> None:
        previous = self.attach(label, version_id)
        if label == CURRENT and previous is not None:
            # AWS: whenever AWSCURRENT moves, AWSPREVIOUS moves to the version it left.
            self.attach(PREVIOUS, previous)

    def add_version(self, version_id: str, value: Value, labels: list[str]) -> None:
        self.versions[version_id] = value
        old_current = self.stages.get(CURRENT)
        for label in dict.fromkeys(labels):
            self.move(label, version_id)
        if CURRENT not in self.stages:
            # botocore model docs (PutSecretValue): "If this operation creates the first version
            # for the secret, then Secrets Manager automatically attaches the staging label
            # AWSCURRENT to it."
            self.attach(CURRENT, version_id)
        moved = old_current is not None and self.stages[CURRENT] != old_current
        if moved and self.stages.get(PENDING) == old_current:
            # Recorded: a new current from Put/Update takes AWSPENDING off the old current.
            del self.stages[PENDING]

    def labelled(self) -> dict[str, list[str]]:
        return {vid: self.labels(vid) for vid in self.versions if self.labels(vid)}

    def stage_move_is_invalid(
        self, label: str, remove_from: str | None, move_to: str | None
    ) -> bool:
        """Whether AWS refuses this UpdateSecretVersionStage (InvalidParameterException)."""
        holder = self.stages.get(label)
        if move_to is not None and move_to not in self.versions:
            return True
        if remove_from is not None:
            # The label must be on RemoveFromVersionId; AWSCURRENT can only move, not be removed.
            return (
                remove_from not in self.versions
                or holder != remove_from
                or (move_to is None and label == CURRENT)
            )
        # RemoveFromVersionId can't be empty while the label is on another version.
        return holder is not None and move_to is not None and holder != move_to


def _versions(name: str, include: bool, page_size: int | None = None) -> list[dict[str, Any]]:
    """Every version ListSecretVersionIds shows, following NextToken (it has no paginator)."""
    params: dict[str, Any] = {"SecretId": name, "IncludeDeprecated": include}
    if page_size is not None:
        params["MaxResults"] = page_size
    versions: list[dict[str, Any]] = []
    while True:
        page = client().list_secret_version_ids(**params)
        versions += page["Versions"]
        if "NextToken" not in page:
            return versions
        params["NextToken"] = page["NextToken"]


class SecretsMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._activation = mock_secretsmanager()
        self.sm = self._activation.__enter__()
        self.model: dict[str, ModelSecret] = {}
        self.day = 0
        count("state machine runs")

    def teardown(self) -> None:
        self._activation.__exit__(None, None, None)

    # --- helpers ----------------------------------------------------------------------------
    def live(self, name: str) -> tuple[ModelSecret | None, Expect]:
        """The model secret for a call that needs a secret not scheduled for deletion."""
        secret = self.model.get(name)
        if secret is None:
            return None, ("ResourceNotFoundException", NOT_FOUND)
        if secret.deleted:
            return None, ("InvalidRequestException", MARKED)
        return secret, None

    def token(self, data: st.DataObject, name: str) -> str:
        """A fresh token, or (sometimes) the id of a version that exists already."""
        known = sorted({vid for s in self.model.values() for vid in s.versions})
        own = sorted(self.model[name].versions) if name in self.model else []
        choice = data.draw(st.integers(0, 5), label="token kind")
        if choice == 0 and own:
            return data.draw(st.sampled_from(own), label="own version id")
        if choice == 1 and known:
            return data.draw(st.sampled_from(known), label="any version id")
        return str(data.draw(st.uuids(), label="fresh token"))

    def version_ref(self, data: st.DataObject, name: str, label: str) -> str | None:
        own = sorted(self.model[name].versions) if name in self.model else []
        choice = data.draw(st.integers(0, 4), label=f"{label} kind")
        if choice == 0:
            return None
        if choice == 1 or not own:
            return str(data.draw(st.uuids(), label=f"{label} unknown"))
        return data.draw(st.sampled_from(own), label=label)

    def snapshot(self) -> dict[str, Any]:
        snap: dict[str, Any] = {}
        for name in NAMES:
            try:
                described = client().describe_secret(SecretId=name)
            except ClientError as error:
                snap[name] = error.response["Error"]["Code"]
                continue
            described.pop("ResponseMetadata")
            snap[name] = (described, _versions(name, include=True))
        return snap

    def call(self, expect: Expect, operation: str, **params: Any) -> dict[str, Any] | None:
        """Call ``operation``; it must succeed, or fail exactly as ``expect`` says and change
        nothing."""
        count("state machine calls")
        before = self.snapshot() if expect is not None else None
        shown = {k: v for k, v in params.items() if k not in ("SecretString", "SecretBinary")}
        try:
            result: dict[str, Any] = getattr(client(), operation)(**params)
        except ClientError as error:
            response: Any = error.response
        else:
            assert expect is None, f"{operation}{shown} succeeded; the model expected {expect}"
            return result
        code, message = response["Error"]["Code"], response["Error"]["Message"]
        assert expect is not None, f"{operation}{shown} failed: {code} {message!r}"
        assert code == expect[0], f"{operation}{shown}: got {code} {message!r}, want {expect}"
        if expect[1] is not None:
            assert message == expect[1], f"{operation}{shown}: {message!r}"
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert self.snapshot() == before, f"failed {operation}{shown} changed state"
        count("state machine expected errors")
        return None

    # --- rules ------------------------------------------------------------------------------
    @initialize(
        start=st.lists(st.none() | values.filter(lambda v: not too_big(v)), min_size=3, max_size=3)
    )
    def start_with_secrets(self, start: list[Value | None]) -> None:
        """Every name exists at first, some without any version."""
        for index, (name, value) in enumerate(zip(NAMES, start, strict=True)):
            token = f"{index:032d}"
            params = {} if value is None else value_params(value)
            self.call(None, "create_secret", Name=name, ClientRequestToken=token, **params)
            secret = self.model[name] = ModelSecret()
            if value is not None:
                secret.add_version(token, value, [CURRENT])

    @rule(
        name=st.sampled_from(NAMES),
        value=st.none() | values,
        description=st.none() | st.text(max_size=8),
        tags=st.none() | tag_lists,
        data=st.data(),
    )
    def create_secret(
        self,
        name: str,
        value: Value | None,
        description: str | None,
        tags: list[tuple[str, str]] | None,
        data: st.DataObject,
    ) -> None:
        token = self.token(data, name)
        params: dict[str, Any] = {"Name": name, "ClientRequestToken": token}
        if value is not None:
            params.update(value_params(value))
        if description is not None:
            params["Description"] = description
        if tags is not None:
            params["Tags"] = [{"Key": k, "Value": v} for k, v in tags]
        existing = self.model.get(name)
        expect: Expect = None
        if too_big(value):
            expect = ("ValidationException", None)
        elif any(k.lower().startswith("aws:") for k, _ in tags or ()):
            expect = ("InvalidParameterException", None)
        elif existing is not None and existing.deleted:
            expect = ("InvalidRequestException", SCHEDULED)
        elif existing is not None:
            if value is not None and token in existing.versions:
                if existing.versions[token] != value:
                    expect = ("ResourceExistsException", None)
            else:
                expect = (
                    "ResourceExistsException",
                    f"The operation failed because the secret {name} already exists.",
                )
        result = self.call(expect, "create_secret", **params)
        if result is None:
            return
        assert result["Name"] == name
        if existing is not None:  # an idempotent retry: the same version, nothing changes
            assert result["VersionId"] == token
            return
        secret = self.model[name] = ModelSecret(description=description or None)
        if tags:
            secret.tags = dict(tags)
        if value is not None:
            assert result["VersionId"] == token
            secret.add_version(token, value, [CURRENT])
        else:
            assert "VersionId" not in result

    @rule(
        name=st.sampled_from(NAMES),
        value=values,
        labels=st.none() | st.lists(st.sampled_from(LABELS), min_size=1, max_size=3),
        data=st.data(),
    )
    def put_secret_value(
        self, name: str, value: Value, labels: list[str] | None, data: st.DataObject
    ) -> None:
        token = self.token(data, name)
        params: dict[str, Any] = {"SecretId": name, "ClientRequestToken": token}
        params.update(value_params(value))
        if labels is not None:
            params["VersionStages"] = labels
        secret, expect = self.live(name)
        if too_big(value):
            secret, expect = None, ("ValidationException", None)
        retry = secret is not None and token in secret.versions
        if secret is not None and retry and secret.versions[token] != value:
            expect = ("ResourceExistsException", None)
        result = self.call(expect, "put_secret_value", **params)
        if result is None:
            return
        assert secret is not None
        if not retry:
            secret.add_version(token, value, labels or [CURRENT])
        assert result["VersionId"] == token
        assert sorted(result["VersionStages"]) == secret.labels(token)

    @rule(name=st.sampled_from(NAMES), data=st.data())
    def retry_put_secret_value(self, name: str, data: st.DataObject) -> None:
        """The same token and value again: success, and no new version."""
        secret = self.model.get(name)
        if secret is None or secret.deleted or not secret.versions:
            return
        token = data.draw(st.sampled_from(sorted(secret.versions)))
        value = secret.versions[token]
        result = self.call(
            None, "put_secret_value", SecretId=name, ClientRequestToken=token, **value_params(value)
        )
        assert result is not None
        assert result["VersionId"] == token

    @rule(
        name=st.sampled_from(NAMES),
        value=st.none() | values,
        description=st.none() | st.text(max_size=8),
        data=st.data(),
    )
    def update_secret(
        self, name: str, value: Value | None, description: str | None, data: st.DataObject
    ) -> None:
        token = self.token(data, name)
        params: dict[str, Any] = {"SecretId": name, "ClientRequestToken": token}
        if value is not None:
            params.update(value_params(value))
        if description is not None:
            params["Description"] = description
        secret, expect = self.live(name)
        if too_big(value):
            secret, expect = None, ("ValidationException", None)
        retry = secret is not None and value is not None and token in secret.versions
        if secret is not None and retry and secret.versions[token] != value:
            expect = ("ResourceExistsException", None)
        result = self.call(expect, "update_secret", **params)
        if result is None:
            return
        assert secret is not None
        if retry:
            assert result["VersionId"] == token
            return
        if description is not None:
            secret.description = description or None
        if value is not None:
            secret.add_version(token, value, [CURRENT])
            assert result["VersionId"] == token
        else:
            assert "VersionId" not in result

    @rule(name=st.sampled_from(NAMES), label=st.sampled_from(LABELS), data=st.data())
    def update_secret_version_stage(self, name: str, label: str, data: st.DataObject) -> None:
        remove_from = self.version_ref(data, name, "RemoveFromVersionId")
        move_to = self.version_ref(data, name, "MoveToVersionId")
        params: dict[str, Any] = {"SecretId": name, "VersionStage": label}
        if remove_from is not None:
            params["RemoveFromVersionId"] = remove_from
        if move_to is not None:
            params["MoveToVersionId"] = move_to
        secret, expect = self.live(name)
        if secret is not None and secret.stage_move_is_invalid(label, remove_from, move_to):
            expect = ("InvalidParameterException", None)
        result = self.call(expect, "update_secret_version_stage", **params)
        if result is None:
            return
        assert secret is not None
        assert result["Name"] == name
        if move_to is None:
            if remove_from is not None and secret.stages.get(label) == remove_from:
                del secret.stages[label]
        else:
            secret.move(label, move_to)

    @rule(
        name=st.sampled_from(NAMES),
        window=st.sampled_from([None, None, 6, 7, 30, 31]),
        force=st.sampled_from([None, False, True]),
    )
    def delete_secret(self, name: str, window: int | None, force: bool | None) -> None:
        params: dict[str, Any] = {"SecretId": name}
        if window is not None:
            params["RecoveryWindowInDays"] = window
        if force is not None:
            params["ForceDeleteWithoutRecovery"] = force
        secret = self.model.get(name)
        expect: Expect = None
        if window is not None and (force or not 7 <= window <= 30):
            # The window is 7..30 days, and can't be combined with a forced delete.
            expect = ("InvalidParameterException", None)
        elif secret is None and not force:
            expect = ("ResourceNotFoundException", NOT_FOUND)
        elif secret is not None and secret.deleted and not force:
            expect = ("InvalidRequestException", MARKED)
        result = self.call(expect, "delete_secret", **params)
        if result is None:
            return
        assert result["Name"] == name
        if secret is None:
            return  # a forced delete of a missing secret answers as if it existed
        if force:
            del self.model[name]
        else:
            secret.deleted = True
            secret.due_day = self.day + (window or 30)

    @rule(name=st.sampled_from(NAMES))
    def restore_secret(self, name: str) -> None:
        secret = self.model.get(name)
        expect: Expect = None if secret is not None else ("ResourceNotFoundException", NOT_FOUND)
        result = self.call(expect, "restore_secret", SecretId=name)
        if result is not None and secret is not None:
            secret.deleted, secret.due_day = False, None

    @rule(name=st.sampled_from(NAMES), tags=tag_lists)
    def tag_resource(self, name: str, tags: list[tuple[str, str]]) -> None:
        secret, expect = self.live(name)
        if any(k.lower().startswith("aws:") for k, _ in tags):
            secret, expect = None, ("InvalidParameterException", None)
        params = {"SecretId": name, "Tags": [{"Key": k, "Value": v} for k, v in tags]}
        if self.call(expect, "tag_resource", **params) is not None and secret is not None:
            merged = dict(secret.tags or {})
            merged.update(tags)
            secret.tags = merged

    @rule(name=st.sampled_from(NAMES), keys=st.lists(st.sampled_from(TAG_KEYS), max_size=3))
    def untag_resource(self, name: str, keys: list[str]) -> None:
        secret, expect = self.live(name)
        if any(k.lower().startswith("aws:") for k in keys):
            secret, expect = None, ("InvalidParameterException", None)
        result = self.call(expect, "untag_resource", SecretId=name, TagKeys=keys)
        if result is not None and secret is not None and secret.tags is not None:
            secret.tags = {k: v for k, v in secret.tags.items() if k not in keys}

    @rule(
        name=st.sampled_from(NAMES),
        stage=st.none() | st.sampled_from(LABELS),
        data=st.data(),
    )
    def get_secret_value(self, name: str, stage: str | None, data: st.DataObject) -> None:
        version_id = self.version_ref(data, name, "VersionId")
        params: dict[str, Any] = {"SecretId": name}
        if version_id is not None:
            params["VersionId"] = version_id
        if stage is not None:
            params["VersionStage"] = stage
        secret, expect = self.live(name)
        chosen = None
        if secret is not None:
            if version_id is not None:
                if version_id not in secret.versions:
                    expect = (
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for VersionId: "
                        f"{version_id}",
                    )
                elif stage is not None and stage not in secret.labels(version_id):
                    expect = (
                        "InvalidRequestException",
                        "You provided a VersionStage that is not associated to the provided "
                        "VersionId.",
                    )
                else:
                    chosen = version_id
            else:
                chosen = secret.stages.get(stage or CURRENT)
                if chosen is None:
                    expect = (
                        "ResourceNotFoundException",
                        "Secrets Manager can't find the specified secret value for staging "
                        f"label: {stage or CURRENT}",
                    )
        result = self.call(expect, "get_secret_value", **params)
        if result is None:
            return
        assert secret is not None
        assert chosen is not None
        self.check_read(result, secret, chosen)

    @rule(name=st.sampled_from(NAMES))
    def read_every_version(self, name: str) -> None:
        """Every version, deprecated ones included, still holds the value written to it."""
        secret = self.model.get(name)
        if secret is None or secret.deleted:
            return
        for version_id in secret.versions:
            result = self.call(None, "get_secret_value", SecretId=name, VersionId=version_id)
            assert result is not None
            self.check_read(result, secret, version_id)

    @staticmethod
    def check_read(result: dict[str, Any], secret: ModelSecret, version_id: str) -> None:
        kind, data = secret.versions[version_id]
        assert result["VersionId"] == version_id
        if kind == "s":
            assert result["SecretString"] == data
            assert "SecretBinary" not in result
        else:
            assert result["SecretBinary"] == data
            assert "SecretString" not in result
        assert sorted(result.get("VersionStages", [])) == secret.labels(version_id)
        if not secret.labels(version_id):
            assert "VersionStages" not in result

    @rule(
        name=st.sampled_from(NAMES),
        include=st.booleans(),
        page_size=st.none() | st.integers(1, 3),
    )
    def list_secret_version_ids(self, name: str, include: bool, page_size: int | None) -> None:
        secret = self.model.get(name)
        if secret is None:
            self.call(
                ("ResourceNotFoundException", NOT_FOUND),
                "list_secret_version_ids",
                SecretId=name,
                IncludeDeprecated=include,
            )
            return
        listed = _versions(name, include, page_size)
        self.check_listing(name, secret, listed, include)

    @precondition(lambda self: any(s.deleted for s in self.model.values()))
    @rule(days=st.sampled_from([1, 7, 8, 30, 31]))
    def advance_clock(self, days: int) -> None:
        self.sm.clock.advance(days=days)
        self.day += days
        for name, secret in list(self.model.items()):
            if secret.due_day is not None and secret.due_day <= self.day:
                del self.model[name]  # the recovery window ended: purged

    # --- checks after every step ------------------------------------------------------------
    def check_listing(
        self, name: str, secret: ModelSecret, listed: list[dict[str, Any]], include: bool
    ) -> None:
        ids = [v["VersionId"] for v in listed]
        assert len(ids) == len(set(ids)), f"{name}: a version is listed twice: {ids}"
        want = set(secret.versions) if include else set(secret.labelled())
        assert set(ids) == want, f"{name} (IncludeDeprecated={include})"
        for version in listed:
            labels = secret.labels(version["VersionId"])
            if labels:
                assert sorted(version["VersionStages"]) == labels, name
            else:  # deprecated: listed only on request, and without a VersionStages key
                assert include
                assert "VersionStages" not in version, name

    @invariant()
    def every_secret_matches_the_model(self) -> None:
        count("state machine checks")
        for name in NAMES:
            secret = self.model.get(name)
            if secret is None:
                with pytest.raises(ClientError) as missing:
                    client().describe_secret(SecretId=name)
                assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
                continue
            described = client().describe_secret(SecretId=name)
            labelled = secret.labelled()
            if labelled:
                shown = {k: sorted(v) for k, v in described["VersionIdsToStages"].items()}
                assert shown == labelled, name
            else:
                assert "VersionIdsToStages" not in described, name
            assert ("DeletedDate" in described) == secret.deleted, name
            assert described.get("Description") == secret.description, name
            if secret.tags is None:
                assert "Tags" not in described, name
            else:
                assert described["Tags"] == [
                    {"Key": k, "Value": v} for k, v in secret.tags.items()
                ], name
            every = _versions(name, include=True)
            self.check_listing(name, secret, every, include=True)
            # The default listing (deprecated versions hidden) is checked by the
            # list_secret_version_ids rule, which the machine calls often enough.
            self.check_label_invariants(name, every)

    @staticmethod
    def check_label_invariants(name: str, versions: list[dict[str, Any]]) -> None:
        """What must hold whatever the model says: one AWSCURRENT once a secret has versions,
        at most one AWSPREVIOUS and AWSPENDING, and every label on exactly one version."""
        holders: dict[str, list[str]] = {}
        for version in versions:
            for label in version.get("VersionStages", []):
                holders.setdefault(label, []).append(version["VersionId"])
        if versions:
            assert len(holders.get(CURRENT, [])) == 1, f"{name}: AWSCURRENT on {holders}"
        for label, on in holders.items():
            assert len(on) == 1, f"{name}: {label} is on {len(on)} versions"


def test_random_call_sequences_match_the_model() -> None:
    base = settings()
    run_state_machine_as_test(
        SecretsMachine,
        settings=settings(base, stateful_step_count=30 if base.max_examples < 1000 else 40),
    )


def test_first_version_becomes_current_whatever_version_stages_says() -> None:
    """Regression (found by the state machine): PutSecretValue with VersionStages=[AWSPENDING]
    on a secret without versions left it with no AWSCURRENT at all."""
    with mock_secretsmanager():
        client().create_secret(Name="empty")
        put = client().put_secret_value(
            SecretId="empty", SecretString="v1", VersionStages=["AWSPENDING"]
        )
        assert sorted(put["VersionStages"]) == [CURRENT, PENDING]
        assert client().get_secret_value(SecretId="empty")["SecretString"] == "v1"
        second = client().put_secret_value(
            SecretId="empty", SecretString="v2", VersionStages=["CUSTOM1"]
        )
        assert second["VersionStages"] == ["CUSTOM1"]  # only the first version is special
        assert client().get_secret_value(SecretId="empty")["SecretString"] == "v1"

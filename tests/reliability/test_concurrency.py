"""Many threads, one fake: no crash, no lost or duplicated version, labels intact.

Eight threads run a few hundred mixed operations each (a few thousand with
``HYPOTHESIS_PROFILE=deep``) on secrets they share and secrets of their own, half of them
through one shared client and half through clients of their own. The only AWS error allowed is
the one a race legitimately causes (moving AWSCURRENT away from a version another thread has
just moved it from). Afterwards every version written exists exactly once, holds its value, and
the label invariants hold.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import traceback
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smstub import mock_secretsmanager
from tests.reliability._counts import count

THREADS = 8
DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"
OPS_PER_THREAD = 3000 if DEEP else 300
SHARED = ("shared-0", "shared-1", "shared-2")
REGION = "us-east-1"


@pytest.fixture(autouse=True)
def _switch_threads_often() -> Iterator[None]:
    """Let the interpreter switch threads every 10 µs instead of 5 ms, so that threads
    interleave inside smstub's code rather than between whole calls."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(before)


_clients: list[Any] = []


def clients() -> list[Any]:
    """One client per thread, each from its own session, made once (a client costs ~0.1 s);
    clients made before a mock is activated are intercepted all the same."""
    if not _clients:
        for _ in range(THREADS):
            _clients.append(boto3.Session(region_name=REGION).client("secretsmanager"))
    return _clients


@dataclass
class Journal:
    """What the threads did, merged after they finish."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    written: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    read: list[tuple[str, str, str]] = field(default_factory=list)  # (secret, version, value)
    expected_errors: int = 0
    failures: list[str] = field(default_factory=list)

    def wrote(self, secret: str, version_id: str, value: str) -> None:
        with self.lock:
            assert version_id not in self.written[secret], f"{version_id} written twice"
            self.written[secret][version_id] = value


def all_versions(client: Any, name: str) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"SecretId": name, "IncludeDeprecated": True, "MaxResults": 100}
    versions: list[dict[str, Any]] = []
    while True:
        page = client.list_secret_version_ids(**params)
        versions += page["Versions"]
        if "NextToken" not in page:
            return versions
        params["NextToken"] = page["NextToken"]


class Worker:
    def __init__(self, index: int, client: Any, journal: Journal, seed: int) -> None:
        self.index = index
        self.client = client
        self.journal = journal
        self.rng = random.Random(seed * 100 + index)
        self.own = (f"own-{index}-a", f"own-{index}-b")
        self.label = f"T{index}"
        self.mine: dict[str, list[tuple[str, str]]] = defaultdict(list)  # secret -> versions
        self.serial = 0

    def value(self) -> str:
        self.serial += 1
        return f"thread-{self.index}-value-{self.serial}-{self.rng.random()}"

    def target(self) -> str:
        return self.rng.choice(SHARED + self.own)

    # --- operations -----------------------------------------------------------------------
    def put(self) -> None:
        name, value, token = self.target(), self.value(), str(uuid.uuid4())
        params: dict[str, Any] = {}
        if self.rng.random() < 0.2:
            params["VersionStages"] = [self.rng.choice(["AWSPENDING", self.label])]
        result = self.client.put_secret_value(
            SecretId=name, SecretString=value, ClientRequestToken=token, **params
        )
        assert result["VersionId"] == token
        self.journal.wrote(name, token, value)
        self.mine[name].append((token, value))

    def retry_put(self) -> None:
        name = self.target()
        if not self.mine[name]:
            return
        token, value = self.rng.choice(self.mine[name])
        result = self.client.put_secret_value(
            SecretId=name, SecretString=value, ClientRequestToken=token
        )
        assert result["VersionId"] == token  # idempotent: no new version

    def update_value(self) -> None:
        name, value, token = self.target(), self.value(), str(uuid.uuid4())
        result = self.client.update_secret(
            SecretId=name, SecretString=value, ClientRequestToken=token
        )
        assert result["VersionId"] == token
        self.journal.wrote(name, token, value)
        self.mine[name].append((token, value))

    def update_description(self) -> None:
        result = self.client.update_secret(SecretId=self.target(), Description=self.value())
        assert "VersionId" not in result

    def get(self) -> None:
        name = self.target()
        result = self.client.get_secret_value(SecretId=name)
        assert "AWSCURRENT" in result["VersionStages"]
        with self.journal.lock:
            self.journal.read.append((name, result["VersionId"], result["SecretString"]))

    def get_mine(self) -> None:
        name = self.target()
        if not self.mine[name]:
            return
        token, value = self.rng.choice(self.mine[name])
        assert self.client.get_secret_value(SecretId=name, VersionId=token)["SecretString"] == value

    def list_versions(self) -> None:
        self.client.list_secret_version_ids(SecretId=self.target(), MaxResults=5)

    def describe(self) -> None:
        described = self.client.describe_secret(SecretId=self.target())
        current = [
            v for v, labels in described["VersionIdsToStages"].items() if "AWSCURRENT" in labels
        ]
        assert len(current) == 1, described["VersionIdsToStages"]

    def move_own_label(self) -> None:
        """Only this thread moves its label, so the move always succeeds."""
        name = self.target()
        if not self.mine[name]:
            return
        to, _ = self.rng.choice(self.mine[name])
        stages = self.client.describe_secret(SecretId=name)["VersionIdsToStages"]
        holder = next((v for v, labels in stages.items() if self.label in labels), None)
        params = {} if holder is None else {"RemoveFromVersionId": holder}
        self.client.update_secret_version_stage(
            SecretId=name, VersionStage=self.label, MoveToVersionId=to, **params
        )

    def move_current(self) -> None:
        """Other threads move AWSCURRENT too: naming a holder that just lost it is refused."""
        name = self.target()
        if not self.mine[name]:
            return
        to, _ = self.rng.choice(self.mine[name])
        stages = self.client.describe_secret(SecretId=name)["VersionIdsToStages"]
        holder = next(v for v, labels in stages.items() if "AWSCURRENT" in labels)
        try:
            self.client.update_secret_version_stage(
                SecretId=name,
                VersionStage="AWSCURRENT",
                RemoveFromVersionId=holder,
                MoveToVersionId=to,
            )
        except ClientError as error:
            code = error.response["Error"]["Code"]
            message = error.response["Error"]["Message"]
            if code != "InvalidParameterException" or name not in SHARED:
                raise
            assert message == f"Version stage AWSCURRENT not found in version {holder}"
            with self.journal.lock:
                self.journal.expected_errors += 1

    def tag(self) -> None:
        name = self.target()
        self.client.tag_resource(SecretId=name, Tags=[{"Key": self.label, "Value": self.value()}])
        if self.rng.random() < 0.5:
            self.client.untag_resource(SecretId=name, TagKeys=[self.label])

    def delete_and_restore(self) -> None:
        name = self.rng.choice(self.own)
        self.client.delete_secret(SecretId=name, RecoveryWindowInDays=7)
        self.client.restore_secret(SecretId=name)

    def create_and_force_delete(self) -> None:
        name = f"temp-{self.index}"
        self.client.create_secret(Name=name, SecretString=self.value())
        self.client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)

    def list_secrets(self) -> None:
        page = self.client.list_secrets(MaxResults=3, Filters=[{"Key": "name", "Values": ["own-"]}])
        assert all(s["Name"].startswith("own-") for s in page["SecretList"])

    def run(self, barrier: threading.Barrier, operations: int) -> None:
        try:
            for name in self.own:
                value = self.value()
                token = str(uuid.uuid4())
                self.client.create_secret(Name=name, SecretString=value, ClientRequestToken=token)
                self.journal.wrote(name, token, value)
                self.mine[name].append((token, value))
            barrier.wait()
            choices: list[tuple[int, Callable[[], None]]] = [
                (6, self.put),
                (2, self.retry_put),
                (3, self.update_value),
                (1, self.update_description),
                (6, self.get),
                (2, self.get_mine),
                (2, self.list_versions),
                (2, self.describe),
                (2, self.move_own_label),
                (2, self.move_current),
                (2, self.tag),
                (1, self.delete_and_restore),
                (1, self.create_and_force_delete),
                (1, self.list_secrets),
            ]
            actions = [action for weight, action in choices for _ in range(weight)]
            for _ in range(operations):
                self.rng.choice(actions)()
            count("concurrent operations", operations)
        except BaseException:
            with self.journal.lock:
                self.journal.failures.append(f"thread {self.index}:\n{traceback.format_exc()}")
            barrier.abort()


def run_threads(workers: list[Worker], operations: int) -> None:
    barrier = threading.Barrier(len(workers))
    threads = [
        threading.Thread(target=w.run, args=(barrier, operations), name=f"w{w.index}")
        for w in workers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
        assert not thread.is_alive(), f"{thread.name} is stuck"


@pytest.mark.parametrize("seed", [1, 2])
def test_mixed_operations_from_eight_threads_lose_nothing(seed: int) -> None:
    shared_client, *own_clients = clients()
    journal = Journal()
    with mock_secretsmanager():
        for name in SHARED:
            token = str(uuid.uuid4())
            shared_client.create_secret(
                Name=name, SecretString=f"{name}-0", ClientRequestToken=token
            )
            journal.wrote(name, token, f"{name}-0")
        workers = [
            Worker(i, shared_client if i % 2 == 0 else own_clients[i - 1], journal, seed)
            for i in range(THREADS)
        ]
        run_threads(workers, OPS_PER_THREAD)
        assert journal.failures == []
        count("concurrent expected AWS errors", journal.expected_errors)

        for name, written in journal.written.items():
            versions = all_versions(shared_client, name)
            ids = [v["VersionId"] for v in versions]
            assert len(ids) == len(set(ids)), f"{name}: a version is listed twice"
            assert set(ids) == set(written), f"{name}: versions lost or invented"
            for version_id, value in written.items():
                got = shared_client.get_secret_value(SecretId=name, VersionId=version_id)
                assert got["SecretString"] == value
            holders: dict[str, list[str]] = defaultdict(list)
            for version in versions:
                for label in version.get("VersionStages", []):
                    holders[label].append(version["VersionId"])
            assert all(len(on) == 1 for on in holders.values()), f"{name}: {dict(holders)}"
            assert "AWSCURRENT" in holders, name
        for name, version_id, value in journal.read:
            assert journal.written[name][version_id] == value, "a read returned a foreign value"
        assert len(journal.written) == len(SHARED) + 2 * THREADS


def race(workers: int, action: Callable[[int], Any]) -> list[Any]:
    """Run ``action(i)`` in ``workers`` threads released at once; results or exceptions."""
    barrier = threading.Barrier(workers)
    results: list[Any] = [None] * workers

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except Exception as error:
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def error_code(result: Any) -> str | None:
    return result.response["Error"]["Code"] if isinstance(result, ClientError) else None


@pytest.mark.parametrize("attempt", range(5))
def test_racing_creates_of_one_name_make_exactly_one_secret(attempt: int) -> None:
    with mock_secretsmanager():
        results = race(
            THREADS, lambda i: clients()[i].create_secret(Name="race", SecretString=f"v{i}")
        )
        winners = [r for r in results if isinstance(r, dict)]
        codes = sorted(error_code(r) or "ok" for r in results if not isinstance(r, dict))
        assert len(winners) == 1
        assert codes == ["ResourceExistsException"] * (THREADS - 1)
        value = clients()[0].get_secret_value(SecretId="race")["SecretString"]
        assert value == f"v{results.index(winners[0])}"
        assert len(all_versions(clients()[0], "race")) == 1


@pytest.mark.parametrize("attempt", range(5))
def test_racing_retries_of_one_put_make_one_version(attempt: int) -> None:
    token = str(uuid.uuid4())
    with mock_secretsmanager():
        clients()[0].create_secret(Name="retry", SecretString="first")
        results = race(
            THREADS,
            lambda i: clients()[i].put_secret_value(
                SecretId="retry", SecretString="same", ClientRequestToken=token
            ),
        )
        assert [r["VersionId"] for r in results] == [token] * THREADS
        versions = all_versions(clients()[0], "retry")
        assert len(versions) == 2
        current = clients()[0].get_secret_value(SecretId="retry")
        assert (current["VersionId"], current["SecretString"]) == (token, "same")


@pytest.mark.parametrize("attempt", range(5))
def test_racing_puts_with_one_token_and_different_values_keep_one(attempt: int) -> None:
    token = str(uuid.uuid4())
    with mock_secretsmanager():
        clients()[0].create_secret(Name="clash", SecretString="first")
        results = race(
            THREADS,
            lambda i: clients()[i].put_secret_value(
                SecretId="clash", SecretString=f"v{i}", ClientRequestToken=token
            ),
        )
        winners = [i for i, r in enumerate(results) if isinstance(r, dict)]
        assert len(winners) == 1
        assert sorted(error_code(r) or "" for r in results if not isinstance(r, dict)) == [
            "ResourceExistsException"
        ] * (THREADS - 1)
        got = clients()[0].get_secret_value(SecretId="clash", VersionId=token)
        assert got["SecretString"] == f"v{winners[0]}"

"""smstub's performance harness: every figure is a ratio against botocore's own floor.

A floor is a boto3 client whose ``before-send`` handler returns a pre-built response for the
same operation: botocore's validation, serialization and parsing with no backend at all. There
are two: the *unsigned* floor (``signature_version=UNSIGNED``), the real limit for a stub that,
like smstub, does not sign the requests it answers, and the *signed* floor, what a real request
costs botocore. The headline ratio is against the unsigned floor. Each floor answers with the
very bytes smstub answered for that state, so a ratio can never come from a lighter answer.
All three run in the same process, in interleaved batches whose order rotates, and the reported
figure is the median of the per-round ratios, so a noisy machine moves them together.

    python benchmarks/bench.py            # full run (a few minutes), table + JSON
    python benchmarks/bench.py --quick    # smaller stores and fewer rounds

Results are written to benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import itertools
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

from smstub import mock_secretsmanager
from smstub._install import EVENT as _EVENT
from smstub._install import before_send as _smstub_before_send

REGION = "us-east-1"
RESULTS = Path(__file__).resolve().parent / "results"


class _Canned:
    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Any:
        yield self._data


def signed_client(session: boto3.Session, *, endpoint_url: str | None = None) -> Any:
    # Explicit credentials, as a user's suite has.
    return session.client(
        "secretsmanager",
        aws_access_key_id="AKIABENCH",
        aws_secret_access_key="bench",
        endpoint_url=endpoint_url,
    )


def floor_client(session: boto3.Session, *, signed: bool = True) -> Any:
    """A client whose requests botocore signs, as every real request is signed, or does not.

    smstub does not sign the requests it answers, and while a mock is active that applies to
    every standard Secrets Manager endpoint; a custom endpoint URL keeps the floor signed.
    """
    if not signed:
        return session.client(
            "secretsmanager",
            aws_access_key_id="AKIABENCH",
            aws_secret_access_key="bench",
            endpoint_url="https://floor.localhost",
            config=Config(signature_version=UNSIGNED),
        )
    return signed_client(session, endpoint_url="https://floor.localhost")


class Floor:
    """Clients answered by canned bodies: what botocore costs with no backend at all, signed
    (``client``) and unsigned (``unsigned``)."""

    def __init__(self, session: boto3.Session) -> None:
        self.bodies: dict[str, Iterator[bytes]] = {}
        self.client = floor_client(session)
        self.unsigned = floor_client(session, signed=False)
        for client in (self.client, self.unsigned):
            self.answer(client)

    def answer(self, client: Any) -> Any:
        """Make ``client`` a floor client: answered by the canned bodies, and by nothing else.
        botocore calls every before-send handler, and a session made after smstub installed
        has smstub's among them: left there, it would also answer the floor's requests (its
        answer dropped), charging the floor smstub's whole work."""
        client.meta.events.unregister(_EVENT, _smstub_before_send)
        client.meta.events.register_first(_EVENT, self._answer)
        return client

    def _answer(self, request: Any, **_: Any) -> AWSResponse:
        target = request.headers["X-Amz-Target"]
        if isinstance(target, bytes):
            target = target.decode()
        body = next(self.bodies[target.split(".", 1)[1]])
        headers = {
            "x-amzn-RequestId": str(uuid.uuid4()),
            "Content-Type": "application/x-amz-json-1.1",
            "Content-Length": str(len(body)),
        }
        return AWSResponse(request.url, 200, headers, _Canned(body))

    def pair(
        self, theirs: Callable[[Any], Any], ours: Callable[[], Any], *, batch: int, rounds: int
    ) -> dict[str, float]:
        """``paired`` of smstub's call against ``theirs`` on both floor clients."""
        return paired(
            lambda: theirs(self.client),
            ours,
            batch=batch,
            rounds=rounds,
            unsigned=lambda: theirs(self.unsigned),
        )

    def learn(self, operation: str, *bodies: bytes) -> None:
        """Answer ``operation`` with ``bodies``, one after the other, round and round."""
        self.bodies[operation] = itertools.cycle(bodies)


def _capture(client: Any) -> dict[str, bytes]:
    """Record the bodies smstub answers with, to feed the floor the same bytes."""
    seen: dict[str, bytes] = {}

    def grab(operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
        seen[operation_model.name] = response_dict["body"]

    client.meta.events.register("before-parse.secrets-manager", grab)
    return seen


def paired(
    floor: Callable[[], Any],
    ours: Callable[[], Any],
    *,
    batch: int,
    rounds: int,
    unsigned: Callable[[], Any] | None = None,
) -> dict[str, float]:
    """Median per-call microseconds of each side and the medians of per-round ratios:
    ``ratio`` against the unsigned floor when there is one (else the signed), and
    ``ratio_signed`` against the signed floor."""
    sides = {"signed": floor, "smstub": ours}
    if unsigned is not None:
        sides["unsigned"] = unsigned
    names = list(sides)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            fn = sides[name]
            gc.disable()
            start = time.perf_counter()
            for _ in range(batch):
                fn()
            samples[name].append((time.perf_counter() - start) / batch * 1e6)
            gc.enable()

    def ratio(over: str) -> float:
        pairs = zip(samples["smstub"], samples[over], strict=True)
        return round(statistics.median(o / f for o, f in pairs), 3)

    out = {f"{name}_us": round(statistics.median(samples[name]), 1) for name in names}
    out["floor_us"] = out.pop("signed_us")
    out["ratio_signed"] = ratio("signed")
    out["ratio"] = ratio("unsigned" if unsigned is not None else "signed")
    return out


def _writers(client: Any, size: int) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """smstub's side of the CreateSecret and PutSecretValue rows: a new secret each call, and
    a new version of the ``size`` bulk secrets in turn."""
    counter = iter(range(10**9))

    def create() -> Any:
        return client.create_secret(Name=f"new/{next(counter)}", SecretString="v")

    def put() -> Any:
        return client.put_secret_value(
            SecretId=f"bulk/{next(counter) % size:07d}", SecretString="v2"
        )

    return create, put


def _populate(client: Any, count: int, value: str = "v") -> None:
    for index in range(count):
        client.create_secret(Name=f"bulk/{index:07d}", SecretString=value)


def per_call(sizes: list[int], batch: int, rounds: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    session = boto3.Session(region_name=REGION)
    floor = Floor(session)
    for size in sizes:
        # PutSecretValue on secrets with many versions: at the first size only (the store's
        # size does not matter to it, and preparing 150-version secrets takes a while).
        versions_rows = size == sizes[0]
        out[str(size)] = _per_call_at(
            size, session, floor, batch, rounds, versions_rows=versions_rows
        )
    return out


def _per_call_at(
    size: int,
    session: boto3.Session,
    floor: Floor,
    batch: int,
    rounds: int,
    *,
    versions_rows: bool = False,
) -> dict[str, Any]:
    with mock_secretsmanager():
        client = signed_client(session)
        seen = _capture(client)
        _populate(client, size)
        client.create_secret(Name="hot", SecretString="x" * 64)
        client.create_secret(Name="many", SecretString="0")
        for n in range(99):
            client.put_secret_value(SecretId="many", SecretString=str(n), VersionStages=[f"S{n}"])
        (current,) = client.describe_secret(SecretId="hot")["VersionIdsToStages"]
        spare = client.put_secret_value(SecretId="hot", SecretString="y", VersionStages=["SPARE"])[
            "VersionId"
        ]
        create, put = _writers(client, size)

        client.update_secret_version_stage(
            SecretId="hot", VersionStage="FLIP", MoveToVersionId=spare
        )
        holder = [spare, current]  # FLIP is on holder[0]

        def move() -> Any:
            response = client.update_secret_version_stage(
                SecretId="hot",
                VersionStage="FLIP",
                RemoveFromVersionId=holder[0],
                MoveToVersionId=holder[1],
            )
            holder.reverse()
            return response

        # Walk pages of bulk secrets only: "hot" and "many" (100 labelled versions) come after
        # them and would put a far larger entry on one page.
        walked = min(2000, size)
        paginator = client.get_paginator("list_secrets")
        tokens = [
            page["NextToken"]
            for page in paginator.paginate(PaginationConfig={"PageSize": 100, "MaxItems": walked})
            if "NextToken" in page
        ][: walked // 100 - 1]
        pages = [{}] + [{"NextToken": token} for token in tokens]
        walk = itertools.cycle(pages)

        batch_ids = [f"bulk/{index:07d}" for index in range(min(20, size))]
        tag_values = itertools.cycle(["a", "b"])

        def tag() -> Any:
            return client.tag_resource(
                SecretId="hot", Tags=[{"Key": "k", "Value": next(tag_values)}]
            )

        # Each floor side is called with the floor client (signed or unsigned) it measures.
        calls: dict[str, tuple[Callable[[Any], Any], Callable[[], Any]]] = {
            "CreateSecret": (lambda c: c.create_secret(Name="f", SecretString="v"), create),
            "GetSecretValue": (
                lambda c: c.get_secret_value(SecretId="hot"),
                lambda: client.get_secret_value(SecretId="hot"),
            ),
            "PutSecretValue": (lambda c: c.put_secret_value(SecretId="f", SecretString="v2"), put),
            "DescribeSecret": (
                lambda c: c.describe_secret(SecretId="hot"),
                lambda: client.describe_secret(SecretId="hot"),
            ),
            "UpdateSecretVersionStage": (
                lambda c: c.update_secret_version_stage(
                    SecretId="hot",
                    VersionStage="FLIP",
                    MoveToVersionId=current,
                    RemoveFromVersionId=spare,
                ),
                move,
            ),
            "TagResource": (
                lambda c: c.tag_resource(SecretId="hot", Tags=[{"Key": "k", "Value": "a"}]),
                tag,
            ),
            "BatchGetSecretValue (20 ids)": (
                lambda c: c.batch_get_secret_value(SecretIdList=batch_ids),
                lambda: client.batch_get_secret_value(SecretIdList=batch_ids),
            ),
            "ListSecretVersionIds": (
                lambda c: c.list_secret_version_ids(SecretId="many"),
                lambda: client.list_secret_version_ids(SecretId="many"),
            ),
            # A page of 100 from anywhere in a paginator walk (the floors parse the same page).
            "ListSecrets page": (
                lambda c: c.list_secrets(MaxResults=100),
                lambda: client.list_secrets(MaxResults=100, **next(walk)),
            ),
        }
        if versions_rows:
            for count, secrets in _versioned(client, batch * rounds).items():
                calls[f"PutSecretValue ({count} versions)"] = (
                    lambda c: c.put_secret_value(SecretId="f", SecretString="v2"),
                    _round_robin_put(client, secrets),
                )
        results = {}
        for label, (theirs, ours) in calls.items():
            # The floor answers with what smstub answers at this point (earlier measurements
            # change the store: PutSecretValue adds versions that ListSecrets then shows).
            operation = label.removesuffix(" page").split(" (")[0]
            if operation == "ListSecrets":
                # The same pages, in the same order: both sides make as many calls per batch.
                bodies = []
                for kwargs in pages:
                    client.list_secrets(MaxResults=100, **kwargs)
                    bodies.append(seen[operation])
                floor.learn(operation, *bodies)
            else:
                ours()
                floor.learn(operation, seen[operation])
            results[label] = floor.pair(theirs, ours, batch=batch, rounds=rounds)
        return results


def _versioned(client: Any, puts: int) -> dict[int, list[str]]:
    """Secrets with 10 and 150 versions, enough of them that the measured puts (round robin)
    add only a few versions to each."""
    out: dict[int, list[str]] = {}
    for count in (10, 150):
        names = [f"v{count}/{index:05d}" for index in range(max(puts // 5, 1))]
        for name in names:
            client.create_secret(Name=name, SecretString="0")
            for n in range(count - 1):
                client.put_secret_value(SecretId=name, SecretString=str(n))
        out[count] = names
    return out


def _round_robin_put(client: Any, names: list[str]) -> Callable[[], Any]:
    cycle = itertools.cycle(names)
    return lambda: client.put_secret_value(SecretId=next(cycle), SecretString="v3")


def sealing_share(batch: int, rounds: int) -> dict[str, Any]:
    """CreateSecret and PutSecretValue as measured, and again with sealing replaced by a no-op
    of the same size (a diagnostic: values written then cannot be read). The difference is
    what envelope encryption costs in context: a fresh AES-256-GCM data key per value (as AWS
    documents: GenerateDataKey on every change of a value) and its two encryptions."""
    from smstub import _sealing

    session = boto3.Session(region_name=REGION)
    floor = Floor(session)
    real = _sealing.seal

    def no_op(key: Any, plaintext: bytes, context: bytes) -> bytes:
        return bytes(60 + 12) + plaintext + bytes(16)

    out: dict[str, Any] = {}
    for label, seal in (("sealed", real), ("sealing off", no_op)):
        _sealing.seal = seal  # type: ignore[assignment]
        try:
            for operation, result in _write_rows(session, floor, batch, rounds).items():
                out[f"{operation} ({label})"] = result
        finally:
            _sealing.seal = real  # type: ignore[assignment]
    return out


def _write_rows(session: boto3.Session, floor: Floor, batch: int, rounds: int) -> dict[str, Any]:
    with mock_secretsmanager():
        client = signed_client(session)
        seen = _capture(client)
        _populate(client, 1000)
        create, put = _writers(client, 1000)

        calls: dict[str, tuple[Callable[[Any], Any], Callable[[], Any]]] = {
            "CreateSecret": (lambda c: c.create_secret(Name="f", SecretString="v"), create),
            "PutSecretValue": (lambda c: c.put_secret_value(SecretId="f", SecretString="v2"), put),
        }
        results = {}
        for operation, (theirs, ours) in calls.items():
            ours()
            floor.learn(operation, seen[operation])
            results[operation] = floor.pair(theirs, ours, batch=batch, rounds=rounds)
        return results


def enter_leave(rounds: int) -> dict[str, Any]:
    def once() -> None:
        with mock_secretsmanager():
            pass

    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(1000):
            once()
        samples.append((time.perf_counter() - start) / 1000 * 1e6)
    return {"enter_leave_us": round(statistics.median(samples), 2)}


def minimal_test(rounds: int) -> dict[str, Any]:
    session = boto3.Session(region_name=REGION)
    floor = Floor(session)
    with mock_secretsmanager():
        probe = signed_client(session)
        seen = _capture(probe)
        probe.create_secret(Name="m", SecretString="v")
        probe.get_secret_value(SecretId="m")
    floor.learn("CreateSecret", seen["CreateSecret"])
    floor.learn("GetSecretValue", seen["GetSecretValue"])

    def theirs(signed: bool = True) -> None:
        client = floor.answer(floor_client(session, signed=signed))
        client.create_secret(Name="m", SecretString="v")
        client.get_secret_value(SecretId="m")

    def ours() -> None:
        with mock_secretsmanager():
            client = signed_client(session)
            client.create_secret(Name="m", SecretString="v")
            client.get_secret_value(SecretId="m")

    return paired(theirs, ours, batch=20, rounds=rounds, unsigned=lambda: theirs(signed=False))


STARTUP = r"""
import time, json
t0 = time.perf_counter()
import boto3
t1 = time.perf_counter()
from smstub import mock_secretsmanager
t2 = time.perf_counter()
mock = mock_secretsmanager()
sm = mock.__enter__()
t3 = time.perf_counter()
client = boto3.client("secretsmanager", region_name="us-east-1")
t4 = time.perf_counter()
if FIRST == "get":
    # How much of the first call is the garbage collector's (a full pass over boto3's objects
    # falls due about then, whoever allocates next).
    import gc
    spent = [0.0, 0.0]
    def timed(phase, info):
        if phase == "start":
            spent[1] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - spent[1]
    gc.callbacks.append(timed)
    t4 = time.perf_counter()
    try:
        client.get_secret_value(SecretId="s")
    except client.exceptions.ResourceNotFoundException:
        pass
    t5 = time.perf_counter()
    gc.callbacks.remove(timed)
    print(json.dumps({"first_get_ms": (t5-t4)*1e3, "first_get_gc_ms": spent[0]*1e3}))
else:
    client.create_secret(Name="s", SecretString="v")
    t5 = time.perf_counter()
    client.get_secret_value(SecretId="s")
    t6 = time.perf_counter()
    print(json.dumps({"import_boto3_ms": (t1-t0)*1e3, "import_smstub_ms": (t2-t1)*1e3,
        "activation_ms": (t3-t2)*1e3, "client_ms": (t4-t3)*1e3,
        "first_create_ms": (t5-t4)*1e3, "then_get_ms": (t6-t5)*1e3}))
mock.__exit__(None, None, None)
"""


def startup(samples: int) -> dict[str, Any]:
    """Start-up in fresh interpreters: imports, activation, client, and the first calls (one
    process whose first call is CreateSecret, another whose first is GetSecretValue).

    The interpreters may write and read bytecode caches, as a user's do (pip compiles boto3's
    at install): with PYTHONDONTWRITEBYTECODE set, every run would compile smstub's modules
    from source (~30 ms). One unmeasured run writes them first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs: dict[str, list[dict[str, float]]] = {"create": [], "get": []}
    for sample in range(samples + 1):
        for first in runs:
            done = subprocess.run(
                [sys.executable, "-c", f"FIRST = {first!r}\n" + STARTUP],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            if sample:
                runs[first].append(json.loads(done.stdout))
    medians = {
        key: round(statistics.median(r[key] for r in group), 2)
        for group in runs.values()
        for key in group[0]
    }
    medians["import_plus_activation_ms"] = round(
        medians["import_smstub_ms"] + medians["activation_ms"], 2
    )
    return medians


MEMORY = r"""
import gc, json, os, sys, tracemalloc
import boto3
from smstub import mock_secretsmanager

def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

count, traced = int(sys.argv[1]), sys.argv[2] == "tracemalloc"
value = "v" * 1024
with mock_secretsmanager() as sm:
    client = boto3.client("secretsmanager", region_name="us-east-1")
    client.create_secret(Name="warm", SecretString=value)
    gc.collect()
    before = rss()
    if traced:
        tracemalloc.start()
        snap0 = tracemalloc.take_snapshot()
    for i in range(count):
        client.create_secret(Name=f"m/{i:07d}", SecretString=value)
    gc.collect()
    if traced:
        snap1 = tracemalloc.take_snapshot()
        grown = sum(s.size_diff for s in snap1.compare_to(snap0, "filename"))
    else:
        grown = rss() - before
    print(json.dumps(grown / count))
"""


def memory(count: int) -> dict[str, Any]:
    """Bytes per secret: what Python allocated (tracemalloc) and what the process grew (RSS).

    Two runs: tracemalloc keeps a record per live allocation, which would inflate RSS.
    """
    out = {}
    for probe in ("tracemalloc", "rss"):
        done = subprocess.run(
            [sys.executable, "-c", MEMORY, str(count), probe],
            capture_output=True,
            text=True,
            check=True,
        )
        out[f"{probe}_bytes_per_secret"] = round(json.loads(done.stdout))
    return out


def throughput(threads: int, calls: int) -> dict[str, Any]:
    session = boto3.Session(region_name=REGION)
    floor = Floor(session)
    out: dict[str, Any] = {}
    with mock_secretsmanager():
        shared = signed_client(session)
        seen = _capture(shared)
        shared.create_secret(Name="t", SecretString="v")
        shared.get_secret_value(SecretId="t")
        floor.learn("GetSecretValue", seen["GetSecretValue"])

        def run(make_client: Callable[[], Any]) -> tuple[float, int]:
            errors = [0]
            clients = [make_client() for _ in range(threads)]

            def work(client: Any) -> None:
                for _ in range(calls):
                    try:
                        client.get_secret_value(SecretId="t")
                    except Exception:
                        errors[0] += 1

            workers = [threading.Thread(target=work, args=(c,)) for c in clients]
            start = time.perf_counter()
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            return threads * calls / (time.perf_counter() - start), errors[0]

        def make_floor_client() -> Any:
            return floor.answer(floor_client(session))

        for label, ours, theirs in (
            ("shared_client", lambda: shared, lambda: floor.client),
            ("per_thread_clients", lambda: signed_client(session), make_floor_client),
        ):
            floor_rate, floor_errors = run(theirs)
            our_rate, our_errors = run(ours)
            out[label] = {
                "floor_calls_per_s": round(floor_rate),
                "smstub_calls_per_s": round(our_rate),
                "ratio": round(our_rate / floor_rate, 3),
                "errors": our_errors + floor_errors,
            }
    return out


def enforced(batch: int, rounds: int) -> dict[str, Any]:
    """GetSecretValue with ``enforce_access=True``: as the account root (the default
    credentials), and as a registered role whose identity policy has a tag condition, on a
    secret with a resource policy."""
    session = boto3.Session(region_name=REGION)
    floor = Floor(session)
    out: dict[str, Any] = {}
    with mock_secretsmanager(enforce_access=True) as sm:
        root = session.client("secretsmanager")
        seen = _capture(root)
        root.create_secret(Name="hot", SecretString="x" * 64, Tags=[{"Key": "team", "Value": "a"}])
        root.put_resource_policy(
            SecretId="hot",
            ResourcePolicy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": {
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "secretsmanager:DeleteSecret",
                        "Resource": "*",
                    },
                }
            ),
        )
        creds = sm.register_principal(
            principal_arn="arn:aws:iam::123456789012:role/reader",
            identity_policies=[
                {
                    "Version": "2012-10-17",
                    "Statement": {
                        "Effect": "Allow",
                        "Action": "secretsmanager:Get*",
                        "Resource": "*",
                        "Condition": {"StringEquals": {"secretsmanager:ResourceTag/team": "a"}},
                    },
                }
            ],
        )
        reader = session.client("secretsmanager", **creds)
        root.get_secret_value(SecretId="hot")
        floor.learn("GetSecretValue", seen["GetSecretValue"])
        for label, client in (("root", root), ("registered role", reader)):
            out[label] = paired(
                lambda: floor.client.get_secret_value(SecretId="hot"),
                lambda client=client: client.get_secret_value(SecretId="hot"),
                batch=batch,
                rounds=rounds,
                unsigned=lambda: floor.unsigned.get_secret_value(SecretId="hot"),
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller stores, fewer rounds")
    args = parser.parse_args()
    quick = args.quick
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    report: dict[str, Any] = {
        "python": sys.version.split()[0],
        "botocore": __import__("botocore").__version__,
        "per_call": per_call(sizes, batch=100 if quick else 300, rounds=5 if quick else 9),
        "sealing_share": sealing_share(batch=100 if quick else 300, rounds=5 if quick else 9),
        "enter_leave": enter_leave(rounds=5),
        "enforce_access": enforced(batch=100 if quick else 300, rounds=5 if quick else 9),
        "minimal_test": minimal_test(rounds=5 if quick else 9),
        "startup": startup(samples=3 if quick else 7),
        "memory": memory(10_000 if quick else 100_000),
        "throughput_8_threads": throughput(8, 200 if quick else 1000),
    }
    # Last, so importing aiobotocore cannot touch the sync rows; left out without aiobotocore
    # (the `test-core` extra has none).
    if importlib.util.find_spec("aiobotocore") is not None:
        from async_bench import async_per_call

        rounds = 5 if quick else 9
        report["async_per_call"] = async_per_call(batch=100 if quick else 300, rounds=rounds)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    print(render(report))


def render(report: dict[str, Any]) -> str:
    lines = [f"smstub benchmark (python {report['python']}, botocore {report['botocore']})", ""]
    lines.append(
        f"{'per-call median':40} {'unsigned µs':>11} {'signed µs':>10} {'smstub µs':>10} "
        f"{'ratio':>7} {'signed':>7}"
    )

    def row(label: str, r: dict[str, Any]) -> str:
        return (
            f"{label:40} {r.get('unsigned_us', '-'):>11} {r['floor_us']:>10} "
            f"{r['smstub_us']:>10} {r['ratio']:>7} {r.get('ratio_signed', '-'):>7}"
        )

    for size, results in report["per_call"].items():
        for operation, r in results.items():
            lines.append(row(f"{operation} @{size}", r))
    for label, r in report["enforce_access"].items():
        lines.append(row(f"GetSecretValue enforced, {label}", r))
    lines.append(row("minimal test", report["minimal_test"]))
    for label, r in report.get("sealing_share", {}).items():
        lines.append(row(f"{label} @1000, diagnostic", r))
    lines.append("")
    lines.append(f"enter+leave: {report['enter_leave']['enter_leave_us']} µs")
    s = report["startup"]
    lines.append("start-up ms: " + ", ".join(f"{k.removesuffix('_ms')} {v}" for k, v in s.items()))
    mem = report["memory"]
    lines.append(
        f"memory per secret (1 KiB value): tracemalloc {mem['tracemalloc_bytes_per_secret']} B, "
        f"RSS {mem['rss_bytes_per_secret']} B"
    )
    for label, t in report["throughput_8_threads"].items():
        lines.append(
            f"8 threads, {label}: floor {t['floor_calls_per_s']}/s, smstub "
            f"{t['smstub_calls_per_s']}/s, ratio {t['ratio']}, errors {t['errors']}"
        )
    if "async_per_call" in report:
        from async_bench import render as render_async

        lines += ["", *render_async(report["async_per_call"])]
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    main()

"""ListSecrets at scale: median time per page as the store grows from 1,000 to 100,000 secrets.

For each store size the script creates the secrets through a boto3 client (timed), then walks
ListSecrets with the real paginator at 100 secrets per page and times every page (one API call
each, botocore's parsing included):

- ``unfiltered``: every secret, in AWS's default order (creation order);
- ``name 10%``: a ``name`` prefix filter matching a tenth of the store (``team-3/``);
- ``name 100``: a ``name`` prefix filter matching 100 secrets whatever the size (``hot/``).

Each size lives in its own interpreter, so one store's garbage never slows another, and the
walks go round-robin over the sizes in five rounds, so that the load of a shared machine drifts
over all of them alike. Small stores are walked again and again so that every median rests on
at least 200 pages. The ratio column divides the median page time at the largest size by the
one at the smallest; an index that serves a page in O(page + log N) keeps it near 1.

    python benchmarks/listing.py              # N = 1,000 / 10,000 / 100,000
    python benchmarks/listing.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import boto3

from smstub import mock_secretsmanager

REGION = "us-east-1"
PAGE = 100
MIN_PAGES = 200
ROUNDS = 5
HOT = 100
WALKS: dict[str, dict[str, Any]] = {
    "unfiltered": {},
    "name 10%": {"Filters": [{"Key": "name", "Values": ["team-3/"]}]},
    "name 100": {"Filters": [{"Key": "name", "Values": ["hot/"]}]},
}


def secret_names(n: int) -> Iterator[str]:
    """100 names under ``hot/`` spread evenly through creation order, the rest under
    ``team-<i % 10>/`` with scrambled suffixes, so the name index takes inserts everywhere."""
    hot_every = max(n // HOT, 1)
    for i in range(n):
        if i % hot_every == 0 and i // hot_every < HOT:
            yield f"hot/svc-{i:06d}"
        else:
            yield f"team-{i % 10}/svc-{(i * 7919) % n:06d}-{i}"


def build(client: Any, n: int) -> float:
    started = time.perf_counter()
    for name in secret_names(n):
        client.create_secret(Name=name, SecretString="v")
    return time.perf_counter() - started


def page_times(client: Any, params: dict[str, Any]) -> list[float]:
    """The time each page of one paginator walk took, in seconds."""
    paginator = client.get_paginator("list_secrets")
    times: list[float] = []
    pages = iter(paginator.paginate(**params, PaginationConfig={"PageSize": PAGE}))
    while True:
        started = time.perf_counter()
        try:
            next(pages)
        except StopIteration:
            return times
        times.append(time.perf_counter() - started)


def serve(n: int) -> None:
    """Worker: build a store of ``n`` secrets, then time one walk per request on stdin."""
    with mock_secretsmanager():
        client = boto3.client("secretsmanager", region_name=REGION)
        client.list_secrets()  # load botocore's model and paginator before timing
        gc.collect()
        print(json.dumps(build(client, n)), flush=True)
        for line in sys.stdin:
            print(json.dumps(page_times(client, WALKS[line.strip()])), flush=True)


class Worker:
    """A store of one size in its own interpreter, so one store's garbage never slows another."""

    def __init__(self, n: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.build_s: float = json.loads(self._read())

    def _read(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline()

    def walk(self, label: str) -> list[float]:
        assert self.process.stdin is not None
        self.process.stdin.write(label + "\n")
        self.process.stdin.flush()
        times: list[float] = json.loads(self._read())
        return times

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # worker mode
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.serve)
        return
    workers = {}
    for n in args.sizes:  # one at a time, so builds do not compete for the CPU
        workers[n] = Worker(n)
        build_s = workers[n].build_s
        print(
            f"N={n:>7,}  built in {build_s:.1f} s ({build_s / n * 1e3:.3f} ms/secret)", flush=True
        )
    # Round-robin over the sizes, so drifting machine load touches every size alike.
    samples: dict[tuple[int, str], list[float]] = {(n, w): [] for n in workers for w in WALKS}
    for _ in range(ROUNDS):
        for label in WALKS:
            for n, worker in workers.items():
                this_round = 0
                while this_round < MIN_PAGES // ROUNDS:  # at least one walk per round
                    times = worker.walk(label)
                    samples[n, label] += times
                    this_round += len(times)
    for worker in workers.values():
        worker.close()
    medians = {key: statistics.median(times) for key, times in samples.items()}
    smallest, largest = min(workers), max(workers)
    print()
    header = f"median ms per page of {PAGE}".ljust(24) + "".join(f"{n:>12,}" for n in workers)
    print(header + f"{f'ratio {largest:,}/{smallest:,}':>22}")
    for label in WALKS:
        cells = "".join(f"{medians[n, label] * 1e3:>12.2f}" for n in workers)
        ratio = medians[largest, label] / medians[smallest, label]
        print(f"{label:<24}{cells}{ratio:>22.2f}")
    print(
        f"{'pages timed':<24}" + "".join(f"{len(samples[n, 'unfiltered']):>12,}" for n in workers)
    )
    print(f"{'build s':<24}" + "".join(f"{workers[n].build_s:>12.1f}" for n in workers))


if __name__ == "__main__":
    main()

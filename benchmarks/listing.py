"""ListSecrets at scale: median time per page as the store grows from 1,000 to 100,000 secrets.

For each store size the script creates the secrets through a boto3 client (timed), then walks
ListSecrets with the real paginator at 100 secrets per page and times every page (one API call
each, botocore's parsing included):

- ``unfiltered``: every secret, in AWS's default order (creation order);
- ``name 10%``: a ``name`` prefix filter matching a tenth of the store (``team-3/``);
- ``name 100``: a ``name`` prefix filter matching 100 secrets whatever the size (``hot/``).

Each size runs in a fresh interpreter, so one store's garbage never slows the next. Small
stores are walked several times so that every median rests on at least 200 pages. The ratio
column divides the median page time at the largest size by the one at the smallest; an index
that serves a page in O(page + log N) keeps it near 1.

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
    times = []
    pages = iter(paginator.paginate(**params, PaginationConfig={"PageSize": PAGE}))
    while True:
        started = time.perf_counter()
        try:
            next(pages)
        except StopIteration:
            return times
        times.append(time.perf_counter() - started)


def measure(n: int) -> dict[str, Any]:
    with mock_secretsmanager():
        client = boto3.client("secretsmanager", region_name=REGION)
        client.list_secrets()  # warm botocore's model and paginator loading
        gc.collect()
        built = build(client, n)
        results: dict[str, Any] = {"build_s": built}
        for label, params in WALKS.items():
            samples: list[float] = []
            while len(samples) < MIN_PAGES:
                samples += page_times(client, params)
            results[label] = statistics.median(samples)
            results[f"{label} pages"] = len(samples)
    return results


def measure_apart(n: int) -> dict[str, Any]:
    """:func:`measure` in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, JSON out
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one)))
        return
    rows = {}
    for n in args.sizes:
        rows[n] = measure_apart(n)
        row = rows[n]
        print(
            f"N={n:>7,}  build {row['build_s']:6.1f} s ({row['build_s'] / n * 1e3:.3f} ms/secret)  "
            + "  ".join(f"{label}: {row[label] * 1e3:.2f} ms/page" for label in WALKS),
            flush=True,
        )
    smallest, largest = min(rows), max(rows)
    print()
    print(f"median ms per page of {PAGE}".ljust(24) + "".join(f"{n:>12,}" for n in rows), end="")
    print(f"{f'ratio {largest:,}/{smallest:,}':>22}")
    for label in WALKS:
        cells = "".join(f"{rows[n][label] * 1e3:>12.2f}" for n in rows)
        ratio = rows[largest][label] / rows[smallest][label]
        print(f"{label:<24}{cells}{ratio:>22.2f}")
    print(f"{'build s':<24}" + "".join(f"{rows[n]['build_s']:>12.1f}" for n in rows))


if __name__ == "__main__":
    main()

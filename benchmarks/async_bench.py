"""The async per-call rows of the benchmark: aiobotocore clients answered by smstub, against
aiobotocore's own floor.

The floor is an unsigned aiobotocore client whose ``before-send`` handler returns a canned
``AioAWSResponse`` holding the very bytes smstub answered for that state: aiobotocore's
validation, serialization, async parsing and event loop hops with no backend at all. Both sides
run in one event loop, in interleaved batches whose order alternates; the reported figure is the
median of the per-round ratios, as for the sync rows.

    python benchmarks/async_bench.py          # these rows alone
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiobotocore.session
from aiobotocore.awsrequest import AioAWSResponse
from aiobotocore.config import AioConfig
from botocore import UNSIGNED

from smstub import mock_secretsmanager
from smstub._install import EVENT, before_send

REGION = "us-east-1"
Call = Callable[[], Awaitable[Any]]


class _Raw:
    """What aiobotocore reads an ``AioAWSResponse`` body from."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data = data

    async def read(self) -> bytes:
        return self._data


async def _paired(floor: Call, ours: Call, *, batch: int, rounds: int) -> dict[str, float]:
    samples: dict[Call, list[float]] = {floor: [], ours: []}
    for round_ in range(rounds):
        for fn in (floor, ours) if round_ % 2 == 0 else (ours, floor):
            gc.disable()
            start = time.perf_counter()
            for _ in range(batch):
                await fn()
            samples[fn].append((time.perf_counter() - start) / batch * 1e6)
            gc.enable()
    ratios = [o / f for o, f in zip(samples[ours], samples[floor], strict=True)]
    return {
        "unsigned_us": round(statistics.median(samples[floor]), 1),
        "smstub_us": round(statistics.median(samples[ours]), 1),
        "ratio": round(statistics.median(ratios), 3),
    }


async def _run(batch: int, rounds: int) -> dict[str, Any]:
    session = aiobotocore.session.get_session()
    bodies: dict[str, bytes] = {}

    def canned(request: Any, **_: Any) -> AioAWSResponse:
        target = request.headers["X-Amz-Target"]
        if isinstance(target, bytes):
            target = target.decode()
        body = bodies[target.split(".", 1)[1]]
        headers = {
            "x-amzn-RequestId": "00000000-0000-4000-8000-000000000000",
            "Content-Type": "application/x-amz-json-1.1",
            "Content-Length": str(len(body)),
        }
        return AioAWSResponse(request.url, 200, headers, _Raw(body))

    floor_config = AioConfig(signature_version=UNSIGNED)
    credentials = {"aws_access_key_id": "AKIABENCH", "aws_secret_access_key": "bench"}
    async with session.create_client(
        "secretsmanager",
        region_name=REGION,
        endpoint_url="https://floor.localhost",
        config=floor_config,
        **credentials,
    ) as floor:
        # botocore calls every before-send handler: without this, smstub would also answer the
        # floor's requests (and its answer be dropped), charging the floor smstub's work.
        floor.meta.events.unregister(EVENT, before_send)
        floor.meta.events.register_first(f"{EVENT}", canned)
        with mock_secretsmanager():
            async with session.create_client(
                "secretsmanager", region_name=REGION, **credentials
            ) as ours:
                seen: dict[str, bytes] = {}

                def grab(operation_model: Any, response_dict: dict[str, Any], **_: Any) -> None:
                    seen[operation_model.name] = response_dict["body"]

                ours.meta.events.register("before-parse.secrets-manager", grab)
                await ours.create_secret(Name="hot", SecretString="x" * 64)
                counter = itertools.count()

                calls: dict[str, tuple[Call, Call]] = {
                    "GetSecretValue": (
                        lambda: floor.get_secret_value(SecretId="hot"),
                        lambda: ours.get_secret_value(SecretId="hot"),
                    ),
                    "DescribeSecret": (
                        lambda: floor.describe_secret(SecretId="hot"),
                        lambda: ours.describe_secret(SecretId="hot"),
                    ),
                    "CreateSecret": (
                        lambda: floor.create_secret(Name="f", SecretString="v"),
                        lambda: ours.create_secret(Name=f"new/{next(counter)}", SecretString="v"),
                    ),
                }
                results = {}
                for label, (theirs, mine) in calls.items():
                    await mine()
                    bodies[label] = bytes(seen[label])
                    results[label] = await _paired(theirs, mine, batch=batch, rounds=rounds)
    return results


def async_per_call(batch: int, rounds: int) -> dict[str, Any]:
    """Per-call medians of aiobotocore calls, smstub against aiobotocore's unsigned floor."""
    return asyncio.run(_run(batch, rounds))


def render(results: dict[str, Any]) -> list[str]:
    lines = [
        f"{'async per-call median (aiobotocore)':40} {'unsigned µs':>11} {'smstub µs':>10} "
        f"{'ratio':>7}"
    ]
    for label, r in results.items():
        lines.append(f"{label:40} {r['unsigned_us']:>11} {r['smstub_us']:>10} {r['ratio']:>7}")
    return lines


if __name__ == "__main__":
    print("\n".join(render(async_per_call(batch=300, rounds=9))))

"""smstub beside moto and botocore's Stubber, on the same machine and the same calls.

    python benchmarks/compare.py   # needs moto installed (pip install moto); ~1 minute

Each tool runs in its own fresh interpreter (moto and smstub both hook botocore, so they are
never loaded together). Measured for each: a GetSecretValue call (median of rounds; for the
Stubber, queuing its canned answer is part of the call, as in a Stubber test), a minimal test
(activate, make a client, create a secret, read it, deactivate) and the import of the tool.
The floor is botocore answering canned bytes with no backend (see bench.py). README.md's
comparison quotes a run of this script. Results go to benchmarks/results/compare.json.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TOOLS = ("floor", "smstub", "moto", "stubber")
BATCH, ROUNDS, MINIMAL = 200, 7, 15
REGION = "us-east-1"


def _timed(fn: Any, batch: int) -> float:
    start = time.perf_counter()
    for _ in range(batch):
        fn()
    return (time.perf_counter() - start) / batch * 1e6


def _per_call(fn: Any) -> float:
    fn()  # warm: the first call loads models and builds caches
    return statistics.median(_timed(fn, BATCH) for _ in range(ROUNDS))


def _client(**kwargs: Any) -> Any:
    import boto3

    return boto3.client(
        "secretsmanager",
        region_name=REGION,
        aws_access_key_id="AKIABENCH",
        aws_secret_access_key="bench",
        **kwargs,
    )


def arm_floor() -> dict[str, float]:
    import boto3

    sys.path.insert(0, str(HERE))
    from bench import Floor

    floor = Floor(boto3.Session(region_name=REGION))
    body = json.dumps({"ARN": "arn", "Name": "db", "VersionId": "v", "SecretString": "x"})
    floor.learn("GetSecretValue", body.encode())
    return {"call_us": _per_call(lambda: floor.client.get_secret_value(SecretId="db"))}


def arm_smstub() -> dict[str, float]:
    import boto3  # noqa: F401  (imported first: only the tool's own import is timed)

    start = time.perf_counter()
    from smstub import mock_secretsmanager

    imported = (time.perf_counter() - start) * 1e3
    with mock_secretsmanager():
        client = _client()
        client.create_secret(Name="db", SecretString="x")
        call = _per_call(lambda: client.get_secret_value(SecretId="db"))

    def minimal() -> None:
        with mock_secretsmanager():
            client = _client()
            client.create_secret(Name="db", SecretString="x")
            client.get_secret_value(SecretId="db")

    return {"call_us": call, "minimal_ms": _minimal(minimal), "import_ms": imported}


def arm_moto() -> dict[str, float]:
    import boto3  # noqa: F401  (imported first: only the tool's own import is timed)

    start = time.perf_counter()
    from moto import mock_aws

    imported = (time.perf_counter() - start) * 1e3
    with mock_aws():
        client = _client()
        client.create_secret(Name="db", SecretString="x")
        call = _per_call(lambda: client.get_secret_value(SecretId="db"))

    def minimal() -> None:
        with mock_aws():
            client = _client()
            client.create_secret(Name="db", SecretString="x")
            client.get_secret_value(SecretId="db")

    return {"call_us": call, "minimal_ms": _minimal(minimal), "import_ms": imported}


def arm_stubber() -> dict[str, float]:
    import boto3  # noqa: F401  (imported first: only the tool's own import is timed)

    start = time.perf_counter()
    from botocore.stub import Stubber

    imported = (time.perf_counter() - start) * 1e3
    answer = {"ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}
    answer |= {"Name": "db", "VersionId": "0" * 32, "SecretString": "x"}
    client = _client()
    stubber = Stubber(client)
    stubber.activate()

    def call() -> None:
        stubber.add_response("get_secret_value", answer, {"SecretId": "db"})
        client.get_secret_value(SecretId="db")

    per_call = _per_call(call)

    def minimal() -> None:
        client = _client()
        with Stubber(client) as stub:
            expected = {"Name": "db", "SecretString": "x"}
            stub.add_response("create_secret", {"ARN": answer["ARN"]}, expected)
            stub.add_response("get_secret_value", answer, {"SecretId": "db"})
            client.create_secret(Name="db", SecretString="x")
            client.get_secret_value(SecretId="db")

    return {"call_us": per_call, "minimal_ms": _minimal(minimal), "import_ms": imported}


def _minimal(fn: Any) -> float:
    fn()
    return statistics.median(_timed(fn, 1) / 1e3 for _ in range(MINIMAL))


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--arm":
        print(json.dumps(globals()[f"arm_{sys.argv[2]}"]()))
        return
    results: dict[str, Any] = {}
    for tool in TOOLS:
        done = subprocess.run(
            [sys.executable, __file__, "--arm", tool], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            results[tool] = {"error": done.stderr.strip().splitlines()[-1:]}
            continue
        results[tool] = json.loads(done.stdout.strip().splitlines()[-1])
    floor = results["floor"].get("call_us")
    header = f"{'tool':10} {'GetSecretValue µs':>18} {'x floor':>8} {'minimal test ms':>16}"
    print(f"{header} {'import ms':>10}")
    for tool in TOOLS:
        row = results[tool]
        if "error" in row:
            print(f"{tool:10} error: {row['error']}")
            continue
        ratio = row["call_us"] / floor if floor else float("nan")
        minimal = f"{row['minimal_ms']:.2f}" if "minimal_ms" in row else "-"
        imported = f"{row['import_ms']:.1f}" if "import_ms" in row else "-"
        print(f"{tool:10} {row['call_us']:18.1f} {ratio:8.2f} {minimal:>16} {imported:>10}")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "compare.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

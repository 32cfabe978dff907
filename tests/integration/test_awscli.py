"""The AWS CLI v1, driven in-process: its own parsing, pagination, output and exit status."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("awscli", reason="awscli is in the `test` extra")

from awscli.clidriver import create_clidriver

from smstub import SecretsManagerMock

REGION = "us-west-2"


@pytest.fixture
def aws(sm: SecretsManagerMock, capsys: pytest.CaptureFixture[str]) -> Any:
    """``aws(...)`` runs one CLI command; returns (exit status, parsed stdout or None, stderr)."""

    def run(*args: str) -> tuple[int, Any, str]:
        status = create_clidriver().main(
            ["secretsmanager", *args, "--region", REGION, "--output", "json"]
        )
        out, err = capsys.readouterr()
        return status, json.loads(out) if out.strip() else None, err

    return run


def test_create_read_new_current_and_list(aws: Any) -> None:
    status, created, _ = aws("create-secret", "--name", "cli/db", "--secret-string", "one")
    assert status == 0
    assert created["Name"] == "cli/db"
    assert created["ARN"].startswith("arn:aws:secretsmanager:us-west-2:123456789012:secret:cli/db-")

    status, read, _ = aws("get-secret-value", "--secret-id", "cli/db")
    assert (status, read["SecretString"], read["VersionStages"]) == (0, "one", ["AWSCURRENT"])

    status, put, _ = aws("put-secret-value", "--secret-id", "cli/db", "--secret-string", "two")
    assert status == 0
    status, current, _ = aws("get-secret-value", "--secret-id", created["ARN"])
    assert (current["SecretString"], current["VersionId"]) == ("two", put["VersionId"])
    status, previous, _ = aws(
        "get-secret-value", "--secret-id", "cli/db", "--version-stage", "AWSPREVIOUS"
    )
    assert (previous["SecretString"], previous["VersionId"]) == ("one", created["VersionId"])

    status, listed, _ = aws("list-secrets")
    assert status == 0
    assert [entry["Name"] for entry in listed["SecretList"]] == ["cli/db"]
    assert listed["SecretList"][0]["SecretVersionsToStages"] == {
        created["VersionId"]: ["AWSPREVIOUS"],
        put["VersionId"]: ["AWSCURRENT"],
    }


def test_the_cli_paginates_list_secrets_itself(aws: Any) -> None:
    for index in range(5):
        assert aws("create-secret", "--name", f"p/{index}", "--secret-string", "v")[0] == 0
    names = [f"p/{index}" for index in range(5)]

    # --page-size: the CLI walks every page (three ListSecrets calls) and prints one list.
    status, everything, _ = aws("list-secrets", "--page-size", "2")
    assert status == 0
    assert sorted(entry["Name"] for entry in everything["SecretList"]) == names
    assert "NextToken" not in everything

    # --max-items: the CLI stops early and prints its own resumable token.
    status, first, _ = aws("list-secrets", "--page-size", "2", "--max-items", "3")
    assert (status, len(first["SecretList"])) == (0, 3)
    status, rest, _ = aws(
        "list-secrets", "--page-size", "2", "--starting-token", first["NextToken"]
    )
    assert status == 0
    seen = [entry["Name"] for entry in first["SecretList"] + rest["SecretList"]]
    assert sorted(seen) == names


def test_a_service_error_is_the_cli_error_exit_status_and_message(aws: Any) -> None:
    status, out, err = aws("get-secret-value", "--secret-id", "missing")
    assert (status, out) == (255, None)
    assert err.strip() == (
        "An error occurred (ResourceNotFoundException) when calling the GetSecretValue "
        "operation: Secrets Manager can't find the specified secret."
    )


def test_query_and_text_output_come_from_the_cli(
    aws: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    aws("create-secret", "--name", "q", "--secret-string", "v")
    status = create_clidriver().main(
        [
            "secretsmanager",
            "list-secrets",
            "--region",
            REGION,
            "--query",
            "SecretList[].Name",
            "--output",
            "text",
        ]
    )
    assert (status, capsys.readouterr().out.strip()) == (0, "q")


def test_awscli_with_its_bundled_botocore_is_answered_too() -> None:
    """awscli may ship its own copy of botocore; imported first, that copy is `botocore`."""
    if importlib.util.find_spec("awscli.botocore") is None:
        pytest.skip("this awscli release uses the installed botocore; it bundles no copy")
    script = textwrap.dedent(
        """
        import contextlib, io, json, socket
        import awscli  # first: its import alias makes `botocore` its bundled copy
        import botocore
        from awscli.clidriver import create_clidriver
        from smstub import mock_secretsmanager

        def refuse(*a, **k):
            raise SystemExit("network used")

        def aws(*args):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                status = create_clidriver().main(
                    ["secretsmanager", *args, "--region", "eu-north-1", "--output", "json"]
                )
            return status, json.loads(out.getvalue())

        socket.socket.connect = refuse
        with mock_secretsmanager():
            aws("create-secret", "--name", "b", "--secret-string", "v")
            status, value = aws("get-secret-value", "--secret-id", "b")
        print(json.dumps([status, value["SecretString"], botocore.__file__]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    status, value, botocore_file = json.loads(done.stdout)
    assert (status, value) == (0, "v")
    assert Path(botocore_file).parent.parent.name == "awscli"

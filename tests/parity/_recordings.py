"""The AWS recordings: where they live, and how to read their cases and errors.

The recordings are LocalStack snapshot files captured against real AWS (see the README beside
them). The ground truth is ``shared/aws-recordings`` beside the repository, which CI checks out;
``tests/parity/aws-recordings`` is a verbatim copy (data, Apache-2.0, provenance in its README)
so that a fresh clone runs the whole suite too. A run without either must fail, never skip, or
parity would silently stop being checked.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "RECORDINGS_ENV",
    "RecordedCase",
    "RecordingsNotFoundError",
    "error_of",
    "load_cases",
    "load_validated_without_snapshot",
    "recordings_dir",
    "template_of",
]

RECORDINGS_ENV = "SMSTUB_RECORDINGS"
# file -> prefix of its case names (the main file's names are the bare pytest ids).
SNAPSHOT_FILES = {
    "test_secretsmanager.snapshot.json": "",
    "cloudformation_test_secretsmanager.snapshot.json": "cloudformation/",
}


class RecordingsNotFoundError(RuntimeError):
    pass


def recordings_dir() -> Path:
    """``$SMSTUB_RECORDINGS``, else ``shared/aws-recordings`` beside the repository, else the
    copy in this folder."""
    here = Path(__file__).resolve()
    chosen = os.environ.get(RECORDINGS_ENV)
    candidates = [Path(chosen)] if chosen else []
    candidates += [here.parents[3] / "shared" / "aws-recordings", here.parent / "aws-recordings"]
    for candidate in candidates:
        if (candidate / "test_secretsmanager.snapshot.json").is_file():
            return candidate
    raise RecordingsNotFoundError(
        f"The AWS recordings are missing: looked in {', '.join(map(str, candidates))}. The "
        f"parity suite needs them; check out the shared folder beside the repository or point "
        f"{RECORDINGS_ENV} at a copy of shared/aws-recordings."
    )


@dataclass(frozen=True)
class RecordedCase:
    """One snapshot key: what one LocalStack test recorded against AWS."""

    name: str  # the pytest id without path and class, e.g. "test_secret_tags"
    node_id: str  # the key as it stands in the file
    file: str
    content: dict[str, Any]  # label -> recorded response, in recording order


def load_cases(directory: Path | None = None) -> dict[str, RecordedCase]:
    directory = recordings_dir() if directory is None else directory
    cases: dict[str, RecordedCase] = {}
    for file, prefix in SNAPSHOT_FILES.items():
        path = directory / file
        if not path.is_file():
            raise RecordingsNotFoundError(f"The AWS recording {path} is missing.")
        for node_id, snapshot in json.loads(path.read_text(encoding="utf-8")).items():
            name = prefix + node_id.rpartition("::")[2]
            cases[name] = RecordedCase(name, node_id, file, snapshot["recorded-content"])
    return cases


def load_validated_without_snapshot(directory: Path | None = None) -> set[str]:
    """Tests that last passed against AWS (a ``*.validation.json`` entry) but recorded no
    snapshot: they checked AWS with plain asserts, which the suite replays as asserts."""
    directory = recordings_dir() if directory is None else directory
    names: set[str] = set()
    for file, prefix in SNAPSHOT_FILES.items():
        snapshots = json.loads((directory / file).read_text(encoding="utf-8"))
        validation = directory / file.replace(".snapshot.", ".validation.")
        for node_id in json.loads(validation.read_text(encoding="utf-8")):
            if node_id not in snapshots:
                names.add(prefix + node_id.rpartition("::")[2])
    return names


_CLIENT_ERROR_TEXT = re.compile(
    r"An error occurred \((?P<code>\w+)\) when calling the (?P<operation>\w+) operation: "
    r"(?P<message>.*)",
    re.DOTALL,
)


def error_of(entry: Any) -> tuple[str, str] | None:
    """(code, message) of a recorded or replayed error, in any of the three recorded forms."""
    if isinstance(entry, str):
        # str(ClientError), as test_secret_version_not_found recorded it.
        match = _CLIENT_ERROR_TEXT.fullmatch(entry)
        return None if match is None else (match["code"], match["message"])
    if isinstance(entry, dict) and isinstance(entry.get("Error"), dict):
        error = entry["Error"]
        # ClientError.response has Code; a raw JSON body (test_no_client_request_token) __type.
        code = error.get("Code", error.get("__type"))
        return str(code), str(error.get("Message"))
    return None


def template_of(message: str) -> str:
    """A message with its variable parts (placeholders, staging labels) blanked out."""
    message = re.sub(r"<[^<>]+>", "{}", message)
    return re.sub(r"(staging label: )\S+$", r"\1{}", message)

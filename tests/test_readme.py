"""README.md says what the code does: its tables and examples are checked against the code."""

from __future__ import annotations

from smstub._operations import OPERATIONS
from tests import support_table


def _rows(table: str) -> dict[str, str]:
    rows = {}
    for line in table.splitlines()[2:]:
        _, operation, status, _ = line.split("|")
        rows[operation.strip().strip("`")] = status.strip()
    return rows


def test_operation_table_matches_the_code_and_the_installed_model() -> None:
    readme = _rows(support_table.section(support_table.README.read_text()))
    code = _rows(support_table.render())
    stale = "README.md's operation table is stale: run `python -m tests.support_table --write`"
    assert {op: readme.get(op) for op in code} == code, stale
    # The README is written with the newest botocore: an older one may lack an operation, which
    # smstub then cannot be answering.
    newer = set(readme) - set(code)
    assert all(readme[op].startswith("refused") for op in newer), stale


def test_operation_table_lists_every_model_operation() -> None:
    rows = _rows(support_table.render())
    assert rows["GetSecretValue"] == "answered"
    # Every operation of the installed model, and those a later botocore adds that smstub answers.
    assert set(rows) == set(support_table.service_model().operation_names) | set(OPERATIONS)


def test_readme_retries_example_is_the_tested_example() -> None:
    example = (support_table.README.parent / "examples" / "retries.py").read_text()
    start = example.index("# --- README: retries ---\n") + len("# --- README: retries ---\n")
    code = example[start : example.index("# --- end README: retries ---")]
    readme = support_table.README.read_text()
    shown = readme[readme.index("<!-- example: examples/retries.py -->") :]
    assert shown.split("```python\n", 1)[1].split("```", 1)[0] == code

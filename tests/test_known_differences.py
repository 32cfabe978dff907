"""The README's "Known differences from AWS" lists exactly the UNVERIFIED marks of the source.

A guess about AWS is marked ``UNVERIFIED[name]`` where it is made, with a one-line reason; the
README names every mark once, so a new guess cannot go unlisted and a settled one cannot linger.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARK = re.compile(r"UNVERIFIED(\[([a-z0-9-]+)\])?")
LISTED = re.compile(r"`([a-z0-9-]+)`")


def _marks() -> dict[str, list[str]]:
    """name -> where it is marked; unnamed marks under ''."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "src" / "smstub").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in MARK.finditer(line):
                found.setdefault(match[2] or "", []).append(f"{path.name}:{number}")
    return found


def _listed() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Known differences from AWS\n", 1)[1].split("\n## ", 1)[0]
    bullets = [line for line in section.splitlines() if line.startswith("- ")]
    return {name for bullet in bullets for name in LISTED.findall(bullet.split(":", 1)[0])}


def test_every_unverified_mark_has_a_name() -> None:
    assert _marks().get("", []) == []


def test_each_mark_is_made_in_one_place() -> None:
    assert {name: at for name, at in _marks().items() if len(at) > 1} == {}


def test_the_readme_lists_exactly_the_marks() -> None:
    marks = set(_marks()) - {""}
    listed = _listed()
    assert sorted(marks - listed) == [], "marked in the source but not in the README"
    assert sorted(listed - marks) == [], "in the README but no longer marked"

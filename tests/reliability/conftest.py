"""Fixtures and the end-of-session report shared by the reliability tests."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.reliability._counts import COUNTS


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if not COUNTS:
        return
    profile = os.environ.get("HYPOTHESIS_PROFILE", "fast")
    terminalreporter.section(f"smstub reliability inputs (hypothesis profile {profile!r})")
    for what, n in sorted(COUNTS.items()):
        terminalreporter.write_line(f"{what}: {n}")
    if config.cache is not None:
        config.cache.set("smstub/reliability", {"profile": profile, **COUNTS})

"""Helpers for the real client libraries: which of them can run on the installed botocore."""

from __future__ import annotations

from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.version import Version


def botocore_conflict(distribution: str) -> str | None:
    """Why ``distribution`` cannot run on the installed botocore, or None when it can.

    aiobotocore pins botocore to a narrow range; an environment that installs another botocore
    after it (tox's ``newest``) has an aiobotocore that overrides methods of a botocore it was
    not written for, so its tests are skipped with the conflict named instead of failing.
    """
    try:
        requires = metadata.requires(distribution) or []
    except metadata.PackageNotFoundError:
        return f"{distribution} is not installed (it is in the `test` extra)"
    installed = Version(metadata.version("botocore"))
    for line in requires:
        requirement = Requirement(line)
        if (
            requirement.name == "botocore"
            and requirement.marker is None
            and not requirement.specifier.contains(installed, prereleases=True)
        ):
            return (
                f"{distribution} {metadata.version(distribution)} requires "
                f"botocore{requirement.specifier}; botocore {installed} is installed"
            )
    return None


def skip_unless_compatible(distribution: str) -> None:
    """Skip the calling test module when ``distribution`` cannot run on this botocore."""
    reason = botocore_conflict(distribution)
    if reason is not None:
        pytest.skip(reason, allow_module_level=True)

"""The secret model: secrets, versions and their staging labels."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime

from smstub._crypto import Sealed

__all__ = ["AWSCURRENT", "AWSPENDING", "AWSPREVIOUS", "Secret", "Tag", "Version"]

_sequence = itertools.count()

AWSCURRENT = "AWSCURRENT"
AWSPREVIOUS = "AWSPREVIOUS"
AWSPENDING = "AWSPENDING"


@dataclass(slots=True, eq=False)
class Version:
    """One version of a secret. Its value exists only sealed."""

    version_id: str
    created_date: datetime
    sealed: Sealed
    is_binary: bool
    # Labels in the order they were attached. A tuple: most versions hold one label or none,
    # and the empty tuple is shared.
    stages: tuple[str, ...] = ()
    last_accessed_date: datetime | None = None
    # Creation order, unique: versions made in the same millisecond still list in the order
    # they were made, and a NextToken can resume after one exactly.
    seq: int = field(default_factory=lambda: next(_sequence))

    def __repr__(self) -> str:
        return f"<Version {self.version_id} stages={self.stages}>"


@dataclass(slots=True)
class Tag:
    key: str
    value: str


@dataclass(slots=True, eq=False)
class Secret:
    """A secret and its versions. Each label is on at most one version; the versions' own
    ``stages`` are the only record of that (AWSCURRENT's holder is kept at hand as ``current``)."""

    name: str
    arn: str
    created_date: datetime
    last_changed_date: datetime
    description: str | None = None
    # The KmsKeyId as the caller gave it (AWS echoes it); None means the AWS-managed key,
    # however it was named. Versions record the keys they are sealed under themselves.
    kms_key_id: str | None = None
    secret_type: str | None = None
    versions: dict[str, Version] = field(default_factory=dict)
    current: Version | None = None  # the version holding AWSCURRENT
    tags: list[Tag] | None = None  # None until first tagged: AWS then shows no Tags key at all
    last_accessed_date: datetime | None = None
    deleted_date: datetime | None = None
    deletion_date: datetime | None = None  # when a scheduled deletion falls due
    owning_service: str | None = None

    def holder(self, label: str) -> Version | None:
        """The version that holds ``label``, if any."""
        if label == AWSCURRENT:
            return self.current
        for version in self.versions.values():
            if label in version.stages:
                return version
        return None

    def attach(self, label: str, version: Version) -> Version | None:
        """Put ``label`` on ``version``, taking it from the version that held it (returned)."""
        holder = self.holder(label)
        if holder is version:
            return None
        if holder is not None:
            holder.stages = tuple(s for s in holder.stages if s != label)
        version.stages = (*version.stages, label)
        if label == AWSCURRENT:
            self.current = version
        return holder

    def detach(self, label: str, version: Version) -> None:
        version.stages = tuple(s for s in version.stages if s != label)
        if label == AWSCURRENT and self.current is version:
            self.current = None

    def __repr__(self) -> str:
        return f"<Secret {self.arn} versions={len(self.versions)}>"

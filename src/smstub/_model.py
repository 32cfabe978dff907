"""The secret model: secrets, versions and their staging labels.

A store may hold a hundred thousand secrets, so these objects are laid out to be small: slots,
no per-secret dicts in the common case, labels and ARNs shared or computed instead of copied.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from smstub._crypto import Wrap

if TYPE_CHECKING:
    from smstub._replication import Replication
    from smstub._resource_policy import PolicySet
    from smstub._rotation_state import RotationState

__all__ = ["AWSCURRENT", "AWSPENDING", "AWSPREVIOUS", "Place", "Secret", "Tag", "Version"]

AWSCURRENT = "AWSCURRENT"
AWSPREVIOUS = "AWSPREVIOUS"
AWSPENDING = "AWSPENDING"

# Label tuples are shared: nearly every version holds (AWSCURRENT,), (AWSPREVIOUS,) or nothing.
_SHARED_STAGES: dict[tuple[str, ...], tuple[str, ...]] = {}
_SHARED_STAGES_MAX = 256


def _shared(stages: tuple[str, ...]) -> tuple[str, ...]:
    found = _SHARED_STAGES.get(stages)
    if found is not None:
        return found
    if len(_SHARED_STAGES) < _SHARED_STAGES_MAX:
        _SHARED_STAGES[stages] = stages
    return stages


# A secret keeps its versions in a tuple while it has this many or fewer (most have one to
# three), and in a dict by version id beyond (a test may put thousands in a day).
_FEW_VERSIONS = 8


class _Many:
    """A secret's versions once it has many: by id in creation order, and each label's holder,
    so that label moves cost the same at 150 versions as at 3."""

    __slots__ = ("by_id", "by_label")

    def __init__(self, versions: tuple[Version, ...]) -> None:
        self.by_id = {v.version_id: v for v in versions}
        self.by_label = {label: v for v in versions for label in v.stages}


@dataclass(slots=True, eq=False)
class Version:
    """One version of a secret. Its value exists only sealed (see :mod:`smstub._crypto`)."""

    version_id: str
    created_date: datetime
    # The data key wrapped under ``key_arn``, then the value sealed under the data key.
    sealed: bytes
    key_arn: str
    # How the secret named that key when the version was sealed (None: the AWS-managed key).
    key_ref: str | None
    is_binary: bool
    # Labels in the order they were attached; the tuples are shared (see _shared).
    stages: tuple[str, ...] = ()
    last_accessed_date: datetime | None = None
    # The data key wrapped under keys the secret used before, oldest first.
    earlier: tuple[Wrap, ...] = ()
    # Creation order within the secret (Secret.add_version numbers it): versions made in the
    # same millisecond still list in the order they were made, and a NextToken can resume after
    # one exactly. Counting per secret keeps the numbers small, and CPython shares small ints.
    seq: int = 0

    def __repr__(self) -> str:
        return f"<Version {self.version_id} stages={self.stages}>"


@dataclass(slots=True)
class Tag:
    key: str
    value: str


@dataclass(slots=True, frozen=True, eq=False)
class Place:
    """Where a secret lives: one object shared by every secret of an account and region."""

    # The ARN up to the name.
    arn_base: str
    # The store's ARN suffix scheme (serial -> six characters).
    suffix_of: Callable[[int], str]


@dataclass(slots=True, eq=False)
class Secret:
    """A secret and its versions. Each label is on at most one version; the versions' own
    ``stages`` are the only record of that (AWSCURRENT's holder is kept at hand as ``current``).
    """

    name: str
    # The account and region; the ARN is computed from it, the name and the serial.
    place: Place
    # Unique in the store, in creation order: it gives the ARN suffix (a replica shares its
    # primary's) and breaks ties between secrets that sort alike in ListSecrets.
    serial: int
    created_date: datetime
    last_changed_date: datetime
    description: str | None = None
    # The KmsKeyId as the caller gave it (AWS echoes it); None means the AWS-managed key,
    # however it was named. Versions record the keys they are sealed under themselves.
    kms_key_id: str | None = None
    secret_type: str | None = None
    # In creation order: a tuple while there are few, then by id with a label index (_Many).
    _versions: tuple[Version, ...] | _Many = ()
    current: Version | None = None  # the version holding AWSCURRENT
    tags: list[Tag] | None = None  # None until first tagged: AWS then shows no Tags key at all
    last_accessed_date: datetime | None = None
    deleted_date: datetime | None = None
    deletion_date: datetime | None = None  # when a scheduled deletion falls due
    owning_service: str | None = None
    # Resource policies (smstub._resource_policy); None until one is attached.
    policies: PolicySet | None = None
    # Replication state (smstub._replication): None for a secret that was never replicated.
    replication: Replication | None = None
    # Rotation configuration and progress (smstub._rotation): one slot, None until RotateSecret
    # is first called for this secret, so secrets that never rotate pay one pointer.
    rotation: RotationState | None = None
    # Bookkeeping of the ListSecrets index (smstub._listing), kept here so that the index needs
    # no object of its own per secret: the values it was last sorted and selected by (None
    # while the secret is not in the index).
    indexed_live: bool = False
    indexed_changed: datetime | None = None
    indexed_accessed: datetime | None = None
    index_words: tuple[tuple[str, ...], ...] | None = None  # per field, for ``all``
    # The ARN, once shown: every answer about a secret shows it, and building it costs more
    # than the rest of a GetSecretValue entry. A secret never shown pays one pointer.
    _arn: str | None = None

    @property
    def suffix(self) -> str:
        """AWS's six random-looking characters at the end of the ARN."""
        return self.place.suffix_of(self.serial)

    @property
    def arn(self) -> str:
        arn = self._arn
        if arn is None:
            place = self.place
            arn = self._arn = f"{place.arn_base}{self.name}-{place.suffix_of(self.serial)}"
        return arn

    def renumber(self, serial: int) -> None:
        """Give the secret another serial, and so another ARN suffix (a seeded replica takes
        its primary's)."""
        self.serial = serial
        self._arn = None

    # --- versions ------------------------------------------------------------------------------
    @property
    def versions(self) -> Collection[Version]:
        """Every version, oldest first."""
        held = self._versions
        return held if isinstance(held, tuple) else held.by_id.values()

    def version(self, version_id: str) -> Version | None:
        held = self._versions
        if isinstance(held, _Many):
            return held.by_id.get(version_id)
        for version in held:
            if version.version_id == version_id:
                return version
        return None

    def add_version(self, version: Version) -> None:
        held = self._versions
        if isinstance(held, _Many):
            # The newest version is never removed while it is the newest (see _versions).
            version.seq = next(reversed(held.by_id.values())).seq + 1
            held.by_id[version.version_id] = version
            for label in version.stages:
                held.by_label[label] = version
            return
        if held:
            version.seq = held[-1].seq + 1
        if len(held) < _FEW_VERSIONS:
            self._versions = (*held, version)
        else:
            self._versions = _Many((*held, version))

    def remove_version(self, version: Version) -> None:
        held = self._versions
        if isinstance(held, _Many):
            del held.by_id[version.version_id]
            for label in version.stages:
                if held.by_label.get(label) is version:
                    del held.by_label[label]
        else:
            self._versions = tuple(v for v in held if v is not version)

    # --- labels --------------------------------------------------------------------------------
    def holder(self, label: str) -> Version | None:
        """The version that holds ``label``, if any."""
        if label == AWSCURRENT:
            return self.current
        held = self._versions
        if isinstance(held, _Many):
            return held.by_label.get(label)
        for version in held:
            if label in version.stages:
                return version
        return None

    def attach(self, label: str, version: Version) -> Version | None:
        """Put ``label`` on ``version``, taking it from the version that held it (returned)."""
        holder = self.holder(label)
        if holder is version:
            return None
        if holder is not None:
            holder.stages = _shared(tuple(s for s in holder.stages if s != label))
        version.stages = _shared((*version.stages, label))
        if label == AWSCURRENT:
            self.current = version
        held = self._versions
        if isinstance(held, _Many):
            held.by_label[label] = version
        return holder

    def detach(self, label: str, version: Version) -> None:
        version.stages = _shared(tuple(s for s in version.stages if s != label))
        if label == AWSCURRENT and self.current is version:
            self.current = None
        held = self._versions
        if isinstance(held, _Many) and held.by_label.get(label) is version:
            del held.by_label[label]

    def labelled(self) -> list[Version]:
        """The versions that carry labels (few, however many versions there are)."""
        held = self._versions
        if isinstance(held, _Many):
            return list({id(v): v for v in held.by_label.values()}.values())
        return [v for v in held if v.stages]

    def restage(self, version: Version, stages: tuple[str, ...]) -> None:
        """Give ``version`` exactly ``stages`` (replicas and seeds copy labels as they are);
        the caller keeps each label on one version."""
        for label in version.stages:
            self.detach(label, version)
        for label in stages:
            self.attach(label, version)

    def __repr__(self) -> str:
        return f"<Secret {self.arn} versions={len(self.versions)}>"

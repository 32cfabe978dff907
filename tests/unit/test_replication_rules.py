"""Replication rules checked without botocore: replica regions, mirroring versions."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from smstub import _aws_errors as err
from smstub._model import AWSCURRENT, AWSPREVIOUS, Place, Secret, Version
from smstub._replication import (
    REPLICA_WRITE,
    Replication,
    check_not_replica,
    check_regions,
    mirror_versions,
    still_has_replicas,
)

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _secret(region: str = "us-east-1") -> Secret:
    place = Place(f"arn:aws:secretsmanager:{region}:123456789012:secret:", lambda n: "abcdef")
    return Secret(name="s", place=place, serial=1, created_date=NOW, last_changed_date=NOW)


def _version(version_id: str, sealed: bytes = b"p") -> Version:
    return Version(version_id, NOW, sealed, "arn:key", None, False)


def test_check_regions_keeps_request_order() -> None:
    assert check_regions("us-east-1", [], ["eu-west-1", "us-west-2"]) == ["eu-west-1", "us-west-2"]


@pytest.mark.parametrize(
    ("existing", "requested"),
    [
        ([], ["us-east-1"]),
        ([], ["us-west-2", "us-west-2"]),
        (["us-west-2"], ["us-west-2"]),
        ([], ["cn-north-1"]),
        ([], [None]),
        ([], ["Not_A_Region"]),
    ],
)
def test_check_regions_refuses_what_cannot_be_a_replica_region(
    existing: list[str], requested: list[str | None]
) -> None:
    with pytest.raises(err.InvalidParameterException, match=r"^Invalid replica region\.$"):
        check_regions("us-east-1", existing, requested)


def test_mirror_versions_copies_ids_labels_and_current() -> None:
    primary, replica = _secret(), _secret("us-west-2")
    old, new = _version("v1"), _version("v2")
    primary.add_version(old)
    primary.add_version(new)
    primary.attach(AWSCURRENT, old)
    primary.attach(AWSCURRENT, new)
    primary.attach(AWSPREVIOUS, old)
    sealed: list[str] = []

    def reseal(version: Version) -> Version:
        sealed.append(version.version_id)
        return _version(version.version_id, b"r")

    mirror_versions(primary, replica, reseal)
    assert [(v.version_id, v.stages, v.sealed) for v in replica.versions] == [
        ("v1", (AWSPREVIOUS,), b"r"),
        ("v2", (AWSCURRENT,), b"r"),
    ]
    assert replica.current is replica.version("v2")
    # A second pass reseals nothing that the replica has already.
    mirror_versions(primary, replica, reseal)
    assert sealed == ["v1", "v2"]


def test_mirror_versions_changes_nothing_when_a_reseal_fails() -> None:
    primary, replica = _secret(), _secret("us-west-2")
    primary.add_version(_version("v1"))
    primary.attach(AWSCURRENT, primary.version("v1"))  # type: ignore[arg-type]

    def reseal(version: Version) -> Version:
        raise err.EncryptionFailure("no key")

    with pytest.raises(err.EncryptionFailure):
        mirror_versions(primary, replica, reseal)
    assert list(replica.versions) == []
    assert replica.current is None


def test_a_replica_refuses_writes_and_a_primary_with_replicas_refuses_deletion() -> None:
    primary, replica = _secret(), _secret("us-west-2")
    replica.replication = Replication("us-east-1", primary=primary)
    with pytest.raises(err.InvalidParameterException, match=re.escape(REPLICA_WRITE)):
        check_not_replica(replica)
    check_not_replica(primary)
    primary.replication = Replication("us-east-1")
    still_has_replicas(primary)  # no replicas: nothing to refuse

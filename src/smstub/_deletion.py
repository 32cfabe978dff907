"""DeleteSecret and RestoreSecret: recovery windows, forced deletion, and purging a secret once
its window has ended (an entry on the store's timeline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._cross_account import check_deletable
from smstub._ids import arn_suffix, secret_arn
from smstub._model import Secret
from smstub._replication import check_not_replica, still_has_replicas

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = ["Deletion", "delete_secret", "restore_secret"]

# AWS documentation (DeleteSecret): the recovery window is 7 to 30 days, 30 by default.
_MIN_WINDOW, _MAX_WINDOW, _DEFAULT_WINDOW = 7, 30, 30


@dataclass(slots=True, frozen=True)
class Deletion:
    arn: str
    name: str
    deletion_date: datetime


def delete_secret(
    backend: RegionBackend, secret_id: str, window: int | None, force: bool | None
) -> Deletion:
    if window is not None and not _MIN_WINDOW <= window <= _MAX_WINDOW:
        # Seen from AWS (getmoto/moto#6461); checked before the conflict with force.
        raise err.InvalidParameterException(
            "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
        )
    if force and window is not None:
        raise err.InvalidParameterException(
            "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."
        )
    now = backend.store.clock.now()
    try:
        secret = backend.find(secret_id)
    except err.ResourceNotFoundException:
        if not force:
            raise
        # AWS answers a forced delete of a missing secret as if it existed (LocalStack's
        # AWS-validated test_delete_non_existent_secret_returns_as_if_secret_exists).
        name = secret_id.rsplit(":", 1)[-1] if secret_id.startswith("arn:") else secret_id
        arn = secret_arn(backend.partition, backend.region, backend.account, name, arn_suffix())
        return Deletion(arn, secret_id, now)
    check_not_replica(secret)
    still_has_replicas(secret)
    check_deletable(secret)
    if force:
        backend._remove(secret)
        return Deletion(secret.arn, secret.name, now)
    if secret.deleted_date is not None:
        raise err.InvalidRequestException(err.MARKED_FOR_DELETION)
    secret.deleted_date = now
    secret.deletion_date = now + timedelta(days=window or _DEFAULT_WINDOW)
    _schedule_purge(backend, secret, secret.deletion_date)
    backend._committed(secret)
    return Deletion(secret.arn, secret.name, secret.deletion_date)


def restore_secret(backend: RegionBackend, secret_id: str) -> Secret:
    secret = backend.find(secret_id)
    check_not_replica(secret)
    secret.deleted_date = None
    secret.deletion_date = None
    backend.store.timeline.cancel(purge_key(secret))
    backend._committed(secret)
    return secret


def purge_key(secret: Secret) -> tuple[str, Secret]:
    """The secret's entry on the timeline."""
    return ("purge", secret)


def _schedule_purge(backend: RegionBackend, secret: Secret, when: datetime) -> None:
    def purge(due: datetime) -> None:
        with backend.store.lock:
            # Restored, or deleted again with a later window, in the meantime: not yet.
            if secret.deletion_date is not None and secret.deletion_date <= due:
                backend._remove(secret)

    backend.store.timeline.add(when, purge_key(secret), purge)

"""Staging labels and version bookkeeping: where labels move when versions are added or moved,
and which old versions AWS drops.

Pure rules over :class:`~smstub._model.Secret`; no lookup, no encryption.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from smstub import _aws_errors as err
from smstub._model import AWSCURRENT, AWSPENDING, AWSPREVIOUS, Secret, Version

__all__ = ["add_version", "move_label", "move_stage"]

# AWS documentation (PutSecretValue, "Quotas"): versions without labels are removed once a secret
# has more than 100 versions, but never while they are less than 24 hours old.
_VERSION_QUOTA = 100
_DEPRECATED_GRACE = timedelta(hours=24)


def add_version(secret: Secret, version: Version, stages: Iterable[str], now: datetime) -> None:
    """Add the new ``version`` to ``secret`` carrying ``stages``, moving labels as AWS does."""
    secret.add_version(version)
    old_current = secret.current
    for label in dict.fromkeys(stages):
        move_label(secret, label, version)
    if old_current is None:
        # botocore model docs (PutSecretValue): "If this operation creates the first version
        # for the secret, then Secrets Manager automatically attaches the staging label
        # AWSCURRENT to it", whatever VersionStages says.
        secret.attach(AWSCURRENT, version)
    elif old_current is not secret.current and secret.holder(AWSPENDING) is old_current:
        # A new value made current retires the old current's AWSPENDING as well
        # (recordings: test_update_secret_version_stages_current_pending, res_1 -> res_2).
        secret.detach(AWSPENDING, old_current)
    secret.last_changed_date = version.created_date
    _drop_old_deprecated(secret, now)


def move_label(secret: Secret, label: str, version: Version) -> None:
    """Attach ``label`` to ``version``; moving AWSCURRENT also moves AWSPREVIOUS."""
    previous = secret.attach(label, version)
    if label == AWSCURRENT and previous is not None:
        # AWS docs: whenever AWSCURRENT moves, AWSPREVIOUS moves to the version it left.
        secret.attach(AWSPREVIOUS, previous)


def _drop_old_deprecated(secret: Secret, now: datetime) -> None:
    excess = len(secret.versions) - _VERSION_QUOTA
    if excess <= 0:
        return
    cutoff = now - _DEPRECATED_GRACE
    versions = secret.versions
    # Versions are kept in creation order: while the oldest is young, none may go (the usual
    # case for a test that writes often), and otherwise the scan stops at the first young one.
    if next(iter(versions)).created_date >= cutoff:
        return
    for version in list(versions):
        if excess <= 0 or version.created_date >= cutoff:
            break
        if not version.stages:
            secret.remove_version(version)
            excess -= 1


def move_stage(
    secret: Secret, stage: str, remove_from: str | None, move_to: str | None, now: datetime
) -> None:
    """UpdateSecretVersionStage's rules: move ``stage`` to ``move_to`` and/or take it off
    ``remove_from``, or AWS's error (and no change)."""
    holder = secret.holder(stage)
    target = None
    # UNVERIFIED[stage-move-texts]: moto's texts for an unknown version and a label not on
    # RemoveFromVersionId (no AWS answer found);
    # the RemoveFromVersionId-can't-be-empty text is AWS's (moto's AWS-verified test).
    if move_to is not None:
        target = secret.version(move_to)
        if target is None:
            raise err.InvalidParameterException(f"Not a valid version: {move_to}")
    if remove_from is not None:
        source = secret.version(remove_from)
        if source is None:
            raise err.InvalidParameterException(f"Not a valid version: {remove_from}")
        if holder is not source:
            raise err.InvalidParameterException(
                f"Version stage {stage} not found in version {remove_from}"
            )
    elif holder is not None and holder is not target and target is not None:
        raise err.InvalidParameterException(
            f"The parameter RemoveFromVersionId can't be empty. Staging label {stage} is "
            f"currently attached to version {holder.version_id}, so you must explicitly "
            "reference that version in RemoveFromVersionId."
        )
    if target is not None:
        if holder is not target:
            move_label(secret, stage, target)
    elif holder is not None and remove_from is not None:
        if stage == AWSCURRENT:
            # UNVERIFIED[awscurrent-removal]: recalled from AWS output, not recorded: AWSCURRENT
            # can only move.
            raise err.InvalidParameterException(
                "You can only move staging label AWSCURRENT to a different secret "
                "version. It can't be completely removed."
            )
        secret.detach(stage, holder)
    secret.last_changed_date = now

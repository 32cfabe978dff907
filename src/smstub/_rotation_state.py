"""A secret's rotation state: its configuration, the empty version a rotation starts with,
the failures kept for ``sm.rotation_failures``, and the rotation members DescribeSecret and
ListSecrets show. The rules of RotateSecret live in :mod:`smstub._rotation`, running the steps
and the schedule in :mod:`smstub._rotation_run`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smstub._model import AWSPENDING, Secret, Version
from smstub._schedule import Rules, Schedule, Window
from smstub._versions import move_label

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._sealing import SecretValue

__all__ = [
    "CANNOT_INVOKE",
    "RotationFailure",
    "RotationState",
    "fill_stub",
    "rotation_fields",
    "rotation_key",
    "stub_version",
]

# Recordings: test_rotate_secret_invalid_lambda_arn (AccessDeniedException, no top-level Message).
CANNOT_INVOKE = (
    "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function "
    "policy grants access to the principal secretsmanager.amazonaws.com."
)


@dataclass(slots=True, eq=False)
class RotationState:
    """A secret's rotation configuration and progress (``Secret.rotation``, None until used)."""

    lambda_arn: str | None = None
    rules: Rules | None = None
    schedule: Schedule | None = None
    enabled: bool = False
    last_rotated: datetime | None = None
    next_window: Window | None = None
    # What DescribeSecret shows as AutomaticallyAfterDays for a ScheduleExpression: "calculated
    # from the rotation schedule after every successful rotation" (model docs).
    computed_days: int | None = None
    # The RotationToken of the rotation under way (the event carries it).
    token: str | None = None
    external_metadata: tuple[tuple[str, str], ...] | None = None
    external_role_arn: str | None = None


@dataclass(slots=True, frozen=True)
class RotationFailure:
    """A rotation that did not complete: the step that failed and what it raised.

    AWS reports no error from RotateSecret when a step fails (the rotation is asynchronous
    there); a test asserts on ``sm.rotation_failures`` instead, or on the labels AWS leaves:
    AWSPENDING on the new version, AWSCURRENT where it was, LastRotatedDate unchanged."""

    secret_arn: str
    version_id: str
    step: str
    error: BaseException
    traceback: str
    when: datetime

    def __repr__(self) -> str:
        # The exception's text is the user's and may hold a secret value: name its type only.
        return (
            f"<RotationFailure {self.secret_arn} version={self.version_id} step={self.step} "
            f"error={type(self.error).__name__}>"
        )


class RotationNotFinishedError(RuntimeError):
    """finishSecret returned without moving AWSCURRENT to the new version."""


def rotation_key(secret: Secret) -> tuple[str, Secret]:
    """The secret's scheduled rotation on the timeline."""
    return ("rotation", secret)


def stub_version(secret: Secret, token: str, now: datetime) -> Version:
    """The empty version staged AWSPENDING that a rotation starts with (AWS's templates check
    ``VersionIdsToStages[token]`` before createSecret puts a value into it)."""
    version = Version(
        version_id=token,
        created_date=now,
        sealed=b"",  # no value: every read of it is refused until createSecret puts one
        key_arn="",
        key_ref=secret.kms_key_id,
        is_binary=False,
    )
    secret.add_version(version)
    secret.attach(AWSPENDING, version)
    return version


def is_stub(version: Version) -> bool:
    return not version.sealed


# --- stubs filled by createSecret ------------------------------------------------------------
def fill_stub(
    backend: RegionBackend,
    secret: Secret,
    stub: Version,
    value: SecretValue,
    stages: list[str],
) -> None:
    """PutSecretValue with the token of the rotation's empty version puts the value into it."""
    sealed = backend._seal(secret, stub.version_id, value, secret.kms_key_id)
    stub.sealed, stub.key_arn, stub.key_ref = sealed.sealed, sealed.key_arn, sealed.key_ref
    stub.is_binary = sealed.is_binary
    for label in dict.fromkeys(stages):
        move_label(secret, label, stub)
    secret.last_changed_date = sealed.created_date


# --- DescribeSecret and ListSecrets ---------------------------------------------------------
def rotation_fields(state: RotationState, epoch: Callable[[datetime], float]) -> dict[str, Any]:
    """The rotation members of a DescribeSecret or ListSecrets entry, as AWS shows them: none
    until rotation is configured (recordings: test_rotate_secret_invalid_lambda_arn), then
    RotationEnabled, RotationLambdaARN, RotationRules and, while enabled, the dates."""
    out: dict[str, Any] = {"RotationEnabled": state.enabled}
    if state.lambda_arn:
        out["RotationLambdaARN"] = state.lambda_arn
    rules = state.rules
    if rules is not None:
        shown: dict[str, Any] = {}
        days = rules.days if rules.days is not None else state.computed_days
        if days is not None:
            shown["AutomaticallyAfterDays"] = days
        if rules.duration is not None:
            shown["Duration"] = rules.duration
        if rules.expression is not None:
            shown["ScheduleExpression"] = rules.expression
        if shown:
            out["RotationRules"] = shown
    if state.external_metadata is not None:
        out["ExternalSecretRotationMetadata"] = [
            {"Key": key, "Value": value} for key, value in state.external_metadata
        ]
    if state.external_role_arn is not None:
        out["ExternalSecretRotationRoleArn"] = state.external_role_arn
    # Model docs: both dates are null "if the secret isn't configured for rotation or rotation
    # has been disabled".
    if state.enabled:
        if state.last_rotated is not None:
            out["LastRotatedDate"] = epoch(state.last_rotated)
        if state.next_window is not None:
            out["NextRotationDate"] = epoch(state.next_window.latest)
    return out

"""RotateSecret and CancelRotateSecret: the user's rotation function runs in-process through
AWS's four steps, and scheduled rotations are entries on the store's timeline.

AWS API reference (RotateSecret): the configuration is stored, then a rotation starts; a new
version staged AWSPENDING is made first and the function is called for ``createSecret``,
``setSecret``, ``testSecret`` and ``finishSecret`` with its id as ``ClientRequestToken``.
"If the AWSPENDING staging label is present but not attached to the same version as
AWSCURRENT, then any later invocation of RotateSecret assumes that a previous rotation request
is still in progress and returns an error. When rotation is unsuccessful, the AWSPENDING
staging label might be attached to an empty secret version." AWS rotates asynchronously and
reports no error from RotateSecret for a failing step; smstub runs the steps before the call
returns and keeps each failure on ``sm.rotation_failures``.

The handlers run under the store lock and hand the steps back as deferred work: the dispatch
core runs it after releasing the lock with the answering mock pinned, so the function's own
boto3 calls, from any thread, reach this mock.
"""

from __future__ import annotations

import logging
import os
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smstub import _aws_errors as err
from smstub._lambda import LambdaContext, rotation_event
from smstub._model import AWSPENDING, Secret, Version
from smstub._schedule import Rules, Schedule, Window, schedule_of

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._sealing import SecretValue

__all__ = ["RotationFailure", "RotationState", "cancel_rotate_secret", "rotate_secret"]

logger = logging.getLogger("smstub")

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")
# Recordings: test_first_rotate_secret_with_missing_lambda_arn and
# test_rotate_secret_invalid_lambda_arn.
NO_LAMBDA = "No Lambda rotation function ARN is associated with this secret."
CANNOT_INVOKE = (
    "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function "
    "policy grants access to the principal secretsmanager.amazonaws.com."
)
# Seen from AWS (quoted in hashicorp/terraform-provider-aws's changelog and tests, and in the
# AWS ParallelCluster user guide).
INCOMPLETE = "A previous rotation isn't complete. That rotation will be reattempted."
ENDPOINT_VARIABLE = "SECRETS_MANAGER_ENDPOINT"


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


# --- RotateSecret ------------------------------------------------------------------------------
def rotate_secret(
    backend: RegionBackend,
    secret_id: str,
    token: str | None,
    lambda_arn: str | None,
    rules: Rules | None,
    immediately: bool,
    external_metadata: tuple[tuple[str, str], ...] | None = None,
    external_role_arn: str | None = None,
) -> tuple[Secret, str, Callable[[], None] | None]:
    """Configure rotation and stage its version; returns the secret, the new version id and
    the work to run outside the lock (None when the same request was already answered)."""
    if token is None:
        # Recordings: test_no_client_request_token[RotateSecret] (InvalidParameterException,
        # where the other writes give InvalidRequestException).
        raise err.InvalidParameterException(err.MISSING_TOKEN)
    secret = backend.find_live(secret_id)
    schedule = schedule_of(rules) if rules is not None else None
    state = secret.rotation
    arn = lambda_arn or (state.lambda_arn if state is not None else None)
    if not arn:
        raise err.InvalidRequestException(NO_LAMBDA)
    pending = secret.holder(AWSPENDING)
    existing = secret.version(token)
    if existing is not None and (existing is not pending or existing is secret.current):
        # The same request again after it completed (UNVERIFIED: AWS's answer to a reused
        # token): answer it again without a second rotation.
        return secret, token, None
    if existing is None and pending is not None and pending is not secret.current:
        raise err.InvalidRequestException(INCOMPLETE)
    functions = backend.store.functions
    if functions is None or arn not in functions:
        raise err.AccessDeniedException(CANNOT_INVOKE)
    if state is None:
        state = secret.rotation = RotationState()
    state.lambda_arn = arn
    if rules is not None:
        state.rules, state.schedule, state.computed_days = rules, schedule, None
    if external_metadata is not None:
        state.external_metadata = external_metadata
    if external_role_arn is not None:
        state.external_role_arn = external_role_arn
    state.enabled = True
    now = backend.store.clock.now()
    if not immediately:
        temporary = _temporary_version(backend, secret, token, now)
        backend._committed(secret)
        return secret, token, lambda: _test_only(backend, secret, temporary, arn)
    if existing is None:
        stub_version(secret, token, now)
    backend._committed(secret)
    return secret, token, lambda: run_rotation(backend, secret, token, arn)


def _temporary_version(
    backend: RegionBackend, secret: Secret, token: str, now: datetime
) -> Version:
    """RotateImmediately=False: "Secrets Manager tests the rotation configuration by running
    the testSecret step ... This test creates an AWSPENDING version of the secret and then
    removes it" (model docs). It holds a copy of the current value (UNVERIFIED) so that a
    testSecret that reads AWSPENDING finds credentials that work."""
    current = secret.current
    if current is None or is_stub(current):
        return stub_version(secret, token, now)
    value = backend.reveal(secret, current)
    version = backend._seal(secret, token, value, secret.kms_key_id)
    secret.add_version(version)
    secret.attach(AWSPENDING, version)
    return version


def _test_only(backend: RegionBackend, secret: Secret, temporary: Version, arn: str) -> None:
    _call_steps(backend, secret, temporary.version_id, arn, ("testSecret",))
    with backend.store.lock:
        secret.detach(AWSPENDING, temporary)
        if secret.version(temporary.version_id) is temporary and not temporary.stages:
            secret.remove_version(temporary)
        state = secret.rotation
        if state is not None:
            _schedule_next(backend, secret, state, state.last_rotated or backend.store.clock.now())
        backend._committed(secret)


def run_rotation(backend: RegionBackend, secret: Secret, token: str, arn: str) -> None:
    """The four steps, outside the store lock; then the outcome, under it."""
    if not _call_steps(backend, secret, token, arn, STEPS):
        return
    with backend.store.lock:
        state = secret.rotation
        current = secret.current
        if current is None or current.version_id != token:
            _record(
                backend,
                secret,
                token,
                "finishSecret",
                RotationNotFinishedError(
                    f"finishSecret returned without moving AWSCURRENT to version {token}"
                ),
            )
            return
        if state is None:
            return
        now = backend.store.clock.now()
        state.last_rotated = now
        _schedule_next(backend, secret, state, now)
        window = state.next_window
        if state.rules is not None and state.rules.days is None and window is not None:
            days = (window.start.date() - now.date()).days
            state.computed_days = days if days >= 1 and not window_hourly(state) else None
        backend._committed(secret)


def window_hourly(state: RotationState) -> bool:
    return state.schedule is not None and state.schedule.hourly


def _call_steps(
    backend: RegionBackend, secret: Secret, token: str, arn: str, steps: tuple[str, ...]
) -> bool:
    """Call the function for each step; False (and the failure recorded) if one raises."""
    functions = backend.store.functions
    rotation_token = str(uuid.uuid4())
    with backend.store.lock:
        if secret.rotation is not None:
            secret.rotation.token = rotation_token
    try:
        with _endpoint_variable(backend):
            for step in steps:
                try:
                    assert functions is not None
                    fn = functions.resolve(arn)
                    fn(rotation_event(secret.arn, token, step, rotation_token), LambdaContext(arn))
                except Exception as error:  # the user's code: any failure is the rotation's
                    with backend.store.lock:
                        _record(backend, secret, token, step, error)
                    return False
    finally:
        with backend.store.lock:
            if secret.rotation is not None and secret.rotation.token == rotation_token:
                secret.rotation.token = None
    return True


def _record(
    backend: RegionBackend, secret: Secret, token: str, step: str, error: BaseException
) -> None:
    failure = RotationFailure(
        secret_arn=secret.arn,
        version_id=token,
        step=step,
        error=error,
        traceback="".join(traceback.format_exception(type(error), error, error.__traceback__)),
        when=backend.store.clock.now(),
    )
    backend.store.rotation_failures.append(failure)
    # Never the exception's text: the user's message may quote a secret value.
    logger.warning(
        "smstub: rotation of %s failed in %s with %s; see sm.rotation_failures",
        secret.arn,
        step,
        type(error).__name__,
    )


@contextmanager
def _endpoint_variable(backend: RegionBackend) -> Iterator[None]:
    """What Lambda's environment gives a rotation function while it runs: the Secrets Manager
    endpoint that AWS's templates make their client with (SECRETS_MANAGER_ENDPOINT), and the
    function's region (AWS_REGION, AWS_DEFAULT_REGION: a client made with no region_name, as
    the templates make it, finds it there)."""
    domain = "amazonaws.com.cn" if backend.partition == "aws-cn" else "amazonaws.com"
    wanted = {
        ENDPOINT_VARIABLE: f"https://secretsmanager.{backend.region}.{domain}",
        "AWS_REGION": backend.region,
        "AWS_DEFAULT_REGION": backend.region,
    }
    before = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# --- schedules ---------------------------------------------------------------------------------
def _schedule_next(
    backend: RegionBackend, secret: Secret, state: RotationState, base: datetime
) -> None:
    """Put the window after ``base`` on the timeline (or clear it when nothing is scheduled)."""
    key = rotation_key(secret)
    if state.schedule is None or not state.enabled:
        state.next_window = None
        backend.store.timeline.cancel(key)
        return
    window = state.schedule.next_window(base)
    state.next_window = window
    backend.store.timeline.add(window.start, key, _due_action(backend, secret))


def _due_action(backend: RegionBackend, secret: Secret) -> Callable[[datetime], None]:
    def rotate_when_due(due: datetime) -> None:
        # Runs outside the lock with the mock pinned, the clock reading ``due``.
        with backend.store.lock:
            plan = _due_plan(backend, secret, due)
        if plan is not None:
            run_rotation(backend, secret, *plan)

    return rotate_when_due


def _due_plan(backend: RegionBackend, secret: Secret, due: datetime) -> tuple[str, str] | None:
    state = secret.rotation
    if state is None or not state.enabled or state.lambda_arn is None:
        return None
    window = state.next_window
    if window is None or window.start != due or not backend.holds(secret):
        return None
    if secret.deleted_date is not None:
        # Not while it is scheduled for deletion; the chain goes on in case it is restored.
        _schedule_next(backend, secret, state, due)
        return None
    functions = backend.store.functions
    if functions is None or state.lambda_arn not in functions:
        _record(backend, secret, "", "createSecret", err.AccessDeniedException(CANNOT_INVOKE))
        return None
    pending = secret.holder(AWSPENDING)
    if pending is not None and pending is not secret.current:
        token = pending.version_id  # "That rotation will be reattempted."
    else:
        token = str(uuid.uuid4())
        stub_version(secret, token, due)
    backend._committed(secret)
    return token, state.lambda_arn


def value_changed(backend: RegionBackend, secret: Secret, version: Version) -> None:
    """A new AWSCURRENT value from PutSecretValue or UpdateSecret. Model docs
    (AutomaticallyAfterDays): "Secrets Manager calculates the next rotation date based on the
    previous rotation. Manually updating the secret value by calling PutSecretValue or
    UpdateSecret is considered a valid rotation": the schedule counts from it. LastRotatedDate
    stays (UNVERIFIED; a describe-secret output quoted in public lab notes shows it unmoved by a
    later change); the puts a rotation function makes during its own rotation do not count."""
    state = secret.rotation
    if (
        state is None
        or not state.enabled
        or state.token is not None
        or state.rules is None
        or state.rules.days is None
        or secret.current is not version
    ):
        return
    _schedule_next(backend, secret, state, version.created_date)


# --- CancelRotateSecret ------------------------------------------------------------------------
def cancel_rotate_secret(backend: RegionBackend, secret_id: str) -> tuple[Secret, str | None]:
    """Turn rotation off; the partly made version keeps AWSPENDING for the caller to clean up
    (AWS API reference, CancelRotateSecret), and its id is returned."""
    secret = backend.find_live(secret_id)
    state = secret.rotation
    if state is not None:
        state.enabled = False
        _schedule_next(backend, secret, state, backend.store.clock.now())
        backend._committed(secret)
    pending = secret.holder(AWSPENDING)
    if pending is None or pending is secret.current:
        return secret, None
    return secret, pending.version_id


# --- PutSecretValue's RotationToken ---------------------------------------------------------
# UNVERIFIED text and code: AWS documents only that it "validates the identity using the token".
BAD_ROTATION_TOKEN = "The rotation token isn't valid for a rotation of this secret."


def check_rotation_token(backend: RegionBackend, secret_id: str, rotation_token: str) -> None:
    """PutSecretValue's RotationToken (model docs: required when a rotation function rotates a
    secret through an assumed role or across accounts; "Secrets Manager then validates the
    identity using the token"): it must be the token of this secret's rotation under way, the
    one its event carried."""
    secret = backend.find_live(secret_id)
    state = secret.rotation
    if state is None or state.token is None or state.token != rotation_token:
        raise err.AccessDeniedException(BAD_ROTATION_TOKEN)


# --- stubs filled by createSecret ------------------------------------------------------------
def fill_stub(
    backend: RegionBackend,
    secret: Secret,
    stub: Version,
    value: SecretValue,
    stages: list[str],
) -> None:
    """PutSecretValue with the token of the rotation's empty version puts the value into it."""
    from smstub._versions import move_label

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

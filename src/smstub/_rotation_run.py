"""Running a rotation: the user's function called for each step outside the store lock (the
dispatch core or the timeline has pinned the mock), Lambda's environment while it runs, the
outcome recorded under the lock, and the next scheduled window put on the store's timeline."""

from __future__ import annotations

import logging
import os
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._lambda import LambdaContext, rotation_event
from smstub._model import AWSPENDING, Secret, Version
from smstub._rotation_state import (
    CANNOT_INVOKE,
    RotationFailure,
    RotationNotFinishedError,
    RotationState,
    rotation_key,
    stub_version,
)

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = ["run_rotation", "run_test_step", "schedule_next", "value_changed"]

logger = logging.getLogger("smstub")

STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")
ENDPOINT_VARIABLE = "SECRETS_MANAGER_ENDPOINT"


def run_test_step(backend: RegionBackend, secret: Secret, temporary: Version, arn: str) -> None:
    _call_steps(backend, secret, temporary.version_id, arn, ("testSecret",))
    with backend.store.lock:
        secret.detach(AWSPENDING, temporary)
        if secret.version(temporary.version_id) is temporary and not temporary.stages:
            secret.remove_version(temporary)
        state = secret.rotation
        if state is not None:
            schedule_next(backend, secret, state, state.last_rotated or backend.store.clock.now())
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
        schedule_next(backend, secret, state, now)
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
def schedule_next(
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
        schedule_next(backend, secret, state, due)
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
    stays (UNVERIFIED[manual-change-last-rotated]; a describe-secret output quoted in public lab
    notes shows it unmoved by a later change); the puts a rotation function makes during its
    own rotation do not count."""
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
    schedule_next(backend, secret, state, version.created_date)

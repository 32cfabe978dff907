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

from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._model import AWSPENDING, Secret, Version
from smstub._replication import check_not_replica
from smstub._rotation_run import run_rotation, run_test_step, schedule_next, value_changed
from smstub._rotation_state import (
    CANNOT_INVOKE,
    RotationState,
    is_stub,
    rotation_fields,
    stub_version,
)
from smstub._schedule import Rules, schedule_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from smstub._backend import RegionBackend

__all__ = [
    "cancel_rotate_secret",
    "check_rotation_token",
    "rotate_secret",
    "rotation_fields",
    "value_changed",
]

# Recordings: test_first_rotate_secret_with_missing_lambda_arn and
# test_rotate_secret_invalid_lambda_arn.
NO_LAMBDA = "No Lambda rotation function ARN is associated with this secret."
# Seen from AWS (quoted in hashicorp/terraform-provider-aws's changelog and tests, and in the
# AWS ParallelCluster user guide).
INCOMPLETE = "A previous rotation isn't complete. That rotation will be reattempted."


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
    # AWS user guide: a replica is promoted to standalone "if you want to turn on rotation".
    check_not_replica(secret)
    schedule = schedule_of(rules) if rules is not None else None
    state = secret.rotation
    arn = lambda_arn or (state.lambda_arn if state is not None else None)
    if not arn:
        raise err.InvalidRequestException(NO_LAMBDA)
    pending = secret.holder(AWSPENDING)
    existing = secret.version(token)
    if existing is not None and (existing is not pending or existing is secret.current):
        # The same request again after it completed (UNVERIFIED[rotate-token-reuse]: AWS's
        # answer to a reused token): answer it again without a second rotation.
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
        return secret, token, lambda: run_test_step(backend, secret, temporary, arn)
    if existing is None:
        stub_version(secret, token, now)
    backend._committed(secret)
    return secret, token, lambda: run_rotation(backend, secret, token, arn)


def _temporary_version(
    backend: RegionBackend, secret: Secret, token: str, now: datetime
) -> Version:
    """RotateImmediately=False: "Secrets Manager tests the rotation configuration by running
    the testSecret step ... This test creates an AWSPENDING version of the secret and then
    removes it" (model docs). It holds a copy of the current value
    (UNVERIFIED[rotate-later-copy]) so that a testSecret that reads AWSPENDING finds credentials
    that work."""
    current = secret.current
    if current is None or is_stub(current):
        return stub_version(secret, token, now)
    value = backend.reveal(secret, current)
    version = backend._seal(secret, token, value, secret.kms_key_id)
    secret.add_version(version)
    secret.attach(AWSPENDING, version)
    return version


# --- CancelRotateSecret ------------------------------------------------------------------------
def cancel_rotate_secret(backend: RegionBackend, secret_id: str) -> tuple[Secret, str | None]:
    """Turn rotation off; the partly made version keeps AWSPENDING for the caller to clean up
    (AWS API reference, CancelRotateSecret), and its id is returned."""
    secret = backend.find_live(secret_id)
    check_not_replica(secret)
    state = secret.rotation
    if state is not None:
        state.enabled = False
        schedule_next(backend, secret, state, backend.store.clock.now())
        backend._committed(secret)
    pending = secret.holder(AWSPENDING)
    if pending is None or pending is secret.current:
        return secret, None
    return secret, pending.version_id


# --- PutSecretValue's RotationToken ---------------------------------------------------------
# UNVERIFIED[rotation-token-text] text and code: AWS documents only that it "validates the identity
# using the token".
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

"""RotateSecret and CancelRotateSecret in the operations layer (kept apart from
:mod:`smstub._operations` so that each stays small; the table there lists these handlers).
Rotation and cron parsing are imported on first use: suites that never rotate do not load them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smstub._request import Deferred

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = ["cancel_rotate_secret", "rotate_secret"]

Params = dict[str, Any]
Result = dict[str, Any]


def rotate_secret(backend: RegionBackend, p: Params) -> Result | Deferred:
    from smstub import _rotation
    from smstub._schedule import Rules

    raw = p.get("RotationRules")
    rules = None
    if raw is not None:
        rules = Rules(
            raw.get("AutomaticallyAfterDays"), raw.get("ScheduleExpression"), raw.get("Duration")
        )
    metadata = p.get("ExternalSecretRotationMetadata")
    secret, token, work = _rotation.rotate_secret(
        backend,
        p["SecretId"],
        p.get("ClientRequestToken"),
        p.get("RotationLambdaARN"),
        rules,
        immediately=p.get("RotateImmediately") is not False,
        external_metadata=(
            None
            if metadata is None
            else tuple((item.get("Key", ""), item.get("Value", "")) for item in metadata)
        ),
        external_role_arn=p.get("ExternalSecretRotationRoleArn"),
    )
    out: Result = {"ARN": secret.arn, "Name": secret.name}
    out["VersionId"] = token
    return out if work is None else Deferred(out, work)


def cancel_rotate_secret(backend: RegionBackend, p: Params) -> Result:
    from smstub._rotation import cancel_rotate_secret as cancel

    secret, version_id = cancel(backend, p["SecretId"])
    out: Result = {"ARN": secret.arn, "Name": secret.name}
    if version_id is not None:
        out["VersionId"] = version_id
    return out

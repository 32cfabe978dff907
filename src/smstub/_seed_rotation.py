"""Rotation settings in seed documents and dumps, under DescribeSecret's own member names:
``RotationLambdaARN``, ``RotationRules`` (``AutomaticallyAfterDays``, ``ScheduleExpression``,
``Duration``), ``RotationEnabled`` and ``LastRotatedDate``. A seeded schedule is put on the
timeline as RotateSecret would put it, so the next rotation falls due on the mock's clock."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from smstub import _aws_errors as err
from smstub._rotation_run import schedule_next
from smstub._rotation_state import RotationState
from smstub._schedule import Rules, schedule_of
from smstub._seed import Member, SeedError, _iso, register_member

__all__: list[str] = []

_RULE_MEMBERS = ("AutomaticallyAfterDays", "ScheduleExpression", "Duration")


def _state(secret: Any) -> RotationState:
    if secret.rotation is None:
        secret.rotation = RotationState()
    state: RotationState = secret.rotation
    return state


def _reschedule(backend: Any, secret: Any) -> None:
    state = _state(secret)
    base = state.last_rotated or secret.created_date
    schedule_next(backend, secret, state, base)


# --- RotationLambdaARN ---------------------------------------------------------------------------
def _parse_arn(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.startswith("arn:"):
        raise SeedError(where, "must be a Lambda function ARN")
    return value


def _apply_arn(backend: Any, secret: Any, value: str) -> None:
    _state(secret).lambda_arn = value


def _read_arn(backend: Any, secret: Any) -> str | None:
    state = secret.rotation
    return None if state is None else state.lambda_arn


# --- RotationRules -------------------------------------------------------------------------------
def _parse_rules(value: Any, where: str) -> Rules:
    if not isinstance(value, dict) or set(value) - set(_RULE_MEMBERS):
        raise SeedError(where, f"must be a mapping of {', '.join(_RULE_MEMBERS)}")
    days = value.get("AutomaticallyAfterDays")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
        raise SeedError(where, "AutomaticallyAfterDays must be an integer")
    for name in ("ScheduleExpression", "Duration"):
        if value.get(name) is not None and not isinstance(value[name], str):
            raise SeedError(where, f"{name} must be a string")
    rules = Rules(days, value.get("ScheduleExpression"), value.get("Duration"))
    try:
        schedule_of(rules)  # RotateSecret's own checks, with its messages
    except err.ServiceError as error:
        raise SeedError(where, error.message) from None
    return rules


def _apply_rules(backend: Any, secret: Any, rules: Rules) -> None:
    state = _state(secret)
    state.rules, state.schedule = rules, schedule_of(rules)
    _reschedule(backend, secret)


def _read_rules(backend: Any, secret: Any) -> Rules | None:
    state = secret.rotation
    return None if state is None else state.rules


def _render_rules(rules: Rules) -> dict[str, Any]:
    shown = {"AutomaticallyAfterDays": rules.days, "ScheduleExpression": rules.expression}
    shown["Duration"] = rules.duration
    return {name: value for name, value in shown.items() if value is not None}


# --- LastRotatedDate -----------------------------------------------------------------------------
def _parse_date(value: Any, where: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise SeedError(where, f"{value!r} is not an ISO 8601 date") from None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise SeedError(where, "must be an ISO 8601 date with a time zone")
    when = value.astimezone(timezone.utc)
    return when.replace(microsecond=when.microsecond - when.microsecond % 1000)


def _apply_date(backend: Any, secret: Any, when: datetime) -> None:
    _state(secret).last_rotated = when
    _reschedule(backend, secret)


def _read_date(backend: Any, secret: Any) -> datetime | None:
    state = secret.rotation
    return None if state is None else state.last_rotated


# --- RotationEnabled -----------------------------------------------------------------------------
def _parse_enabled(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise SeedError(where, "must be true or false")
    return value


def _apply_enabled(backend: Any, secret: Any, enabled: bool) -> None:
    state = _state(secret)
    if enabled and not state.lambda_arn:
        # As RotateSecret refuses rotation without a function to run.
        raise SeedError(f"secret {secret.name}", "RotationEnabled needs RotationLambdaARN")
    state.enabled = enabled
    _reschedule(backend, secret)


def _read_enabled(backend: Any, secret: Any) -> bool | None:
    state = secret.rotation
    return None if state is None else state.enabled


# Applied in this order: the function and rules first, the schedule last.
register_member("RotationLambdaARN", Member(_parse_arn, _apply_arn, _read_arn))
register_member("RotationRules", Member(_parse_rules, _apply_rules, _read_rules, _render_rules))
register_member("LastRotatedDate", Member(_parse_date, _apply_date, _read_date, _iso))
register_member("RotationEnabled", Member(_parse_enabled, _apply_enabled, _read_enabled))

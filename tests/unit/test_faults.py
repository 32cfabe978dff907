"""The fault plan: which calls a planned fault answers, and the error it answers with."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from smstub import _aws_errors as err
from smstub._faults import FaultPlan, fault_error
from smstub.errors import SmstubError

GET = SimpleNamespace(name="GetSecretValue", resource="SecretId")
PUT = SimpleNamespace(name="PutSecretValue", resource="SecretId")


class _Backend:
    """Resolves names only: enough to match faults by secret."""

    def __init__(self, *names: str) -> None:
        self.store = SimpleNamespace(lock=_NoLock())
        self._secrets = {name: object() for name in names}

    def _resolve(self, secret_id: str) -> object | None:
        if secret_id.startswith("arn:"):
            return self._secrets.get(secret_id.rsplit(":", 1)[1].rsplit("-", 1)[0])
        return self._secrets.get(secret_id)


class _NoLock:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _outcome(plan: FaultPlan, spec: Any, params: dict[str, Any], backend: Any = None) -> str:
    try:
        plan(spec, params, backend or _Backend("db", "other"))
    except err.ServiceError as error:
        return f"{error.code} {error.status}"
    return "ok"


def test_a_fault_answers_the_next_matching_calls_then_is_spent() -> None:
    plan = FaultPlan()
    plan.fail_next("GetSecretValue", "ThrottlingException", times=2)
    params = {"SecretId": "db"}
    assert _outcome(plan, PUT, params) == "ok"
    outcomes = [_outcome(plan, GET, params) for _ in range(3)]
    assert outcomes == ["ThrottlingException 400", "ThrottlingException 400", "ok"]
    assert plan.pending == []


def test_a_fault_for_one_secret_matches_it_by_name_or_arn() -> None:
    plan = FaultPlan()
    plan.fail_next("GetSecretValue", "InternalServiceError", secret_id="db", times=3)
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
    assert _outcome(plan, GET, {"SecretId": "other"}) == "ok"
    assert _outcome(plan, GET, {"SecretId": arn}) == "InternalServiceError 500"
    assert _outcome(plan, GET, {"SecretId": "db"}) == "InternalServiceError 500"
    batch = SimpleNamespace(name="BatchGetSecretValue", resource=None)
    plan.fail_next("BatchGetSecretValue", "ServiceUnavailable", secret_id="db")
    assert _outcome(plan, batch, {"SecretIdList": ["other", "db"]}) == "ServiceUnavailable 503"


def test_faults_are_consumed_in_the_order_planned() -> None:
    plan = FaultPlan()
    plan.fail_next("GetSecretValue", "ThrottlingException")
    plan.fail_next("GetSecretValue", "ServiceUnavailable")
    assert _outcome(plan, GET, {"SecretId": "db"}) == "ThrottlingException 400"
    assert _outcome(plan, GET, {"SecretId": "db"}) == "ServiceUnavailable 503"


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        ("ThrottlingException", 400, "Rate exceeded"),
        ("InternalServiceError", 500, "An error occurred on the server side."),
        (
            "ServiceUnavailable",
            503,
            "The request has failed due to a temporary failure of the server.",
        ),
        ("ResourceNotFoundException", 400, "Secrets Manager can't find the specified secret."),
        ("SomethingNew", 400, ""),
    ],
)
def test_errors_carry_aws_status_and_message(code: str, status: int, message: str) -> None:
    error = fault_error(code)
    assert (error.code, error.status, error.message) == (code, status, message)


def test_modeled_errors_keep_their_class_and_status_can_be_chosen() -> None:
    assert type(fault_error("ResourceNotFoundException")) is err.ResourceNotFoundException
    error = fault_error("ThrottlingException", 429, "Too many")
    assert (error.code, error.status, error.message) == ("ThrottlingException", 429, "Too many")
    assert type(fault_error("ThrottlingException", 429)) is type(error)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"error_code": "not a code"}, "error_code must be an AWS error code"),
        ({"error_code": "X", "times": 0}, "times must be a positive int"),
        ({"error_code": "X", "status": 200}, "status must be an HTTP error status"),
        ({"error_code": "X", "secret_id": 3}, "secret_id must be a str"),
    ],
)
def test_bad_plans_are_refused(kwargs: dict[str, Any], expected: str) -> None:
    with pytest.raises(SmstubError, match=expected):
        FaultPlan().fail_next("GetSecretValue", **kwargs)


def test_delays_are_kept_per_operation_until_set_to_zero() -> None:
    plan = FaultPlan()
    plan.delay("GetSecretValue", 1.5)
    assert (plan.delay_for("GetSecretValue"), plan.delay_for("ListSecrets")) == (1.5, 0.0)
    plan.delay("GetSecretValue", 0)
    assert plan.delay_for("GetSecretValue") == 0.0
    with pytest.raises(SmstubError, match="seconds must be a number >= 0"):
        plan.delay("GetSecretValue", -1)

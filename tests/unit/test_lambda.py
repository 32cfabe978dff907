"""The stand-in for Lambda: the registry, dotted paths, the event and the context."""

from __future__ import annotations

from typing import Any

import pytest

from smstub._lambda import LambdaContext, RotationFunctions, rotation_event
from smstub.errors import SmstubError

ARN = "arn:aws:lambda:us-east-1:123456789012:function:rotate-db"


def handler(event: dict[str, Any], context: Any) -> None:
    """Reached by dotted path in the tests below."""


not_callable = 42


def test_a_registered_function_is_found_by_its_arn() -> None:
    functions = RotationFunctions()
    functions.register(ARN, handler)
    assert ARN in functions
    assert "arn:aws:lambda:us-east-1:123456789012:function:other" not in functions
    assert functions.resolve(ARN) is handler


def test_a_dotted_path_is_imported_when_first_resolved() -> None:
    functions = RotationFunctions()
    functions.register(ARN, "tests.unit.test_lambda.handler")
    assert functions.resolve(ARN) is handler


def test_a_dotted_path_that_does_not_import_fails_when_resolved() -> None:
    functions = RotationFunctions()
    functions.register(ARN, "tests.no_such_module.handler")
    with pytest.raises(ModuleNotFoundError):
        functions.resolve(ARN)


def test_a_dotted_path_to_a_non_callable_fails_when_resolved() -> None:
    functions = RotationFunctions()
    functions.register(ARN, "tests.unit.test_lambda.not_callable")
    with pytest.raises(TypeError, match="not callable"):
        functions.resolve(ARN)


@pytest.mark.parametrize(
    ("arn", "fn"),
    [
        ("rotate-db", handler),
        ("arn:aws:s3:::bucket", handler),
        (ARN, 42),
        (ARN, "handler"),
    ],
)
def test_misuse_is_a_smstub_error(arn: str, fn: Any) -> None:
    with pytest.raises(SmstubError, match=r"^smstub: register_rotation_function\(\)"):
        RotationFunctions().register(arn, fn)


def test_a_qualified_arn_can_be_registered() -> None:
    functions = RotationFunctions()
    functions.register(f"{ARN}:live", handler)
    assert f"{ARN}:live" in functions


def test_the_event_has_the_four_members_aws_sends() -> None:
    assert rotation_event("arn:s", "tok", "setSecret", "rt") == {
        "SecretId": "arn:s",
        "ClientRequestToken": "tok",
        "Step": "setSecret",
        "RotationToken": "rt",
    }


def test_the_context_names_the_function_and_counts_down() -> None:
    context = LambdaContext(f"{ARN}:live")
    assert context.function_name == "rotate-db"
    assert context.invoked_function_arn == f"{ARN}:live"
    assert len(context.aws_request_id) == 36
    assert LambdaContext(ARN).aws_request_id != context.aws_request_id
    assert 0 < context.get_remaining_time_in_millis() <= 30_000
    assert context.log_group_name == "/aws/lambda/rotate-db"

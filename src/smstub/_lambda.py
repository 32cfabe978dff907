"""Rotation functions standing in for Lambda: the registry, the event and the context object.

A rotation Lambda is called with ``(event, context)``. Secrets Manager's event carries
``SecretId`` (the secret's ARN), ``ClientRequestToken`` (the new version's id), ``Step``
(``createSecret``, ``setSecret``, ``testSecret`` or ``finishSecret``) and ``RotationToken``
(AWS user guide, "Lambda rotation functions"; the model's PutSecretValue documents the token).
The context offers what Lambda's Python context offers and rotation code reads.
"""

from __future__ import annotations

import importlib
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

__all__ = ["LambdaContext", "RotationFunctions", "rotation_event"]

RotationFunction = Callable[[dict[str, Any], "LambdaContext"], object]

_FUNCTION_ARN = re.compile(
    r"arn:[^:]+:lambda:(?P<region>[^:]+):(?P<account>\d{12}):function:(?P<name>[^:]+)"
    r"(?::(?P<qualifier>[^:]+))?\Z"
)
# What Secrets Manager's own rotation templates are deployed with (the SAR applications set a
# 30-second timeout); the context counts down from it.
_TIMEOUT_MS = 30_000


def rotation_event(arn: str, token: str, step: str, rotation_token: str) -> dict[str, Any]:
    return {
        "SecretId": arn,
        "ClientRequestToken": token,
        "Step": step,
        "RotationToken": rotation_token,
    }


class LambdaContext:
    """The parts of AWS Lambda's context object that rotation code reads."""

    __slots__ = ("_deadline", "aws_request_id", "function_name", "invoked_function_arn")

    def __init__(self, function_arn: str) -> None:
        match = _FUNCTION_ARN.match(function_arn)
        self.function_name = match["name"] if match else function_arn
        self.invoked_function_arn = function_arn
        self.aws_request_id = str(uuid.uuid4())
        self._deadline = time.monotonic() + _TIMEOUT_MS / 1000

    function_version = "$LATEST"
    memory_limit_in_mb = "128"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def __repr__(self) -> str:
        return f"<LambdaContext {self.function_name} request={self.aws_request_id}>"


def function_region(function_arn: str) -> str | None:
    match = _FUNCTION_ARN.match(function_arn)
    return match["region"] if match else None


class RotationFunctions:
    """Rotation functions by Lambda ARN, as ``sm.register_rotation_function`` registers them.

    They belong to the handle, not to the store: like deployed Lambda functions they are code,
    not Secrets Manager state, so ``sm.reset()`` keeps them."""

    __slots__ = ("_by_arn",)

    def __init__(self) -> None:
        self._by_arn: dict[str, RotationFunction | str] = {}

    def register(self, lambda_arn: str, fn: RotationFunction | str) -> None:
        from smstub.errors import SmstubError

        if not isinstance(lambda_arn, str) or _FUNCTION_ARN.match(lambda_arn) is None:
            raise SmstubError(
                f"register_rotation_function() needs a Lambda function ARN such as "
                f"'arn:aws:lambda:us-east-1:123456789012:function:rotate', not {lambda_arn!r}"
            )
        if isinstance(fn, str):
            if "." not in fn:
                raise SmstubError(
                    f"register_rotation_function(): {fn!r} is not a dotted path; give "
                    "'package.module.handler' or the function itself"
                )
        elif not callable(fn):
            raise SmstubError(
                "register_rotation_function() needs a callable fn(event, context) or a dotted "
                f"path to one, not {type(fn).__name__}"
            )
        self._by_arn[lambda_arn] = fn

    def __contains__(self, lambda_arn: object) -> bool:
        return lambda_arn in self._by_arn

    def resolve(self, lambda_arn: str) -> RotationFunction:
        """The function registered for ``lambda_arn``, importing a dotted path as Lambda does at
        a cold start (so an import error surfaces as the rotation's failure)."""
        fn = self._by_arn[lambda_arn]
        if not isinstance(fn, str):
            return fn
        module_name, _, attribute = fn.rpartition(".")
        found = getattr(importlib.import_module(module_name), attribute)
        if not callable(found):
            raise TypeError(f"{fn} is not callable")
        return found  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"<RotationFunctions {sorted(self._by_arn)}>"

"""Small helpers for client-level tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

NOT_FOUND = "Secrets Manager can't find the specified secret."
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, "
    "or any of the following: -/_+=.@!"
)
MARKED_FOR_DELETION = (
    "You can't perform this operation on the secret because it was marked for deletion."
)


def aws_error(call: Callable[[], Any]) -> tuple[str, str, dict[str, Any]]:
    """Run ``call``, expecting AWS to refuse it; returns (code, message, full response)."""
    with pytest.raises(ClientError) as caught:
        call()
    response: dict[str, Any] = caught.value.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return response["Error"]["Code"], response["Error"]["Message"], response


def stages(client: Any, secret_id: str, include_deprecated: bool = False) -> dict[str, list[str]]:
    """{VersionId: sorted labels} as ListSecretVersionIds shows them."""
    versions = client.list_secret_version_ids(
        SecretId=secret_id, IncludeDeprecated=include_deprecated
    )["Versions"]
    return {v["VersionId"]: sorted(v.get("VersionStages", [])) for v in versions}


def model_has(operation: str, member: str) -> bool:
    """Whether the installed botocore's model has ``member`` in ``operation``'s request or
    response. Some members came with later models than smstub's lowest botocore (ListSecrets
    SortBy, Type, the external rotation members: botocore 1.42.8 has them, 1.40.46 not), and
    botocore cannot send a member its model lacks."""
    from smstub import _wire

    model = _wire.operation_model(operation)
    if model is None:
        return False
    shapes = (model.input_shape, model.output_shape)
    return any(shape is not None and member in shape.members for shape in shapes)


def needs_member(operation: str, member: str) -> pytest.MarkDecorator:
    """Skip, with the reason, where the installed botocore's model lacks the member."""
    return pytest.mark.skipif(
        not model_has(operation, member),
        reason=f"the installed botocore's model has no {operation} {member} (a later one adds it)",
    )


# ListSecrets SortBy: botocore 1.42.8's model has it, the botocore aioboto3 15.5 pins has not.
SORT_BY = model_has("ListSecrets", "SortBy")
needs_sort_by = needs_member("ListSecrets", "SortBy")

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

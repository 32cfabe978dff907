"""A ClientRequestToken already used for a version, sent again with a different value.

AWS refuses it with ResourceExistsException (moto's AWS-verified
test_create_different_secret_with_same_token; the API reference of each operation: "if the
secret data is different, then the operation fails"), and the stored version keeps its value.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.sdk.helpers import aws_error, stages

# operation -> (first call, second call with the same token and a different value)
Calls = tuple[Callable[[Any, str], Any], Callable[[Any, str], Any]]
CALLS: dict[str, Calls] = {
    "CreateSecret": (
        lambda c, t: c.create_secret(Name="idem", SecretString="first", ClientRequestToken=t),
        lambda c, t: c.create_secret(Name="idem", SecretString="other", ClientRequestToken=t),
    ),
    "UpdateSecret": (
        lambda c, t: c.update_secret(SecretId="idem", SecretString="first", ClientRequestToken=t),
        lambda c, t: c.update_secret(SecretId="idem", SecretString="other", ClientRequestToken=t),
    ),
    "PutSecretValue": (
        lambda c, t: c.put_secret_value(
            SecretId="idem", SecretString="first", ClientRequestToken=t
        ),
        lambda c, t: c.put_secret_value(
            SecretId="idem", SecretString="other", ClientRequestToken=t
        ),
    ),
}


@pytest.mark.parametrize("operation", list(CALLS))
def test_same_token_with_a_different_value_is_refused(client: Any, operation: str) -> None:
    first, again = CALLS[operation]
    if operation != "CreateSecret":
        client.create_secret(Name="idem", SecretString="zero")
    token = str(uuid.uuid4())
    first(client, token)
    arn = client.describe_secret(SecretId="idem")["ARN"]
    before = stages(client, "idem", include_deprecated=True)
    code, message, response = aws_error(lambda: again(client, token))
    assert (code, message, response["Message"]) == (
        "ResourceExistsException",
        f"You can't use ClientRequestToken {token} because that value is already in use for a "
        f"version of secret {arn}.",
        message,
    )
    # The version under that token keeps its value, and no version or label moved.
    assert client.get_secret_value(SecretId="idem", VersionId=token)["SecretString"] == "first"
    assert client.get_secret_value(SecretId="idem")["SecretString"] == "first"
    assert stages(client, "idem", include_deprecated=True) == before

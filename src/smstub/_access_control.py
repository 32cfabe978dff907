"""What the handle offers for access control: registering principals, attaching service
policies, and the authorizer an ``enforce_access`` store gets. Kept out of the handle so that
``import smstub`` loads none of it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from smstub import _aws_errors as err
from smstub._authorize import Authorizer
from smstub._policy_doc import parse_policy
from smstub._principals import Principal, PrincipalRegistry
from smstub._resource_policy import attach_service_policy as _attach
from smstub.errors import PolicyError, SmstubError

if TYPE_CHECKING:
    from smstub._store import Store


class SecretsManagerMock(Protocol):
    """What this module needs of the handle (smstub._handle imports this module, not back)."""

    enforce_access: bool
    account_id: str
    default_region: str
    _principals: PrincipalRegistry | None

    @property
    def store(self) -> Store: ...


__all__ = ["attach_service_policy", "authorizer_for", "register_principal"]

# The secret access key every registered principal gets (requests are not signed).
FAKE_SECRET_KEY = "smstub-fake-secret-access-key"
_ROOT_KEY = "ASIASMSTUBFAKEKEY000"  # smstub's default fake credentials (see _install)
_PRINCIPAL_ARN = re.compile(
    r"arn:aws[a-z-]*:(?:iam::(\d{12}):(?:user|role)/.+|sts::(\d{12}):assumed-role/.+/.+)\Z"
)


def _registry(mock: SecretsManagerMock) -> PrincipalRegistry:
    if mock._principals is None:
        mock._principals = PrincipalRegistry()
    return mock._principals


def authorizer_for(mock: SecretsManagerMock) -> Authorizer:
    return Authorizer(_registry(mock), mock.account_id, _ROOT_KEY)


def register_principal(
    mock: SecretsManagerMock,
    principal_arn: str,
    identity_policies: Sequence[str | Mapping[str, object]],
    account_id: str | None,
    access_key_id: str | None,
    tags: Mapping[str, str] | None,
) -> dict[str, str]:
    if not mock.enforce_access:
        raise SmstubError(
            "register_principal() needs access control: activate with "
            "mock_secretsmanager(enforce_access=True) (or the marker option); without it every "
            "call is allowed and the principal would check nothing"
        )
    match = _PRINCIPAL_ARN.match(principal_arn)
    if match is None:
        raise SmstubError(
            f"principal_arn {principal_arn!r} is not an IAM user, role or assumed-role ARN "
            "(arn:aws:iam::111122223333:role/name)"
        )
    arn_account = match[1] or match[2]
    if account_id is not None and account_id != arn_account:
        raise SmstubError(f"account_id {account_id} differs from the account of {principal_arn}")
    policies = []
    for index, document in enumerate(identity_policies):
        text = document if isinstance(document, str) else json.dumps(document)
        try:
            policies.append(parse_policy(text, resource_policy=False))
        except err.MalformedPolicyDocumentException as error:
            raise PolicyError(
                f"identity policy #{index} of {principal_arn}: {error.message}"
            ) from None
    registry = _registry(mock)
    key = access_key_id or registry.new_access_key_id()
    if key == _ROOT_KEY:
        raise SmstubError(f"{_ROOT_KEY} is smstub's default key (the account root); pick another")
    registry.add(Principal(key, arn_account, principal_arn, tuple(policies), dict(tags or {})))
    return {"aws_access_key_id": key, "aws_secret_access_key": FAKE_SECRET_KEY}


def attach_service_policy(
    mock: SecretsManagerMock, secret_id: str, name: str, document: str, region: str | None
) -> None:
    store = mock.store
    backend = store.target(secret_id, mock.account_id, region or mock.default_region)
    with store.lock:
        secret = backend.find(secret_id)
        try:
            _attach(secret, name, document)
        except err.MalformedPolicyDocumentException as error:
            raise PolicyError(f"policy {name!r}: {error.message}") from None
        except ValueError as error:
            raise SmstubError(str(error)) from None
        backend._committed(secret)

"""The authorization hook of the request path (``store.authorizer``), set only with
``enforce_access=True``: who is calling, and whether IAM would let them.

The caller is the principal registered for the access key of the client's credentials; the
default fake credentials smstub puts in the environment act as the account's root user. The
decision is :func:`smstub._access.evaluate` over the caller's identity policies and the secret's
resource policies. Beyond IAM, Secrets Manager's own rules for another account's caller:

- a secret under the AWS managed key ``aws/secretsmanager`` cannot be read or written from
  another account: InvalidRequestException "You can't access a secret from a different AWS
  account if you encrypt the secret with the default KMS service key." (AWS-verified assert in
  LocalStack's test_cross_account_access; see AWS-BEHAVIOUR.md);
- a customer key must let the caller use it (``kms:Decrypt`` to read, ``kms:GenerateDataKey``
  to write) by its key policy and the caller's identity policies; a key with no key policy has
  KMS's default one, which trusts only its own account. A refusal is AccessDeniedException
  "Access to KMS is not allowed" (reported from AWS, e.g. aws/aws-cdk#7677;
  UNVERIFIED[kms-denied-text] as the exact text for every operation).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from smstub import _aws_errors as err
from smstub._access import AccessRequest, Decision, denial_message, evaluate
from smstub._conditions import ContextValue
from smstub._policy_doc import Policy, parse_policy
from smstub._principals import (
    Principal,
    PrincipalRegistry,
    global_context,
    principal_context,
    request_context,
    secret_context,
)
from smstub._replication_access import EXTRA_CHECKS
from smstub._request import Caller
from smstub._resource_policy import resource_policies

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._kms import KmsKey
    from smstub._model import Secret

__all__ = ["ALLOW_ALL", "Authorizer", "default_key_policy"]

ALLOW_ALL = parse_policy(
    '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}',
    resource_policy=False,
)
CROSS_ACCOUNT_DEFAULT_KEY = (
    "You can't access a secret from a different AWS account if you encrypt the secret with the "
    "default KMS service key."
)
KMS_DENIED = "Access to KMS is not allowed"
DEFAULT_KEY_ALIAS = "alias/aws/secretsmanager"
# The AWS error for an access key AWS does not know (the service framework's; e.g.
# boto/boto3#1330 and many more).
UNRECOGNIZED = "The security token included in the request is invalid."
# Operations that open a secret's value, and those that seal a new one (when given a value).
_READS = frozenset({"GetSecretValue", "BatchGetSecretValue"})
_WRITES = frozenset({"PutSecretValue", "UpdateSecret"})


def default_key_policy(account: str, partition: str = "aws") -> Policy:
    """KMS's default key policy: the account's root may do anything, which delegates to the
    account's IAM policies (KMS Developer Guide, "Default key policy")."""
    return parse_policy(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                    "Action": "kms:*",
                    "Resource": "*",
                },
            }
        ),
        resource_policy=True,
    )


class Authorizer:
    """``store.authorizer``: called by the dispatch core before each handler."""

    def __init__(self, registry: PrincipalRegistry, account: str, root_key: str) -> None:
        self._registry = registry
        self._account = account
        self._root = Principal(
            root_key, account, f"arn:aws:iam::{account}:root", (ALLOW_ALL,), root=True
        )
        self._current = threading.local()  # the caller of the request this thread answers
        # Context keys of each principal, computed once (principals do not change).
        self._principal_keys: dict[str, tuple[Principal, dict[str, ContextValue]]] = {}

    # --- who is calling ----------------------------------------------------------------------
    def principal(self, access_key_id: str | None) -> Principal:
        if access_key_id is None or access_key_id == self._root.access_key_id:
            return self._root
        found = self._registry.get(access_key_id)
        if found is None:
            raise err.UnrecognizedClientException(UNRECOGNIZED)
        return found

    def caller(self, access_key_id: str | None) -> Caller:
        """The Caller the dispatch core routes by: the principal's own account."""
        principal = self.principal(access_key_id)
        return Caller(principal.account, access_key_id, principal.arn)

    # --- the hook ----------------------------------------------------------------------------
    def __call__(
        self, spec: Any, caller: Caller | None, backend: RegionBackend, params: Mapping[str, Any]
    ) -> None:
        principal = self.principal(None if caller is None else caller.access_key_id)
        self._current.principal = principal
        secret: Secret | None = None
        member = spec.resource
        if member is None:
            resource = "*"
        else:
            secret_id = params.get(member)
            secret = _existing(backend, secret_id)
            resource = self.resource_of(backend, secret_id, secret)
        self._check(principal, spec.name, spec.action, resource, backend, secret, params)
        if spec.name == "BatchGetSecretValue" and params.get("Filters") is not None:
            # The API reference: "If you use filters, you must also have ListSecrets".
            action = "secretsmanager:ListSecrets"
            self._check(principal, "ListSecrets", action, "*", backend, None, params)
        if secret is not None and (
            spec.name in _READS
            or (spec.name in _WRITES and ("SecretString" in params or "SecretBinary" in params))
        ):
            self._check_key(principal, spec.name, backend, secret)
        extra = EXTRA_CHECKS.get(spec.name)
        if extra is not None:  # what an operation needs beyond its own action
            extra(self, principal, backend, secret, params)

    def check_read(self, backend: RegionBackend, secret_id: str) -> None:
        """Whether this thread's caller may read ``secret_id`` (BatchGetSecretValue's check of
        each secret: AWS requires GetSecretValue on each one, per the API reference)."""
        principal: Principal = getattr(self._current, "principal", self._root)
        secret = _existing(backend, secret_id)
        if secret is None:
            return  # the read itself reports the missing secret
        action = "secretsmanager:GetSecretValue"
        self._check(principal, "GetSecretValue", action, secret.arn, backend, secret, {})
        self._check_key(principal, "GetSecretValue", backend, secret)

    # --- rules -------------------------------------------------------------------------------
    def _check(
        self,
        principal: Principal,
        operation: str,
        action: str,
        resource: str,
        backend: RegionBackend,
        secret: Secret | None,
        params: Mapping[str, Any],
    ) -> None:
        cached = self._principal_keys.get(principal.access_key_id)
        if cached is None or cached[0] is not principal:  # registered again: new keys
            cached = self._principal_keys[principal.access_key_id] = (
                principal,
                principal_context(principal),
            )
        keys = cached[1]
        context = {
            **global_context(backend.store.clock.now(), backend.region),
            **keys,
            **secret_context(secret),
            **request_context(operation, params),
            "aws:resourceaccount": backend.account,
        }
        request = AccessRequest(
            action, resource, backend.account, principal.arn, principal.account, context
        )
        policies = () if secret is None else resource_policies(secret)
        decision = evaluate(request, principal.policies, policies)
        if decision is not Decision.ALLOW:
            raise err.AccessDeniedException(denial_message(request, decision))

    def _check_key(
        self, principal: Principal, operation: str, backend: RegionBackend, secret: Secret
    ) -> None:
        action = "kms:Decrypt" if operation in _READS else "kms:GenerateDataKey"
        self.require_key(principal, action, backend, secret)

    # --- what other modules ask (smstub._replication_access) ---------------------------------
    def resource_of(self, backend: RegionBackend, secret_id: object, secret: Secret | None) -> str:
        return secret.arn if secret is not None else _resource_for(backend, secret_id)

    def require(
        self,
        principal: Principal,
        operation: str,
        resource: str,
        backend: RegionBackend,
        secret: Secret | None,
        params: Mapping[str, Any],
    ) -> None:
        """AccessDeniedException unless ``principal`` may do ``operation`` on ``resource``
        (a secret of ``backend``, or the ARN one would have)."""
        action = f"secretsmanager:{operation}"
        self._check(principal, operation, action, resource, backend, secret, params)

    def require_pass_role(
        self, principal: Principal, role_arn: str, backend: RegionBackend
    ) -> None:
        """``iam:PassRole`` on ``role_arn``, from the caller's identity policies (IAM has no
        resource policy for it)."""
        context = {
            **global_context(backend.store.clock.now(), backend.region),
            **principal_context(principal),
        }
        account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else principal.account
        request = AccessRequest(
            "iam:PassRole", role_arn, account, principal.arn, principal.account, context
        )
        decision = evaluate(request, principal.policies)
        if decision is not Decision.ALLOW:
            raise err.AccessDeniedException(denial_message(request, decision))

    def require_key(
        self, principal: Principal, action: str, backend: RegionBackend, secret: Secret
    ) -> None:
        """``action`` on the key of ``secret`` (a secret of ``backend``), or AWS's refusal."""
        if principal.account != backend.account and _managed_key(backend, secret):
            raise err.InvalidRequestException(CROSS_ACCOUNT_DEFAULT_KEY)
        if self.key_refusing(principal, action, backend, secret) is not None:
            raise err.AccessDeniedException(KMS_DENIED)

    def key_refusing(
        self, principal: Principal, action: str, backend: RegionBackend, secret: Secret
    ) -> str | None:
        """The ARN of the key of ``secret`` when ``principal`` may not use it for ``action``
        (by the key policy and the principal's identity policies), else None."""
        if principal.account == backend.account and principal.root:
            return None
        if _managed_key(backend, secret):
            # The managed key's policy admits every principal of its account via SM; another
            # account cannot use it at all.
            return None if principal.account == backend.account else DEFAULT_KEY_ALIAS
        key = _key_of(backend, secret, named=action == "kms:Encrypt")
        if key is None:
            return None  # the sealing layer reports a key it cannot find
        return key.arn if self._key_refuses(principal, action, key) else None

    def require_key_ref(
        self,
        principal: Principal,
        actions: tuple[str, ...],
        backend: RegionBackend,
        region: str,
        ref: str,
    ) -> None:
        """``actions`` on the key ``ref`` names in ``region`` of ``backend``'s account (a
        replica's key), or AWS's refusal."""
        key = backend.store.kms.resolve(ref, backend.account, region)
        if key is None or key.aws_managed:
            return  # the handler reports a key it cannot find; the managed key admits all
        if principal.account == key.account and principal.root:
            return
        if any(self._key_refuses(principal, action, key) for action in actions):
            raise err.AccessDeniedException(KMS_DENIED)

    def _key_refuses(self, principal: Principal, action: str, key: KmsKey) -> bool:
        context = {
            **principal_context(principal),
            "kms:viaservice": f"secretsmanager.{key.region}.amazonaws.com",
            "kms:calleraccount": principal.account,
        }
        request = AccessRequest(
            action, key.arn, key.account, principal.arn, principal.account, context
        )
        return evaluate(request, principal.policies, (_key_policy(key),)) is not Decision.ALLOW

    def replication_identity(self, role_arn: str | None) -> Principal:
        """Who replicates a change: the replication role (a registered principal; unknown, it
        has no policies), else the caller of the request that changed the primary."""
        if role_arn is None:
            current: Principal = getattr(self._current, "principal", self._root)
            return current
        found = self._registry.by_arn(role_arn)
        if found is not None:
            return found
        account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else self._account
        return Principal("", account, role_arn)


def _managed_key(backend: RegionBackend, secret: Secret) -> bool:
    if secret.kms_key_id is None:
        return True
    key = _key_of(backend, secret)
    return key is not None and key.aws_managed


def _key_of(backend: RegionBackend, secret: Secret, named: bool = False) -> KmsKey | None:
    """The key of the current version; with ``named``, when there is no version yet (a new
    cross-account replica), the key the secret names."""
    kms = backend.store.kms
    version = secret.current
    if version is not None and version.key_arn is not None:
        return kms.by_arn(version.key_arn)
    if not named or secret.kms_key_id is None:
        return None
    return kms.resolve(secret.kms_key_id, backend.account, backend.region)


def _key_policy(key: KmsKey) -> Policy:
    policy = getattr(key, "policy", None)
    if isinstance(policy, Policy):
        return policy
    return default_key_policy(key.account, key.arn.split(":", 2)[1])


def _existing(backend: RegionBackend, secret_id: object) -> Secret | None:
    if not isinstance(secret_id, str):
        return None
    try:
        # Under the store lock: a lookup may purge a secret whose deletion fell due.
        with backend.store.lock:
            return backend.find(secret_id)
    except err.ServiceError:
        return None  # the handler answers with the error itself, after the access check


def _resource_for(backend: RegionBackend, secret_id: object) -> str:
    """The ARN IAM checks for a secret that does not exist (yet): the ARN given, else the ARN
    up to the name (UNVERIFIED[create-secret-resource]: how AWS forms
    it for CreateSecret)."""
    if isinstance(secret_id, str) and secret_id.startswith("arn:"):
        return secret_id
    name = secret_id if isinstance(secret_id, str) else ""
    return f"{backend.place.arn_base}{name}"

"""The permissions replication needs beyond each operation's own action, checked with
``enforce_access=True`` through the one evaluation of :mod:`smstub._authorize`, and the
managed resource policy AWS puts on a cross-account replica.

Region replication (API reference, CreateSecret and ReplicateSecretToRegions): CreateSecret
with ``AddReplicaRegions`` also needs ``secretsmanager:ReplicateSecretToRegions``; replicating
needs ``kms:Decrypt`` on the primary's key and, for a replica Region's customer key,
``kms:GenerateDataKey`` and ``kms:Encrypt``.

Cross-account sources (AWS Secrets Manager user guide, "Permissions for cross-account replication",
auth-and-access_cross-account-replication.html, and the API reference of each operation, also
in the botocore model's documentation):

- CreateSecret with ``CrossAccountPrimaryARN``: ``secretsmanager:CreateSecret`` and
  ``secretsmanager:PutResourcePolicy``, "Secrets Manager attaches a managed resource policy
  named ``cross-account-replication`` to the replica when you create it".
- StopReplicationToReplica on a cross-account replica: ``secretsmanager:StopReplicationToReplica``
  and ``secretsmanager:DeleteResourcePolicy``, "Secrets Manager removes the managed resource
  policy when you stop replication".
- AssociateCrossAccountReplica: ``secretsmanager:AssociateCrossAccountReplica`` and
  ``secretsmanager:GetSecretValue`` on the primary, ``secretsmanager:AcceptCrossAccountReplication``
  on the replica ("This operation acts on the replica secret using the identity of the
  AssociateCrossAccountReplica caller", cross-account-replicate-associate.html), ``kms:Decrypt``
  on the primary's key and ``kms:Encrypt`` on the replica's key ("dry-run AWS KMS permission
  checks on both"), and ``iam:PassRole`` for a ``ReplicationRoleARN``.
- Each later replication decrypts with the primary's key and encrypts with the replica's key
  (kms:Decrypt, then kms:Encrypt, cross-account-replicate-permissions.html) as the replication
  role when one was given, else as "the credentials of caller who updates the primary secret"
  (the model's ReplicationRoleARN documentation). Replication is asynchronous: a refusal there
  fails the replication (``Failed`` status), never the write.

The document of the managed policy is not published: smstub's lets the primary's account call
AcceptCrossAccountReplication on the replica ("initializes its permissions so that the
primary-account owner can associate it", cross-account-replicate-create.html), and is
UNVERIFIED[cross-account-policy-document].
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from smstub import _aws_errors as err
from smstub._resource_policy import attach_service_policy

if TYPE_CHECKING:
    from smstub._authorize import Authorizer
    from smstub._backend import RegionBackend
    from smstub._model import Secret
    from smstub._principals import Principal

__all__ = [
    "EXTRA_CHECKS",
    "MANAGED_POLICY",
    "attach_managed_policy",
    "detach_managed_policy",
    "replication_denied",
]

MANAGED_POLICY = "cross-account-replication"
# The StatusMessage of a replication KMS refused (UNVERIFIED[cross-account-denied-text]).
REPLICATION_DENIED = (
    "Replication failed: the replication identity {who} isn't allowed {action} on the KMS key "
    "{key}."
)


def attach_managed_policy(replica: Secret, primary_arn: str) -> None:
    """The ``cross-account-replication`` policy CreateSecret puts on a new replica."""
    fields = primary_arn.split(":")
    partition, account = fields[1], fields[4]
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": "secretsmanager:AcceptCrossAccountReplication",
                "Resource": "*",
            }
        ],
    }
    attach_service_policy(replica, MANAGED_POLICY, json.dumps(document))


def detach_managed_policy(replica: Secret) -> None:
    """StopReplicationToReplica removes it."""
    policies = replica.policies
    if policies is not None:
        policies.others.pop(MANAGED_POLICY, None)
        if not policies:
            replica.policies = None


# --- the checks beyond each operation's own action ---------------------------------------------
Check = Callable[
    ["Authorizer", "Principal", "RegionBackend", "Secret | None", Mapping[str, Any]], None
]


def _create(
    auth: Authorizer,
    principal: Principal,
    backend: RegionBackend,
    secret: Secret | None,
    params: Mapping[str, Any],
) -> None:
    resource = auth.resource_of(backend, params.get("Name"), secret)
    if params.get("AddReplicaRegions"):
        auth.require(principal, "ReplicateSecretToRegions", resource, backend, secret, params)
        _replica_keys(auth, principal, backend, params)
    if params.get("CrossAccountPrimaryARN") is not None:
        auth.require(principal, "PutResourcePolicy", resource, backend, secret, params)


def _replicate(
    auth: Authorizer,
    principal: Principal,
    backend: RegionBackend,
    secret: Secret | None,
    params: Mapping[str, Any],
) -> None:
    if secret is None:
        return  # the handler reports the missing secret
    if secret.current is not None:
        auth.require_key(principal, "kms:Decrypt", backend, secret)
    _replica_keys(auth, principal, backend, params)


def _replica_keys(
    auth: Authorizer, principal: Principal, backend: RegionBackend, params: Mapping[str, Any]
) -> None:
    """Each replica Region's customer key: kms:GenerateDataKey and kms:Encrypt. That a refusal
    fails the call rather than that replica is UNVERIFIED[replica-key-denied]."""
    for item in params.get("AddReplicaRegions") or ():
        region, ref = item.get("Region"), item.get("KmsKeyId")
        if isinstance(region, str) and isinstance(ref, str) and ref:
            actions = ("kms:GenerateDataKey", "kms:Encrypt")
            auth.require_key_ref(principal, actions, backend, region, ref)


def _stop(
    auth: Authorizer,
    principal: Principal,
    backend: RegionBackend,
    secret: Secret | None,
    params: Mapping[str, Any],
) -> None:
    state = None if secret is None else secret.replication
    if secret is None or state is None or state.cross_primary is None:
        return
    auth.require(principal, "DeleteResourcePolicy", secret.arn, backend, secret, params)


def _associate(
    auth: Authorizer,
    principal: Principal,
    backend: RegionBackend,
    primary: Secret | None,
    params: Mapping[str, Any],
) -> None:
    if primary is None:
        return  # the handler reports the missing primary
    auth.require(principal, "GetSecretValue", primary.arn, backend, primary, params)
    role = params.get("ReplicationRoleARN")
    if isinstance(role, str):
        auth.require_pass_role(principal, role, backend)
    replica_arn = params.get("CrossAccountReplicaARN")
    owner, replica = _replica(backend, replica_arn)
    if owner is None or replica is None:
        return  # the handler answers for a replica that is not there
    auth.require(principal, "AcceptCrossAccountReplication", replica.arn, owner, replica, params)
    auth.require_key(principal, "kms:Decrypt", backend, primary)
    auth.require_key(principal, "kms:Encrypt", owner, replica)


def _replica(backend: RegionBackend, arn: object) -> tuple[RegionBackend | None, Secret | None]:
    if not isinstance(arn, str) or not arn.startswith("arn:"):
        return None, None
    fields = arn.split(":")
    if len(fields) < 7 or fields[3] != backend.region:
        return None, None
    owner = backend.store.backend(fields[4], backend.region)
    try:
        with backend.store.lock:
            return owner, owner.find(arn)
    except err.ServiceError:
        return owner, None


EXTRA_CHECKS: dict[str, Check] = {
    "AssociateCrossAccountReplica": _associate,
    "CreateSecret": _create,
    "ReplicateSecretToRegions": _replicate,
    "StopReplicationToReplica": _stop,
}


def replication_denied(
    auth: Authorizer,
    primary_backend: RegionBackend,
    primary: Secret,
    replica_backend: RegionBackend,
    replica: Secret,
    role_arn: str | None,
) -> str | None:
    """Why the replication identity may not copy a value from ``primary`` into ``replica``
    (kms:Decrypt, then kms:Encrypt), or None when it may."""
    who = auth.replication_identity(role_arn)
    for action, backend, secret in (
        ("kms:Decrypt", primary_backend, primary),
        ("kms:Encrypt", replica_backend, replica),
    ):
        key = auth.key_refusing(who, action, backend, secret)
        if key is not None:
            return REPLICATION_DENIED.format(who=who.arn, action=action, key=key)
    return None

"""The handlers of the five resource-policy operations (the rules are in
:mod:`smstub._resource_policy`); :mod:`smstub._operations` holds them in its table."""

from __future__ import annotations

from typing import Any

from smstub import _resource_policy as _policies
from smstub._backend import RegionBackend
from smstub._entries import ident
from smstub._paging import page
from smstub._replication import check_not_replica

__all__ = [
    "delete_resource_policy",
    "get_resource_policy",
    "list_resource_policies",
    "put_resource_policy",
    "validate_resource_policy",
]

Params = dict[str, Any]
Result = dict[str, Any]


# UNVERIFIED[policy-on-deleted-secret]: Put and Delete refuse a secret marked for deletion (as
# every write does); Get, List and Validate answer for it. Delete without a policy succeeds and
# every answer names PolicyName, "default" by default.


def put_resource_policy(backend: RegionBackend, p: Params) -> Result:
    secret = backend.find_live(p["SecretId"])
    # Seen from AWS (lgallard/terraform-aws-secrets-manager#188): a replica's policy is written
    # in the primary's region.
    check_not_replica(secret)
    name = _policies.put_policy(
        secret, p["ResourcePolicy"], p.get("PolicyName"), bool(p.get("BlockPublicPolicy"))
    )
    backend._committed(secret)
    return {**ident(secret), "PolicyName": name}


def get_resource_policy(backend: RegionBackend, p: Params) -> Result:
    secret = backend.find(p["SecretId"])
    name, text = _policies.policy_text(secret, p.get("PolicyName"))
    out = ident(secret)
    if text is not None:
        out["ResourcePolicy"] = text
    out["PolicyName"] = name
    return out


def delete_resource_policy(backend: RegionBackend, p: Params) -> Result:
    secret = backend.find_live(p["SecretId"])
    check_not_replica(secret)  # as PutResourcePolicy (see replica-write-others, _replication)
    name = _policies.delete_policy(secret, p.get("PolicyName"))
    backend._committed(secret)
    return {**ident(secret), "PolicyName": name}


def list_resource_policies(backend: RegionBackend, p: Params) -> Result:
    secret = backend.find(p["SecretId"])
    names = _policies.policy_names(secret)
    # default first, then by name: page over positions so the order survives the token.
    chosen, token = page(
        range(len(names)),
        p.get("MaxResults"),
        p.get("NextToken"),
        scope=("ListResourcePolicies", secret.arn),
    )
    out: Result = {"ResourcePolicies": [{"PolicyName": names[i]} for i in chosen]}
    if token is not None:
        out["NextToken"] = token
    return out


def validate_resource_policy(backend: RegionBackend, p: Params) -> Result:
    if p.get("SecretId") is not None:
        backend.find(p["SecretId"])  # an unknown or invalid SecretId fails first (recordings)
    findings = _policies.validate_policy(p["ResourcePolicy"])
    return {
        "PolicyValidationPassed": not findings,
        "ValidationErrors": [
            {"CheckName": f.check_name, "ErrorMessage": f.message} for f in findings
        ],
    }

"""BatchGetSecretValue in the operations layer (kept apart from :mod:`smstub._operations`,
whose table lists it): its module is imported by its first call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smstub._batch import batch_get_secret_value as _batch_get
from smstub._entries import secret_value_entry
from smstub._filters import filters_of

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = ["batch_get_secret_value"]

Params = dict[str, Any]
Result = dict[str, Any]


def batch_get_secret_value(backend: RegionBackend, p: Params) -> Result:
    result = _batch_get(
        backend,
        p.get("SecretIdList"),
        filters_of(p.get("Filters")),
        p.get("MaxResults"),
        p.get("NextToken"),
    )
    out: Result = {
        "SecretValues": [secret_value_entry(*read) for read in result.values],
        # UNVERIFIED[batch-empty-errors]: whether AWS leaves out an empty Errors list.
        "Errors": [
            {"SecretId": e.secret_id, "ErrorCode": e.code, "Message": e.message}
            for e in result.errors
        ],
    }
    if result.next_token is not None:
        out["NextToken"] = result.next_token
    return out

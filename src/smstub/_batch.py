"""BatchGetSecretValue: many GetSecretValue calls at once, with per-secret errors.

Nothing about this operation is recorded from AWS. The rules follow the AWS documentation
("You must include Filters or SecretIdList, but not both"; MaxResults needs Filters; problems
with individual secrets go to ``Errors``); the error texts are moto's (UNVERIFIED[batch-texts]:
no AWS answer was found).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._filters import Filter, Query
from smstub._model import Secret, Version

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._sealing import SecretValue

__all__ = ["BatchResult", "batch_get_secret_value"]

# AWS documentation: "Retrieves the contents ... for up to 20 secrets"; with Filters and no
# MaxResults the page size is not documented (UNVERIFIED[batch-page-size]: the maximum, 20).
DEFAULT_PAGE_SIZE = 20


@dataclass(slots=True, frozen=True)
class BatchError:
    secret_id: str
    code: str
    message: str


@dataclass(slots=True)
class BatchResult:
    values: list[tuple[Secret, Version, SecretValue]] = field(default_factory=list)
    errors: list[BatchError] = field(default_factory=list)
    next_token: str | None = None


def batch_get_secret_value(
    backend: RegionBackend,
    secret_ids: Sequence[str] | None,
    filters: Sequence[Filter] | None,
    max_results: int | None,
    token: str | None,
) -> BatchResult:
    """Read each secret named in ``secret_ids``, or one page of the secrets ``filters`` select."""
    if (secret_ids is None) == (filters is None):
        raise err.InvalidParameterException(
            "Either 'SecretIdList' or 'Filters' must be provided, but not both."
        )
    if filters is None:
        if max_results is not None:
            raise err.InvalidParameterException(
                "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' "
                "is provided."
            )
        if token is not None:
            raise err.InvalidNextTokenException()  # no token is ever issued for an id list
        assert secret_ids is not None
        result = BatchResult()
        for secret_id in secret_ids:
            _read(backend, secret_id, result)
        return result
    secrets, next_token = backend.list_secrets(
        Query(tuple(filters)),
        max_results,
        token,
        operation="BatchGetSecretValue",
        default_size=DEFAULT_PAGE_SIZE,
    )
    result = BatchResult(next_token=next_token)
    for secret in secrets:
        # UNVERIFIED[batch-error-id]: an error for a secret chosen by filters names it by ARN.
        _read(backend, secret.arn, result)
    return result


def _read(backend: RegionBackend, secret_id: str, result: BatchResult) -> None:
    try:
        # An ARN may name another account's secret (the dispatch core routes the same way).
        owner = backend.store.target(secret_id, backend.account, backend.region)
        authorizer = backend.store.authorizer
        if authorizer is not None:  # enforce_access: GetSecretValue on each secret
            authorizer.check_read(owner, secret_id)  # type: ignore[attr-defined]
        result.values.append(owner.get_secret_value(secret_id, None, None))
    except err.ServiceError as error:
        # The error GetSecretValue gives for that secret (UNVERIFIED[batch-error-per-secret]:
        # that AWS uses the same).
        result.errors.append(BatchError(secret_id, error.code, error.message))

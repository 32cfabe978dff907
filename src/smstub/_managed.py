"""Secrets that another AWS service manages (RDS's ``rds!db-...`` master passwords and the like).

Such a secret is created by its service, never through CreateSecret, so its name may hold the
``!`` that CreateSecret refuses; DescribeSecret and ListSecrets show the service as
``OwningService`` and the ``owning-service`` filter selects by it. AWS documents that a change
to it must go through the owning service: InvalidRequestException, "The secret is managed by
another service, and you must use that service to update it." (the error's documented causes,
https://docs.aws.amazon.com/secretsmanager/latest/apireference/CommonErrors.html and every
operation's Errors section).

Domain code: no botocore; the handle's ``sm.create_managed_secret`` and seeding call
:func:`create_managed_secret`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._model import Secret, Tag
from smstub._sealing import value_of

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = ["OWNING_SERVICE_TAG", "create_managed_secret", "refuse_if_managed"]

# Seen from AWS on an RDS-managed secret (a live describe-secret in floci-io/floci#2378): Tags
# hold {"Key": "aws:secretsmanager:owningService", "Value": "rds"} beside OwningService "rds".
# UNVERIFIED[owning-service-tag]: that every owning service's secrets carry it.
OWNING_SERVICE_TAG = "aws:secretsmanager:owningService"

# The documented cause, used as the message: UNVERIFIED[managed-secret-refusal] (no captured
# answer shows the runtime wording, nor which operations refuse; smstub refuses the three that
# change a value or its labels: PutSecretValue, UpdateSecret, UpdateSecretVersionStage).
MANAGED_BY_ANOTHER_SERVICE = (
    "The secret is managed by another service, and you must use that service to update it."
)

_MAX_SERVICE = 128  # the model's OwningServiceType: 1..128


def refuse_if_managed(secret: Secret) -> None:
    if secret.owning_service is not None:
        raise err.InvalidRequestException(MANAGED_BY_ANOTHER_SERVICE)


def create_managed_secret(
    backend: RegionBackend,
    name: str,
    owning_service: str,
    *,
    secret_string: str | None = None,
    secret_binary: bytes | None = None,
    description: str | None = None,
    kms_key_id: str | None = None,
    tags: list[Tag] | None = None,
) -> Secret:
    """Create ``name`` in ``backend`` as ``owning_service`` would, or raise AWS's error (the
    caller holds the store lock)."""
    if not 1 <= len(owning_service) <= _MAX_SERVICE:
        raise err.InvalidParameterException(
            f"The owning service must have 1 to {_MAX_SERVICE} characters."
        )
    secret, _ = backend.create_secret(
        name,
        str(uuid.uuid4()),
        value_of(secret_string, secret_binary),
        description=description,
        kms_key_id=kms_key_id,
        tags=tags,
        owning_service=owning_service,
    )
    return secret

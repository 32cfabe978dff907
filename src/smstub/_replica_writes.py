"""The replication rule every write checks: a replica can't be changed apart from its primary.

Kept apart from :mod:`smstub._replication` (which re-exports it, and whose docstring has the
evidence) so that tags and writes check it without loading replication's machinery.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smstub import _aws_errors as err

if TYPE_CHECKING:
    from smstub._model import Secret

__all__ = ["REPLICA_WRITE", "check_not_replica"]

# Seen from AWS for DeleteSecret (gruntwork-io/cloud-nuke#435) and PutResourcePolicy
# (lgallard/terraform-aws-secrets-manager#188); that the other writes answer it too is
# unverified (its mark is in smstub._replication's docstring).
REPLICA_WRITE = (
    "Operation not permitted on a replica secret. Call must be made in primary secret's region."
)


def check_not_replica(secret: Secret) -> None:
    """Refuse a write to a replica, as AWS does."""
    state = secret.replication
    if state is not None and state.primary is not None:
        raise err.InvalidParameterException(REPLICA_WRITE)

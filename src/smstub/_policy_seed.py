"""The ``ResourcePolicy`` member of seed documents and dumps (``sm.seed``, ``sm.load``,
``sm.dump``): a secret's ``default`` resource policy, as the exact JSON string submitted."""

from __future__ import annotations

from typing import Any

from smstub import _aws_errors as err
from smstub import _seed
from smstub._policy_doc import parse_policy
from smstub._resource_policy import policy_text, put_policy

__all__: list[str] = []

MEMBER = "ResourcePolicy"


def _parse(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _seed.SeedError(where, "must be the policy document as a JSON string")
    try:
        parse_policy(value, resource_policy=True)
    except err.MalformedPolicyDocumentException as error:
        raise _seed.SeedError(where, error.message) from None
    return value


def _apply(backend: Any, secret: Any, value: str) -> None:
    put_policy(secret, value, None, block_public=False)


def _read(backend: Any, secret: Any) -> str | None:
    return policy_text(secret, None)[1]


_seed.register_member(MEMBER, _seed.Member(_parse, _apply, _read))

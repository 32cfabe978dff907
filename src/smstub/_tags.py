"""AWS's rules for a secret's tags (TagResource, UntagResource, CreateSecret's Tags).

Key and value lengths come from the model (keys 1..128, values 0..256) and are checked by the
wire before a handler runs. The AWS documentation states 127 and 255 "Unicode characters"; no
recording settles which AWS enforces, so the model's numbers stand (UNVERIFIED[tag-lengths]).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._model import Secret, Tag
from smstub._replica_writes import check_not_replica

if TYPE_CHECKING:
    from smstub._backend import RegionBackend

__all__ = [
    "MAX_TAGS",
    "tag_resource",
    "tags_after_tagging",
    "tags_after_untagging",
    "untag_resource",
]

# AWS documentation (TagResource): "Maximum number of tags per secret: 50".
MAX_TAGS = 50
# AWS documentation (TagResource): "Do not use the aws: prefix in your tag names or values
# because AWS reserves it"; AWS's general tagging rules treat the prefix in any case.
_RESERVED = "aws:"


def _check_key(key: str) -> None:
    if key[: len(_RESERVED)].lower() == _RESERVED:
        # Seen from AWS for TagResource (cloud-custodian/cloud-custodian#9093). The same text
        # for UntagResource and CreateSecret is UNVERIFIED[system-tag-text].
        raise err.InvalidParameterException(f"You can't modify system tags. Tag key: '{key}'.")


def check_keys(keys: Iterable[str]) -> None:
    """Refuse the reserved prefix before anything is looked up or changed."""
    for key in keys:
        _check_key(key)


def tags_after_tagging(existing: list[Tag] | None, new: Iterable[Tag]) -> list[Tag]:
    """The tags a secret has after TagResource adds ``new``, or AWS's error.

    A key already present keeps its place and takes the new value (TagResource is an upsert);
    new keys are appended in request order. Nothing is changed here: the caller assigns.
    """
    merged = {tag.key: Tag(tag.key, tag.value) for tag in existing or ()}
    for tag in new:
        if not tag.key:
            # The model leaves Key optional, so a tag without one reaches us
            # (UNVERIFIED[tag-without-key]: no AWS text found).
            raise err.InvalidParameterException("You must provide a key for each tag.")
        _check_key(tag.key)
        merged[tag.key] = Tag(tag.key, tag.value)
    if len(merged) > MAX_TAGS:
        # UNVERIFIED[too-many-tags]: no AWS text was found; InvalidParameterException is the
        # error the model lists for TagResource (it does not list LimitExceededException).
        raise err.InvalidParameterException(f"You can't add more than {MAX_TAGS} tags to a secret.")
    return list(merged.values())


def tags_after_untagging(existing: list[Tag] | None, keys: Iterable[str]) -> list[Tag] | None:
    """The tags left after UntagResource removes ``keys``; missing keys are ignored.

    A secret that was never tagged keeps showing no ``Tags`` key (UntagResource is documented
    as leaving the metadata unchanged when no requested tag is attached).
    """
    drop = set(keys)
    check_keys(drop)
    if existing is None:
        return None
    return [tag for tag in existing if tag.key not in drop]


def tag_resource(backend: RegionBackend, secret_id: str, tags: Iterable[Tag]) -> Secret:
    tags = list(tags)
    check_keys(tag.key for tag in tags)
    secret = backend.find_live(secret_id)
    check_not_replica(secret)
    secret.tags = tags_after_tagging(secret.tags, tags)
    backend._committed(secret)
    return secret


def untag_resource(backend: RegionBackend, secret_id: str, keys: Iterable[str]) -> Secret:
    keys = list(keys)
    check_keys(keys)
    secret = backend.find_live(secret_id)
    check_not_replica(secret)
    secret.tags = tags_after_untagging(secret.tags, keys)
    backend._committed(secret)
    return secret

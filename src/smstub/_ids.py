"""Identifiers: ARNs, random suffixes, version and request ids."""

from __future__ import annotations

import random

__all__ = ["arn_base", "arn_suffix", "partition_of", "secret_arn"]

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# The suffix only has to be unpredictable enough not to collide; it is not a secret.
_random = random.Random()


def arn_suffix() -> str:
    """AWS's six random characters that end every secret ARN."""
    return "".join(_random.choices(_ALPHABET, k=6))


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("us-iso-"):
        return "aws-iso"
    if region.startswith("us-isob-"):
        return "aws-iso-b"
    if region.startswith("eu-isoe-"):
        return "aws-iso-e"
    if region.startswith("us-isof-"):
        return "aws-iso-f"
    return "aws"


def arn_base(partition: str, region: str, account: str) -> str:
    """The start of every secret ARN in a region, up to the name."""
    return f"arn:{partition}:secretsmanager:{region}:{account}:secret:"


def secret_arn(partition: str, region: str, account: str, name: str, suffix: str) -> str:
    return f"{arn_base(partition, region, account)}{name}-{suffix}"

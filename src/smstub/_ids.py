"""Identifiers: ARNs, random suffixes, version and request ids."""

from __future__ import annotations

import math
import random

__all__ = ["arn_base", "arn_suffix", "partition_of", "secret_arn", "serial_suffix"]

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# The suffix only has to be unpredictable enough not to collide; it is not a secret.
_random = random.Random()


def arn_suffix() -> str:
    """AWS's six random characters that end every secret ARN."""
    return "".join(_random.choices(_ALPHABET, k=6))


_SPACE = len(_ALPHABET) ** 6
# Two characters at a time: serial_suffix runs for every ARN a response shows.
_PAIRS = [first + second for first in _ALPHABET for second in _ALPHABET]
_PAIR_COUNT = len(_PAIRS)


def _multiplier() -> int:
    while True:
        candidate = _random.randrange(1, _SPACE)
        if math.gcd(candidate, _SPACE) == 1:
            return candidate


# serial -> (serial * a + b) mod 62**6 is a bijection when a is coprime with 62**6.
_SCRAMBLE = (_multiplier(), _random.randrange(_SPACE))


def serial_suffix(serial: int) -> str:
    """The ARN suffix of the secret numbered ``serial``: six characters that look random and
    differ for every serial below 62**6, so that a secret stores a small int, not a string.

    >>> a, b = serial_suffix(0), serial_suffix(1)
    >>> len(a), a.isalnum(), a != b, serial_suffix(1) == b
    (6, True, True, True)
    """
    multiplier, shift = _SCRAMBLE
    number = (serial * multiplier + shift) % _SPACE
    number, low = divmod(number, _PAIR_COUNT)
    high, middle = divmod(number, _PAIR_COUNT)
    return _PAIRS[low] + _PAIRS[middle] + _PAIRS[high]


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

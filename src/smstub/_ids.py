"""Identifiers: ARNs, random suffixes, version and request ids."""

from __future__ import annotations

import itertools
import math
import random

__all__ = [
    "SuffixScheme",
    "arn_base",
    "arn_suffix",
    "partition_of",
    "request_id",
    "secret_arn",
]

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# The suffix only has to be unpredictable enough not to collide; it is not a secret.
_random = random.Random()


def arn_suffix() -> str:
    """AWS's six random characters that end every secret ARN."""
    return "".join(_random.choices(_ALPHABET, k=6))


# Request ids: a random UUID-shaped prefix per process and a counter in the last group, so
# every response gets a distinct, well-formed id at the cost of one format (uuid4 costs an
# os.urandom call and a UUID object per response).
_bits = _random.getrandbits
_REQUEST_PREFIX = f"{_bits(32):08x}-{_bits(16):04x}-4{_bits(12):03x}-{0x8000 | _bits(14):04x}-"
_request_numbers = itertools.count(_random.getrandbits(40))


def request_id() -> str:
    """A fresh ``x-amzn-RequestId``: UUID-shaped, unique within the process.

    >>> a, b = request_id(), request_id()
    >>> a != b, len(a), a.count("-")
    (True, 36, 4)
    """
    return f"{_REQUEST_PREFIX}{next(_request_numbers) % (1 << 48):012x}"


_SPACE = len(_ALPHABET) ** 6
# Two characters at a time: a suffix is computed for every ARN a response shows.
_PAIRS = [first + second for first in _ALPHABET for second in _ALPHABET]
_PAIR_COUNT = len(_PAIRS)
_PAIR_INDEX = {pair: index for index, pair in enumerate(_PAIRS)}


class SuffixScheme:
    """ARN suffixes from serial numbers: six characters that look random and differ for every
    serial below 62**6, so that a secret stores a small int, not a string.

    Each store has its own scheme (a random one unless a seed is given), so the first secret of
    one activation does not share its ARN with the first secret of the next: a test cannot come
    to rely on an ARN that AWS would never reproduce.

    >>> scheme = SuffixScheme()
    >>> a, b = scheme(0), scheme(1)
    >>> len(a), a.isalnum(), a != b, scheme(1) == b
    (6, True, True, True)
    >>> SuffixScheme(seed=7)(0) == SuffixScheme(seed=7)(0)
    True
    """

    __slots__ = ("_multiplier", "_shift")

    def __init__(self, seed: int | None = None) -> None:
        rng = random.Random(seed) if seed is not None else _random
        # serial -> (serial * a + b) mod 62**6 is a bijection when a is coprime with 62**6.
        while True:
            multiplier = rng.randrange(1, _SPACE)
            if math.gcd(multiplier, _SPACE) == 1:
                break
        self._multiplier = multiplier
        self._shift = rng.randrange(_SPACE)

    def __call__(self, serial: int) -> str:
        number = (serial * self._multiplier + self._shift) % _SPACE
        number, low = divmod(number, _PAIR_COUNT)
        high, middle = divmod(number, _PAIR_COUNT)
        return _PAIRS[low] + _PAIRS[middle] + _PAIRS[high]

    def serial_of(self, suffix: str) -> int:
        """The serial whose suffix is ``suffix`` (six characters of the alphabet): a seeded
        secret keeps the ARN it was dumped with.

        >>> scheme = SuffixScheme(seed=3)
        >>> scheme.serial_of(scheme(41))
        41
        """
        low, middle, high = (_PAIR_INDEX[suffix[i : i + 2]] for i in (0, 2, 4))
        number = (high * _PAIR_COUNT + middle) * _PAIR_COUNT + low
        return (number - self._shift) * pow(self._multiplier, -1, _SPACE) % _SPACE


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

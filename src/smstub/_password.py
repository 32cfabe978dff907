"""GetRandomPassword: AWS's character classes and options, from a secure random source."""

from __future__ import annotations

import secrets
import string

from smstub import _aws_errors as err

__all__ = ["random_password"]

# AWS documentation (GetRandomPassword): 32 characters by default; punctuation is the 32 ASCII
# punctuation characters; without RequireEachIncludedType=false the password holds at least one
# character of every included type (upper, lower, digit, punctuation; space is never required).
DEFAULT_LENGTH = 32
_system = secrets.SystemRandom()


def random_password(
    length: int | None = None,
    *,
    exclude_characters: str = "",
    exclude_numbers: bool = False,
    exclude_punctuation: bool = False,
    exclude_uppercase: bool = False,
    exclude_lowercase: bool = False,
    include_space: bool = False,
    require_each_included_type: bool = True,
) -> str:
    length = DEFAULT_LENGTH if length is None else length
    excluded = set(exclude_characters)
    classes = [
        chars
        for chars, skip in (
            (string.ascii_lowercase, exclude_lowercase),
            (string.ascii_uppercase, exclude_uppercase),
            (string.digits, exclude_numbers),
            (string.punctuation, exclude_punctuation),
        )
        if not skip
    ]
    required = ["".join(c for c in chars if c not in excluded) for chars in classes]
    required = [chars for chars in required if chars]
    pool = "".join(required)
    if include_space and " " not in excluded:
        pool += " "
    if not pool:
        # Not recorded from AWS; the model lists InvalidParameterException for this operation.
        raise err.InvalidParameterException(
            "The password can't be generated because every character type was excluded."
        )
    picks = [_system.choice(chars) for chars in required] if require_each_included_type else []
    if len(picks) > length:
        # UNVERIFIED[password-too-short]: moto's text for required types that do not fit.
        raise err.InvalidParameterException(
            "Password length is too short based on the required types."
        )
    picks += [_system.choice(pool) for _ in range(length - len(picks))]
    _system.shuffle(picks)
    return "".join(picks)

"""GetRandomPassword: every option and AWS's defaults."""

from __future__ import annotations

import string
from typing import Any

import pytest

from tests.sdk.helpers import aws_error


def test_default_is_32_characters_with_every_type(client: Any) -> None:
    password = client.get_random_password()["RandomPassword"]
    assert len(password) == 32
    assert any(c in string.ascii_lowercase for c in password)
    assert any(c in string.ascii_uppercase for c in password)
    assert any(c in string.digits for c in password)
    assert any(c in string.punctuation for c in password)
    assert " " not in password


def test_excluded_characters_never_appear(client: Any) -> None:
    password = client.get_random_password(PasswordLength=120, ExcludeCharacters="xyzDje@?!.")[
        "RandomPassword"
    ]
    assert len(password) == 120
    assert not set(password) & set("xyzDje@?!.")


@pytest.mark.parametrize(
    ("option", "alphabet"),
    [
        ("ExcludeNumbers", string.digits),
        ("ExcludePunctuation", string.punctuation),
        ("ExcludeUppercase", string.ascii_uppercase),
        ("ExcludeLowercase", string.ascii_lowercase),
    ],
)
def test_each_exclude_option_removes_its_type(client: Any, option: str, alphabet: str) -> None:
    password = client.get_random_password(PasswordLength=400, **{option: True})["RandomPassword"]
    assert not set(password) & set(alphabet)


def test_include_space_can_add_spaces(client: Any) -> None:
    password = client.get_random_password(
        PasswordLength=300,
        IncludeSpace=True,
        ExcludeLowercase=True,
        ExcludeUppercase=True,
        ExcludePunctuation=True,
    )["RandomPassword"]
    assert set(password) <= set(string.digits + " ")
    assert " " in password


def test_only_the_remaining_type_when_others_are_excluded(client: Any) -> None:
    password = client.get_random_password(
        PasswordLength=50, ExcludeLowercase=True, ExcludeUppercase=True, ExcludePunctuation=True
    )["RandomPassword"]
    assert password.isdigit()


def test_without_require_each_type_a_one_character_password_is_allowed(client: Any) -> None:
    password = client.get_random_password(PasswordLength=1, RequireEachIncludedType=False)
    assert len(password["RandomPassword"]) == 1


def test_length_shorter_than_the_required_types_is_refused(client: Any) -> None:
    code, message, _ = aws_error(lambda: client.get_random_password(PasswordLength=3))
    assert (code, message) == (
        "InvalidParameterException",
        "Password length is too short based on the required types.",
    )


def test_excluding_every_type_is_refused(client: Any) -> None:
    code, _, _ = aws_error(
        lambda: client.get_random_password(
            ExcludeLowercase=True,
            ExcludeUppercase=True,
            ExcludeNumbers=True,
            ExcludePunctuation=True,
        )
    )
    assert code == "InvalidParameterException"


def test_length_4096_is_accepted_and_4097_is_a_validation_error(client: Any) -> None:
    assert len(client.get_random_password(PasswordLength=4096)["RandomPassword"]) == 4096
    code, message, _ = aws_error(lambda: client.get_random_password(PasswordLength=4097))
    assert code == "ValidationException"
    assert message == (
        "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy "
        "constraint: Member must have value less than or equal to 4096"
    )


def test_passwords_differ_between_calls(client: Any) -> None:
    seen = {client.get_random_password()["RandomPassword"] for _ in range(20)}
    assert len(seen) == 20

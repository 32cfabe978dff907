"""IAM condition operators (IAM User Guide, "Condition operators")."""

from __future__ import annotations

import pytest

from smstub._conditions import condition_matches, glob, split_operator, substitute

CTX = {
    "aws:principaltag/team": "blue",
    "aws:tagkeys": ("team", "env"),
    "aws:currenttime": "2026-06-01T00:00:00Z",
    "aws:epochtime": "1780272000",
    "aws:sourceip": "10.1.2.3",
    "aws:principalarn": "arn:aws:iam::111122223333:role/reader",
    "aws:securetransport": "true",
}


def holds(operator: str, key: str, *values: str) -> bool:
    return condition_matches(operator, key, values, CTX, variables=True)


@pytest.mark.parametrize(
    ("operator", "key", "values", "expected"),
    [
        ("StringEquals", "aws:PrincipalTag/team", ("blue",), True),
        ("StringEquals", "aws:PrincipalTag/team", ("Blue",), False),
        ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", ("Blue",), True),
        ("StringNotEqualsIgnoreCase", "aws:PrincipalTag/team", ("BLUE",), False),
        ("StringLike", "aws:PrincipalTag/team", ("b?ue",), True),
        ("StringNotLike", "aws:PrincipalTag/team", ("r*",), True),
        ("NumericLessThan", "aws:EpochTime", ("1780272001",), True),
        ("NumericLessThanEquals", "aws:EpochTime", ("1780272000",), True),
        ("NumericGreaterThanEquals", "aws:EpochTime", ("x",), False),
        ("NumericNotEquals", "aws:EpochTime", ("1",), True),
        ("DateEquals", "aws:CurrentTime", ("2026-06-01T00:00:00+00:00",), True),
        ("DateNotEquals", "aws:CurrentTime", ("2026-06-01T00:00:00Z",), False),
        ("DateLessThanEquals", "aws:CurrentTime", ("1780272000",), True),
        ("DateGreaterThan", "aws:CurrentTime", ("not a date",), False),
        ("IpAddress", "aws:SourceIp", ("10.0.0.0/8",), True),
        ("IpAddress", "aws:SourceIp", ("10.1.2.3",), True),
        ("NotIpAddress", "aws:SourceIp", ("192.168.0.0/16",), True),
        ("IpAddress", "aws:SourceIp", ("garbage",), False),
        ("ArnLike", "aws:PrincipalArn", ("arn:aws:iam::*:role/*",), True),
        ("ArnEquals", "aws:PrincipalArn", ("arn:aws:iam::111122223333:role/reader",), True),
        ("ArnNotEquals", "aws:PrincipalArn", ("arn:aws:iam::111122223333:role/writer",), True),
        ("ArnLike", "aws:PrincipalArn", ("arn:aws:iam::111122223333",), False),
        ("Bool", "aws:SecureTransport", ("TRUE",), True),
        ("BinaryEquals", "aws:PrincipalTag/team", ("blue",), True),
        ("Null", "aws:SourceVpc", ("true",), True),
        ("Null", "aws:SourceIp", ("true",), False),
        ("StringEqualsIfExists", "aws:SourceVpc", ("vpc-1",), True),
        ("NumericLessThanIfExists", "aws:EpochTime", ("1",), False),
        ("ForAnyValue:StringEquals", "aws:TagKeys", ("env",), True),
        ("ForAllValues:StringEquals", "aws:TagKeys", ("env",), False),
        ("ForAllValues:StringLike", "aws:TagKeys", ("*",), True),
        ("ForAnyValue:StringNotEquals", "aws:TagKeys", ("team",), True),
        ("ForAllValues:StringNotEquals", "aws:TagKeys", ("owner",), True),
        ("ForAllValues:StringEquals", "aws:Missing", ("x",), True),
        ("ForAnyValue:StringEquals", "aws:Missing", ("x",), False),
        ("StringEquals", "aws:TagKeys", ("env",), True),
        ("StringNotEquals", "aws:TagKeys", ("env",), False),
        ("StringEquals", "aws:PrincipalTag/team", ("${aws:PrincipalTag/team}",), True),
        ("StringEquals", "aws:PrincipalTag/team", ("${aws:Missing}",), False),
    ],
)
def test_operator(operator: str, key: str, values: tuple[str, ...], expected: bool) -> None:
    assert holds(operator, key, *values) is expected


def test_variables_are_not_substituted_outside_2012_version() -> None:
    wanted = ("${aws:PrincipalTag/team}",)
    assert not condition_matches(
        "StringEquals", "aws:PrincipalTag/team", wanted, CTX, variables=False
    )


def test_glob_has_only_star_and_question_mark() -> None:
    assert glob("a[b]*", "a[b]cd")
    assert not glob("a[b]*", "abcd")
    assert glob("a.c", "a.c")
    assert not glob("a.c", "abc")


def test_substitute_escapes_and_defaults() -> None:
    assert substitute("x${*}y${?}${$}", {}) == "x*y?$"
    assert substitute("${aws:username, 'anon'}", {}) == "anon"
    assert substitute("${aws:username}", {"aws:username": "bob"}) == "bob"
    assert substitute("${aws:username}", {}) is None


@pytest.mark.parametrize(
    ("name", "parsed"),
    [
        ("StringEquals", (None, "StringEquals", False)),
        ("ForAnyValue:StringLikeIfExists", ("ForAnyValue", "StringLike", True)),
        ("Null", (None, "Null", False)),
        ("NullIfExists", None),
        ("ForAllValues:Null", None),
        ("Sometimes:StringEquals", None),
        ("StringIs", None),
    ],
)
def test_split_operator(name: str, parsed: object) -> None:
    assert split_operator(name) == parsed

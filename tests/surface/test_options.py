"""The options of ``mock_secretsmanager``: keyword-only, and checked when given."""

from __future__ import annotations

import pytest

from smstub import mock_secretsmanager
from smstub.errors import InvalidOptionError, PositionalOptionError, SmstubError


def test_a_positional_option_says_options_are_keyword_only() -> None:
    with pytest.raises(PositionalOptionError) as caught:
        mock_secretsmanager("111122223333")  # type: ignore[call-overload]
    assert str(caught.value) == (
        "smstub: mock_secretsmanager options are keyword-only, e.g. "
        "mock_secretsmanager(account_id='111122223333'); got the positional argument "
        "'111122223333'"
    )
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, SmstubError)


@pytest.mark.parametrize("account_id", ["1234", "1111222233334", "11112222333a", 111122223333, ""])
def test_account_id_must_be_twelve_digits(account_id: object) -> None:
    with pytest.raises(InvalidOptionError) as caught:
        mock_secretsmanager(account_id=account_id)  # type: ignore[call-overload]
    assert str(caught.value) == (
        "smstub: account_id must be a string of 12 digits, such as '111122223333'; "
        f"got {account_id!r}"
    )
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    "region", ["eu-west", "EU-WEST-1", "us-east-1\n", "mars-north-1", "useast1", None]
)
def test_region_must_match_a_partitions_pattern(region: object) -> None:
    with pytest.raises(InvalidOptionError) as caught:
        mock_secretsmanager(region=region)  # type: ignore[call-overload]
    assert str(caught.value) == (
        "smstub: region must be the name of an AWS region, such as 'eu-west-1', matching a "
        f"region pattern of botocore's partitions; got {region!r}"
    )


@pytest.mark.parametrize(
    "region",
    ["us-east-1", "eu-west-1", "ap-southeast-7", "cn-north-1", "us-gov-west-1", "us-iso-east-1"],
)
def test_every_partitions_regions_are_accepted(region: str) -> None:
    assert mock_secretsmanager(region=region).region == region


def test_the_bad_option_is_refused_when_the_decorator_is_configured() -> None:
    # Before the decorated test is ever called: at import of the test module.
    with pytest.raises(InvalidOptionError):

        @mock_secretsmanager(account_id="1")  # type: ignore[call-overload]
        def test_never_defined() -> None: ...

"""The seed format: what a seed document may hold, and errors that name entry and member."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from smstub import _seed
from smstub._seed import Member, SeedError, register_member, render
from smstub._seed_reader import parse, read


def test_shorthand_value_is_one_version() -> None:
    doc = parse({"Secrets": [{"Name": "db", "SecretString": "x", "Description": "d"}]})
    (secret,) = doc.secrets
    assert (secret.name, secret.description, len(secret.versions)) == ("db", "d", 1)
    assert secret.versions[0].string == "x"
    assert secret.versions[0].stages is None


def test_dates_are_iso_or_epoch_and_cut_to_milliseconds() -> None:
    doc = parse(
        {
            "Secrets": [
                {"Name": "a", "CreatedDate": "2024-05-01T12:00:00.123456Z"},
                {"Name": "b", "CreatedDate": 1714564800.5},
            ]
        }
    )
    assert doc.secrets[0].created == datetime(2024, 5, 1, 12, 0, 0, 123000, tzinfo=timezone.utc)
    assert doc.secrets[1].created == datetime(2024, 5, 1, 12, 0, 0, 500000, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"SecretString": "x"}, r"Secrets\[0\]: Name is required"),
        ({"Name": "db", "Colour": "red"}, r"Secrets\[0\] \(db\): unknown member 'Colour'"),
        ({"Name": "db", "Description": 3}, r"Secrets\[0\] \(db\): Description must be a string"),
        ({"Name": "db", "CreatedDate": "yesterday"}, r"\(db\): CreatedDate 'yesterday' is not"),
        ({"Name": "db", "CreatedDate": "2024-05-01T12:00:00"}, r"CreatedDate needs a time zone"),
        ({"Name": "db", "DeletedDate": "2024-05-01T12:00:00Z"}, r"DeletedDate and DeletionDate"),
        ({"Name": "db", "Tags": [{"Key": 1}]}, r"\(db\): Tags\[0\] must be"),
        (
            {"Name": "db", "Versions": [{"SecretString": "a", "SecretBinary": "YQ=="}]},
            r"\(db\) Versions\[0\]: give exactly one of SecretString and SecretBinary",
        ),
        (
            {"Name": "db", "Versions": [{"SecretBinary": "%%%"}]},
            r"\(db\) Versions\[0\]: SecretBinary must be base64",
        ),
        (
            {"Name": "db", "SecretString": "a", "Versions": []},
            r"'SecretString' and 'Versions' cannot both be given",
        ),
    ],
)
def test_bad_entries_name_the_entry_and_member(entry: dict[str, object], expected: str) -> None:
    with pytest.raises(SeedError, match=f"^smstub: bad seed: .*{expected}"):
        parse({"Secrets": [entry]})


def test_an_error_never_shows_the_value() -> None:
    with pytest.raises(SeedError) as caught:
        parse({"Secrets": [{"Name": "db", "SecretString": ["hunter2"]}]})
    assert "hunter2" not in str(caught.value)


def test_duplicate_names_and_version_ids_are_refused() -> None:
    with pytest.raises(SeedError, match=r"Secrets\[1\] \(db\): a secret with this Name"):
        parse({"Secrets": [{"Name": "db"}, {"Name": "db"}]})
    versions = [{"VersionId": "v", "SecretString": "a"}, {"VersionId": "v", "SecretString": "b"}]
    with pytest.raises(SeedError, match="same VersionId"):
        parse({"Secrets": [{"Name": "db", "Versions": versions}]})


def test_unknown_top_level_member_and_format() -> None:
    with pytest.raises(SeedError, match=r"document: unknown member.*Secret"):
        parse({"Secret": []})
    with pytest.raises(SeedError, match="Format 2 is not 1"):
        parse({"Format": 2})


def test_render_parses_back_to_the_same_document() -> None:
    data = {
        "Keys": [{"KeyId": "k1", "Aliases": ["alias/app"], "KeyState": "Disabled"}],
        "Secrets": [
            {
                "Name": "db",
                "Tags": {"team": "core"},
                "Versions": [
                    {"VersionId": "v1", "SecretBinary": "AAE=", "VersionStages": ["AWSCURRENT"]}
                ],
            }
        ],
    }
    once = render(parse(data))
    assert render(parse(json.loads(json.dumps(once)))) == once
    assert once["Secrets"][0]["Tags"] == [{"Key": "team", "Value": "core"}]
    assert once["Keys"][0]["KeyState"] == "Disabled"


def test_yaml_and_json_files(tmp_path: Path) -> None:
    (tmp_path / "seed.yaml").write_text("Secrets:\n  - Name: db\n    SecretString: x\n")
    (tmp_path / "seed.json").write_text('{"Secrets": [{"Name": "db", "SecretString": "x"}]}')
    assert read(tmp_path / "seed.yaml").secrets[0].name == "db"
    assert read(str(tmp_path / "seed.json")).secrets[0].name == "db"
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(SeedError, match=r"bad\.json: is not valid JSON"):
        read(tmp_path / "bad.json")
    with pytest.raises(SeedError, match="cannot be read"):
        read(tmp_path / "missing.json")


def test_features_register_their_own_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_seed, "_EXTRA", {})

    def parse_rules(value: object, where: str) -> int:
        if not isinstance(value, int):
            raise SeedError(where, "must be an int")
        return value

    register_member(
        "TestOnlyRotationDays",
        Member(parse_rules, apply=lambda *_: None, read=lambda *_: None, render=str),
    )
    doc = parse({"Secrets": [{"Name": "db", "TestOnlyRotationDays": 30}]})
    assert doc.secrets[0].extra == {"TestOnlyRotationDays": 30}
    assert render(doc)["Secrets"][0]["TestOnlyRotationDays"] == "30"
    with pytest.raises(SeedError, match=r"\(db\) TestOnlyRotationDays: must be an int"):
        parse({"Secrets": [{"Name": "db", "TestOnlyRotationDays": "x"}]})

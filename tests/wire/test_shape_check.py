"""The shape check that guards every response in the suite must itself catch mistakes."""

from __future__ import annotations

from smstub import _wire
from tests.shape_check import shape_problems


def _output(operation: str):  # type: ignore[no-untyped-def]
    model = _wire.operation_model(operation)
    assert model is not None
    return model.output_shape


def test_misspelled_key_is_reported() -> None:
    problems = shape_problems(_output("CreateSecret"), {"ARN": "a", "Nmae": "x"})
    assert problems == ["$.Nmae: not in shape CreateSecretResponse"]


def test_wrong_type_is_reported() -> None:
    problems = shape_problems(_output("DescribeSecret"), {"CreatedDate": "yesterday"})
    assert len(problems) == 1
    assert problems[0].startswith("$.CreatedDate:")


def test_nested_list_entries_are_checked() -> None:
    body = {"Versions": [{"VersionId": "v", "KmsKeyIds": [1]}]}
    assert shape_problems(_output("ListSecretVersionIds"), body) == [
        "$.Versions[0].KmsKeyIds[0]: 1 is not a valid string (KmsKeyIdType)"
    ]


def test_a_correct_body_has_no_problems() -> None:
    body = {"ARN": "a", "Name": "n", "VersionId": "v", "VersionStages": ["AWSCURRENT"]}
    assert shape_problems(_output("PutSecretValue"), body) == []

"""How the validation layer reports an item of a collection: one error for the whole list or
map, with every rule of the item's shape. Secrets Manager's model has lists of strings only, so
maps and numeric items are checked on a small model of the same kind."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import ServiceModel

from smstub import _aws_errors as err
from smstub import _wire

_MODEL = {
    "metadata": {"protocol": "json", "serviceId": "Toy", "apiVersion": "2024-01-01"},
    "operations": {
        "Put": {
            "name": "Put",
            "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "In"},
        }
    },
    "shapes": {
        "In": {
            "type": "structure",
            "members": {
                "Labels": {"shape": "LabelMap"},
                "Sizes": {"shape": "SizeList"},
                "Colours": {"shape": "ColourList"},
            },
        },
        "LabelMap": {"type": "map", "key": {"shape": "Key"}, "value": {"shape": "Label"}},
        "Key": {"type": "string", "min": 1, "max": 3, "pattern": "^[a-z]+$"},
        "Label": {"type": "string", "max": 5},
        "SizeList": {"type": "list", "member": {"shape": "Size"}, "max": 3},
        "Size": {"type": "integer", "min": 1, "max": 9},
        "ColourList": {"type": "list", "member": {"shape": "Colour"}},
        "Colour": {"type": "string", "enum": ["red", "blue"]},
    },
}
_PUT = ServiceModel(_MODEL, "toy").operation_model("Put")


def _problem(body: str) -> str:
    with pytest.raises(err.ValidationException) as caught:
        _wire.decode(_PUT, body)
    return caught.value.message


def _decoded(body: str) -> dict[str, Any]:
    return _wire.decode(_PUT, body)


def test_a_map_value_that_breaks_its_rule_names_the_map() -> None:
    assert _problem('{"Labels": {"ab": "ok", "cd": "toolong"}}') == (
        "1 validation error detected: Value '{ab=ok, cd=toolong}' at 'labels' failed to satisfy "
        "constraint: Map value must satisfy constraint: "
        "[Member must have length less than or equal to 5]"
    )


def test_a_map_key_that_breaks_its_rules_names_the_map_with_every_key_rule() -> None:
    assert _problem('{"Labels": {"ABC": "ok"}}') == (
        "1 validation error detected: Value '{ABC=ok}' at 'labels' failed to satisfy "
        "constraint: Map keys must satisfy constraint: [Member must have length less than or "
        "equal to 3, Member must have length greater than or equal to 1, Member must satisfy "
        "regular expression pattern: ^[a-z]+$]"
    )


def test_a_bad_key_and_a_bad_value_are_two_errors() -> None:
    message = _problem('{"Labels": {"ABCD": "toolong"}}')
    assert message.startswith("2 validation errors detected: ")
    assert "Map keys must satisfy constraint" in message
    assert "Map value must satisfy constraint" in message


def test_a_number_in_a_list_is_reported_with_value_rules() -> None:
    assert _problem('{"Sizes": [3, 12]}') == (
        "1 validation error detected: Value '[3, 12]' at 'sizes' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must have value less than or equal to 9, "
        "Member must have value greater than or equal to 1]"
    )


def test_an_enum_item_lists_the_value_set() -> None:
    assert _problem('{"Colours": ["red", "green"]}') == (
        "1 validation error detected: Value '[red, green]' at 'colours' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
        "[red, blue]]"
    )


def test_good_collections_decode_unchanged() -> None:
    body = '{"Labels": {"ab": "x"}, "Sizes": [1, 9], "Colours": ["blue"]}'
    assert _decoded(body) == {"Labels": {"ab": "x"}, "Sizes": [1, 9], "Colours": ["blue"]}

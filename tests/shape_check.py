"""Check a raw JSON response body against the botocore output shape.

botocore silently drops keys it does not know, so a misspelled field would pass every
client-level test unnoticed; this check catches it at the wire.
"""

from __future__ import annotations

import base64
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape


def shape_problems(shape: Shape | None, value: Any, path: str = "$") -> list[str]:
    if shape is None:
        return [] if value in ({}, None) else [f"{path}: body for an operation with no output"]
    kind = shape.type_name
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            return [f"{path}: expected object, got {type(value).__name__}"]
        problems = []
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                problems.append(f"{path}.{key}: not in shape {shape.name}")
            else:
                problems += shape_problems(member, item, f"{path}.{key}")
        return problems
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            return [f"{path}: expected list"]
        return [
            p
            for i, item in enumerate(value)
            for p in shape_problems(shape.member, item, f"{path}[{i}]")
        ]
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            return [f"{path}: expected map"]
        return [
            p for k, item in value.items() for p in shape_problems(shape.value, item, f"{path}.{k}")
        ]
    checks: dict[str, Any] = {
        "string": lambda v: isinstance(v, str) and (not shape.enum or v in shape.enum),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "long": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "timestamp": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "blob": lambda v: isinstance(v, str) and base64.b64decode(v, validate=True) is not None,
    }
    check = checks.get(kind)
    if check is None:
        return [f"{path}: unexpected shape type {kind}"]
    return [] if check(value) else [f"{path}: {value!r} is not a valid {kind} ({shape.name})"]

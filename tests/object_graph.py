"""Walk every object a root reaches, for tests that search the fake's state for secrets."""

from __future__ import annotations

import enum
import types
from collections import deque
from collections.abc import Iterator
from datetime import datetime, timedelta

_LEAVES = (str, bytes, bytearray, int, float, complex, bool, type(None), datetime, timedelta)
_OPAQUE = (types.ModuleType, type, types.BuiltinFunctionType, types.CodeType, enum.Enum)


def reachable(root: object) -> Iterator[object]:
    """Every object reachable from ``root`` through attributes, slots, containers, bound
    methods and closures (not through modules, classes or function globals)."""
    seen: set[int] = set()
    stack: list[object] = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj
        if isinstance(obj, (*_LEAVES, *_OPAQUE)):
            continue
        if isinstance(obj, dict):
            stack += [*obj.keys(), *obj.values()]
        elif isinstance(obj, (list, tuple, set, frozenset, deque)):
            stack += list(obj)
        elif isinstance(obj, types.MethodType):
            stack.append(obj.__self__)
        elif isinstance(obj, types.FunctionType):
            stack += [cell.cell_contents for cell in obj.__closure__ or ()]
        else:
            for cls in type(obj).__mro__:
                slots = getattr(cls, "__slots__", ())
                for slot in (slots,) if isinstance(slots, str) else slots:
                    if hasattr(obj, slot):
                        stack.append(getattr(obj, slot))
            if hasattr(obj, "__dict__"):
                stack.append(vars(obj))

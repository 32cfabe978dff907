"""The JSON 1.1 wire format, driven by the botocore service model.

Decoding checks what AWS checks before an operation runs: the JSON is well formed, every member
has its modeled type, and the model's required/min/max/pattern/enum constraints hold (botocore
checks only required, type and min on the client, and users may turn that off). Violations
become AWS's ``ValidationException``. Encoding turns handler results into the body AWS sends.
"""

from __future__ import annotations

import base64
import json
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore.loaders import create_loader
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape

from smstub import _aws_errors as err
from smstub._memo import remember
from smstub._validators import Check, compile_shape

__all__ = [
    "REDACTED",
    "decode",
    "encode",
    "encode_error",
    "operation_model",
    "redact",
    "service_model",
]

_model: ServiceModel | None = None
_model_lock = threading.Lock()


def service_model() -> ServiceModel:
    """The installed botocore's Secrets Manager model, loaded once per process."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                _model = ServiceModel(
                    _loader().load_service_model("secretsmanager", "service-2"), "secretsmanager"
                )
    return _model


def _loader() -> Any:
    """boto3's default session's loader when there is one: a client made from it has already
    loaded (and cached) the model, which saves ~8 ms on the first request."""
    boto3 = sys.modules.get("boto3")
    session = getattr(boto3, "DEFAULT_SESSION", None)
    if session is not None:
        return session._session.get_component("data_loader")
    return create_loader()


_operations: dict[str, OperationModel] = {}


def operation_model(name: str) -> OperationModel | None:
    """The model of operation ``name``, or None if the installed botocore has no such one."""
    found = _operations.get(name)
    if found is None:
        model = service_model()
        if name not in model.operation_names:
            return None
        found = _operations.setdefault(name, model.operation_model(name))
    return found


# --- decoding -------------------------------------------------------------------------------
_decoders: dict[str, Check] = {}
# raw_decode skips json.loads' two whitespace scans and its encoding detection; anything it
# does not take as it is (leading whitespace, a UTF-16 body, an error) goes to json.loads.
_raw_decode = json.JSONDecoder().raw_decode
_JSON_SPACE = " \t\n\r"


def _parse(body: bytes | str) -> object:
    try:
        text = body if isinstance(body, str) else body.decode()
        raw, end = _raw_decode(text)
        if end == len(text) or not text[end:].strip(_JSON_SPACE):
            return raw
    except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        pass
    return json.loads(body)


def decode(operation: OperationModel, body: bytes | str | None) -> dict[str, Any]:
    """The request's parameters, blobs decoded, or the error AWS gives for them."""
    name = operation.name
    plain = _plain.get(name)
    if plain is None:
        plain = _plain.setdefault(name, _plain_input(operation.input_shape))
    if not plain or not body:
        return _decode(operation, body)
    known = _decoded.get((name, body))
    if known is not None:
        return dict(known)
    params = _decode(operation, body)
    if len(body) <= _DECODED_BODY_MAX and all(type(v) in _SCALAR for v in params.values()):
        remember(_decoded, (name, body), params.copy(), _DECODED_MAX)
    return params


# The parameters of recent bodies that validated, for operations whose input has no sensitive
# member, and only when every parameter is a str, int or bool: a test that reads one secret in
# a loop sends the same body again and again. Decoding and validating it costs ~1 us, a hit a
# lookup and a copy of the top level. No secret value is ever kept here: the input of an
# operation with a sensitive member (a value, a password) is never remembered.
_decoded: dict[tuple[str, bytes | str], dict[str, Any]] = {}
_DECODED_MAX = 256
_DECODED_BODY_MAX = 1024  # bodies, not resource policies of 20 KB, are what repeats
_SCALAR = frozenset({str, int, bool})
_plain: dict[str, bool] = {}  # per operation: whether its bodies may be remembered


def _plain_input(shape: StructureShape | None) -> bool:
    """Whether bodies of this input may be remembered: nothing in it is sensitive, and no
    member it requires is a list or a map (TagResource's Tags: it would never be a hit)."""
    if shape is None or _sensitive(shape, set()) is not None:
        return False
    return all(
        shape.members[name].type_name not in ("list", "map", "structure")
        for name in shape.required_members
    )


def _decode(operation: OperationModel, body: bytes | str | None) -> dict[str, Any]:
    """``decode`` itself, without the memo."""
    if not body:
        return _checked(operation, {})
    if _fast_loads is not None and _shallow(body):
        try:
            fast = _fast_loads(body)
        except ValueError:  # orjson's JSONDecodeError: the standard parser decides
            pass
        else:
            try:
                return _checked(operation, fast)
            except (err.ServiceError, RecursionError):
                pass  # the standard parser's reading decides what is wrong (see _fast_loads)
    try:
        raw = _parse(body)
    except (ValueError, RecursionError):  # deep nesting: RecursionError
        raise err.SerializationException("Malformed request body: not valid JSON.") from None
    return _checked(operation, raw)


def _orjson_loads() -> Callable[[bytes | str], object] | None:
    """orjson's parser, a third of the standard one's cost, where orjson is installed.

    It reads what it accepts as json.loads does, with one exception: an integer past 64 bits
    becomes a float. No Secrets Manager input member is a float, so such a body fails
    validation, and every body that fails (or that orjson refuses: NaN, a BOM, a lone
    surrogate) is read again by the standard parser, whose reading gives the error."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads


_fast_loads = _orjson_loads()
# orjson reads bodies nested up to 1,023 deep, the standard parser refuses them sooner (past
# the interpreter's recursion limit, as SerializationException), and validation skips members
# the model lacks: a body that could nest that deep is left to the standard parser. A small
# one cannot (each level takes two characters); a large one is counted.
_SHALLOW_SIZE = 1024
_MAX_OPENERS = 256


def _shallow(body: bytes | str) -> bool:
    if len(body) <= _SHALLOW_SIZE:
        return True
    if isinstance(body, str):
        return body.count("[") + body.count("{") <= _MAX_OPENERS
    return body.count(b"[") + body.count(b"{") <= _MAX_OPENERS


def _checked(operation: OperationModel, raw: object) -> dict[str, Any]:
    """The parameters ``raw`` holds, validated against the operation's input shape."""
    if not isinstance(raw, dict):
        raise err.SerializationException("Start of list found where not expected")
    name = operation.name
    check = _decoders.get(name)
    if check is None:
        shape = operation.input_shape
        if shape is None:
            return {}
        check = _decoders.setdefault(name, compile_shape(shape))
    problems: list[str] = []
    params: dict[str, Any] = check(raw, "", problems)
    if problems:
        count = len(problems)
        noun = "error" if count == 1 else "errors"
        raise err.ValidationException(f"{count} validation {noun} detected: {'; '.join(problems)}")
    return params


# --- encoding -------------------------------------------------------------------------------
def _default(value: object) -> object:
    if isinstance(value, datetime):
        return round(value.timestamp(), 3)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"smstub cannot encode {type(value).__name__}")


# Results are trees the handlers build afresh for each response, so they cannot hold a cycle:
# the encoder's cycle check (a dict insert and delete per container) is 20% of the encoding
# time of a page of 100 entries, and is skipped. One C encoder is made once and reused:
# JSONEncoder.encode builds a new one for every call.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)


def _make_dumps() -> Callable[[object], str]:
    if _c_make_encoder is None:  # no _json accelerator: the pure-Python encoder
        return json.JSONEncoder(
            default=_default, separators=(",", ":"), ensure_ascii=False, check_circular=False
        ).encode
    chunks = _c_make_encoder(
        None, _default, json.encoder.encode_basestring, None, ":", ",", False, False, True
    )
    return lambda value: "".join(chunks(value, 0))


_dumps = _make_dumps()


def _json_encode(value: object) -> bytes:
    return _dumps(value).encode()


def _make_encode() -> Callable[[object], bytes]:
    """The body encoder: orjson, or the standard library's where orjson is not installed.

    orjson writes the same bytes for our results (compact, UTF-8, floats in their shortest
    form) at a tenth of the cost: the standard encoder spends ~0.8 us on each date's float
    (its shortest-form search), half of a ListSecrets page. Dates and dataclasses go to
    ``_default`` as they do with the standard encoder, and anything orjson refuses (a string
    that is not valid UTF-8) is left to the standard encoder, so both fail alike."""
    try:
        import orjson
    except ImportError:
        return _json_encode
    dumps = orjson.dumps
    refused = orjson.JSONEncodeError
    option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS

    def encode(value: object) -> bytes:
        try:
            return dumps(value, default=_default, option=option)
        except refused:
            return _json_encode(value)

    return encode


_encode = _make_encode()


def encode(result: dict[str, Any]) -> bytes:
    return _encode(result)


def encode_error(error: err.ServiceError) -> bytes:
    if not error.message:  # the service framework's own errors may carry no message
        return _encode({"__type": error.code})
    return _encode({"__type": error.code, "Message": error.message})


# --- redaction ------------------------------------------------------------------------------
REDACTED = "<redacted>"
# Per (operation, "input" | "output"): where the model marks members sensitive, or None.
_redaction: dict[tuple[str, str], Any] = {}


def redact(operation: str, direction: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (an operation's parameters or result) with every member the service model marks
    ``sensitive`` replaced by ``REDACTED``; shared where nothing is sensitive, never mutated."""
    key = (operation, direction)
    if key not in _redaction:
        model = operation_model(operation)
        shape = None
        if model is not None:
            shape = model.input_shape if direction == "input" else model.output_shape
        _redaction[key] = None if shape is None else _sensitive(shape, set())
    plan = _redaction[key]
    return data if plan is None else dict(_redacted(plan, data))


def _sensitive(shape: Shape, seen: set[str]) -> Any:
    """True when ``shape`` is sensitive, None when nothing in it is, else where inside it."""
    if shape.metadata.get("sensitive"):
        return True
    if shape.name in seen:  # a recursive shape: its sensitive members are found on first visit
        return None
    seen = seen | {shape.name}
    if isinstance(shape, StructureShape):
        members = {name: _sensitive(m, seen) for name, m in shape.members.items()}
        found = {name: plan for name, plan in members.items() if plan is not None}
        return ("structure", found) if found else None
    if isinstance(shape, ListShape):
        inner = _sensitive(shape.member, seen)
        return None if inner is None else ("list", inner)
    if isinstance(shape, MapShape):
        inner = _sensitive(shape.value, seen)
        return None if inner is None else ("map", inner)
    return None


def _redacted(plan: Any, value: Any) -> Any:
    if plan is True:
        return REDACTED
    kind, inner = plan
    if kind == "structure" and isinstance(value, dict):
        out = dict(value)
        for name, sub in inner.items():
            if name in out:
                out[name] = _redacted(sub, out[name])
        return out
    if kind == "list" and isinstance(value, (list, tuple)):
        return [_redacted(inner, item) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _redacted(inner, item) for k, item in value.items()}
    return value

"""The hot path's shortcuts give exactly what their public fallbacks give."""

from __future__ import annotations

import json

import pytest
from botocore.awsrequest import HeadersDict

from smstub import _hook, _wire


def test_the_reused_c_encoder_encodes_as_the_pure_python_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = {"Name": 'caf\u00e9 "q"\n', "Stages": ("A", "B"), "Date": 1764592245.123, "N": 3}
    fast = _wire._make_dumps()
    monkeypatch.setattr(_wire, "_c_make_encoder", None)
    slow = _wire._make_dumps()
    assert (
        fast(result)
        == slow(result)
        == json.dumps(result, separators=(",", ":"), ensure_ascii=False)
    )


@pytest.mark.parametrize("keys", [_hook._KEYS, None], ids=["botocore-keys", "public-constructor"])
def test_a_response_has_the_same_headers_either_way(
    keys: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _hook._KEYS is not None  # the shortcut applies to the installed botocore
    monkeypatch.setattr(_hook, "_KEYS", keys)
    response = _hook._Response("https://example", 200, b'{"a":1}')
    assert isinstance(response.headers, HeadersDict)
    assert list(response.headers) == ["x-amzn-RequestId", "Content-Type", "Content-Length"]
    assert response.headers["content-type"] == "application/x-amz-json-1.1"
    assert response.headers["CONTENT-LENGTH"] == "7"
    assert len(response.headers["x-amzn-requestid"]) == 36
    assert response.content == b'{"a":1}'


@pytest.mark.parametrize(
    "body",
    [
        b'{"SecretId":"a"}',
        b' \n{"SecretId":"a"} \t',
        '{"SecretId":"a"}',
        b'\xef\xbb\xbf{"SecretId":"a"}',
        '{"SecretId":"a"}'.encode("utf-16"),
    ],
    ids=["bytes", "whitespace", "str", "utf-8-bom", "utf-16"],
)
def test_bodies_parse_as_json_loads_parses_them(body: bytes | str) -> None:
    assert _wire._parse(body) == json.loads(body) == {"SecretId": "a"}


@pytest.mark.parametrize("body", [b'{"SecretId":"a"} x', b'{"SecretId":', b"\xff"])
def test_bodies_that_json_loads_refuses_are_refused(body: bytes) -> None:
    with pytest.raises((json.JSONDecodeError, UnicodeDecodeError)):
        _wire._parse(body)


def test_read_caches_are_bounded_shared_by_threads_and_emptied_when_the_last_mock_ends() -> None:
    import threading

    import boto3

    from smstub import _crypto, _memo, _sealing, mock_secretsmanager

    cache: dict[int, int] = {}
    failures: list[BaseException] = []

    def hammer(start: int) -> None:
        try:
            for key in range(start, start + 20_000):
                _memo.remember(cache, key, key, 8)
        except BaseException as error:  # any escape is the failure
            failures.append(error)

    workers = [threading.Thread(target=hammer, args=(n * 100_000,)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert len(cache) <= 8 + len(workers)

    with mock_secretsmanager():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        client.create_secret(Name="s", SecretString="v")
        assert client.get_secret_value(SecretId="s")["SecretString"] == "v"
        assert _crypto._OPENED
        assert _sealing._CONTEXTS
    assert not _crypto._OPENED
    assert not _sealing._CONTEXTS


@pytest.mark.parametrize("key", [_hook._TARGET_KEY, None], ids=["botocore-key", "public-get"])
def test_the_operation_is_read_from_the_target_header_either_way(
    key: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _hook._TARGET_KEY is not None  # the shortcut applies to the installed botocore
    monkeypatch.setattr(_hook, "_TARGET_KEY", key)

    class Request:
        def __init__(self, headers: dict[str, object]) -> None:
            self.headers = HeadersDict(headers)

    assert _hook.operation_of(Request({"X-Amz-Target": "secretsmanager.GetSecretValue"})) == (
        "GetSecretValue"
    )
    assert _hook.operation_of(Request({"x-amz-target": b"secretsmanager.ListSecrets"})) == (
        "ListSecrets"
    )
    assert _hook.operation_of(Request({"X-Amz-Target": "kms.Decrypt"})) is None
    assert _hook.operation_of(Request({})) is None


def test_a_remembered_body_decodes_to_a_fresh_copy_and_values_are_never_remembered() -> None:
    get = _wire.operation_model("GetSecretValue")
    put = _wire.operation_model("PutSecretValue")
    assert get is not None
    assert put is not None
    body = b'{"SecretId":"memo/a","VersionStage":"AWSPREVIOUS"}'
    first = _wire.decode(get, body)
    first["SecretId"] = "changed by a handler"
    again = _wire.decode(get, body)
    assert again == {"SecretId": "memo/a", "VersionStage": "AWSPREVIOUS"}
    assert ("GetSecretValue", body) in _wire._decoded
    # A body that fails validation is refused every time, never remembered.
    bad = b'{"SecretId":""}'
    for _ in range(2):
        with pytest.raises(_wire.err.ValidationException):
            _wire.decode(get, bad)
    assert ("GetSecretValue", bad) not in _wire._decoded
    # PutSecretValue's input has sensitive members: none of its bodies is kept.
    secret = b'{"SecretId":"memo/a","ClientRequestToken":"' + b"t" * 32 + b'"}'
    assert _wire.decode(put, secret)["SecretId"] == "memo/a"
    assert not any(operation == "PutSecretValue" for operation, _ in _wire._decoded)
    # A parameter that is a list is not a scalar: such a body is decoded every time.
    tags = b'{"SecretId":"memo/a","TagKeys":["k"]}'
    untag = _wire.operation_model("UntagResource")
    assert untag is not None
    assert _wire.decode(untag, tags) == {"SecretId": "memo/a", "TagKeys": ["k"]}
    assert ("UntagResource", tags) not in _wire._decoded


_BODIES = [
    b'{"SecretId":"a","RecoveryWindowInDays":7}',
    b'{"SecretId":"a","RecoveryWindowInDays":1180591620717411303424}',  # 2**70: a float to orjson
    b'{"SecretId":"a","RecoveryWindowInDays":-1180591620717411303424}',
    b'{"SecretId":"a","RecoveryWindowInDays":NaN}',
    b'{"SecretId":"a","RecoveryWindowInDays":1e400}',
    b'\xef\xbb\xbf{"SecretId":"a"}',
    b'{"SecretId":"\\ud800"}',
    b'{"SecretId":"caf\\u00e9","ForceDeleteWithoutRecovery":true}',
    b'{"SecretId":"a","SecretId":"b"}',
    b'{"SecretId":["a"]}',
    b'{"SecretId":"a"',
    b"[1]",
    b'{"SecretId":"' + b"a" * 3000 + b'"}',
]


def _outcome(body: bytes) -> object:
    model = _wire.operation_model("DeleteSecret")
    assert model is not None
    try:
        return _wire._decode(model, body)
    except _wire.err.ServiceError as error:
        return (type(error).__name__, error.code, error.message)


@pytest.mark.parametrize("body", _BODIES)
def test_a_body_decodes_to_what_the_standard_parser_alone_gives(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _wire._fast_loads is not None  # orjson is installed: the fast path is under test
    fast = _outcome(body)
    monkeypatch.setattr(_wire, "_fast_loads", None)
    assert fast == _outcome(body)


def test_orjson_writes_the_bytes_the_standard_encoder_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import datetime, timezone

    result = {
        "Name": 'caf\u00e9 "q"\n\t\\ \u2028 \x01',
        "Stages": ("A", "B"),
        "Map": {"k": ["v", 1, True, None]},
        "Date": 1764592245.123,
        "Whole": 1764547200.0,
        "Moment": datetime(2026, 12, 1, 12, 30, 15, 123000, tzinfo=timezone.utc),
        "Blob": b"\x00\xffbinary",
        "N": 3,
    }
    encoded = _wire.encode(result)
    monkeypatch.setattr(_wire, "_encode", _wire._json_encode)
    assert encoded == _wire.encode(result)  # the same bytes, not only the same JSON
    assert _wire._make_encode() is not _wire._json_encode  # orjson is installed
    # What orjson cannot encode (a lone surrogate) fails as the standard encoder fails.
    lone = {"SecretString": "\ud800"}
    with pytest.raises(UnicodeEncodeError):
        _wire._json_encode(lone)
    monkeypatch.undo()
    with pytest.raises(UnicodeEncodeError):
        _wire.encode(lone)


def test_without_orjson_the_standard_library_reads_and_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "orjson", None)  # import orjson now raises ImportError
    assert _wire._make_encode() is _wire._json_encode
    assert _wire._orjson_loads() is None


@pytest.mark.parametrize("depth", [100, 600, 1000, 1020])
def test_a_deeply_nested_unmodelled_member_is_refused_or_taken_as_before(
    depth: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # orjson reads nesting the standard parser refuses, and validation skips unmodelled
    # members: such a body must still get the standard parser's answer.
    body = b'{"SecretId":"a","Junk":' + b"[" * depth + b"]" * depth + b"}"
    fast = _outcome(body)
    monkeypatch.setattr(_wire, "_fast_loads", None)
    assert fast == _outcome(body)


def test_the_endpoint_region_memo_stays_bounded() -> None:
    from smstub import _endpoints

    for port in range(500):
        url = f"https://secretsmanager.eu-west-1.amazonaws.com:{port}"
        assert _endpoints.host_region(url) == "eu-west-1"
    assert len(_endpoints._region_by_url) <= _endpoints._URLS_MAX
    assert _endpoints.host_region("https://localhost:4566") is None

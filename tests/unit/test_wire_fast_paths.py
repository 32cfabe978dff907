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

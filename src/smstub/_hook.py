"""Answering one intercepted request: decode, dispatch, encode.

The result is a real ``AWSResponse`` holding the bytes AWS would send, so botocore's own parser,
retry handler and modeled exceptions do the rest exactly as they do against AWS. The same
response serves aiobotocore, which awaits ``content`` where botocore reads it.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HeadersDict

from smstub import _aws_errors as err
from smstub import _wire
from smstub._dispatch import dispatch
from smstub._endpoints import ACCESS_KEY_HEADER, host_region
from smstub._ids import request_id
from smstub._operations import OPERATIONS
from smstub.errors import UnsupportedOperationError

if TYPE_CHECKING:
    from smstub._handle import SecretsManagerMock

__all__ = ["respond"]

_SCOPE_REGION = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/secretsmanager/")
_SCOPE_KEY = re.compile(r"Credential=([^/]+)/")
_JSON_HEADERS = "application/x-amz-json-1.1"


class _Body:
    """The ``raw`` of an ``AWSResponse``: botocore reads it through ``stream()``."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._data


# The operation of a request whose X-Amz-Target is missing or names another service: no
# operation of the model, so it is answered as an unknown operation. AWS's JSON services answer
# HTTP 400 ``{"__type":"UnknownOperationException"}`` with no message (a real CloudWatch Logs
# answer, JSON 1.1 like Secrets Manager: aws/aws-sdk-net#1536).
NO_OPERATION = ""


class _Content(bytes):
    """The body as botocore reads it (``response.content``, bytes) and as aiobotocore awaits it
    (``await response.content``), so both SDKs parse the one response."""

    __slots__ = ()

    def __await__(self) -> Generator[None, None, bytes]:
        yield from ()
        return self


class _Text(str):
    """``response.text``: a str for botocore, awaitable for aiobotocore."""

    __slots__ = ()

    def __await__(self) -> Generator[None, None, str]:
        yield from ()
        return self


def _header_keys() -> tuple[Any, ...] | None:
    """botocore's own keys of the three headers every answer carries, when its HeadersDict
    keeps them as it has since botocore 1.11 (checked here, once): a response then gets its
    headers in one dict, not through MutableMapping.update (~1.7 us a response)."""
    try:
        from botocore.awsrequest import _HeaderKey

        keys = tuple(_HeaderKey(name) for name in (*_HEADER_NAMES, _TARGET))
        probe = _new_headers(HeadersDict)
        probe._dict = dict(zip(keys, ("a", "b", "c"), strict=False))  # type: ignore[attr-defined]
        expected = HeadersDict(zip(_HEADER_NAMES, ("a", "b", "c"), strict=True))
        request = HeadersDict({_TARGET.lower(): "d"})
        if (
            probe == expected
            and probe["content-type"] == "b"
            and list(probe) == _HEADER_NAMES
            and request._dict.get(keys[-1]) == "d"  # type: ignore[attr-defined]
        ):
            return keys
    except Exception:  # any change in botocore's internals: the public way
        pass
    return None


_new_headers = object.__new__  # a HeadersDict without __init__'s empty update()
_HEADER_NAMES = ["x-amzn-RequestId", "Content-Type", "Content-Length"]
_TARGET = "X-Amz-Target"
_KEYS = _header_keys()
_TARGET_KEY = None if _KEYS is None else _KEYS[-1]


class _Response(AWSResponse):
    """An ``AWSResponse`` whose body is already read, readable by botocore and aiobotocore."""

    def __init__(self, url: str, status: int, body: bytes) -> None:
        self.url = url
        self.status_code = status
        self.raw = _Body(body)
        self._content = _Content(body)
        if _KEYS is None:
            values = (request_id(), _JSON_HEADERS, str(len(body)))
            self.headers = HeadersDict(zip(_HEADER_NAMES, values, strict=True))
        else:
            headers = _new_headers(HeadersDict)
            request_key, type_key, length_key, _ = _KEYS
            headers._dict = {  # type: ignore[attr-defined]
                request_key: request_id(),
                type_key: _JSON_HEADERS,
                length_key: str(len(body)),
            }
            self.headers = headers

    @property
    def text(self) -> str:
        # Our bodies are always UTF-8 JSON.
        return _Text(self._content.decode("utf-8"))


def operation_of(request: AWSPreparedRequest) -> str | None:
    """``GetSecretValue`` for a Secrets Manager request, else None."""
    headers: Any = request.headers
    if _TARGET_KEY is not None and type(headers) is HeadersDict:
        target = headers._dict.get(_TARGET_KEY)  # type: ignore[attr-defined]
    else:
        target = headers.get(_TARGET)
    if target is None:
        return None
    if isinstance(target, bytes):
        target = target.decode("ascii", "replace")
    service, _, operation = target.partition(".")
    return operation if service == "secretsmanager" else None


def region_of(request: AWSPreparedRequest, default: str) -> str:
    region = host_region(request.url)
    if region is not None:
        return region
    auth = request.headers.get("Authorization")
    if auth is not None:
        if isinstance(auth, bytes):
            auth = auth.decode("ascii", "replace")
        scoped = _SCOPE_REGION.search(auth)
        if scoped is not None:
            return scoped[1]
    return default


def access_key_of(request: AWSPreparedRequest) -> str | None:
    """The access key of the credentials the request came with (``enforce_access`` only): as
    ``_install`` noted it on an unsigned request, else from a signature's credential scope."""
    key = request.headers.get(ACCESS_KEY_HEADER)
    if key is None:
        auth = request.headers.get("Authorization")
        if auth is None:
            return None
        scoped = _SCOPE_KEY.search(
            auth if isinstance(auth, str) else auth.decode("ascii", "replace")
        )
        return None if scoped is None else scoped[1]
    return key if isinstance(key, str) else key.decode("ascii", "replace")


def respond(mock: SecretsManagerMock, request: AWSPreparedRequest, operation: str) -> AWSResponse:
    """AWS's answer to ``request`` from ``mock``'s state (or a SmstubError for misuse)."""
    try:
        model = _wire.operation_model(operation)
        if model is None:
            raise err.UnknownOperationException()
        spec = OPERATIONS.get(operation)
        if spec is None:
            raise UnsupportedOperationError(operation)
        body_in = request.body
        params = _wire.decode(model, body_in if isinstance(body_in, (bytes, str)) else None)
        store = mock.store
        if store.strict is not None:
            spec = store.strict.spec(spec)
        authorizer = store.authorizer
        # The authorizer (smstub._authorize) names the caller: its account routes the request.
        caller = None if authorizer is None else authorizer.caller(access_key_of(request))  # type: ignore[attr-defined]
        result = dispatch(store, spec, params, region_of(request, mock.default_region), caller)
        body, status = _wire.encode(result), 200
    except err.ServiceError as error:
        body, status = _wire.encode_error(error), error.status
    return _Response(request.url, status, body)

"""Redo a recorded test against smstub and normalize what comes back the way the recording tool
normalized what AWS sent, so both sides can be compared exactly.

The recording tool (LocalStack's snapshot library) changed the responses before saving them;
the README beside the recordings lists how. Each step of :meth:`Replay.normalized` copies one of
those changes, including their quirks: a secret name is replaced as a *regular expression*, so a
name holding ``+`` or ``.`` (``Valid/_+=.@-Name``) does not match itself and stays verbatim in the
recordings. Nothing here loosens the comparison: after normalization every key and value must
be equal.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from botocore import xform_name
from botocore.exceptions import ClientError

if TYPE_CHECKING:
    from smstub._clock import Clock

__all__ = ["RawClient", "Replay"]

T = TypeVar("T")

REGION = "us-east-1"
ACCOUNT = "111111111111"  # the account id the recordings show
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


class RawClient:
    """Sends exactly the JSON body it is given and hands back the raw JSON answer.

    The recordings' raw-HTTP cases bypassed the SDK: no ClientRequestToken filled in, no parsing.
    smstub answers through botocore's ``before-send``, so the raw request still travels through a
    botocore client, but its serialized body is swapped for the given one before it is sent, and
    the answer is read from the HTTP response before botocore parses it.
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self._body: bytes | None = None
        self._answer: dict[str, Any] | None = None
        events = client.meta.events
        events.register("before-call.secrets-manager", self._swap_body)
        events.register("before-parse.secrets-manager", self._keep_answer)

    def _swap_body(self, params: dict[str, Any], **_: Any) -> None:
        assert self._body is not None
        params["body"] = self._body

    def _keep_answer(self, response_dict: dict[str, Any], **_: Any) -> None:
        self._answer = response_dict

    def post(self, operation: str, body: dict[str, Any]) -> tuple[int, Any]:
        """(HTTP status, decoded JSON body) of ``operation`` called with exactly ``body``."""
        model = self._client.meta.service_model.operation_model(operation)
        # Only what the model knows, so botocore's client-side validation lets the call through;
        # the body actually sent is ``body`` itself.
        known = {key: value for key, value in body.items() if key in model.input_shape.members}
        self._body, self._answer = json.dumps(body).encode(), None
        try:
            getattr(self._client, xform_name(operation))(**known)
        except ClientError:
            pass
        finally:
            self._body = None
        assert self._answer is not None, f"{operation} was not answered"
        return self._answer["status_code"], json.loads(self._answer["body"])


class Replay:
    """One recorded test redone against smstub: the calls, the captured entries, the transforms.

    A scenario calls :meth:`call` / :meth:`record` like the recorded test called boto3, and
    registers the same placeholder transforms the recorded test registered (``secret_id_arn``,
    ``regex``). Failed calls are captured as ``ClientError.response``, like the recordings.
    """

    def __init__(
        self,
        client: Any,
        raw: RawClient,
        clock: Clock,
        *,
        metadata: bool = True,
        uuid_placeholder: str = "version_uuid",
        mock: Any = None,
    ) -> None:
        self.client = client
        # The SecretsManagerMock, for what only the handle can do (registering rotation
        # functions, standing in for the recorded tests' Lambdas).
        self.mock = mock
        self.raw = raw
        self._clock = clock
        self._metadata = metadata
        self._uuid_placeholder = uuid_placeholder
        self.entries: dict[str, Any] = {}
        self.operations: dict[str, str] = {}  # label -> the AWS operation that produced it
        self._produced_by: dict[int, str] = {}
        self._kept: list[Any] = []  # keeps captured objects alive, so their ids stay unique
        self._regexes: list[tuple[str, str]] = []
        self._masked_numbers: set[str] = set()

    # --- calls -------------------------------------------------------------------------------
    def call(self, method: str, **params: Any) -> Any:
        """Call boto3's ``method``; the response dict, or ``ClientError.response`` if it failed."""
        operation = self.client.meta.method_to_api_mapping[method]
        try:
            response = getattr(self.client, method)(**params)
        except ClientError as error:
            response = error.response
        return self._produced(response, operation)

    def call_for_text(self, method: str, **params: Any) -> str:
        """``str()`` of the ClientError ``method`` raises, as test_secret_version_not_found
        recorded it; a successful call yields its response's repr, which cannot match."""
        operation = self.client.meta.method_to_api_mapping[method]
        try:
            text = repr(getattr(self.client, method)(**params))
        except ClientError as error:
            text = str(error)
        return self._produced(text, operation)

    def post(self, operation: str, body: dict[str, Any]) -> Any:
        """A raw request: the decoded JSON body when it succeeds, else the recorded raw error
        form ``{"Error": <body>, "Metadata": {"StatusCode": <status>}}``."""
        status, answer = self.raw.post(operation, body)
        if status == 200:
            return self._produced(answer, operation)
        return self._produced({"Error": answer, "Metadata": {"StatusCode": status}}, operation)

    def record(self, label: str, method: str, **params: Any) -> Any:
        response = self.call(method, **params)
        self.match(label, response)
        return response

    def _produced(self, response: T, operation: str) -> T:
        # The recorded calls were seconds apart; in process they can share a millisecond, which
        # would leave versions with equal CreatedDate and no order for the sort by CreatedDate.
        self._clock.advance(seconds=1)
        self._kept.append(response)
        self._produced_by[id(response)] = operation
        return response

    # --- capture -----------------------------------------------------------------------------
    def match(self, label: str, response: Any, *, typed: bool = False) -> None:
        """Capture ``response`` under ``label``. ``typed`` keeps only the operation's output
        members, as the tests that passed responses through ``select_from_typed_dict`` did."""
        assert label not in self.entries, f"{label} captured twice"
        operation = self._produced_by[id(response)]
        if typed:
            shape = self.client.meta.service_model.operation_model(operation).output_shape
            response = {key: value for key, value in response.items() if key in shape.members}
        self.entries[label] = response
        self.operations[label] = operation

    # --- transforms the recorded test registered ---------------------------------------------
    def secret_id_arn(self, create_response: dict[str, Any], index: int) -> None:
        """The recorded tests' ``secretsmanager_secret_id_arn``: the ARN's ``-XXXXXX`` suffix
        becomes ``<ArnPart-Nidx>`` and the name ``<SecretId-Nidx>``, both used as regexes."""
        arn_part = "".join(create_response["ARN"].rpartition("-")[1:])
        self.regex(arn_part, f"<ArnPart-{index}idx>")
        self.regex(create_response["Name"], f"<SecretId-{index}idx>")

    def regex(self, pattern: str, replacement: str) -> None:
        self._regexes.append((pattern, replacement))

    def mask_number(self, key: str) -> None:
        """Replace numeric values of ``key`` with ``"datetime"`` (raw JSON timestamps)."""
        self._masked_numbers.add(key)

    # --- normalization -----------------------------------------------------------------------
    def normalized(self) -> dict[str, Any]:
        entries = {
            label: self._shape(copy.deepcopy(entry)) for label, entry in self.entries.items()
        }
        references = self._version_references(entries)
        text = json.dumps(entries)
        for value, placeholder in references.items():
            text = text.replace(value, placeholder)
        for pattern, replacement in self._regexes:
            text = re.sub(pattern, replacement, text)
        text = re.sub(r"\barn:aws:", "arn:<partition>:", text).replace(REGION, "<region>")
        normalized: dict[str, Any] = json.loads(text)
        return normalized

    def _shape(self, entry: Any) -> Any:
        if isinstance(entry, dict) and "ResponseMetadata" in entry:
            if self._metadata:
                status = entry["ResponseMetadata"]["HTTPStatusCode"]
                entry["ResponseMetadata"] = {"HTTPHeaders": {}, "HTTPStatusCode": status}
            else:
                # Recorded before the recording tool kept ResponseMetadata at all.
                del entry["ResponseMetadata"]
        return self._plain(entry)

    def _plain(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: self._plain(v, k) for k, v in value.items()}
        if isinstance(value, list):
            if key == "Versions":
                value = sorted(value, key=lambda version: version["CreatedDate"])
            items = [self._plain(item) for item in value]
            if key == "VersionStages":
                items.sort()
            return items
        if isinstance(value, datetime):
            return "datetime"
        if isinstance(value, bytes):
            return repr(value)
        if key in self._masked_numbers and isinstance(value, (int, float)):
            return "datetime"
        return value

    def _version_references(self, entries: dict[str, Any]) -> dict[str, str]:
        """Version ids numbered as the recording tool numbered them: first the uuid keys that
        map to lists (``VersionIdsToStages``), then ``VersionId`` values, each in document order."""
        found: dict[str, str] = {}
        for pass_ in (_uuid_keys, _version_id_values):
            for value in pass_(entries):
                if value not in found:
                    found[value] = f"<{self._uuid_placeholder}:{len(found) + 1}>"
        return found


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _uuid_keys(entries: dict[str, Any]) -> Iterator[str]:
    return (k for k, v in _walk(entries) if isinstance(v, list) and _UUID.match(k))


def _version_id_values(entries: dict[str, Any]) -> Iterator[str]:
    return (
        v for k, v in _walk(entries) if k == "VersionId" and isinstance(v, str) and _UUID.match(v)
    )


Scenario = Callable[[Replay], None]

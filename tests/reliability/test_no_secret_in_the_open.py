"""Secret values never show up where a test log, a traceback or a debugger would print them.

Each test writes distinctive random values (string and binary) through every path that carries
one, including the failing ones, then searches what came out:

- records of smstub's loggers at DEBUG (and any record that holds a value must be one of
  botocore's own request/response body dumps, which botocore prints against AWS too);
- ``repr()`` of every object reachable from the handle, and every string or bytes object
  among them: the store keeps values only as ciphertext;
- every AWS error smstub answers (the message boto3 raises and the raw body), and every
  ``SmstubError`` it raises, with their causes.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any, cast

import boto3
import pytest
from botocore.awsrequest import AWSPreparedRequest, HTTPHeaders
from botocore.exceptions import ClientError

from smstub import SecretsManagerMock, _install, mock_secretsmanager
from smstub import _operations as operations
from smstub.errors import SmstubError
from tests.object_graph import reachable
from tests.reliability._counts import count

URL = "https://secretsmanager.us-east-1.amazonaws.com/"
# botocore's own DEBUG output that prints request parameters and response bodies, as it does
# when talking to AWS: (logger, how the message starts).
BOTOCORE_BODY_DUMPS = {
    ("botocore.endpoint", "Making request for OperationModel"),
    ("botocore.parsers", "Response body:"),
}


class Values:
    """Distinctive random secret values, and every form they could leak in."""

    def __init__(self) -> None:
        tag = uuid.uuid4().hex
        self.strings = [f"smstub-canary-{tag}-{n}" for n in range(6)]
        self.binaries = [b"\x00\xffbinary-canary-" + tag.encode() + bytes([n]) for n in range(3)]

    def needles(self) -> list[str]:
        out = list(self.strings)
        for data in self.binaries:
            out += [
                data[2:].decode(),  # the printable middle, as in a bytes repr
                base64.b64encode(data).decode(),  # as it travels in JSON
                data.hex(),
            ]
        return out

    def byte_needles(self) -> list[bytes]:
        return [s.encode() for s in self.strings] + [b[2:] for b in self.binaries]

    def leaks(self, text: str) -> list[str]:
        return [needle for needle in self.needles() if needle in text]


@pytest.fixture
def values() -> Values:
    return Values()


_client: list[Any] = []


@pytest.fixture
def client() -> Any:
    if not _client:  # made once: a client costs ~0.1 s
        _client.append(boto3.Session(region_name="us-east-1").client("secretsmanager"))
    return _client[0]


def aws_error(call: Callable[[], Any]) -> ClientError:
    with pytest.raises(ClientError) as caught:
        call()
    return caught.value


def workload(client: Any, values: Values) -> list[ClientError]:
    """Every value-carrying call, succeeding and failing; returns the AWS errors raised."""
    s, b = values.strings, values.binaries
    token = str(uuid.uuid4())
    client.create_secret(Name="app/db", SecretString=s[0], ClientRequestToken=token)
    client.create_secret(Name="app/blob", SecretBinary=b[0])
    client.put_secret_value(SecretId="app/db", SecretString=s[1], VersionStages=["AWSPENDING"])
    client.update_secret(SecretId="app/db", SecretString=s[2], Description="rotated")
    client.update_secret(SecretId="app/blob", SecretBinary=b[1])
    client.get_secret_value(SecretId="app/db")
    client.get_secret_value(SecretId="app/db", VersionStage="AWSPREVIOUS")
    client.get_secret_value(SecretId="app/blob")
    client.list_secret_version_ids(SecretId="app/db", IncludeDeprecated=True)
    client.describe_secret(SecretId="app/db")
    batch = client.batch_get_secret_value(SecretIdList=["app/db", "app/blob", "missing"])
    assert [e["ErrorCode"] for e in batch["Errors"]] == ["ResourceNotFoundException"]
    client.list_secrets(IncludePlannedDeletion=True)
    errors = [
        # The token is in use with another value: the message names the token, not the value.
        aws_error(
            lambda: client.create_secret(Name="app/db", SecretString=s[3], ClientRequestToken=token)
        ),
        aws_error(
            lambda: client.put_secret_value(
                SecretId="app/db", SecretString=s[3], ClientRequestToken=token
            )
        ),
        aws_error(
            lambda: client.update_secret(
                SecretId="app/db", SecretBinary=b[2], ClientRequestToken=token
            )
        ),
        # Too long for the model, and too many bytes for AWS's quota.
        aws_error(lambda: client.put_secret_value(SecretId="app/db", SecretString=s[4] * 2000)),
        aws_error(
            lambda: client.put_secret_value(SecretId="app/db", SecretString=s[4] + "é" * 32800)
        ),
        aws_error(lambda: client.put_secret_value(SecretId="app/db", SecretBinary=b[2] * 3000)),
        # Both kinds of value at once, and values for secrets that do not take them.
        aws_error(lambda: client.create_secret(Name="both", SecretString=s[5], SecretBinary=b[2])),
        aws_error(lambda: client.put_secret_value(SecretId="missing", SecretString=s[5])),
        aws_error(lambda: client.create_secret(Name="bad name!", SecretString=s[5])),
    ]
    client.delete_secret(SecretId="app/blob")
    errors.append(
        aws_error(lambda: client.put_secret_value(SecretId="app/blob", SecretBinary=b[2]))
    )
    errors.append(aws_error(lambda: client.update_secret(SecretId="app/blob", SecretString=s[5])))
    return errors


def raw_request(target: str | None, body: bytes) -> AWSPreparedRequest:
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    if target is not None:
        headers["X-Amz-Target"] = f"secretsmanager.{target}"
    return AWSPreparedRequest("POST", URL, cast(HTTPHeaders, headers), body, False)


def raw_bodies(values: Values) -> list[tuple[str, dict[str, Any]]]:
    """Requests boto3 would never send, each carrying a secret value."""
    s = values.strings[5]
    token = "t" * 32
    return [
        ("PutSecretValue", {"SecretId": "app/db", "SecretString": [s]}),
        ("PutSecretValue", {"SecretId": "app/db", "SecretString": {"v": s}}),
        ("PutSecretValue", {"SecretId": "app/db", "SecretBinary": s + "!"}),
        ("PutSecretValue", {"SecretId": "app/db", "SecretBinary": 5, "SecretString": s}),
        ("PutSecretValue", {"SecretId": "app/db", "SecretString": s}),  # no token
        ("PutSecretValue", {"SecretId": "app/db", "SecretString": s + "\ud800"}),
        (
            "PutSecretValue",
            {"SecretId": "app/db", "SecretString": s * 3000, "ClientRequestToken": token},
        ),
        ("PutSecretValue", {"SecretId": "app/db", "RotationToken": s + "!", "SecretString": s}),
        ("CreateSecret", {"SecretString": s, "ClientRequestToken": token}),
        ("UpdateSecret", {"SecretId": "app/db", "SecretString": s, "Description": 5}),
    ]


# --- logs ------------------------------------------------------------------------------------
def test_no_value_in_any_log_record_that_smstub_causes(
    client: Any, values: Values, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with mock_secretsmanager():
        errors = workload(client, values)
        for target, body in raw_bodies(values):
            _install.before_send(raw_request(target, json.dumps(body).encode()))
    assert errors
    assert caplog.records, "DEBUG logging was not captured"
    leaking = []
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        if not values.leaks(text):
            continue
        from_smstub = record.name.split(".")[0] == "smstub"
        botocore_dump = any(
            record.name == logger and text.startswith(start)
            for logger, start in BOTOCORE_BODY_DUMPS
        )
        # An error body is smstub's text, whoever logs it: values may appear only in the
        # requests botocore sends and in the successful responses that return them.
        error_body = record.name == "botocore.parsers" and '"__type"' in text
        if from_smstub or not botocore_dump or error_body:
            leaking.append(f"{record.name}: {text[:200]}")
    assert leaking == []
    # The check above is not vacuous: botocore's own body dumps do hold the values.
    assert any(values.leaks(r.getMessage()) for r in caplog.records)
    count("secret-leak log records searched", len(caplog.records))


def test_smstub_loggers_stay_quiet_about_values_at_debug(
    client: Any, values: Values, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="smstub")
    with mock_secretsmanager():
        workload(client, values)
    smstub_records = [r for r in caplog.records if r.name.split(".")[0] == "smstub"]
    assert [r.getMessage() for r in smstub_records if values.leaks(r.getMessage())] == []


# --- reprs and the store -----------------------------------------------------------------------
def test_no_value_in_the_repr_of_anything_the_handle_reaches(client: Any, values: Values) -> None:
    with mock_secretsmanager() as sm:
        workload(client, values)
        objects = list(reachable(sm))
        sealed = {
            id(version.sealed)
            for backend in sm.store.backends()
            for secret in backend.secrets()
            for version in secret.versions
        }
        shown = {type(obj).__name__: 0 for obj in objects}
        leaks = []
        for obj in objects:
            shown[type(obj).__name__] += 1
            text = repr(obj)
            if values.leaks(text):
                leaks.append(f"{type(obj).__name__}: {text[:200]}")
        assert leaks == []
    # Not vacuous: the walk went through the store down to every sealed version.
    assert shown.get("Secret") == 2
    assert shown.get("Version") == 5
    assert len(sealed) == 5
    assert sealed <= {id(obj) for obj in objects}
    count("secret-leak objects searched", len(objects))


def test_the_store_holds_values_only_as_ciphertext(client: Any, values: Values) -> None:
    with mock_secretsmanager() as sm:
        workload(client, values)
        found: list[str | bytes] = []
        for obj in reachable(sm):
            if isinstance(obj, str):
                found += [n for n in values.needles() if n in obj]
            elif isinstance(obj, (bytes, bytearray)):
                found += [n for n in values.byte_needles() if n in obj]
        assert found == []


def test_repr_of_the_public_objects_is_safe(values: Values, client: Any) -> None:
    with mock_secretsmanager() as sm:
        workload(client, values)
        texts = [repr(sm), repr(sm.clock), repr(sm.kms), repr(sm.store), str(sm)]
        texts += [repr(backend) for backend in sm.store.backends()]
        texts += [repr(secret) for b in sm.store.backends() for secret in b.secrets()]
        for backend in sm.store.backends():
            for secret in backend.secrets():
                texts += [repr(v) for v in secret.versions]
                texts += [repr(backend.reveal(secret, v)) for v in secret.versions]
    assert [t for t in texts if values.leaks(t)] == []
    assert "<SecretValue redacted>" in texts


# --- errors ----------------------------------------------------------------------------------
def error_texts(error: BaseException) -> list[str]:
    """What a test runner or logger could print about ``error`` and its chain."""
    texts = []
    seen: BaseException | None = error
    while seen is not None:
        texts += [str(seen), repr(seen), repr(seen.args)]
        response = getattr(seen, "response", None)
        if response is not None:
            texts.append(json.dumps(response, default=str))
        seen = seen.__cause__ or seen.__context__
    return texts


def test_no_value_in_any_aws_error(client: Any, values: Values) -> None:
    with mock_secretsmanager():
        errors = workload(client, values)
    codes = sorted({e.response["Error"]["Code"] for e in errors})
    assert codes == [
        "InvalidParameterException",
        "InvalidRequestException",
        "ResourceExistsException",
        "ResourceNotFoundException",
        "ValidationException",
    ]
    leaks = [t for e in errors for t in error_texts(e) if values.leaks(t)]
    assert leaks == []
    count("secret-leak errors searched", len(errors))


def test_token_reuse_error_names_the_token_not_the_value(client: Any, values: Values) -> None:
    token = str(uuid.uuid4())
    with mock_secretsmanager():
        arn = client.create_secret(
            Name="reuse", SecretString=values.strings[0], ClientRequestToken=token
        )["ARN"]
        error = aws_error(
            lambda: client.put_secret_value(
                SecretId="reuse", SecretString=values.strings[1], ClientRequestToken=token
            )
        )
    assert error.response["Error"] == {
        "Code": "ResourceExistsException",
        "Message": f"You can't use ClientRequestToken {token} because that value is already in "
        f"use for a version of secret {arn}.",
    }


def test_no_value_in_raw_error_bodies(values: Values) -> None:
    answered = []
    with mock_secretsmanager():
        boto3.Session(region_name="us-east-1").client("secretsmanager").create_secret(
            Name="app/db", SecretString="plain"
        )
        for target, body in raw_bodies(values):
            response = _install.before_send(raw_request(target, json.dumps(body).encode()))
            assert response is not None
            answered.append((target, response.status_code, response.content.decode()))
    assert [status for _, status, _ in answered] == [400] * len(answered)
    assert [a for a in answered if values.leaks(a[2])] == []


def test_no_value_in_smstub_errors(values: Values, monkeypatch: pytest.MonkeyPatch) -> None:
    body = json.dumps({"SecretId": "x", "SecretString": values.strings[0]}).encode()
    raised: list[BaseException] = []
    with mock_secretsmanager():
        # An operation this smstub does not answer.
        monkeypatch.delitem(operations.OPERATIONS, "PutSecretValue")
        with pytest.raises(SmstubError) as caught:
            _install.before_send(raw_request("PutSecretValue", body))
        raised.append(caught.value)
        client = boto3.Session(region_name="us-east-1").client("secretsmanager")
        with pytest.raises(SmstubError) as caught:
            client.put_secret_value(SecretId="x", SecretString=values.strings[1])
        raised.append(caught.value)
    assert [type(e).__name__ for e in raised] == [
        "UnsupportedOperationError",
        "UnsupportedOperationError",
    ]
    assert [t for e in raised for t in error_texts(e) if values.leaks(t)] == []


def test_mock_handle_survives_being_printed_in_a_failure(client: Any, values: Values) -> None:
    """pytest prints fixtures' reprs in failure reports (with --showlocals, every local)."""
    with mock_secretsmanager() as sm:
        workload(client, values)
        handle: SecretsManagerMock = sm
        assert not values.leaks(f"{handle!r} {handle.store!r} {vars(handle.store)!r}")

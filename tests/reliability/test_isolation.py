"""Isolation: nothing leaves the process, and nothing is left behind.

- With networking blocked at the socket level, every operation smstub answers works through
  the stub, from every kind of client (made before or after activation, plain botocore,
  custom and FIPS endpoints, other partitions, service-specific endpoint variables), and no
  Secrets Manager request reaches the HTTP layer or a socket while a mock is active.
- The environment and botocore's global state are exactly as before once a mock exits, for every
  way of activating it, also when the body raises.
- One test's secrets are never visible to another test, whatever the order (pytest-randomly).

tests/surface covers the single cases (a client made before ``import smstub`` in a fresh
interpreter, the context manager restoring credentials); these tests extend them to every
operation, client kind and activation style.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
import unittest
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import botocore.handlers
import botocore.session
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.httpsession import URLLib3Session

from smstub import SecretsManagerMock, _install, _wire, mock_secretsmanager
from smstub._operations import OPERATIONS
from smstub.errors import ConcurrentActivationError

REGION = "us-east-1"
ROOT = Path(__file__).resolve().parents[2]
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
)


class NetworkUsed(AssertionError):
    pass


@dataclass
class Network:
    """What tried to reach the network while it was blocked."""

    sockets: list[Any] = field(default_factory=list)
    http: list[tuple[str, str]] = field(default_factory=list)  # (url, X-Amz-Target)

    @property
    def secretsmanager_requests(self) -> list[tuple[str, str]]:
        return [r for r in self.http if "secretsmanager" in r[0] + r[1]]


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> Network:
    seen = Network()

    def refuse(*args: Any, **kwargs: Any) -> Any:
        seen.sockets.append(args)
        raise NetworkUsed(f"socket used: {args!r}")

    def send(self: Any, request: Any) -> Any:
        target = request.headers.get("X-Amz-Target", b"")
        if isinstance(target, bytes):
            target = target.decode()
        seen.http.append((request.url, target))
        raise NetworkUsed(f"HTTP request sent: {request.url}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(URLLib3Session, "send", send)
    return seen


# --- every answered operation, from every kind of client ------------------------------------
def prepare(client: Any) -> dict[str, str]:
    """Secrets for the operations to act on; returns ids they need."""
    first = client.create_secret(Name="iso", SecretString="v1", Tags=[{"Key": "k", "Value": "v"}])
    second = client.put_secret_value(SecretId="iso", SecretString="v2")
    client.create_secret(Name="iso-deleted", SecretString="d")
    client.delete_secret(SecretId="iso-deleted")
    return {"v1": first["VersionId"], "v2": second["VersionId"], "arn": first["ARN"]}


# One call per operation that must succeed; operations not listed here still get a call built
# from their input shape, which must be answered (success or an AWS error) without the network.
VALID_CALLS: dict[str, Callable[[Any, dict[str, str]], Any]] = {
    "BatchGetSecretValue": lambda c, ids: c.batch_get_secret_value(SecretIdList=["iso"]),
    "CreateSecret": lambda c, ids: c.create_secret(Name="iso-new", SecretString="n"),
    "DeleteSecret": lambda c, ids: c.delete_secret(SecretId="iso", RecoveryWindowInDays=7),
    "DescribeSecret": lambda c, ids: c.describe_secret(SecretId=ids["arn"]),
    "GetRandomPassword": lambda c, ids: c.get_random_password(PasswordLength=12),
    "GetSecretValue": lambda c, ids: c.get_secret_value(SecretId="iso", VersionId=ids["v1"]),
    "ListSecretVersionIds": lambda c, ids: c.list_secret_version_ids(SecretId="iso"),
    "ListSecrets": lambda c, ids: c.list_secrets(),
    "PutSecretValue": lambda c, ids: c.put_secret_value(SecretId="iso", SecretString="v3"),
    "RestoreSecret": lambda c, ids: c.restore_secret(SecretId="iso-deleted"),
    "TagResource": lambda c, ids: c.tag_resource(
        SecretId="iso", Tags=[{"Key": "k2", "Value": "v"}]
    ),
    "UntagResource": lambda c, ids: c.untag_resource(SecretId="iso", TagKeys=["k"]),
    "UpdateSecret": lambda c, ids: c.update_secret(SecretId="iso", Description="d"),
    "UpdateSecretVersionStage": lambda c, ids: c.update_secret_version_stage(
        SecretId="iso",
        VersionStage="AWSCURRENT",
        RemoveFromVersionId=ids["v2"],
        MoveToVersionId=ids["v1"],
    ),
    "PutResourcePolicy": lambda c, ids: c.put_resource_policy(
        SecretId="iso", ResourcePolicy=POLICY
    ),
    "GetResourcePolicy": lambda c, ids: c.get_resource_policy(SecretId="iso"),
    "DeleteResourcePolicy": lambda c, ids: c.delete_resource_policy(SecretId="iso"),
    "ValidateResourcePolicy": lambda c, ids: c.validate_resource_policy(ResourcePolicy=POLICY),
    "ReplicateSecretToRegions": lambda c, ids: c.replicate_secret_to_regions(
        SecretId="iso", AddReplicaRegions=[{"Region": _sibling(c.meta.region_name)}]
    ),
    "RemoveRegionsFromReplication": lambda c, ids: c.remove_regions_from_replication(
        SecretId="iso", RemoveReplicaRegions=[_sibling(c.meta.region_name)]
    ),
}


def _sibling(region: str) -> str:
    """Another region of the same partition (replicas stay in their partition)."""
    return {"us-gov-west-1": "us-gov-east-1", "cn-north-1": "cn-northwest-1"}.get(
        region, "eu-west-1"
    )


def from_shape(operation: str, ids: dict[str, str]) -> dict[str, Any]:
    """The required members of ``operation`` filled with plausible values."""
    shape = _wire.service_model().operation_model(operation).input_shape
    params: dict[str, Any] = {}
    if shape is None:
        return params
    for name in shape.required_members:
        member = shape.members[name]
        if name == "SecretId":
            params[name] = "iso"
        elif member.type_name == "string":
            params[name] = "x" * max(member.metadata.get("min", 1), 1)
        elif member.type_name == "list":
            params[name] = []
        elif member.type_name in ("integer", "long"):
            params[name] = max(member.metadata.get("min", 1), 1)
        elif member.type_name == "boolean":
            params[name] = True
        else:
            params[name] = {}
    return params


def make_clients() -> dict[str, Callable[[], Any]]:
    return {
        "boto3 default session": lambda: boto3.client("secretsmanager", region_name=REGION),
        "plain botocore session": lambda: botocore.session.Session().create_client(
            "secretsmanager", region_name=REGION
        ),
        "custom endpoint_url": lambda: boto3.client(
            "secretsmanager", region_name=REGION, endpoint_url="http://127.0.0.1:4566"
        ),
        "FIPS endpoint": lambda: boto3.client(
            "secretsmanager", region_name="us-gov-west-1", config=Config(use_fips_endpoint=True)
        ),
        "china partition": lambda: boto3.client("secretsmanager", region_name="cn-north-1"),
        "standard retries and a proxy": lambda: boto3.client(
            "secretsmanager",
            region_name=REGION,
            config=Config(
                retries={"mode": "standard", "max_attempts": 5},
                proxies={"https": "http://proxy.invalid:3128"},
            ),
        ),
    }


# Made once, before any mock is active, as most test suites do.
_early: dict[str, Any] = {}


EARLY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "AKIAEARLYCLIENT00000",
    "AWS_SECRET_ACCESS_KEY": "early-client-secret",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def early_client(kind: str) -> Any:
    """A client made before any mock is active. It gets credentials of its own: without them
    botocore would ask the instance metadata service while making it, which is not smstub's
    business (no mock is active then)."""
    if kind not in _early:
        with mock.patch.dict(os.environ, EARLY_CREDENTIALS):
            _early[kind] = make_clients()[kind]()
    return _early[kind]


def call(client: Any, operation: str, ids: dict[str, str]) -> Any:
    valid = VALID_CALLS.get(operation)
    if valid is not None:
        return valid(client, ids)
    try:
        return getattr(client, xform_name(operation))(**from_shape(operation, ids))
    except ClientError as error:  # answered by the stub: an AWS error is fine here
        return error.response


@pytest.mark.parametrize(
    "operation", sorted(set(OPERATIONS) & set(_wire.service_model().operation_names))
)
@pytest.mark.parametrize("kind", sorted(make_clients()))
def test_every_answered_operation_works_with_the_network_blocked(
    operation: str, kind: str, network: Network
) -> None:
    client = early_client(kind)
    with mock_secretsmanager():
        ids = prepare(client)
        result = call(client, operation, ids)
    assert result["ResponseMetadata"]["HTTPStatusCode"] in (200, 400)
    if operation in VALID_CALLS:
        assert result["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert network.sockets == []
    assert network.http == []


@pytest.mark.parametrize("kind", sorted(make_clients()))
def test_clients_made_inside_the_mock_never_reach_the_network(kind: str, network: Network) -> None:
    with mock_secretsmanager():
        client = make_clients()[kind]()
    for operation in sorted(VALID_CALLS.keys() & OPERATIONS.keys()):
        with mock_secretsmanager():
            ids = prepare(client)
            assert call(client, operation, ids)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert network.sockets == []
    assert network.http == []


def test_service_specific_endpoint_variable_is_still_answered(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:4566")
    with mock_secretsmanager():
        client = boto3.Session().client("secretsmanager", region_name="eu-west-3")
        assert client.meta.endpoint_url == "http://127.0.0.1:4566"
        arn = client.create_secret(Name="env-endpoint", SecretString="v")["ARN"]
        assert client.get_secret_value(SecretId=arn)["SecretString"] == "v"
    assert ":eu-west-3:" in arn
    assert network.sockets == []
    assert network.http == []


def test_after_the_mock_exits_requests_go_to_the_network_layer_again(network: Network) -> None:
    """The guard is a mock's, not the process's: once it exits, smstub is out of the way."""
    client = boto3.client(
        "secretsmanager", region_name=REGION, config=Config(retries={"max_attempts": 1})
    )
    with mock_secretsmanager():
        client.create_secret(Name="inside", SecretString="v")
    assert network.http == []
    with pytest.raises(NetworkUsed):
        client.describe_secret(SecretId="inside")
    assert network.secretsmanager_requests == [
        (f"https://secretsmanager.{REGION}.amazonaws.com/", "secretsmanager.DescribeSecret")
    ]


def test_every_operation_from_clients_made_before_import_smstub(tmp_path: Any) -> None:
    """A fresh interpreter: clients (and a session) exist before smstub is imported, the socket
    layer refuses everything, and every answered operation goes through."""
    operations = sorted(VALID_CALLS.keys() & OPERATIONS.keys())
    script = textwrap.dedent(
        f"""
        import json, socket, sys
        attempts = []
        def refuse(*a, **k):
            attempts.append(repr(a))
            raise OSError("network blocked")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        import boto3, botocore.session
        clients = [
            boto3.client("secretsmanager", region_name="us-east-1"),
            botocore.session.get_session().create_client("secretsmanager", region_name="us-east-1"),
        ]

        sys.path.insert(0, {str(ROOT)!r})
        from tests.reliability.test_isolation import VALID_CALLS, prepare
        from smstub import mock_secretsmanager

        done = []
        for client in clients:
            for operation in {operations!r}:
                with mock_secretsmanager():
                    VALID_CALLS[operation](client, prepare(client))
                    done.append(operation)
        print(json.dumps({{"done": len(done), "attempts": attempts}}))
        """
    )
    finished = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "AWS_EC2_METADATA_DISABLED": "true"},
    )
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report == {"done": 2 * len(operations), "attempts": []}


# --- exact restore of the environment and botocore's global state ----------------------------
def smstub_entries(handlers: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [entry for entry in handlers if entry[1] is _install.before_send]


def global_state() -> dict[str, Any]:
    builtin = botocore.handlers.BUILTIN_HANDLERS
    default = boto3.DEFAULT_SESSION
    return {
        "environ": dict(os.environ),
        "builtin handlers": [e for e in builtin if e[1] is not _install.before_send],
        "default session": default,
        "active": _install.active(),
        "stack": list(_install._stack),
    }


@pytest.fixture
def real_looking_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials smstub must replace while active and give back exactly afterwards."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALLOOKINGKEY01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real/looking/secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-session-token")
    monkeypatch.setenv("AWS_SECURITY_TOKEN", "real-security-token")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-north-1")


class Boom(Exception):
    pass


def _raise_inside_decorated_function() -> None:
    @mock_secretsmanager
    def body() -> None:
        early_client("plain botocore session").create_secret(Name="x")
        raise Boom

    body()


def _raise_inside_configured_decorator() -> None:
    @mock_secretsmanager(account_id="111122223333", region="eu-west-1")
    def body() -> None:
        raise Boom

    body()


def _raise_inside_coroutine() -> None:
    @mock_secretsmanager
    async def body() -> None:
        await asyncio.sleep(0)
        raise Boom

    asyncio.run(body())


def _raise_inside_testcase() -> None:
    @mock_secretsmanager
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            early_client("plain botocore session").create_secret(Name="tc")

        def test_it(self) -> None:
            raise Boom

    result = unittest.TestResult()
    Case("test_it").run(result)
    if result.errors:
        raise Boom


def _raise_inside_plain_class() -> None:
    @mock_secretsmanager
    class Plain:
        def setup_method(self) -> None:
            pass

        def test_it(self) -> None:
            raise Boom

    case = Plain()
    case.setup_method()
    try:
        case.test_it()
    finally:
        case.teardown_method()  # type: ignore[attr-defined]


def _raise_inside_nested_activations() -> None:
    with mock_secretsmanager(), mock_secretsmanager(account_id="111122223333"):
        raise Boom


def _raise_after_the_body_changed_credentials() -> None:
    with mock_secretsmanager():
        os.environ["AWS_ACCESS_KEY_ID"] = "changed-inside"
        os.environ.pop("AWS_SECRET_ACCESS_KEY", None)
        os.environ["AWS_SESSION_TOKEN"] = "added-inside"
        raise Boom


@pytest.mark.parametrize(
    "body",
    [
        _raise_inside_decorated_function,
        _raise_inside_configured_decorator,
        _raise_inside_coroutine,
        _raise_inside_testcase,
        _raise_inside_plain_class,
        _raise_inside_nested_activations,
        _raise_after_the_body_changed_credentials,
    ],
    ids=lambda f: f.__name__.removeprefix("_raise_"),
)
@pytest.mark.usefixtures("real_looking_environment")
def test_global_state_is_restored_when_the_body_raises(body: Callable[[], None]) -> None:
    before = global_state()
    with pytest.raises(Boom):
        body()
    assert global_state() == before


@pytest.mark.usefixtures("real_looking_environment")
def test_global_state_is_restored_when_activations_end_out_of_order() -> None:
    before = global_state()
    outer, inner = mock_secretsmanager(), mock_secretsmanager()
    outer_handle = outer.__enter__()
    os.environ["AWS_ACCESS_KEY_ID"] = "set-between"
    inner_handle = inner.__enter__()
    # The outer activation ends first: the inner one still answers, with fake credentials.
    _install.deactivate(outer_handle)
    assert _install.active() is inner_handle
    assert os.environ["AWS_ACCESS_KEY_ID"] == _install.FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"]
    assert "AWS_SESSION_TOKEN" not in os.environ
    _install.deactivate(inner_handle)
    assert global_state() == before


@pytest.mark.usefixtures("real_looking_environment")
def test_concurrent_decorated_coroutines_are_refused_and_restore_everything() -> None:
    """Two concurrent mocked coroutines would share the process-wide mock (and, before they
    were refused, the first to end put the real credentials back under the second): the second
    to enter is refused, and the environment still comes back exactly."""
    before = global_state()
    seen: list[str] = []

    @mock_secretsmanager
    async def quick() -> None:
        await asyncio.sleep(0.01)
        seen.append(os.environ["AWS_ACCESS_KEY_ID"])

    @mock_secretsmanager
    async def slow() -> None:
        seen.append("slow ran")

    async def both() -> list[object]:
        return await asyncio.gather(quick(), slow(), return_exceptions=True)

    outcomes = asyncio.run(both())
    assert outcomes[0] is None
    assert isinstance(outcomes[1], ConcurrentActivationError)
    assert seen == [_install.FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"]]
    assert global_state() == before


@pytest.mark.usefixtures("real_looking_environment")
def test_global_state_is_restored_after_threads_activate_and_exit_in_any_order() -> None:
    """Activation is process-global: threads entering and leaving mocks at will end their
    activations in every order, and the environment must still come back exactly."""
    before = global_state()
    client = early_client("plain botocore session")
    barrier = threading.Barrier(8)
    problems: list[BaseException] = []

    def work(index: int) -> None:
        try:
            barrier.wait()
            for round_ in range(30):
                with mock_secretsmanager():
                    fake = _install.FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"]
                    assert os.environ["AWS_ACCESS_KEY_ID"] == fake
                    assert "AWS_SESSION_TOKEN" not in os.environ
                    client.create_secret(Name=f"t{index}-{round_}")
        except BaseException as error:  # reported below, with the thread's own traceback
            problems.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert problems == []
    assert global_state() == before


def test_global_state_is_restored_without_any_aws_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    before = global_state()
    with mock_secretsmanager():
        assert os.environ["AWS_ACCESS_KEY_ID"] == _install.FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"]
    assert global_state() == before
    assert not [name for name in os.environ if name.startswith("AWS_")]


def test_smstub_registers_one_builtin_handler_however_often_it_activates() -> None:
    for _ in range(20):
        with mock_secretsmanager():
            boto3.client("secretsmanager", region_name=REGION)
    builtin = botocore.handlers.BUILTIN_HANDLERS
    assert smstub_entries(builtin) == [(_install.EVENT, _install.before_send)]


def test_the_default_session_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Activation neither creates nor replaces boto3's default session (DESIGN: no reset)."""
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    with mock_secretsmanager():
        assert boto3.DEFAULT_SESSION is None
    boto3.setup_default_session(region_name=REGION)
    session = boto3.DEFAULT_SESSION
    assert session is not None
    with mock_secretsmanager():
        assert boto3.DEFAULT_SESSION is session


# --- no secret crosses from one test to the next ----------------------------------------------
_created: list[tuple[str, str]] = []  # (name, ARN) of every secret an earlier test made
_clients_of_earlier_tests: list[Any] = []


def assert_nothing_from_earlier_tests(client: Any) -> None:
    for probe in [client, *_clients_of_earlier_tests]:
        for name, arn in _created:
            for secret_id in (name, arn):
                with pytest.raises(ClientError) as missing:
                    probe.describe_secret(SecretId=secret_id)
                assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
        listed = probe.list_secrets(IncludePlannedDeletion=True)["SecretList"]
        assert [s["Name"] for s in listed] == []


def leave_secrets_behind(client: Any, tag: str) -> None:
    """Create secrets in several states (live, scheduled for deletion, tagged), in the client's
    one region, as a careless test would."""
    assert_nothing_from_earlier_tests(client)
    for suffix in ("live", "deleted", "tagged"):
        created = client.create_secret(Name=f"leak-{tag}-{suffix}", SecretString=f"{tag}-value")
        _created.append((created["Name"], created["ARN"]))
    client.delete_secret(SecretId=f"leak-{tag}-deleted")
    client.tag_resource(SecretId=f"leak-{tag}-tagged", Tags=[{"Key": "t", "Value": tag}])
    _clients_of_earlier_tests.append(client)


def shared_client() -> Any:
    return early_client("boto3 default session")


def test_no_leak_through_the_sm_fixture(sm: SecretsManagerMock) -> None:
    leave_secrets_behind(shared_client(), "fixture")


def test_no_leak_through_the_plugin_fixture(secretsmanager_mock: SecretsManagerMock) -> None:
    leave_secrets_behind(boto3.client("secretsmanager", region_name=REGION), "plugin")


@pytest.mark.secretsmanager_mock(account_id="111122223333")
def test_no_leak_through_a_configured_plugin_fixture(
    secretsmanager_mock: SecretsManagerMock,
) -> None:
    leave_secrets_behind(shared_client(), "plugin-account")


@mock_secretsmanager
def test_no_leak_through_the_decorator() -> None:
    leave_secrets_behind(shared_client(), "decorator")


def test_no_leak_through_a_with_block() -> None:
    with mock_secretsmanager():
        leave_secrets_behind(shared_client(), "with")


@mock_secretsmanager
def _leave_secrets_and_fail() -> None:
    leave_secrets_behind(shared_client(), "failing")
    raise Boom


def test_no_leak_when_the_test_body_fails() -> None:
    with pytest.raises(Boom):
        _leave_secrets_and_fail()


@mock_secretsmanager
class TestNoLeakThroughADecoratedClass:
    def test_first_method(self) -> None:
        leave_secrets_behind(shared_client(), "class-1")

    def test_second_method(self) -> None:
        leave_secrets_behind(shared_client(), "class-2")


def test_leak_tests_actually_created_secrets() -> None:
    """Guards the tests above against passing vacuously: they record what they create."""
    with mock_secretsmanager():
        client = shared_client()
        before = len(_created)
        leave_secrets_behind(client, "guard")
        assert len(_created) == before + 3
        assert client.describe_secret(SecretId="leak-guard-live")["Name"] == "leak-guard-live"

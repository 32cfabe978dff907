"""``enforce_access=True``: callers identified by the access key of their credentials, and
IAM's evaluation of identity and resource policies, through real boto3 clients.

The table of tests/access_table.py runs here end to end: each case registers its caller with
its identity policies, puts its resource policy on a secret, and makes the call.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from smstub import SecretsManagerMock, mock_secretsmanager
from smstub.errors import PolicyError, SmstubError
from tests.access_table import CALLERS, CASES, OTHER, OWNER, REGION, SECRET_NAME, SECRET_TAGS, Case
from tests.sdk.helpers import NOT_FOUND, aws_error

CLAUSES = {
    "no-identity": "because no identity-based policy allows the {action} action",
    "no-resource": "because no resource-based policy allows the {action} action",
    "identity-deny": "with an explicit deny in an identity-based policy",
    "resource-deny": "with an explicit deny in a resource-based policy",
}
# Every table caller may use the secret's customer key: the table is about Secrets Manager's
# actions; the key's own rules have their tests below.
USE_KEYS = {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"}
KEY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Principal": {"AWS": [f"arn:aws:iam::{OWNER}:root", f"arn:aws:iam::{OTHER}:root"]},
            "Action": "kms:*",
            "Resource": "*",
        },
    }
)
READ = {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}


def policy(*statements: dict[str, Any], version: str = "2012-10-17") -> str:
    return json.dumps({"Version": version, "Statement": list(statements)})


def root_client() -> Any:
    # A fresh session reads the default fake credentials from the environment: the account's
    # root user. (boto3's default session may hold keys it resolved before the mock started.)
    return boto3.Session(region_name=REGION).client("secretsmanager")


@pytest.fixture
def enforced() -> Iterator[SecretsManagerMock]:
    with mock_secretsmanager(account_id=OWNER, enforce_access=True) as handle:
        yield handle


@pytest.fixture
def admin(enforced: SecretsManagerMock) -> Any:
    return root_client()


def client_for(sm: SecretsManagerMock, arn: str, *policies: str, **kw: Any) -> Any:
    account = arn.split(":")[4]
    creds = sm.register_principal(
        principal_arn=arn, account_id=account, identity_policies=list(policies), **kw
    )
    return boto3.client("secretsmanager", region_name=REGION, **creds)


# --- the table ------------------------------------------------------------------------------
def _fill(text: str, arn: str) -> str:
    base = arn[: arn.index(":secret:") + len(":secret:")]
    return text.replace("{ARN}", arn).replace("{BASE}", base)


def _call(client: Any, case: Case, arn: str) -> Any:
    method = {
        "GetSecretValue": client.get_secret_value,
        "DeleteSecret": client.delete_secret,
        "DescribeSecret": client.describe_secret,
        "TagResource": client.tag_resource,
    }[case.operation]
    return method(SecretId=arn, **case.params)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_access_table_through_boto3(case: Case) -> None:
    with mock_secretsmanager(account_id=OWNER, enforce_access=True) as sm:
        admin = root_client()
        key = sm.kms.create_key(policy=KEY_POLICY)
        tags = [{"Key": k, "Value": v} for k, v in SECRET_TAGS.items()]
        arn = admin.create_secret(Name=SECRET_NAME, SecretString="v", KmsKeyId=key, Tags=tags)[
            "ARN"
        ]
        if case.resource is not None:
            document = _fill(policy(*case.resource, version=case.version), arn)
            admin.put_resource_policy(SecretId=arn, ResourcePolicy=document)
        caller_arn, _account, principal_tags = CALLERS[case.caller]
        identity = [_fill(policy(s, version=case.version), arn) for s in case.identity]
        client = client_for(sm, caller_arn, *identity, policy(USE_KEYS), tags=principal_tags)
        if case.expected == "allow":
            _call(client, case, arn)
            return
        code, message, _ = aws_error(lambda: _call(client, case, arn))
        action = f"secretsmanager:{case.operation}"
        assert code == "AccessDeniedException"
        assert message == (
            f"User: {caller_arn} is not authorized to perform: {action} on resource: {arn} "
            + CLAUSES[case.expected].format(action=action)
        )


# --- callers --------------------------------------------------------------------------------
def test_default_credentials_are_the_account_root(admin: Any) -> None:
    admin.create_secret(Name="s", SecretString="v")
    admin.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)


def test_an_unknown_access_key_is_an_unrecognized_client(enforced: SecretsManagerMock) -> None:
    client = boto3.client(
        "secretsmanager",
        region_name=REGION,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="x",
    )
    code, message, _ = aws_error(lambda: client.list_secrets())
    assert (code, message) == (
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
    )


def test_register_principal_accepts_a_chosen_access_key(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    admin.create_secret(Name="s", SecretString="v")
    creds = enforced.register_principal(
        access_key_id="AKIAREADER0000000001",
        principal_arn=f"arn:aws:iam::{OWNER}:role/reader",
        identity_policies=[json.loads(policy(READ))],
    )
    assert creds["aws_access_key_id"] == "AKIAREADER0000000001"
    reader = boto3.client("secretsmanager", region_name=REGION, **creds)
    assert reader.get_secret_value(SecretId="s")["SecretString"] == "v"


def test_register_principal_refuses_a_malformed_policy(enforced: SecretsManagerMock) -> None:
    with pytest.raises(SmstubError, match="identity policy"):
        enforced.register_principal(
            principal_arn=f"arn:aws:iam::{OWNER}:role/r", identity_policies=["{bad"]
        )


def test_register_principal_needs_enforcement() -> None:
    with mock_secretsmanager() as sm, pytest.raises(SmstubError, match="enforce_access=True"):
        sm.register_principal(principal_arn=f"arn:aws:iam::{OWNER}:role/r")


def test_without_enforcement_every_call_is_allowed(client: Any) -> None:
    client.create_secret(Name="s", SecretString="v")
    client.put_resource_policy(
        SecretId="s",
        ResourcePolicy=policy(
            {"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*"}
        ),
    )
    assert client.get_secret_value(SecretId="s")["SecretString"] == "v"


@pytest.mark.secretsmanager_mock(account_id=OWNER, enforce_access=True)
def test_the_marker_option_enforces(secretsmanager_mock: SecretsManagerMock) -> None:
    nobody = client_for(secretsmanager_mock, f"arn:aws:iam::{OWNER}:user/nobody")
    assert aws_error(lambda: nobody.list_secrets())[0] == "AccessDeniedException"


# --- what a denial means --------------------------------------------------------------------
def test_a_denied_call_changes_nothing(enforced: SecretsManagerMock, admin: Any) -> None:
    admin.create_secret(Name="s", SecretString="v")
    reader = client_for(enforced, f"arn:aws:iam::{OWNER}:role/reader", policy(READ))
    assert aws_error(lambda: reader.delete_secret(SecretId="s"))[0] == "AccessDeniedException"
    assert "DeletedDate" not in admin.describe_secret(SecretId="s")


def test_an_operation_on_no_resource_names_none(enforced: SecretsManagerMock) -> None:
    arn = f"arn:aws:iam::{OWNER}:role/reader"
    reader = client_for(enforced, arn, policy(READ))
    _, message, _ = aws_error(lambda: reader.list_secrets())
    assert message == (
        f"User: {arn} is not authorized to perform: secretsmanager:ListSecrets because no "
        "identity-based policy allows the secretsmanager:ListSecrets action"
    )


def test_a_missing_secret_is_checked_before_it_is_looked_up(enforced: SecretsManagerMock) -> None:
    allowed = client_for(enforced, f"arn:aws:iam::{OWNER}:role/reader", policy(READ))
    assert aws_error(lambda: allowed.get_secret_value(SecretId="nope"))[:2] == (
        "ResourceNotFoundException",
        NOT_FOUND,
    )
    denied = client_for(enforced, f"arn:aws:iam::{OWNER}:role/other")
    assert aws_error(lambda: denied.get_secret_value(SecretId="nope"))[0] == (
        "AccessDeniedException"
    )


def test_batch_get_checks_each_secret(enforced: SecretsManagerMock, admin: Any) -> None:
    for name, team in (("a", "blue"), ("b", "red")):
        admin.create_secret(Name=name, SecretString=name, Tags=[{"Key": "team", "Value": team}])
    reader = client_for(
        enforced,
        f"arn:aws:iam::{OWNER}:role/reader",
        policy(
            {"Effect": "Allow", "Action": "secretsmanager:BatchGetSecretValue", "Resource": "*"},
            {
                **READ,
                "Condition": {"StringEquals": {"secretsmanager:ResourceTag/team": "blue"}},
            },
        ),
    )
    response = reader.batch_get_secret_value(SecretIdList=["a", "b"])
    assert [v["Name"] for v in response["SecretValues"]] == ["a"]
    ((error),) = response["Errors"]
    assert (error["SecretId"], error["ErrorCode"]) == ("b", "AccessDeniedException")


def test_batch_get_needs_its_own_action(enforced: SecretsManagerMock, admin: Any) -> None:
    admin.create_secret(Name="a", SecretString="a")
    reader = client_for(enforced, f"arn:aws:iam::{OWNER}:role/reader", policy(READ))
    code, _, _ = aws_error(lambda: reader.batch_get_secret_value(SecretIdList=["a"]))
    assert code == "AccessDeniedException"


def test_list_secrets_needs_list_permission_only(enforced: SecretsManagerMock, admin: Any) -> None:
    admin.create_secret(Name="a", SecretString="a")
    lister = client_for(
        enforced,
        f"arn:aws:iam::{OWNER}:role/lister",
        policy({"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"}),
    )
    # ListSecrets takes no resource-level permissions (Secrets Manager's action table).
    assert [s["Name"] for s in lister.list_secrets()["SecretList"]] == ["a"]


# --- another account ------------------------------------------------------------------------
EXTERNAL = f"arn:aws:iam::{OTHER}:role/external"
SHARE = {
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
    "Action": "secretsmanager:GetSecretValue",
    "Resource": "*",
}


def _shared(admin: Any, **create: Any) -> str:
    arn = str(admin.create_secret(Name="shared", SecretString="v", **create)["ARN"])
    admin.put_resource_policy(SecretId=arn, ResourcePolicy=policy(SHARE))
    return arn


def test_another_account_reaches_a_secret_only_by_its_arn(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    _shared(admin)
    external = client_for(enforced, EXTERNAL, policy(READ))
    assert aws_error(lambda: external.get_secret_value(SecretId="shared"))[:2] == (
        "ResourceNotFoundException",
        NOT_FOUND,
    )


def test_the_default_key_cannot_be_used_across_accounts(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    arn = _shared(admin)
    external = client_for(enforced, EXTERNAL, policy(READ))
    assert aws_error(lambda: external.get_secret_value(SecretId=arn))[:2] == (
        "InvalidRequestException",
        "You can't access a secret from a different AWS account if you encrypt the secret "
        "with the default KMS service key.",
    )


def test_a_customer_key_without_key_policy_trusts_only_its_account(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    key = enforced.kms.create_key()
    arn = _shared(admin, KmsKeyId=key)
    external = client_for(enforced, EXTERNAL, policy(READ, USE_KEYS))
    assert aws_error(lambda: external.get_secret_value(SecretId=arn))[:2] == (
        "AccessDeniedException",
        "Access to KMS is not allowed",
    )


def test_a_customer_key_shared_by_key_policy(enforced: SecretsManagerMock, admin: Any) -> None:
    key = enforced.kms.create_key(policy=KEY_POLICY)
    arn = _shared(admin, KmsKeyId=key)
    external = client_for(enforced, EXTERNAL, policy(READ, USE_KEYS))
    assert external.get_secret_value(SecretId=arn)["SecretString"] == "v"
    without_kms = client_for(enforced, f"arn:aws:iam::{OTHER}:role/nokms", policy(READ))
    assert aws_error(lambda: without_kms.get_secret_value(SecretId=arn))[0] == (
        "AccessDeniedException"
    )


def test_same_account_customer_key_needs_kms_permission(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    key = enforced.kms.create_key()
    admin.create_secret(Name="s", SecretString="v", KmsKeyId=key)
    reader = client_for(enforced, f"arn:aws:iam::{OWNER}:role/reader", policy(READ))
    assert aws_error(lambda: reader.get_secret_value(SecretId="s"))[:2] == (
        "AccessDeniedException",
        "Access to KMS is not allowed",
    )
    keyed = client_for(enforced, f"arn:aws:iam::{OWNER}:role/keyed", policy(READ, USE_KEYS))
    assert keyed.get_secret_value(SecretId="s")["SecretString"] == "v"


# --- how the caller is identified -----------------------------------------------------------
def test_refreshable_credentials_are_read_without_refreshing(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    from botocore.credentials import RefreshableCredentials

    admin.create_secret(Name="s", SecretString="v")
    creds = enforced.register_principal(
        principal_arn=f"arn:aws:iam::{OWNER}:role/reader", identity_policies=[policy(READ)]
    )
    refreshed: list[int] = []

    def refresh() -> dict[str, str]:
        refreshed.append(1)
        raise AssertionError("smstub must not refresh credentials")

    session = boto3.Session(region_name=REGION)
    botocore_session = session._session
    botocore_session._credentials = RefreshableCredentials(
        creds["aws_access_key_id"],
        creds["aws_secret_access_key"],
        None,
        # Far from expiry: botocore itself has no reason to refresh either.
        __import__("datetime").datetime(2999, 1, 1, tzinfo=__import__("datetime").timezone.utc),
        refresh,
        "test",
    )
    reader = session.client("secretsmanager")
    assert reader.get_secret_value(SecretId="s")["SecretString"] == "v"
    assert aws_error(lambda: reader.delete_secret(SecretId="s"))[0] == "AccessDeniedException"
    assert refreshed == []


def test_a_signed_request_to_a_custom_endpoint_names_its_caller(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    admin.create_secret(Name="s", SecretString="v")
    creds = enforced.register_principal(
        principal_arn=f"arn:aws:iam::{OWNER}:role/reader", identity_policies=[policy(READ)]
    )
    reader = boto3.client(
        "secretsmanager",
        region_name=REGION,
        endpoint_url="https://vpce-sm.internal.example",
        **creds,
    )
    assert reader.get_secret_value(SecretId="s")["SecretString"] == "v"
    assert aws_error(lambda: reader.delete_secret(SecretId="s"))[0] == "AccessDeniedException"


def test_the_default_key_rule_is_about_values_only(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    arn = str(admin.create_secret(Name="shared", SecretString="v")["ARN"])
    grant = {**SHARE, "Action": ["secretsmanager:UpdateSecret", "secretsmanager:PutSecretValue"]}
    admin.put_resource_policy(SecretId=arn, ResourcePolicy=policy(grant))
    writer = client_for(enforced, EXTERNAL, policy({**READ, "Action": "secretsmanager:*"}))
    writer.update_secret(SecretId=arn, Description="from the partner")
    assert admin.describe_secret(SecretId=arn)["Description"] == "from the partner"
    assert aws_error(lambda: writer.put_secret_value(SecretId=arn, SecretString="x"))[0] == (
        "InvalidRequestException"
    )


def test_a_service_policy_takes_part_in_evaluation(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    arn = str(admin.create_secret(Name="s", SecretString="v")["ARN"])
    deny = {"Effect": "Deny", "Principal": "*", "Action": "secretsmanager:*", "Resource": "*"}
    enforced.attach_service_policy(arn, "service-owned", policy(deny))
    reader = client_for(enforced, f"arn:aws:iam::{OWNER}:role/reader", policy(READ))
    _, message, _ = aws_error(lambda: reader.get_secret_value(SecretId="s"))
    assert message.endswith("with an explicit deny in a resource-based policy")


def test_a_malformed_key_policy_is_a_policy_error(enforced: SecretsManagerMock) -> None:
    with pytest.raises(PolicyError, match="key policy"):
        enforced.kms.create_key(policy='{"Statement": []}')


def test_register_principal_checks_its_arn_and_account(enforced: SecretsManagerMock) -> None:
    with pytest.raises(SmstubError, match="not an IAM user, role"):
        enforced.register_principal(principal_arn="reader")
    with pytest.raises(SmstubError, match="differs"):
        enforced.register_principal(principal_arn=EXTERNAL, account_id=OWNER)


def test_batch_get_by_filters_also_needs_list_secrets(
    enforced: SecretsManagerMock, admin: Any
) -> None:
    admin.create_secret(Name="a", SecretString="a")
    batch = {"Effect": "Allow", "Action": "secretsmanager:BatchGetSecretValue", "Resource": "*"}
    listing = {"Effect": "Allow", "Action": "secretsmanager:ListSecrets", "Resource": "*"}
    filters = [{"Key": "name", "Values": ["a"]}]
    without = client_for(enforced, f"arn:aws:iam::{OWNER}:role/r1", policy(batch, READ))
    _, message, _ = aws_error(lambda: without.batch_get_secret_value(Filters=filters))
    assert "perform: secretsmanager:ListSecrets because" in message
    with_list = client_for(enforced, f"arn:aws:iam::{OWNER}:role/r2", policy(batch, READ, listing))
    values = with_list.batch_get_secret_value(Filters=filters)["SecretValues"]
    assert [v["Name"] for v in values] == ["a"]


def test_callers_in_threads_are_told_apart(enforced: SecretsManagerMock, admin: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    admin.create_secret(Name="s", SecretString="v")
    reader = client_for(enforced, f"arn:aws:iam::{OWNER}:role/reader", policy(READ))
    nobody = client_for(enforced, f"arn:aws:iam::{OWNER}:role/nobody")

    def read(client: Any) -> str:
        try:
            return str(client.get_secret_value(SecretId="s")["SecretString"])
        except client.exceptions.ClientError as error:
            return str(error.response["Error"]["Code"])

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(read, [reader, nobody] * 40))
    assert answers == ["v", "AccessDeniedException"] * 40


def test_async_clients_are_identified_too(enforced: SecretsManagerMock, admin: Any) -> None:
    import asyncio

    from tests.integration.helpers import botocore_conflict

    reason = botocore_conflict("aiobotocore")
    if reason is not None:
        pytest.skip(reason)
    from aiobotocore.session import get_session

    admin.create_secret(Name="s", SecretString="v")
    creds = enforced.register_principal(
        principal_arn=f"arn:aws:iam::{OWNER}:role/reader", identity_policies=[policy(READ)]
    )

    async def run() -> tuple[str, str]:
        session = get_session()
        async with session.create_client("secretsmanager", region_name=REGION, **creds) as c:
            value = (await c.get_secret_value(SecretId="s"))["SecretString"]
            try:
                await c.delete_secret(SecretId="s")
            except c.exceptions.ClientError as error:
                return value, error.response["Error"]["Code"]
        return value, "allowed"

    assert asyncio.run(run()) == ("v", "AccessDeniedException")

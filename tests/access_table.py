"""The access-evaluation table: (identity policies, resource policy, caller, operation, expected).

Written from AWS's documented rules and examples; each group names its page. Used twice: by
tests/unit/test_access_table.py against the evaluation engine, and by
tests/sdk/test_access_enforcement.py through real boto3 clients with ``enforce_access=True``.

Policies are written with placeholders: ``{ARN}`` is the secret's full ARN, ``{BASE}`` the ARN
up to the name (``arn:aws:secretsmanager:us-east-1:111122223333:secret:``).

Expected values are "allow" or the clause the denial message ends with: "no-identity",
"no-resource", "identity-deny", "resource-deny".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OWNER = "111122223333"
OTHER = "444455556666"
REGION = "us-east-1"
SECRET_NAME = "app/db"
SECRET_TAGS = {"team": "blue", "env": "dev"}

READER = f"arn:aws:iam::{OWNER}:role/reader"
ALICE = f"arn:aws:iam::{OWNER}:user/alice"
EXTERNAL = f"arn:aws:iam::{OTHER}:role/external"
EXTERNAL_SESSION = f"arn:aws:sts::{OTHER}:assumed-role/external/job-42"

# The callers: arn, account, principal tags.
CALLERS: dict[str, tuple[str, str, dict[str, str]]] = {
    "reader": (READER, OWNER, {"team": "blue", "project": "app"}),
    "alice": (ALICE, OWNER, {"team": "red", "project": "web"}),
    "external": (EXTERNAL, OTHER, {"team": "blue"}),
    "session": (EXTERNAL_SESSION, OTHER, {}),
}


@dataclass(frozen=True)
class Case:
    id: str
    identity: list[dict[str, Any]]  # statements of one identity policy each
    resource: list[dict[str, Any]] | None  # statements of the resource policy
    caller: str
    operation: str
    expected: str
    params: dict[str, Any] = field(default_factory=dict)  # extra request members
    version: str = "2012-10-17"


def allow(action: Any = "secretsmanager:GetSecretValue", resource: Any = "*", **more: Any) -> Any:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **more}


def deny(action: Any = "secretsmanager:GetSecretValue", resource: Any = "*", **more: Any) -> Any:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **more}


def cond(operator: str, key: str, value: Any) -> dict[str, Any]:
    return {"Condition": {operator: {key: value}}}


def to(principal: Any) -> dict[str, Any]:
    return {"Principal": principal}


GET = "GetSecretValue"
DELETE = "DeleteSecret"
DESCRIBE = "DescribeSecret"

CASES: list[Case] = [
    # --- Identity policies in one account: IAM User Guide, "Policy evaluation logic"
    # (reference_policies_evaluation-logic.html) and "IAM JSON policy elements: Action"
    # (reference_policies_elements_action.html).
    Case("no-policy-is-implicit-deny", [], None, "reader", GET, "no-identity"),
    Case("identity-allow-exact-action", [allow()], None, "reader", GET, "allow"),
    Case(
        "identity-allow-service-wildcard", [allow("secretsmanager:*")], None, "reader", GET, "allow"
    ),
    Case(
        "identity-allow-prefix-wildcard",
        [allow("secretsmanager:Get*")],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "prefix-wildcard-does-not-cover-delete",
        [allow("secretsmanager:Get*")],
        None,
        "reader",
        DELETE,
        "no-identity",
    ),
    Case(
        "action-names-ignore-case",
        [allow("secretsmanager:getsecretvalue")],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "describe-does-not-cover-get",
        [allow("secretsmanager:Describe*")],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case("star-action", [allow("*")], None, "reader", DELETE, "allow"),
    Case(
        "action-list",
        [allow(["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"])],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "single-character-wildcard",
        [allow("secretsmanager:Get?ecretValue")],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case("other-service-action-only", [allow("kms:Decrypt")], None, "reader", GET, "no-identity"),
    Case(
        "not-action-allows-the-rest",
        [{"Effect": "Allow", "NotAction": "secretsmanager:DeleteSecret", "Resource": "*"}],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "not-action-excludes-its-action",
        [{"Effect": "Allow", "NotAction": "secretsmanager:DeleteSecret", "Resource": "*"}],
        None,
        "reader",
        DELETE,
        "no-identity",
    ),
    Case("deny-beats-allow-same-policy", [allow(), deny()], None, "reader", GET, "identity-deny"),
    Case(
        "deny-one-action-of-star",
        [allow("secretsmanager:*"), deny("secretsmanager:DeleteSecret")],
        None,
        "reader",
        DELETE,
        "identity-deny",
    ),
    Case(
        "deny-one-action-leaves-others",
        [allow("secretsmanager:*"), deny("secretsmanager:DeleteSecret")],
        None,
        "reader",
        DESCRIBE,
        "allow",
    ),
    Case(
        "deny-in-second-policy-wins",
        [allow("*"), deny("secretsmanager:*")],
        None,
        "reader",
        GET,
        "identity-deny",
    ),
    # --- Resource element: IAM "IAM JSON policy elements: Resource"
    # (reference_policies_elements_resource.html); Secrets Manager User Guide, "Permissions
    # policy examples" and "Troubleshooting: ARN suffix" (a secret's ARN ends in -??????).
    Case("resource-exact-arn", [allow(resource="{ARN}")], None, "reader", GET, "allow"),
    Case(
        "resource-suffix-pattern",
        [allow(resource="{BASE}app/db-??????")],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "resource-name-without-suffix-misses",
        [allow(resource="{BASE}app/db")],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case("resource-path-wildcard", [allow(resource="{BASE}app/*")], None, "reader", GET, "allow"),
    Case(
        "resource-other-path", [allow(resource="{BASE}web/*")], None, "reader", GET, "no-identity"
    ),
    Case(
        "resource-other-region",
        [allow(resource=f"arn:aws:secretsmanager:eu-west-1:{OWNER}:secret:*")],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "not-resource-other-secret",
        [{"Effect": "Allow", "Action": "secretsmanager:*", "NotResource": "{BASE}web/*"}],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "not-resource-this-secret",
        [{"Effect": "Allow", "Action": "secretsmanager:*", "NotResource": "{BASE}app/*"}],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    # Policy variables: IAM "IAM policy elements: Variables and tags"
    # (reference_policies_variables.html).
    Case(
        "variable-principal-tag-in-resource",
        [allow(resource="{BASE}${aws:PrincipalTag/project}/*")],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "variable-other-value-misses",
        [allow(resource="{BASE}${aws:PrincipalTag/project}/*")],
        None,
        "alice",
        GET,
        "no-identity",
    ),
    Case(
        "variable-literal-in-2008-version",
        [allow(resource="{BASE}${aws:PrincipalTag/project}/*")],
        None,
        "reader",
        GET,
        "no-identity",
        version="2008-10-17",
    ),
    Case(
        "variable-default-value",
        [allow(resource="{BASE}${aws:PrincipalTag/missing, 'app'}/*")],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "variable-without-value-misses",
        [allow(resource="{BASE}${aws:PrincipalTag/missing}/*")],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    # --- Conditions: IAM "Condition operators" (reference_policies_elements_condition_operators
    # .html), "Single-valued vs. multivalued context keys"; Secrets Manager "Permissions policy
    # examples" (access by tag) and "Condition keys for Secrets Manager".
    Case(
        "resource-tag-matches",
        [allow(**cond("StringEquals", "secretsmanager:ResourceTag/team", "blue"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "resource-tag-differs",
        [allow(**cond("StringEquals", "secretsmanager:ResourceTag/team", "red"))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "global-resource-tag-key",
        [allow(**cond("StringEquals", "aws:ResourceTag/team", "blue"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "condition-key-names-ignore-case",
        [allow(**cond("StringEquals", "SECRETSMANAGER:resourcetag/TEAM", "blue"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "string-not-equals",
        [allow(**cond("StringNotEquals", "secretsmanager:ResourceTag/team", "red"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "missing-key-fails-positive-operator",
        [allow(**cond("StringEquals", "secretsmanager:ResourceTag/owner", "x"))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "missing-key-passes-negated-operator",
        [allow(**cond("StringNotEquals", "secretsmanager:ResourceTag/owner", "x"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "if-exists-passes-missing-key",
        [allow(**cond("StringEqualsIfExists", "secretsmanager:ResourceTag/owner", "x"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "if-exists-checks-present-key",
        [allow(**cond("StringEqualsIfExists", "secretsmanager:ResourceTag/team", "red"))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "string-like",
        [allow(**cond("StringLike", "secretsmanager:ResourceTag/team", "bl*"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "string-equals-ignore-case",
        [allow(**cond("StringEqualsIgnoreCase", "secretsmanager:ResourceTag/team", "BLUE"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "string-equals-is-case-sensitive",
        [allow(**cond("StringEquals", "secretsmanager:ResourceTag/team", "BLUE"))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "values-are-ored",
        [allow(**cond("StringEquals", "secretsmanager:ResourceTag/team", ["red", "blue"]))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "keys-are-anded",
        [
            allow(
                Condition={
                    "StringEquals": {
                        "secretsmanager:ResourceTag/team": "blue",
                        "secretsmanager:ResourceTag/env": "prod",
                    }
                }
            )
        ],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "abac-tag-match",
        [
            allow(
                **cond(
                    "StringEquals", "secretsmanager:ResourceTag/team", "${aws:PrincipalTag/team}"
                )
            )
        ],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "abac-tag-mismatch",
        [
            allow(
                **cond(
                    "StringEquals", "secretsmanager:ResourceTag/team", "${aws:PrincipalTag/team}"
                )
            )
        ],
        None,
        "alice",
        GET,
        "no-identity",
    ),
    Case(
        "null-false-needs-the-key",
        [allow(**cond("Null", "secretsmanager:ResourceTag/team", "false"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "null-true-needs-no-key",
        [allow(**cond("Null", "secretsmanager:ResourceTag/team", "true"))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "bool-secure-transport",
        [allow(**cond("Bool", "aws:SecureTransport", "true"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "bool-secure-transport-false",
        [allow(**cond("Bool", "aws:SecureTransport", False))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "arn-like-principal",
        [allow(**cond("ArnLike", "aws:PrincipalArn", f"arn:aws:iam::{OWNER}:role/read*"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "arn-not-like-deny-spares-match",
        [allow(), deny(**cond("ArnNotLike", "aws:PrincipalArn", READER))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "arn-not-like-deny-hits-others",
        [allow(), deny(**cond("ArnNotLike", "aws:PrincipalArn", READER))],
        None,
        "alice",
        GET,
        "identity-deny",
    ),
    Case(
        "principal-account-key",
        [allow(**cond("StringEquals", "aws:PrincipalAccount", OWNER))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "date-in-the-past-fails-less-than",
        [allow(**cond("DateLessThan", "aws:CurrentTime", "2000-01-01T00:00:00Z"))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "date-greater-than",
        [allow(**cond("DateGreaterThan", "aws:CurrentTime", "2000-01-01T00:00:00Z"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "numeric-epoch-time",
        [allow(**cond("NumericGreaterThan", "aws:EpochTime", 946684800))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "ip-address-absent-in-process",
        [allow(**cond("IpAddress", "aws:SourceIp", "10.0.0.0/8"))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "not-ip-address-if-exists-absent",
        [allow(**cond("NotIpAddressIfExists", "aws:SourceIp", "10.0.0.0/8"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "for-any-value-tag-keys",
        [
            allow(
                "secretsmanager:TagResource",
                **cond("ForAnyValue:StringEquals", "aws:TagKeys", ["team"]),
            )
        ],
        None,
        "reader",
        "TagResource",
        "allow",
        params={"Tags": [{"Key": "team", "Value": "x"}, {"Key": "owner", "Value": "y"}]},
    ),
    Case(
        "for-all-values-tag-keys-outside",
        [
            allow(
                "secretsmanager:TagResource",
                **cond("ForAllValues:StringEquals", "aws:TagKeys", ["team", "env"]),
            )
        ],
        None,
        "reader",
        "TagResource",
        "no-identity",
        params={"Tags": [{"Key": "owner", "Value": "y"}]},
    ),
    Case(
        "for-all-values-tag-keys-inside",
        [
            allow(
                "secretsmanager:TagResource",
                **cond("ForAllValues:StringEquals", "aws:TagKeys", ["team", "env"]),
            )
        ],
        None,
        "reader",
        "TagResource",
        "allow",
        params={"Tags": [{"Key": "env", "Value": "y"}]},
    ),
    Case(
        "for-all-values-missing-key-passes",
        [allow(**cond("ForAllValues:StringEquals", "aws:TagKeys", ["team"]))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "for-any-value-missing-key-fails",
        [allow(**cond("ForAnyValue:StringEquals", "aws:TagKeys", ["team"]))],
        None,
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "version-stage-key",
        [allow(**cond("StringEquals", "secretsmanager:VersionStage", "AWSCURRENT"))],
        None,
        "reader",
        GET,
        "allow",
        params={"VersionStage": "AWSCURRENT"},
    ),
    Case(
        "version-stage-key-other-stage",
        [allow(**cond("StringEquals", "secretsmanager:VersionStage", "AWSCURRENT"))],
        None,
        "reader",
        GET,
        "no-identity",
        params={"VersionStage": "AWSPREVIOUS"},
    ),
    Case(
        "secret-id-key",
        [allow(**cond("ArnLike", "secretsmanager:SecretId", "{BASE}app/*"))],
        None,
        "reader",
        GET,
        "allow",
    ),
    Case(
        "force-delete-denied",
        [
            allow("secretsmanager:DeleteSecret"),
            deny(
                "secretsmanager:DeleteSecret",
                **cond("Bool", "secretsmanager:ForceDeleteWithoutRecovery", "true"),
            ),
        ],
        None,
        "reader",
        DELETE,
        "identity-deny",
        params={"ForceDeleteWithoutRecovery": True},
    ),
    Case(
        "recovery-window-allowed",
        [
            allow(
                "secretsmanager:DeleteSecret",
                **cond("NumericGreaterThanEquals", "secretsmanager:RecoveryWindowInDays", 7),
            )
        ],
        None,
        "reader",
        DELETE,
        "allow",
        params={"RecoveryWindowInDays": 10},
    ),
    # --- Resource policies in the same account: IAM "Policy evaluation logic" (identity OR
    # resource policy suffices) and "IAM JSON policy elements: Principal"
    # (reference_policies_elements_principal.html: the account principal delegates to IAM).
    Case("resource-policy-names-role", [], [allow(**to({"AWS": READER}))], "reader", GET, "allow"),
    Case("resource-policy-everyone", [], [allow(**to("*"))], "reader", GET, "allow"),
    Case("resource-policy-aws-star", [], [allow(**to({"AWS": "*"}))], "alice", GET, "allow"),
    Case(
        "resource-policy-account-root-delegates",
        [],
        [allow(**to({"AWS": f"arn:aws:iam::{OWNER}:root"}))],
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "resource-policy-account-id-delegates",
        [],
        [allow(**to({"AWS": OWNER}))],
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "resource-policy-other-role",
        [],
        [allow(**to({"AWS": ALICE}))],
        "reader",
        GET,
        "no-identity",
    ),
    Case(
        "resource-deny-beats-identity-allow",
        [allow()],
        [deny(**to({"AWS": READER}))],
        "reader",
        GET,
        "resource-deny",
    ),
    Case(
        "resource-deny-everyone-delete",
        [allow("secretsmanager:*")],
        [deny("secretsmanager:DeleteSecret", **to("*"))],
        "reader",
        DELETE,
        "resource-deny",
    ),
    Case(
        "resource-deny-delete-leaves-get",
        [allow("secretsmanager:*")],
        [deny("secretsmanager:DeleteSecret", **to("*"))],
        "reader",
        GET,
        "allow",
    ),
    Case(
        "resource-deny-account-covers-its-roles",
        [allow()],
        [deny(**to({"AWS": OWNER}))],
        "reader",
        GET,
        "resource-deny",
    ),
    Case(
        "not-principal-deny-spares-named",
        [allow()],
        [
            {
                "Effect": "Deny",
                "NotPrincipal": {"AWS": READER},
                "Action": "secretsmanager:*",
                "Resource": "*",
            }
        ],
        "reader",
        GET,
        "allow",
    ),
    Case(
        "not-principal-deny-hits-others",
        [allow()],
        [
            {
                "Effect": "Deny",
                "NotPrincipal": {"AWS": READER},
                "Action": "secretsmanager:*",
                "Resource": "*",
            }
        ],
        "alice",
        GET,
        "resource-deny",
    ),
    Case(
        "resource-policy-condition-on-caller-tag",
        [],
        [allow(**to("*"), **cond("StringEquals", "aws:PrincipalTag/team", "blue"))],
        "reader",
        GET,
        "allow",
    ),
    Case(
        "resource-policy-condition-fails",
        [],
        [allow(**to("*"), **cond("StringEquals", "aws:PrincipalTag/team", "blue"))],
        "alice",
        GET,
        "no-identity",
    ),
    Case(
        "resource-policy-service-principal-is-not-a-role",
        [],
        [allow(**to({"Service": "lambda.amazonaws.com"}))],
        "reader",
        GET,
        "no-identity",
    ),
    # --- Another account: IAM "Cross-account policy evaluation logic"
    # (reference_policies_evaluation-logic-cross-account.html): both sides must allow.
    Case("cross-identity-only", [allow()], None, "external", GET, "no-resource"),
    Case(
        "cross-resource-only",
        [],
        [allow(**to({"AWS": f"arn:aws:iam::{OTHER}:root"}))],
        "external",
        GET,
        "no-identity",
    ),
    Case(
        "cross-both-account-root",
        [allow()],
        [allow(**to({"AWS": f"arn:aws:iam::{OTHER}:root"}))],
        "external",
        GET,
        "allow",
    ),
    Case(
        "cross-both-account-id", [allow()], [allow(**to({"AWS": OTHER}))], "external", GET, "allow"
    ),
    Case(
        "cross-both-role-arn", [allow()], [allow(**to({"AWS": EXTERNAL}))], "external", GET, "allow"
    ),
    Case("cross-both-everyone", [allow()], [allow(**to("*"))], "external", GET, "allow"),
    Case("cross-everyone-needs-identity", [], [allow(**to("*"))], "external", GET, "no-identity"),
    Case(
        "cross-resource-names-other-account",
        [allow()],
        [allow(**to({"AWS": OWNER}))],
        "external",
        GET,
        "no-resource",
    ),
    Case(
        "cross-identity-deny-wins",
        [allow(), deny()],
        [allow(**to({"AWS": OTHER}))],
        "external",
        GET,
        "identity-deny",
    ),
    Case(
        "cross-resource-deny-wins",
        [allow()],
        [allow(**to({"AWS": OTHER})), deny(**to({"AWS": OTHER}))],
        "external",
        GET,
        "resource-deny",
    ),
    Case(
        "cross-condition-principal-account",
        [allow()],
        [allow(**to("*"), **cond("StringEquals", "aws:PrincipalAccount", OTHER))],
        "external",
        GET,
        "allow",
    ),
    Case(
        "cross-resource-covers-get-not-delete",
        [allow("secretsmanager:*")],
        [allow("secretsmanager:Get*", **to({"AWS": OTHER}))],
        "external",
        DELETE,
        "no-resource",
    ),
    Case(
        "cross-assumed-role-session-matches-role",
        [allow()],
        [allow(**to({"AWS": EXTERNAL}))],
        "session",
        GET,
        "allow",
    ),
    Case(
        "cross-identity-resource-scoped",
        [allow(resource="{BASE}web/*")],
        [allow(**to({"AWS": OTHER}))],
        "external",
        GET,
        "no-identity",
    ),
]

"""Least privilege, checked offline: a reader role, a share with another account, a public policy.

Run it: ``python examples/least_privilege.py``. With ``enforce_access=True`` smstub identifies
each client by the access key of its credentials and evaluates IAM's rules: identity policies,
the secret's resource policy, and the customer KMS key's policy for another account.
"""

from __future__ import annotations

import json

import boto3
from botocore.exceptions import ClientError

from smstub import mock_secretsmanager

OWNER, PARTNER = "111122223333", "444455556666"
REGION = "us-east-1"


def policy(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def refused(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except ClientError as error:
        return f"{error.response['Error']['Code']}: {error.response['Error']['Message']}"
    raise AssertionError("the call was expected to be refused")


with mock_secretsmanager(account_id=OWNER, enforce_access=True) as sm:
    # The default fake credentials act as the account's root user: set things up with them.
    admin = boto3.client("secretsmanager", region_name=REGION)
    key = sm.kms.create_key(
        alias="alias/shared",
        policy=policy(
            {
                "Effect": "Allow",
                "Principal": {
                    "AWS": [f"arn:aws:iam::{OWNER}:root", f"arn:aws:iam::{PARTNER}:root"]
                },
                "Action": "kms:*",
                "Resource": "*",
            }
        ),
    )
    db = admin.create_secret(
        Name="app/db", SecretString="s3cr3t", Tags=[{"Key": "team", "Value": "payments"}]
    )["ARN"]
    shared = admin.create_secret(Name="app/partner", SecretString="p4rtn3r", KmsKeyId=key)["ARN"]

    # 1. A reader role: may read the secrets tagged for its team, and nothing else.
    reader = boto3.client(
        "secretsmanager",
        region_name=REGION,
        **sm.register_principal(
            principal_arn=f"arn:aws:iam::{OWNER}:role/payments-reader",
            identity_policies=[
                policy(
                    {
                        "Effect": "Allow",
                        "Action": "secretsmanager:GetSecretValue",
                        "Resource": "*",
                        "Condition": {
                            "StringEquals": {"secretsmanager:ResourceTag/team": "payments"}
                        },
                    }
                )
            ],
        ),
    )
    assert reader.get_secret_value(SecretId="app/db")["SecretString"] == "s3cr3t"
    print("reader reads app/db")
    print("reader deletes app/db ->", refused(lambda: reader.delete_secret(SecretId="app/db")))

    # 2. Another account reads app/partner through the resource policy and the key policy.
    admin.put_resource_policy(
        SecretId=shared,
        ResourcePolicy=policy(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{PARTNER}:role/importer"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ),
        BlockPublicPolicy=True,
    )
    importer = boto3.client(
        "secretsmanager",
        region_name=REGION,
        **sm.register_principal(
            principal_arn=f"arn:aws:iam::{PARTNER}:role/importer",
            identity_policies=[
                policy(
                    {
                        "Effect": "Allow",
                        "Action": ["secretsmanager:GetSecretValue", "kms:Decrypt"],
                        "Resource": "*",
                    }
                )
            ],
        ),
    )
    assert importer.get_secret_value(SecretId=shared)["SecretString"] == "p4rtn3r"
    print("partner account reads app/partner by its ARN")
    print("partner reads app/db ->", refused(lambda: importer.get_secret_value(SecretId=db)))

    # 3. A public policy is refused when BlockPublicPolicy is set.
    public = policy(
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "secretsmanager:GetSecretValue",
            "Resource": "*",
        }
    )
    print(
        "public policy ->",
        refused(
            lambda: admin.put_resource_policy(
                SecretId=db, ResourcePolicy=public, BlockPublicPolicy=True
            )
        ),
    )
    checked = admin.validate_resource_policy(SecretId=db, ResourcePolicy=public)
    print("ValidateResourcePolicy passed:", checked["PolicyValidationPassed"])

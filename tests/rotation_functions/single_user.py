"""A single-user rotation function shaped like AWS's published rotation templates.

It does what AWS's generic template (``SecretsManagerRotationTemplate``) does, step for step,
written here from the documented behaviour: the client uses ``SECRETS_MANAGER_ENDPOINT``; the
handler checks that rotation is enabled and that the token is staged AWSPENDING (returning at
once if it is already AWSCURRENT); ``createSecret`` puts a new password as AWSPENDING unless a
value is already there; ``setSecret`` and ``testSecret`` talk to the "database" (a dict here);
``finishSecret`` moves AWSCURRENT to the new version. The tests load it by dotted path,
``tests.rotation_functions.single_user.lambda_handler``, as Lambda would.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import boto3

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)

# The "database" whose password is rotated: user name -> password. Tests read and reset it.
DATABASE: dict[str, str] = {}


def lambda_handler(event: dict[str, Any], context: Any) -> None:
    arn = event["SecretId"]
    token = event["ClientRequestToken"]
    step = event["Step"]

    client = boto3.client("secretsmanager", endpoint_url=os.environ["SECRETS_MANAGER_ENDPOINT"])

    metadata = client.describe_secret(SecretId=arn)
    if not metadata["RotationEnabled"]:
        raise ValueError(f"Secret {arn} is not enabled for rotation")
    versions = metadata["VersionIdsToStages"]
    if token not in versions:
        raise ValueError(f"Secret version {token} has no stage for rotation of secret {arn}.")
    if "AWSCURRENT" in versions[token]:
        logger.info("Secret version %s already set as AWSCURRENT for secret %s.", token, arn)
        return
    if "AWSPENDING" not in versions[token]:
        raise ValueError(f"Secret version {token} not set as AWSPENDING for rotation of {arn}.")

    if step == "createSecret":
        create_secret(client, arn, token)
    elif step == "setSecret":
        set_secret(client, arn, token)
    elif step == "testSecret":
        test_secret(client, arn, token)
    elif step == "finishSecret":
        finish_secret(client, arn, token)
    else:
        raise ValueError(f"Invalid step parameter {step}")


def create_secret(client: Any, arn: str, token: str) -> None:
    current = json.loads(
        client.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"]
    )
    try:
        client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
        logger.info("createSecret: Successfully retrieved secret for %s.", arn)
    except client.exceptions.ResourceNotFoundException:
        exclude = os.environ.get("EXCLUDE_CHARACTERS", "/@\"'\\")
        current["password"] = client.get_random_password(ExcludeCharacters=exclude)[
            "RandomPassword"
        ]
        client.put_secret_value(
            SecretId=arn,
            ClientRequestToken=token,
            SecretString=json.dumps(current),
            VersionStages=["AWSPENDING"],
        )
        logger.info("createSecret: Successfully put secret for ARN %s and version %s.", arn, token)


def _pending(client: Any, arn: str, token: str) -> dict[str, str]:
    response = client.get_secret_value(SecretId=arn, VersionId=token, VersionStage="AWSPENDING")
    value: dict[str, str] = json.loads(response["SecretString"])
    return value


def set_secret(client: Any, arn: str, token: str) -> None:
    pending = _pending(client, arn, token)
    DATABASE[pending["username"]] = pending["password"]


def test_secret(client: Any, arn: str, token: str) -> None:
    pending = _pending(client, arn, token)
    if DATABASE.get(pending["username"]) != pending["password"]:
        raise ValueError(f"testSecret: cannot log in with the pending secret of {arn}")


def finish_secret(client: Any, arn: str, token: str) -> None:
    metadata = client.describe_secret(SecretId=arn)
    current_version = None
    for version, stages in metadata["VersionIdsToStages"].items():
        if "AWSCURRENT" in stages:
            if version == token:
                logger.info("finishSecret: Version %s already marked as AWSCURRENT", version)
                return
            current_version = version
            break
    client.update_secret_version_stage(
        SecretId=arn,
        VersionStage="AWSCURRENT",
        MoveToVersionId=token,
        RemoveFromVersionId=current_version,
    )
    logger.info("finishSecret: Successfully set AWSCURRENT stage to version %s", token)

"""smstub: fake AWS Secrets Manager inside the test process.

>>> import boto3
>>> from smstub import mock_secretsmanager
>>> with mock_secretsmanager():
...     client = boto3.client("secretsmanager", region_name="eu-west-1")
...     arn = client.create_secret(Name="app/db", SecretString="s3cr3t")["ARN"]
...     arn.startswith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-")
True
"""

from __future__ import annotations

from smstub._activation import MockSecretsManager, mock_secretsmanager
from smstub._handle import SecretsManagerMock

__all__ = ["MockSecretsManager", "SecretsManagerMock", "__version__", "mock_secretsmanager"]
__version__ = "0.1.0"

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

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from smstub._activation import MockSecretsManager, current, mock_secretsmanager
    from smstub._handle import SecretsManagerMock

__all__ = [
    "MockSecretsManager",
    "SecretsManagerMock",
    "__version__",
    "current",
    "mock_secretsmanager",
]
__version__ = "0.1.0"

# Names are imported on first use, so that loading the pytest plugin (which imports this
# package) costs nothing in projects that never switch the fake on.
_LAZY = {
    "MockSecretsManager": "smstub._activation",
    "mock_secretsmanager": "smstub._activation",
    "current": "smstub._activation",
    "SecretsManagerMock": "smstub._handle",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'smstub' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

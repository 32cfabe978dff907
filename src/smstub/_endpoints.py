"""Where a Secrets Manager request is going, read from its URL (no imports, so that the install
layer can use it without loading the wire)."""

from __future__ import annotations

import re

__all__ = ["ACCESS_KEY_HEADER", "HOST_REGION"]

# secretsmanager.us-east-1.amazonaws.com, secretsmanager-fips.us-gov-west-1.amazonaws.com,
# secretsmanager.cn-north-1.amazonaws.com.cn, secretsmanager.eu-west-1.api.aws, ...
HOST_REGION = re.compile(r"https?://secretsmanager(?:-fips)?\.([a-z0-9-]+)\.")

# The header _install puts the client's access key in (``enforce_access`` only) for _hook.
ACCESS_KEY_HEADER = "x-smstub-access-key"

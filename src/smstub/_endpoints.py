"""Where a Secrets Manager request is going, read from its URL (no smstub imports but the memo
helper, so that the install layer can use it without loading the wire)."""

from __future__ import annotations

import re

from smstub._memo import remember

__all__ = ["ACCESS_KEY_HEADER", "HOST_REGION", "host_region"]

# secretsmanager.us-east-1.amazonaws.com, secretsmanager-fips.us-gov-west-1.amazonaws.com,
# secretsmanager.cn-north-1.amazonaws.com.cn, secretsmanager.eu-west-1.api.aws, ...
HOST_REGION = re.compile(r"https?://secretsmanager(?:-fips)?\.([a-z0-9-]+)\.")

# Region per endpoint URL seen: a client sends every request to one URL, and the match costs
# more than the lookup. Only URLs that are Secrets Manager endpoints are kept (a few per test
# run: one per region used), and at most _URLS_MAX of them.
_region_by_url: dict[str, str] = {}
_URLS_MAX = 64


def host_region(url: str) -> str | None:
    """The region a standard Secrets Manager endpoint URL names, if it is one."""
    region = _region_by_url.get(url)
    if region is None:
        match = HOST_REGION.match(url)
        if match is None:
            return None
        region = match[1]
        remember(_region_by_url, url, region, _URLS_MAX)
    return region


# The header _install puts the client's access key in (``enforce_access`` only) for _hook.
ACCESS_KEY_HEADER = "x-smstub-access-key"

"""An in-process KMS key registry: the keys that secret versions are encrypted under."""

from __future__ import annotations

import enum
import os
import threading
import uuid
from dataclasses import dataclass, field

from smstub._ids import partition_of

__all__ = ["DEFAULT_ALIAS", "KeyRegistry", "KeyState", "KmsKey"]

DEFAULT_ALIAS = "alias/aws/secretsmanager"


class KeyState(enum.Enum):
    ENABLED = "Enabled"
    DISABLED = "Disabled"
    PENDING_DELETION = "PendingDeletion"


@dataclass(slots=True, eq=False)
class KmsKey:
    key_id: str
    arn: str
    account: str
    region: str
    material: bytes = field(repr=False)
    aws_managed: bool = False
    description: str | None = None
    state: KeyState = KeyState.ENABLED


class KeyRegistry:
    """KMS keys per account and region, addressed as KMS addresses them.

    A key may be named by its key id, key ARN, alias name (``alias/...``) or alias ARN. The
    AWS-managed ``alias/aws/secretsmanager`` key is created the first time an account and region
    needs it, as AWS does.
    """

    def __init__(self, default_account: str, default_region: str = "us-east-1") -> None:
        self._default_account = default_account
        self._default_region = default_region
        self._lock = threading.RLock()
        self._by_arn: dict[str, KmsKey] = {}
        self._by_id: dict[tuple[str, str, str], KmsKey] = {}
        self._aliases: dict[tuple[str, str, str], KmsKey] = {}

    # --- public surface (sm.kms) ---------------------------------------------------------
    def create_key(
        self,
        *,
        region: str | None = None,
        account_id: str | None = None,
        alias: str | None = None,
        description: str | None = None,
    ) -> str:
        """Create a customer-managed key and return its ARN."""
        key = self._new_key(
            account_id or self._default_account, region or self._default_region, description
        )
        if alias is not None:
            self.create_alias(alias, key.arn)
        return key.arn

    def create_alias(self, alias: str, key: str) -> None:
        """Point ``alias`` (``alias/...``) at ``key`` in the key's account and region."""
        from smstub.errors import SmstubError

        if not alias.startswith("alias/") or alias.startswith("alias/aws/"):
            raise SmstubError(
                f"alias {alias!r} must start with 'alias/' and not with the reserved 'alias/aws/'"
            )
        target = self._require(key)
        with self._lock:
            self._aliases[(target.account, target.region, alias)] = target

    def disable_key(self, key: str) -> None:
        self._require(key).state = KeyState.DISABLED

    def enable_key(self, key: str) -> None:
        self._require(key).state = KeyState.ENABLED

    def schedule_key_deletion(self, key: str) -> None:
        self._require(key).state = KeyState.PENDING_DELETION

    # --- used by the backend ---------------------------------------------------------------
    def default_key(self, account: str, region: str) -> KmsKey:
        with self._lock:
            key = self._aliases.get((account, region, DEFAULT_ALIAS))
            if key is None:
                key = self._new_key(account, region, "Default key for Secrets Manager")
                key.aws_managed = True
                self._aliases[(account, region, DEFAULT_ALIAS)] = key
            return key

    def resolve(self, ref: str, account: str, region: str) -> KmsKey | None:
        """The key that ``ref`` names as seen from ``account`` and ``region``, if any."""
        if ref.startswith("arn:"):
            parts = ref.split(":", 5)
            if len(parts) != 6 or parts[2] != "kms":
                return None
            resource = parts[5]
            if resource.startswith("key/"):
                return self._by_arn.get(ref)
            if resource.startswith("alias/"):
                return self._alias(parts[4], parts[3], resource)
            return None
        if ref.startswith("alias/"):
            return self._alias(account, region, ref)
        return self._by_id.get((account, region, ref))

    def by_arn(self, arn: str) -> KmsKey | None:
        return self._by_arn.get(arn)

    # --- internals ---------------------------------------------------------------------------
    def _alias(self, account: str, region: str, alias: str) -> KmsKey | None:
        if alias == DEFAULT_ALIAS:
            return self.default_key(account, region)
        return self._aliases.get((account, region, alias))

    def _new_key(self, account: str, region: str, description: str | None) -> KmsKey:
        key_id = str(uuid.uuid4())
        arn = f"arn:{partition_of(region)}:kms:{region}:{account}:key/{key_id}"
        key = KmsKey(key_id, arn, account, region, os.urandom(32), description=description)
        with self._lock:
            self._by_arn[arn] = key
            self._by_id[(account, region, key_id)] = key
        return key

    def _require(self, ref: str) -> KmsKey:
        key = self.resolve(ref, self._default_account, self._default_region)
        if key is None:
            from smstub.errors import SmstubError

            known = ", ".join(sorted(self._by_arn)) or "none yet"
            raise SmstubError(
                f"no KMS key {ref!r} in the registry (known keys: {known}); "
                "create it with sm.kms.create_key()"
            )
        return key

    def __repr__(self) -> str:
        return f"<smstub KeyRegistry {len(self._by_arn)} keys>"

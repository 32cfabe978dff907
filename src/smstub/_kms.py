"""An in-process KMS key registry: the keys that secret versions are encrypted under.

What Secrets Manager makes of a ``KmsKeyId``, and the errors it answers when a key cannot be
used, are in :mod:`smstub._keyrules`.
"""

from __future__ import annotations

import enum
import json
import os
import re
import threading
import uuid
from collections.abc import Mapping
from dataclasses import InitVar, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from smstub import _aws_errors as err
from smstub._crypto import new_cipher
from smstub._ids import partition_of

__all__ = ["ALIAS", "ARN", "DEFAULT_ALIAS", "KEY_ID", "KeyRegistry", "KeyState", "KmsKey"]

DEFAULT_ALIAS = "alias/aws/secretsmanager"

# KMS identifier syntax (AWS KMS developer guide, "Key identifiers"): key ids are UUIDs, or
# "mrk-" and 32 hex digits for multi-Region keys; alias names are "alias/" and up to 250 of
# [a-zA-Z0-9/_-].
KEY_ID = re.compile(r"(?:[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|mrk-[0-9a-f]{32})\Z")
ALIAS = re.compile(r"alias/[A-Za-z0-9/_-]{1,250}\Z")
ARN = re.compile(
    r"arn:(?P<partition>[a-z-]+):kms:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"(?P<resource>(?:key|alias)/.+)\Z"
)


class KeyState(enum.Enum):
    ENABLED = "Enabled"
    DISABLED = "Disabled"
    PENDING_DELETION = "PendingDeletion"


@dataclass(slots=True, eq=False)
class KmsKey:
    """One KMS key. Its material lives only inside the cipher built from it."""

    key_id: str
    arn: str
    account: str
    region: str
    material: InitVar[bytes]
    aws_managed: bool = False
    description: str | None = None
    state: KeyState = KeyState.ENABLED
    # The key policy (a parsed smstub._policy_doc.Policy) for enforce_access; None: KMS's
    # default policy, which trusts the key's own account.
    policy: object = None
    policy_text: str | None = None  # the document as given (for sm.dump)
    # Built once per key: sealing and opening reuse it on every call.
    aead: AESGCM = field(init=False, repr=False)

    def __post_init__(self, material: bytes) -> None:
        self.aead = new_cipher(material)


def _key_policy(document: str | Mapping[str, object]) -> object:
    import json

    from smstub._policy_doc import parse_policy
    from smstub.errors import PolicyError

    text = document if isinstance(document, str) else json.dumps(document)
    try:
        return parse_policy(text, resource_policy=True)
    except err.MalformedPolicyDocumentException as error:
        raise PolicyError(f"key policy: {error.message}") from None


class KeyRegistry:
    """KMS keys per account and Region, addressed as KMS addresses them.

    A key may be named by its key id, key ARN, alias name (``alias/...``) or alias ARN. Key ids
    and alias names are looked up in the handle's account and Region; ARNs name any key. The
    AWS-managed ``alias/aws/secretsmanager`` key is created the first time an account and Region
    needs it, as AWS does.

    >>> from smstub import mock_secretsmanager
    >>> with mock_secretsmanager() as sm:
    ...     arn = sm.kms.create_key(alias="alias/payments")
    ...     sm.kms.disable_key("alias/payments")  # reads of its secrets now fail
    ...     sm.kms.describe_key(arn)["KeyState"]
    'Disabled'
    """

    def __init__(self, default_account: str, default_region: str = "us-east-1") -> None:
        self._default_account = default_account
        self._default_region = default_region
        self._lock = threading.RLock()
        self._by_arn: dict[str, KmsKey] = {}
        self._by_id: dict[tuple[str, str, str], KmsKey] = {}
        self._aliases: dict[tuple[str, str, str], KmsKey] = {}

    # --- public surface (sm.kms) -------------------------------------------------------------
    def create_key(
        self,
        *,
        region: str | None = None,
        account_id: str | None = None,
        alias: str | None = None,
        description: str | None = None,
        key_id: str | None = None,
        policy: str | Mapping[str, object] | None = None,
    ) -> str:
        """Create an enabled customer-managed key and return its ARN (``key_id``: a chosen id,
        as a seed file gives it; a fresh UUID otherwise). ``policy`` (a key policy document)
        matters only with ``enforce_access=True``."""
        account = account_id or self._default_account
        region = region or self._default_region
        parsed = None if policy is None else _key_policy(policy)
        with self._lock:
            if alias is not None:
                self._check_alias_free(alias, account, region)
            if key_id is not None and (
                not KEY_ID.match(key_id) or (account, region, key_id) in self._by_id
            ):
                raise self._error(f"key id {key_id!r} is not a free KMS key id (a UUID)")
            key = self._new_key(account, region, description, key_id)
            key.policy = parsed
            if policy is not None:
                key.policy_text = policy if isinstance(policy, str) else json.dumps(policy)
            if alias is not None:
                self._aliases[(account, region, alias)] = key
        return key.arn

    def create_alias(self, alias: str, key: str) -> None:
        """Point the new alias ``alias`` (``alias/...``) at ``key``, in the key's account and
        Region."""
        with self._lock:
            target = self._require(key)
            self._check_alias_free(alias, target.account, target.region)
            self._aliases[(target.account, target.region, alias)] = target

    def update_alias(self, alias: str, key: str) -> None:
        """Point the existing alias ``alias`` at another key of the same account and Region.
        Secrets already encrypted keep working: their data keys name the key, not the alias."""
        with self._lock:
            target = self._require(key)
            slot = (target.account, target.region, alias)
            if slot not in self._aliases or alias.startswith("alias/aws/"):
                raise self._error(
                    f"there is no customer alias {alias!r} in {target.account}/{target.region} "
                    "to update; create it with sm.kms.create_alias()"
                )
            self._aliases[slot] = target

    def disable_key(self, key: str) -> None:
        """Disable ``key``: Secrets Manager can neither encrypt nor decrypt under it."""
        self._customer_key(key).state = KeyState.DISABLED

    def enable_key(self, key: str) -> None:
        """Enable a disabled ``key``."""
        target = self._customer_key(key)
        if target.state is KeyState.PENDING_DELETION:
            raise self._error(
                f"KMS key {target.arn} is pending deletion; as in KMS, call "
                "sm.kms.cancel_key_deletion() first (the key is then disabled)"
            )
        target.state = KeyState.ENABLED

    def schedule_key_deletion(self, key: str) -> None:
        """Put ``key`` in the PendingDeletion state: unusable, as during KMS's waiting period."""
        self._customer_key(key).state = KeyState.PENDING_DELETION

    def cancel_key_deletion(self, key: str) -> None:
        """Cancel a scheduled deletion; as in KMS, the key is then disabled."""
        target = self._customer_key(key)
        if target.state is KeyState.PENDING_DELETION:
            target.state = KeyState.DISABLED

    def describe_key(self, key: str) -> dict[str, Any]:
        """Some of KMS's ``KeyMetadata`` for ``key``."""
        target = self._require(key)
        return {
            "KeyId": target.key_id,
            "Arn": target.arn,
            "AWSAccountId": target.account,
            "Description": target.description or "",
            "Enabled": target.state is KeyState.ENABLED,
            "KeyState": target.state.value,
            "KeyManager": "AWS" if target.aws_managed else "CUSTOMER",
        }

    def __len__(self) -> int:
        """How many keys exist, AWS-managed ones included."""
        return len(self._by_arn)

    def cipher_for(self, arn: str) -> AESGCM | None:
        """The cipher of the key ``arn`` if it may decrypt now (it exists and is enabled)."""
        key = self._by_arn.get(arn)
        if key is None or key.state is not KeyState.ENABLED:
            return None
        return key.aead

    def default_key(self, account: str, region: str) -> KmsKey:
        """The AWS-managed ``aws/secretsmanager`` key of ``account`` in ``region``."""
        key = self._aliases.get((account, region, DEFAULT_ALIAS))
        if key is not None:
            return key
        with self._lock:
            key = self._aliases.get((account, region, DEFAULT_ALIAS))
            if key is None:
                # AWS's description of its managed keys; not checked against this key.
                key = self._new_key(
                    account,
                    region,
                    "Default master key that protects my Secrets Manager data when no other "
                    "key is defined",
                )
                key.aws_managed = True
                self._aliases[(account, region, DEFAULT_ALIAS)] = key
            return key

    def resolve(self, ref: str, account: str, region: str) -> KmsKey | None:
        """The key that ``ref`` names as seen from ``account`` and ``region``, if any."""
        if ref.startswith("arn:"):
            match = ARN.match(ref)
            if match is None:
                return None
            resource = match["resource"]
            owner, where = match["account"], match["region"]
            if resource.startswith("key/"):
                key = self._by_arn.get(ref)
                if key is not None and key.aws_managed and (owner, where) != (account, region):
                    return None  # AWS-managed keys serve only their own account and Region
                return key
            if resource == DEFAULT_ALIAS and (owner, where) != (account, region):
                return None
            return self._alias(owner, where, resource)
        if ref.startswith("alias/"):
            return self._alias(account, region, ref)
        return self._by_id.get((account, region, ref))

    def regions_of(self, ref: str, account: str) -> list[str]:
        """The regions where ``account`` has the alias name or key id ``ref`` (for errors)."""
        found = self._aliases if ref.startswith("alias/") else self._by_id
        return sorted(
            {where for (owner, where, name) in list(found) if (owner, name) == (account, ref)}
        )

    def by_arn(self, arn: str) -> KmsKey | None:
        return self._by_arn.get(arn)

    # --- internals -----------------------------------------------------------------------------
    def _alias(self, account: str, region: str, alias: str) -> KmsKey | None:
        if alias == DEFAULT_ALIAS:
            return self.default_key(account, region)
        return self._aliases.get((account, region, alias))

    def customer_keys(self) -> list[tuple[KmsKey, list[str]]]:
        """Every customer-managed key with its aliases, oldest first (for sm.dump)."""
        with self._lock:
            return [
                (key, [a for (_, _, a), k in self._aliases.items() if k is key])
                for key in self._by_arn.values()
                if not key.aws_managed
            ]

    def _new_key(
        self, account: str, region: str, description: str | None, key_id: str | None = None
    ) -> KmsKey:
        key_id = key_id or str(uuid.uuid4())
        arn = f"arn:{partition_of(region)}:kms:{region}:{account}:key/{key_id}"
        key = KmsKey(key_id, arn, account, region, os.urandom(32), description=description)
        with self._lock:
            self._by_arn[arn] = key
            self._by_id[(account, region, key_id)] = key
        return key

    def _check_alias_free(self, alias: str, account: str, region: str) -> None:
        if ALIAS.match(alias) is None or alias.startswith("alias/aws/"):
            raise self._error(
                f"alias {alias!r} must be 'alias/' followed by letters, digits, '/', '_' or '-', "
                "and must not start with the reserved 'alias/aws/'"
            )
        if (account, region, alias) in self._aliases:
            raise self._error(
                f"alias {alias!r} already exists in {account}/{region}; "
                "use sm.kms.update_alias() to point it at another key"
            )

    def _require(self, ref: str) -> KmsKey:
        key = self.resolve(ref, self._default_account, self._default_region)
        if key is None:
            known = sorted(self._by_arn) + sorted(alias for *_, alias in self._aliases)
            raise self._error(
                f"no KMS key {ref!r} in the registry (known: {', '.join(known) or 'none yet'}); "
                "create one with sm.kms.create_key(); key ids and alias names are looked up in "
                f"{self._default_account}/{self._default_region}, so use ARNs for other accounts "
                "and Regions"
            )
        return key

    def _customer_key(self, ref: str) -> KmsKey:
        key = self._require(ref)
        if key.aws_managed:
            raise self._error(
                f"{key.arn} is the AWS managed key aws/secretsmanager; KMS does not let you "
                "disable or delete AWS managed keys. Use a key from sm.kms.create_key() instead"
            )
        return key

    @staticmethod
    def _error(message: str) -> Exception:
        from smstub.errors import SmstubError

        return SmstubError(message)

    def __repr__(self) -> str:
        return f"<smstub KeyRegistry {len(self._by_arn)} keys>"

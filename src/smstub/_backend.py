"""The domain: Secrets Manager's rules for secrets, versions, labels and deletion.

No JSON and no HTTP here. Operations take and return typed values and raise the AWS errors of
``_aws_errors``; the operations layer turns results into wire dicts.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from smstub import _aws_errors as err
from smstub._clock import Clock
from smstub._crypto import IntegrityError, KeyUnavailable, Rewrapped, open_sealed, rewrap, seal
from smstub._ids import arn_base, arn_suffix, partition_of, secret_arn
from smstub._kms import DECRYPTION_FAILURE, KeyRegistry
from smstub._listing import ListingIndex, Query
from smstub._model import AWSCURRENT, AWSPENDING, AWSPREVIOUS, Secret, Tag, Version
from smstub._tags import check_keys, tags_after_tagging, tags_after_untagging

__all__ = ["RegionBackend", "SecretValue", "Store"]

# AWS: "Invalid name. Must be a valid name containing alphanumeric characters, or any of the
# following: -/_+=.@!" (recordings: test_invalid_secret_name, every SecretId-taking operation).
_VALID_NAME = re.compile(r"[A-Za-z0-9/_+=.@-]+\Z")
_SECRET_ARN = re.compile(
    r"arn:(?P<partition>[^:]+):secretsmanager:(?P<region>[^:]+):(?P<account>[^:]+):secret:"
    r"(?P<name>[A-Za-z0-9/_+=.@-]+)\Z"
)
# A partial ARN whose name ends in "-" and six characters is taken as a full ARN (recordings:
# test_create_and_update_secret[Invalid/_+=.@-Name-a1b2c3-False]).
_LOOKS_SUFFIXED = re.compile(r".*-[A-Za-z0-9]{6}\Z")

# AWS documentation (DeleteSecret): the recovery window is 7 to 30 days, 30 by default.
_MIN_WINDOW, _MAX_WINDOW, _DEFAULT_WINDOW = 7, 30, 30
# AWS documentation (PutSecretValue, "Quotas"): versions without labels are removed once a secret
# has more than 100 versions, but never while they are less than 24 hours old.
_VERSION_QUOTA = 100
_DEPRECATED_GRACE = timedelta(hours=24)
# AWS documentation (quotas): a secret value is at most 65,536 bytes.
_MAX_VALUE_BYTES = 65536
# What ListSecretVersionIds reports for versions under the AWS-managed key (recordings).
DEFAULT_KEY_LABEL = "DefaultEncryptionKey"


class SecretValue:
    """A secret value in transit between the wire and the sealed store. Never shown in a repr."""

    __slots__ = ("_binary", "_string")

    def __init__(self, string: str | None = None, binary: bytes | None = None) -> None:
        self._string = string
        self._binary = binary

    @property
    def is_binary(self) -> bool:
        return self._binary is not None

    @property
    def string(self) -> str | None:
        return self._string

    @property
    def binary(self) -> bytes | None:
        return self._binary

    def to_bytes(self) -> bytes:
        if self._binary is not None:
            return self._binary
        assert self._string is not None
        return self._string.encode()

    @classmethod
    def from_bytes(cls, data: bytes, is_binary: bool) -> SecretValue:
        return cls(binary=data) if is_binary else cls(string=data.decode())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecretValue):
            return NotImplemented
        return self._string == other._string and self._binary == other._binary

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<SecretValue redacted>"


@dataclass(slots=True, frozen=True)
class Deletion:
    arn: str
    name: str
    deletion_date: datetime


def value_of(string: str | None, binary: bytes | None) -> SecretValue | None:
    """The value a request carries, checking AWS's rules for SecretString and SecretBinary."""
    if string is not None and binary is not None:
        # Seen from AWS (aws/aws-sdk-java#1556), with a typographic apostrophe at the time.
        raise err.InvalidParameterException(
            "You can't specify both a binary secret value and a string secret value in the same "
            "secret."
        )
    if string is None and binary is None:
        return None
    value = SecretValue(string, binary)
    if string is not None and len(string) <= _MAX_VALUE_BYTES < len(value.to_bytes()):
        # The model's limit counts characters; AWS's quota counts bytes.
        raise err.ValidationException(
            "1 validation error detected: Value at 'secretString' failed to satisfy constraint: "
            f"Member must have length less than or equal to {_MAX_VALUE_BYTES}"
        )
    return value


def check_name(name: str) -> None:
    if _VALID_NAME.match(name) is None:
        raise err.ValidationException(err.INVALID_NAME)


class RegionBackend:
    """All secrets of one account in one region."""

    def __init__(self, store: Store, account: str, region: str) -> None:
        self.store = store
        self.account = account
        self.region = region
        self.partition = partition_of(region)
        self.arn_base = arn_base(self.partition, region, account)
        # Names are unique in a region, so the name finds a secret by ARN as well.
        self._by_name: dict[str, Secret] = {}
        self._serials = itertools.count()
        # Sort indexes for ListSecrets. Every secret handed out by find() is re-keyed before the
        # next listing; code that changes a secret obtained some other way must call
        # self.listing.touch(secret).
        self.listing = ListingIndex()

    # --- lookup ------------------------------------------------------------------------------
    def find(self, secret_id: str) -> Secret:
        """The secret ``secret_id`` names (name, full ARN or partial ARN), or AWS's error."""
        secret = self._resolve(secret_id)
        if secret is None:
            raise err.ResourceNotFoundException()
        if secret.deletion_date is not None and secret.deletion_date <= self.store.clock.now():
            self._remove(secret)
            raise err.ResourceNotFoundException()
        self.listing.touch(secret)
        return secret

    def find_live(self, secret_id: str) -> Secret:
        """Like :meth:`find`, refusing a secret that is scheduled for deletion."""
        secret = self.find(secret_id)
        if secret.deleted_date is not None:
            # Seen from AWS for GetSecretValue (external-secrets#4560); the model lists
            # InvalidRequestException for every write on such a secret.
            raise err.InvalidRequestException(err.MARKED_FOR_DELETION)
        return secret

    def _resolve(self, secret_id: str) -> Secret | None:
        if secret_id.startswith("arn:"):
            match = _SECRET_ARN.match(secret_id)
            if match is None:
                if _VALID_NAME.match(secret_id.replace(":", "")) is None:
                    raise err.ValidationException(err.INVALID_NAME)
                return None
            if (match["account"], match["region"], match["partition"]) != (
                self.account,
                self.region,
                self.partition,
            ):
                return None
            name = match["name"]
            if _LOOKS_SUFFIXED.match(name) is None:
                return self._by_name.get(name)
            found = self._by_name.get(name[:-7])
            return found if found is not None and found.suffix == name[-6:] else None
        check_name(secret_id)
        return self._by_name.get(secret_id)

    def secrets(self) -> Iterator[Secret]:
        return iter(list(self._by_name.values()))

    def __len__(self) -> int:
        return len(self._by_name)

    def _remove(self, secret: Secret) -> None:
        self._by_name.pop(secret.name, None)
        self.listing.discard(secret)

    def purge_due(self, now: datetime) -> None:
        for secret in [s for s in self._by_name.values() if s.deletion_date is not None]:
            if secret.deletion_date is not None and secret.deletion_date <= now:
                self._remove(secret)

    # --- encryption --------------------------------------------------------------------------
    def _seal(
        self,
        secret: Secret,
        version_id: str,
        value: SecretValue,
        key_ref: str | None,
        now: datetime | None = None,
    ) -> Version:
        """A version holding ``value`` sealed under the key ``key_ref`` names (None: the
        AWS-managed key), or EncryptionFailure if KMS cannot encrypt under it."""
        key = self.store.kms.for_encryption(key_ref, self.account, self.region)
        return Version(
            version_id=version_id,
            # CreateSecret passes its own "now": the first version shares the secret's dates.
            created_date=now or self.store.clock.now(),
            sealed=seal(key, value.to_bytes(), _context(secret.arn, version_id)),
            key_arn=key.arn,
            key_ref=key_ref,
            is_binary=value.is_binary,
        )

    def reveal(self, secret: Secret, version: Version) -> SecretValue:
        """The version's value, or DecryptionFailure when none of its keys is usable or its
        ciphertext does not belong to this secret and version (BatchGetSecretValue reports this
        error per secret)."""
        context = _context(secret.arn, version.version_id)
        try:
            data = open_sealed(version, self.store.kms.cipher_for, context)
        except (IntegrityError, KeyUnavailable):
            raise err.DecryptionFailure(DECRYPTION_FAILURE) from None
        return SecretValue.from_bytes(data, version.is_binary)

    def _reencrypted(self, secret: Secret, key_ref: str | None) -> list[tuple[Version, Rewrapped]]:
        """The versions a key change re-encrypts, each with its value wrapped under the new key
        as well. AWS user guide ("Change the encryption key"): AWSCURRENT, AWSPENDING and
        AWSPREVIOUS are re-encrypted and stay readable with the previous key; other versions are
        not; without use of the new key, or of a version's previous key, nothing is re-encrypted
        (and the key change itself still succeeds)."""
        try:
            key = self.store.kms.for_encryption(key_ref, self.account, self.region)
        except err.EncryptionFailure:
            return []
        done: list[tuple[Version, Rewrapped]] = []
        for label in (AWSCURRENT, AWSPENDING, AWSPREVIOUS):
            version = secret.holder(label)
            if version is None or any(version is seen for seen, _ in done):
                continue
            context = _context(secret.arn, version.version_id)
            try:
                resealed = rewrap(version, self.store.kms.cipher_for, key, key_ref, context)
            except (IntegrityError, KeyUnavailable):
                continue
            if resealed is not None:
                done.append((version, resealed))
        return done

    # --- operations --------------------------------------------------------------------------
    def create_secret(
        self,
        name: str,
        token: str | None,
        value: SecretValue | None,
        *,
        description: str | None = None,
        kms_key_id: str | None = None,
        tags: list[Tag] | None = None,
        secret_type: str | None = None,
    ) -> tuple[Secret, Version | None]:
        check_name(name)
        if token is None:
            raise err.InvalidRequestException(err.MISSING_TOKEN)
        if tags:
            tags = tags_after_tagging(None, tags)
        existing = self._by_name.get(name)
        if (
            existing is not None
            and existing.deletion_date is not None
            and existing.deletion_date <= self.store.clock.now()
        ):
            self._remove(existing)
            existing = None
        if existing is not None:
            if existing.deleted_date is not None:
                raise err.InvalidRequestException(
                    "You can't create this secret because a secret with this name is already "
                    "scheduled for deletion."
                )
            same = existing.version(token)
            if same is not None and value is not None:
                self._check_token_reuse(existing, same, value)
                return existing, same
            raise err.ResourceExistsException(
                f"The operation failed because the secret {name} already exists."
            )
        if kms_key_id is not None:
            kms_key_id = self.store.kms.secret_key_id(kms_key_id, self.account, self.region)
        now = self.store.clock.now()
        secret = Secret(
            name=name,
            arn_base=self.arn_base,
            serial=next(self._serials),
            created_date=now,
            last_changed_date=now,
            description=description or None,
            kms_key_id=kms_key_id,
            secret_type=secret_type,
            tags=tags or None,
        )
        version = None
        if value is not None:
            # Sealed before indexing: a failure changes nothing. KMS is consulted only when
            # there is a value to encrypt.
            version = self._seal(secret, token, value, secret.kms_key_id, now)
            secret.add_version(version)
            secret.attach(AWSCURRENT, version)
        self._by_name[name] = secret
        self.listing.add(secret)
        return secret, version

    def _check_token_reuse(self, secret: Secret, version: Version, value: SecretValue) -> None:
        if self.reveal(secret, version) != value:
            raise err.ResourceExistsException(
                f"You can't use ClientRequestToken {version.version_id} because that value is "
                f"already in use for a version of secret {secret.arn}."
            )

    def get_secret_value(
        self, secret_id: str, version_id: str | None, stage: str | None
    ) -> tuple[Secret, Version, SecretValue]:
        secret = self.find_live(secret_id)
        if version_id is not None:
            version = secret.version(version_id)
            if version is None:
                raise err.ResourceNotFoundException.for_version(version_id)
            if stage is not None and stage not in version.stages:
                raise err.InvalidRequestException(
                    "You provided a VersionStage that is not associated to the provided VersionId."
                )
        else:
            stage = stage or AWSCURRENT
            found = secret.holder(stage)
            if found is None:
                raise err.ResourceNotFoundException.for_stage(stage)
            version = found
        value = self.reveal(secret, version)
        # AWS truncates LastAccessedDate to the day (LocalStack's AWS-validated
        # test_last_accessed_date; AWS docs: "rounded to midnight").
        today = self.store.clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
        secret.last_accessed_date = today
        version.last_accessed_date = today
        return secret, version, value

    def put_secret_value(
        self,
        secret_id: str,
        token: str | None,
        value: SecretValue | None,
        stages: list[str] | None,
    ) -> tuple[Secret, Version]:
        if token is None:
            raise err.InvalidRequestException(err.MISSING_TOKEN)
        secret = self.find_live(secret_id)
        if value is None:
            raise err.InvalidRequestException(
                "You must provide either SecretString or SecretBinary."
            )
        existing = secret.version(token)
        if existing is not None:
            self._check_token_reuse(secret, existing, value)
            return secret, existing
        version = self._add_version(
            secret, token, value, stages or [AWSCURRENT], key_ref=secret.kms_key_id
        )
        return secret, version

    def update_secret(
        self,
        secret_id: str,
        token: str | None,
        value: SecretValue | None,
        *,
        description: str | None = None,
        kms_key_id: str | None = None,
        secret_type: str | None = None,
    ) -> tuple[Secret, Version | None]:
        if value is not None and token is None:
            raise err.InvalidRequestException(err.MISSING_TOKEN)
        secret = self.find_live(secret_id)
        if value is not None and token is not None:
            existing = secret.version(token)
            if existing is not None:
                self._check_token_reuse(secret, existing, value)
                return secret, existing
        changed = description is not None or kms_key_id is not None or secret_type is not None
        new_key = secret.kms_key_id
        if kms_key_id is not None:
            new_key = self.store.kms.secret_key_id(kms_key_id, self.account, self.region)
        # Worked out before anything changes, applied only once the new value (if any) is sealed.
        rewrapped = [] if new_key == secret.kms_key_id else self._reencrypted(secret, new_key)
        version = None
        if value is not None and token is not None:
            version = self._add_version(secret, token, value, [AWSCURRENT], key_ref=new_key)
        for old, resealed in rewrapped:
            old.sealed, old.key_arn, old.key_ref, old.earlier = resealed
        if description is not None:
            secret.description = description or None
        if secret_type is not None:
            secret.secret_type = secret_type
        secret.kms_key_id = new_key
        if changed and version is None:
            secret.last_changed_date = self.store.clock.now()
        return secret, version

    def _add_version(
        self,
        secret: Secret,
        token: str,
        value: SecretValue,
        stages: list[str],
        *,
        key_ref: str | None,
    ) -> Version:
        """A new version under ``key_ref`` (None: the AWS-managed key) carrying ``stages``."""
        version = self._seal(secret, token, value, key_ref)
        secret.add_version(version)
        old_current = secret.current
        for label in dict.fromkeys(stages):
            self._move_label(secret, label, version)
        if old_current is None:
            # botocore model docs (PutSecretValue): "If this operation creates the first version
            # for the secret, then Secrets Manager automatically attaches the staging label
            # AWSCURRENT to it", whatever VersionStages says.
            secret.attach(AWSCURRENT, version)
        elif old_current is not secret.current and secret.holder(AWSPENDING) is old_current:
            # A new value made current retires the old current's AWSPENDING as well
            # (recordings: test_update_secret_version_stages_current_pending, res_1 -> res_2).
            secret.detach(AWSPENDING, old_current)
        secret.last_changed_date = version.created_date
        self._drop_old_deprecated(secret)
        return version

    def _move_label(self, secret: Secret, label: str, version: Version) -> None:
        """Attach ``label`` to ``version``; moving AWSCURRENT also moves AWSPREVIOUS."""
        previous = secret.attach(label, version)
        if label == AWSCURRENT and previous is not None:
            # AWS docs: whenever AWSCURRENT moves, AWSPREVIOUS moves to the version it left.
            secret.attach(AWSPREVIOUS, previous)

    def _drop_old_deprecated(self, secret: Secret) -> None:
        excess = len(secret.versions) - _VERSION_QUOTA
        if excess <= 0:
            return
        cutoff = self.store.clock.now() - _DEPRECATED_GRACE
        # Versions are kept in creation order, so the scan stops at the first young one.
        for version in list(secret.versions):
            if excess <= 0 or version.created_date >= cutoff:
                break
            if not version.stages:
                secret.remove_version(version)
                excess -= 1

    def update_secret_version_stage(
        self,
        secret_id: str,
        stage: str,
        remove_from: str | None,
        move_to: str | None,
    ) -> Secret:
        secret = self.find_live(secret_id)
        holder = secret.holder(stage)
        target = None
        # UNVERIFIED texts (moto's) for an unknown version and a label not on RemoveFromVersionId;
        # the RemoveFromVersionId-can't-be-empty text is AWS's (moto's AWS-verified test).
        if move_to is not None:
            target = secret.version(move_to)
            if target is None:
                raise err.InvalidParameterException(f"Not a valid version: {move_to}")
        if remove_from is not None:
            source = secret.version(remove_from)
            if source is None:
                raise err.InvalidParameterException(f"Not a valid version: {remove_from}")
            if holder is not source:
                raise err.InvalidParameterException(
                    f"Version stage {stage} not found in version {remove_from}"
                )
        elif holder is not None and holder is not target and target is not None:
            raise err.InvalidParameterException(
                f"The parameter RemoveFromVersionId can't be empty. Staging label {stage} is "
                f"currently attached to version {holder.version_id}, so you must explicitly "
                "reference that version in RemoveFromVersionId."
            )
        if target is not None:
            if holder is not target:
                self._move_label(secret, stage, target)
        elif holder is not None and remove_from is not None:
            if stage == AWSCURRENT:
                # Recalled from AWS output, not recorded (UNVERIFIED): AWSCURRENT can only move.
                raise err.InvalidParameterException(
                    "You can only move staging label AWSCURRENT to a different secret "
                    "version. It can't be completely removed."
                )
            secret.detach(stage, holder)
        secret.last_changed_date = self.store.clock.now()
        return secret

    def list_versions(
        self, secret_id: str, include_deprecated: bool
    ) -> tuple[Secret, list[Version]]:
        secret = self.find(secret_id)
        versions = [v for v in secret.versions if include_deprecated or v.stages]
        return secret, versions

    def list_secrets(
        self,
        query: Query,
        max_results: int | None,
        token: str | None,
        *,
        operation: str = "ListSecrets",
        default_size: int | None = None,
    ) -> tuple[list[Secret], str | None]:
        """One page of the secrets ``query`` selects, and the NextToken for the next page."""
        return self.listing.page(
            query,
            max_results,
            token,
            scope=(operation, self.account, self.region),
            now=self.store.clock.now(),
            default_size=default_size,
        )

    def delete_secret(self, secret_id: str, window: int | None, force: bool | None) -> Deletion:
        if window is not None and not _MIN_WINDOW <= window <= _MAX_WINDOW:
            # Seen from AWS (getmoto/moto#6461); checked before the conflict with force.
            raise err.InvalidParameterException(
                "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
            )
        if force and window is not None:
            raise err.InvalidParameterException(
                "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."
            )
        now = self.store.clock.now()
        try:
            secret = self.find(secret_id)
        except err.ResourceNotFoundException:
            if not force:
                raise
            # AWS answers a forced delete of a missing secret as if it existed (LocalStack's
            # AWS-validated test_delete_non_existent_secret_returns_as_if_secret_exists).
            name = secret_id.rsplit(":", 1)[-1] if secret_id.startswith("arn:") else secret_id
            arn = secret_arn(self.partition, self.region, self.account, name, arn_suffix())
            return Deletion(arn, secret_id, now)
        if force:
            self._remove(secret)
            return Deletion(secret.arn, secret.name, now)
        if secret.deleted_date is not None:
            raise err.InvalidRequestException(err.MARKED_FOR_DELETION)
        secret.deleted_date = now
        secret.deletion_date = now + timedelta(days=window or _DEFAULT_WINDOW)
        return Deletion(secret.arn, secret.name, secret.deletion_date)

    def restore_secret(self, secret_id: str) -> Secret:
        secret = self.find(secret_id)
        secret.deleted_date = None
        secret.deletion_date = None
        return secret

    def tag_resource(self, secret_id: str, tags: Iterable[Tag]) -> Secret:
        tags = list(tags)
        check_keys(tag.key for tag in tags)
        secret = self.find_live(secret_id)
        secret.tags = tags_after_tagging(secret.tags, tags)
        return secret

    def untag_resource(self, secret_id: str, keys: Iterable[str]) -> Secret:
        keys = list(keys)
        check_keys(keys)
        secret = self.find_live(secret_id)
        secret.tags = tags_after_untagging(secret.tags, keys)
        return secret


def _context(arn: str, version_id: str) -> bytes:
    return f"{arn}\0{version_id}".encode()


class Store:
    """Everything one activation knows: backends per account and region, keys, and time."""

    def __init__(
        self, account_id: str, clock: Clock | None = None, region: str = "us-east-1"
    ) -> None:
        self.account_id = account_id
        self.clock = clock or Clock()
        # sm.kms.create_key() without a region makes keys in the mock's configured region.
        self.kms = KeyRegistry(account_id, region)
        self.lock = threading.RLock()
        self._backends: dict[tuple[str, str], RegionBackend] = {}

    def backend(self, account: str, region: str) -> RegionBackend:
        key = (account, region)
        found = self._backends.get(key)
        if found is None:
            with self.lock:
                found = self._backends.setdefault(key, RegionBackend(self, account, region))
        return found

    def backends(self) -> list[RegionBackend]:
        return list(self._backends.values())

    def run_due(self, now: datetime) -> None:
        """Do what has fallen due by ``now``: purge secrets whose recovery window ended."""
        with self.lock:
            for backend in self._backends.values():
                backend.purge_due(now)

    def __repr__(self) -> str:
        return f"<smstub Store account={self.account_id} regions={len(self._backends)}>"

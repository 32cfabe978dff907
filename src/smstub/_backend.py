"""Lookup and orchestration for one account in one region: find the secret a request names,
apply the rules (labels and versions in :mod:`smstub._versions`, the writes to existing secrets
in :mod:`smstub._writes`, sealing in :mod:`smstub._sealing`, tags in :mod:`smstub._tags`) and
commit the change.

No JSON and no HTTP here. Operations take and return typed values and raise the AWS errors of
``_aws_errors``; the operations layer turns results into wire dicts. Every change to a secret
ends in one :meth:`RegionBackend._committed` call, which keeps what depends on secrets (the
listing index today) in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from smstub import _aws_errors as err
from smstub._ids import partition_of
from smstub._keyrules import secret_key_id
from smstub._listing import ListingIndex
from smstub._managed import OWNING_SERVICE_TAG, refuse_if_managed
from smstub._model import AWSCURRENT, Place, Secret, Tag, Version
from smstub._sealing import SecretValue, reveal, seal_version
from smstub._tags import tags_after_tagging

if TYPE_CHECKING:
    from smstub._filters import Query
    from smstub._store import Store

__all__ = ["RegionBackend", "check_name"]

# AWS: "Invalid name. Must be a valid name containing alphanumeric characters, or any of the
# following: -/_+=.@!" (recordings: test_invalid_secret_name, every SecretId-taking operation).
# A SecretId may also hold "!", which the message lists and the names of secrets other services
# manage carry (rds!db-...); CreateSecret's Name may not (AWS docs: "/_+=.@-").
_VALID_NAME = re.compile(r"[A-Za-z0-9/_+=.@-]+\Z")
_VALID_ID = re.compile(r"[A-Za-z0-9/_+=.@!-]+\Z")
_SECRET_ARN = re.compile(
    r"arn:(?P<partition>[^:]+):secretsmanager:(?P<region>[^:]+):(?P<account>[^:]+):secret:"
    r"(?P<name>[A-Za-z0-9/_+=.@!-]+)\Z"
)
# A partial ARN whose name ends in "-" and six characters is taken as a full ARN (recordings:
# test_create_and_update_secret[Invalid/_+=.@-Name-a1b2c3-False]).
_LOOKS_SUFFIXED = re.compile(r".*-[A-Za-z0-9]{6}\Z")


def check_name(name: str, *, as_id: bool = False) -> None:
    if (_VALID_ID if as_id else _VALID_NAME).match(name) is None:
        raise err.ValidationException(err.INVALID_NAME)


class RegionBackend:
    """All secrets of one account in one region."""

    def __init__(self, store: Store, account: str, region: str, place: Place) -> None:
        self.store = store
        self.account = account
        self.region = region
        self.partition = partition_of(region)
        self.place = place
        # Names are unique in a region, so the name finds a secret by ARN as well.
        self._by_name: dict[str, Secret] = {}
        # Sort indexes for ListSecrets, kept in step by _committed().
        self.listing = ListingIndex()

    def _committed(self, secret: Secret, *, read: bool = False) -> None:
        """The one call that ends every change to ``secret``: what depends on secrets follows.
        ``read``: only its access dates changed, which replicas do not share."""
        self.listing.touch(secret)
        if secret.replication is not None and not read:
            # Replication's modules come with the first replicated secret (smstub._operations).
            from smstub._replicas import mirror

            mirror(self, secret)

    def named(self, name: str) -> Secret | None:
        """The secret called ``name`` here, whatever its state (no lookup rules)."""
        return self._by_name.get(name)

    def adopt(self, secret: Secret) -> None:
        """Take in a secret made elsewhere (a replica); its name is free here."""
        self._by_name[secret.name] = secret
        self.listing.add(secret)

    # --- lookup ------------------------------------------------------------------------------
    def find(self, secret_id: str) -> Secret:
        """The secret ``secret_id`` names (name, full ARN or partial ARN), or AWS's error."""
        secret = self._resolve(secret_id)
        if secret is None:
            raise err.ResourceNotFoundException()
        if secret.deletion_date is not None and secret.deletion_date <= self.store.clock.now():
            # Its purge is due on the timeline; a lookup in the meantime must not find it.
            self._remove(secret)
            raise err.ResourceNotFoundException()
        return secret

    def find_writable(self, secret_id: str) -> Secret:
        """Like :meth:`find_live`, refusing a secret that another service manages."""
        secret = self.find_live(secret_id)
        refuse_if_managed(secret)
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
                if _VALID_ID.match(secret_id.replace(":", "")) is None:
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
        check_name(secret_id, as_id=True)
        return self._by_name.get(secret_id)

    def holds(self, secret: Secret) -> bool:
        """Whether ``secret`` is still this backend's (not purged or force-deleted)."""
        return self._by_name.get(secret.name) is secret

    def secrets(self) -> Iterator[Secret]:
        return iter(list(self._by_name.values()))

    def __len__(self) -> int:
        return len(self._by_name)

    def _remove(self, secret: Secret) -> None:
        if self._by_name.get(secret.name) is secret:
            del self._by_name[secret.name]
        self.listing.discard(secret)
        from smstub._deletion import purge_key  # removals are rare: deletion's rules load then

        self.store.timeline.cancel(purge_key(secret))
        if secret.rotation is not None:
            from smstub._rotation_state import rotation_key

            self.store.timeline.cancel(rotation_key(secret))

    # --- encryption --------------------------------------------------------------------------
    def _seal(
        self, secret: Secret, version_id: str, value: SecretValue, key_ref: str | None
    ) -> Version:
        return seal_version(
            self.store.kms,
            secret,
            version_id,
            value,
            key_ref,
            account=self.account,
            region=self.region,
            now=self.store.clock.now(),
        )

    def reveal(self, secret: Secret, version: Version) -> SecretValue:
        return reveal(self.store.kms, secret, version)

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
        owning_service: str | None = None,
    ) -> tuple[Secret, Version | None]:
        # A service (smstub._managed) names its secrets with "!", which CreateSecret refuses.
        check_name(name, as_id=owning_service is not None)
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
            kms_key_id = secret_key_id(self.store.kms, kms_key_id, self.account, self.region)
        now = self.store.clock.now()
        secret = Secret(
            name=name,
            place=self.place,
            serial=self.store.next_serial(),
            created_date=now,
            last_changed_date=now,
            description=description or None,
            kms_key_id=kms_key_id,
            secret_type=secret_type,
            tags=tags or None,
            owning_service=owning_service,
        )
        if owning_service is not None:
            secret.tags = [*(secret.tags or ()), Tag(OWNING_SERVICE_TAG, owning_service)]
        version = None
        if value is not None:
            # Sealed before indexing: a failure changes nothing. KMS is consulted only when
            # there is a value to encrypt.
            version = self._seal(secret, token, value, secret.kms_key_id)
            # The first version shares the secret's dates.
            version.created_date = now
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
        if not version.sealed:
            # The empty version a rotation starts with, before createSecret puts its value.
            if version_id is not None:
                raise err.ResourceNotFoundException.for_version(version_id)
            raise err.ResourceNotFoundException.for_stage(stage or AWSCURRENT)
        value = self.reveal(secret, version)
        # AWS truncates LastAccessedDate to the day (LocalStack's AWS-validated
        # test_last_accessed_date; AWS docs: "rounded to midnight").
        today = self.store.clock.today()
        secret.last_accessed_date = today
        version.last_accessed_date = today
        self._committed(secret, read=True)
        return secret, version, value

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

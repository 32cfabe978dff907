"""Seeding a store from a seed document, and dumping a store back into one.

A seeded secret is built the way CreateSecret and PutSecretValue build one: a serial number
from the store (so its ARN suffix comes from the store's scheme, unless the document gives the
ARN, as a dump does), dates on the mock's clock unless given, values sealed under the KMS key
the secret names, listed in the ListSecrets index, its purge on the timeline when its deletion
is scheduled. Everything of a document is checked and built before any of it is stored, so a
bad seed leaves the secrets as they were (keys it creates come first and stay).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from smstub import _aws_errors as err
from smstub import (  # noqa: F401 (members)
    _deletion,
    _policy_seed,
    _replication_seed,
    _seed,
    _seed_rotation,
)
from smstub._crypto import IntegrityError, KeyUnavailable, open_sealed, rewrap
from smstub._keyrules import for_encryption, secret_key_id
from smstub._model import AWSCURRENT, AWSPREVIOUS, Secret, Tag, Version
from smstub._sealing import DEFAULT_KEY_LABEL, SecretValue, _context, seal_version
from smstub._seed import KeySeed, SecretSeed, SeedDocument, SeedError, VersionSeed

if TYPE_CHECKING:
    from smstub._backend import RegionBackend
    from smstub._store import Store

__all__ = ["dump", "load"]

_REPLICA = "PrimaryRegion"  # the member that makes an entry a Region replica (_replication_seed)


def load(store: Store, doc: SeedDocument, region: str) -> None:
    """Add the document's keys, then its secrets, to ``store`` (``region``: the default)."""
    # Keys are made enabled, so that values can be sealed under them, and take their state last.
    made = [(_load_key(store, key, region), key.state) for key in doc.keys]
    with store.lock:
        # Region replicas last: one without an ARN takes its primary's (see _serial).
        order = sorted(range(len(doc.secrets)), key=lambda i: _REPLICA in doc.secrets[i].extra)
        done: dict[int, tuple[RegionBackend, Secret]] = {}
        for index in order:
            done[index] = _build(store, doc.secrets[index], region, list(done.values()))
        built = [done[index] for index in range(len(doc.secrets))]
        after = _seed.link([(b, s, seed) for (b, s), seed in zip(built, doc.secrets, strict=True)])
        for backend, secret in built:
            backend._by_name[secret.name] = secret
            backend.listing.add(secret)
            if secret.deletion_date is not None:
                _deletion._schedule_purge(backend, secret, secret.deletion_date)
            # As read: a seeded replication is restored as it was, not replicated again.
            backend._committed(secret, read=True)
        for work in after:
            work()
    for arn, state in made:
        if state == "Disabled":
            store.kms.disable_key(arn)
        elif state == "PendingDeletion":
            store.kms.schedule_key_deletion(arn)


def _load_key(store: Store, seed: KeySeed, region: str) -> str:
    kms = store.kms
    account = seed.account or store.account_id
    where = seed.region or region
    try:
        arn = kms.create_key(
            region=where,
            account_id=account,
            description=seed.description,
            key_id=seed.key_id,
            policy=seed.policy,
        )
        for alias in seed.aliases:
            kms.create_alias(alias, arn)
    except (err.ServiceError, ValueError) as error:
        raise SeedError(seed.where, str(error).removeprefix("smstub: ")) from None
    return arn


def _build(
    store: Store, seed: SecretSeed, region: str, built: list[tuple[RegionBackend, Secret]]
) -> tuple[RegionBackend, Secret]:
    from smstub._backend import check_name

    backend = store.backend(seed.account or store.account_id, seed.region or region)
    now = store.clock.now()
    try:
        check_name(seed.name)
    except err.ServiceError as error:
        raise SeedError(seed.where, f"Name: {error.message}") from None
    if backend._by_name.get(seed.name) is not None:
        raise SeedError(seed.where, "a secret with this Name already exists in the mock")
    kms_key_id = None
    if seed.kms_key_id is not None:
        with _as_seed_error(seed, "KmsKeyId"):
            kms_key_id = secret_key_id(store.kms, seed.kms_key_id, backend.account, backend.region)
    created = seed.created or now
    secret = Secret(
        name=seed.name,
        place=backend.place,
        serial=_serial(store, backend, seed, built),
        created_date=created,
        last_changed_date=seed.last_changed or created,
        description=seed.description or None,
        kms_key_id=kms_key_id,
        secret_type=seed.secret_type,
        tags=None if seed.tags is None else [Tag(k, v) for k, v in seed.tags],
        last_accessed_date=seed.last_accessed,
        deleted_date=seed.deleted,
        deletion_date=seed.deletion_date,
        owning_service=seed.owning_service,
    )
    explicit = any(v.stages is not None for v in seed.versions)
    for index, version_seed in enumerate(seed.versions):
        version = _version(store, backend, seed, secret, version_seed, index, created)
        secret.add_version(version)
        if explicit:
            for label in version_seed.stages or ():
                if secret.holder(label) is not None:
                    raise SeedError(seed.where, f"label {label} is on two versions")
                secret.attach(label, version)
        else:  # as successive PutSecretValue calls: the last is current, the one before previous
            previous = secret.attach(AWSCURRENT, version)
            if previous is not None:
                secret.attach(AWSPREVIOUS, previous)
    if seed.versions and secret.current is None:
        raise SeedError(seed.where, "VersionStages: one version must hold AWSCURRENT")
    for name, value in seed.extra.items():
        _seed.apply_member(name, backend, secret, value)
    return backend, secret


def _serial(
    store: Store,
    backend: RegionBackend,
    seed: SecretSeed,
    built: list[tuple[RegionBackend, Secret]],
) -> int:
    if seed.arn is None:
        primary_region = seed.extra.get(_REPLICA)
        for other, secret in built if primary_region is not None else ():
            if (other.account, other.region, secret.name) == (
                backend.account,
                primary_region,
                seed.name,
            ):
                # The replica ARN is the primary's with the Region changed (AWS user guide);
                # values are sealed bound to the ARN, so it is settled before they are.
                return secret.serial
        return store.next_serial()
    expected = f"{backend.place.arn_base}{seed.name}-"
    suffix = seed.arn.removeprefix(expected)
    if not seed.arn.startswith(expected) or len(suffix) != 6 or not suffix.isalnum():
        raise SeedError(seed.where, f"ARN must be {expected} followed by six letters or digits")
    return store.suffixes.serial_of(suffix)


def _version(
    store: Store,
    backend: RegionBackend,
    seed: SecretSeed,
    secret: Secret,
    version_seed: VersionSeed,
    index: int,
    created: datetime,
) -> Version:
    labels = version_seed.kms_key_ids or (secret.kms_key_id or DEFAULT_KEY_LABEL,)
    refs = [None if label == DEFAULT_KEY_LABEL else label for label in labels]
    value = SecretValue(version_seed.string, version_seed.binary)
    version_id = version_seed.version_id or str(uuid.uuid4())
    with _as_seed_error(seed, f"Versions[{index}]"):
        version = seal_version(
            store.kms,
            secret,
            version_id,
            value,
            refs[0],
            account=backend.account,
            region=backend.region,
            now=version_seed.created or (created if index == 0 else store.clock.now()),
        )
        # Sealed under the first key and wrapped under each later one, as UpdateSecret's key
        # changes leave a version (ListSecretVersionIds then shows every key, oldest first).
        for ref in refs[1:]:
            key = for_encryption(store.kms, ref, backend.account, backend.region)
            context = _context(secret.arn, version_id)
            resealed = rewrap(version, store.kms.cipher_for, key, ref, context)
            if resealed is not None:
                version.sealed, version.key_arn, version.key_ref, version.earlier = resealed
    version.last_accessed_date = version_seed.last_accessed
    return version


@contextmanager
def _as_seed_error(seed: SecretSeed, member: str) -> Iterator[None]:
    """An AWS error raised in the block, as a SeedError naming the entry and ``member``."""
    try:
        yield
    except err.ServiceError as error:
        raise SeedError(seed.where, f"{member}: {error.code}: {error.message}") from None


# --- dumping --------------------------------------------------------------------------------
def dump(store: Store) -> SeedDocument:
    """Everything the store holds, as a document :func:`load` rebuilds it from."""
    doc = SeedDocument()
    with store.lock:
        for key, aliases in store.kms.customer_keys():
            doc.keys.append(
                KeySeed(
                    f"key {key.key_id}",
                    key.key_id,
                    region=key.region,
                    account=key.account,
                    aliases=tuple(aliases),
                    description=key.description,
                    state=key.state.value,
                    policy=key.policy_text,
                )
            )
        now = store.clock.now()
        for backend in store.backends():
            for secret in sorted(backend.secrets(), key=lambda s: (s.created_date, s.name)):
                if secret.deletion_date is not None and secret.deletion_date <= now:
                    continue  # purged as soon as anything looks
                doc.secrets.append(_dump_secret(store, backend, secret))
    return doc


def _dump_secret(store: Store, backend: RegionBackend, secret: Secret) -> SecretSeed:
    seed = SecretSeed(
        secret.name,
        secret.name,
        region=backend.region,
        account=backend.account,
        arn=secret.arn,
        description=secret.description,
        kms_key_id=secret.kms_key_id,
        secret_type=secret.secret_type,
        tags=None if secret.tags is None else [(t.key, t.value) for t in secret.tags],
        created=secret.created_date,
        last_changed=secret.last_changed_date,
        last_accessed=secret.last_accessed_date,
        deleted=secret.deleted_date,
        deletion_date=secret.deletion_date,
        owning_service=secret.owning_service,
    )
    for version in secret.versions:
        value = _plaintext(store, secret, version)
        refs = [*(wrap.key_ref for wrap in version.earlier), version.key_ref]
        seed.versions.append(
            VersionSeed(
                version.version_id,
                value.string,
                value.binary,
                stages=tuple(version.stages),
                created=version.created_date,
                last_accessed=version.last_accessed_date,
                kms_key_ids=tuple(ref or DEFAULT_KEY_LABEL for ref in refs),
            )
        )
    seed.extra = _seed.read_members(backend, secret)
    return seed


def _plaintext(store: Store, secret: Secret, version: Version) -> SecretValue:
    """The value, even under a key that is disabled now: a dump is taken by the test's own
    hand, not by a caller that KMS would refuse."""

    def any_state(arn: str) -> Any:
        key = store.kms.by_arn(arn)
        return None if key is None else key.aead

    try:
        data = open_sealed(version, any_state, _context(secret.arn, version.version_id))
    except (IntegrityError, KeyUnavailable):
        raise SeedError(secret.name, "a version's value cannot be opened to dump it") from None
    return SecretValue.from_bytes(data, version.is_binary)

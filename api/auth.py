"""API keys and the roles they carry.

Keys come from settings (CSOPS_API_KEYS, JSON) or a keys file, as a list of::

    {"name": "ops-bot", "role": "ops", "key": "..."}
    {"name": "dana", "role": "csm", "sha256": "<hex>", "person": "dana@vendor.com"}

Only the SHA-256 of each key is kept in memory; a file may hold the hash alone, so
no plaintext key needs to sit on disk. Keys are long random tokens, so an unsalted
hash is enough (a password would need a slow, salted one).

Roles: `ops` may do everything; `csm` reads and acts on the accounts whose team
names their `person` (an email or a person id); `viewer` reads everything and
writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, model_validator

from tools.settings import Settings, SettingsError

MIN_KEY_LENGTH = 24
_PLACEHOLDER_MARKS = ("change", "placeholder", "example", "your", "xxxx", "secret")


class Role(StrEnum):
    """What a key may do."""

    ops = "ops"
    csm = "csm"
    viewer = "viewer"


class KeySpec(BaseModel):
    """One configured key: plaintext `key` or its `sha256`, never both."""

    name: str = Field(min_length=1, max_length=80)
    role: Role
    key: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    person: str | None = Field(
        default=None, description="The csm's email or person id on account teams."
    )

    @model_validator(mode="after")
    def _one_secret(self) -> KeySpec:
        if (self.key is None) == (self.sha256 is None):
            raise ValueError("give exactly one of key or sha256")
        if self.role is Role.csm and not self.person:
            raise ValueError("a csm key needs person (their email or person id)")
        return self


class Principal(BaseModel):
    """Who is calling: the key's name, its role and, for a csm, their person."""

    name: str
    role: Role
    person: str | None = None

    @property
    def can_write(self) -> bool:
        return self.role is not Role.viewer


class KeyRing:
    """The configured keys by hash; `find` names the caller of a presented key."""

    def __init__(self, specs: list[KeySpec]) -> None:
        self._by_hash: dict[str, Principal] = {}
        for spec in specs:
            digest = spec.sha256 or hash_key(_checked(spec))
            principal = Principal(name=spec.name, role=spec.role, person=spec.person)
            self._by_hash[digest] = principal

    def __len__(self) -> int:
        return len(self._by_hash)

    def find(self, presented: str) -> Principal | None:
        return self._by_hash.get(hash_key(presented))

    def named(self, name: str) -> Principal | None:
        """The principal of the key called `name` (a page session holds the name)."""
        found = (p for p in self._by_hash.values() if p.name == name)
        return next(found, None)

    def add(self, key: str, name: str, role: Role) -> None:
        """Register a key made at run time (the one `csops serve` prints)."""
        self._by_hash[hash_key(key)] = Principal(name=name, role=role)


def hash_key(key: str) -> str:
    """The hex SHA-256 of a key, as stored and as compared."""
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    """A fresh random key."""
    return secrets.token_urlsafe(32)


def load_key_ring(settings: Settings) -> KeyRing:
    """The keys of CSOPS_API_KEYS and CSOPS_API_KEYS_FILE; empty when neither is set.

    Raises:
        SettingsError: malformed JSON, a bad entry, or a placeholder key.
    """
    specs: list[KeySpec] = []
    if settings.api_keys is not None:
        specs += _parse(settings.api_keys.get_secret_value(), "CSOPS_API_KEYS")
    if settings.api_keys_file is not None:
        specs += _parse(_read(settings.api_keys_file), "CSOPS_API_KEYS_FILE")
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise SettingsError("API key names must be unique; rename the duplicates")
    return KeyRing(specs)


def _parse(text: str, where: str) -> list[KeySpec]:
    try:
        return TypeAdapter(list[KeySpec]).validate_python(json.loads(text))
    except (json.JSONDecodeError, ValidationError) as error:
        raise SettingsError(
            f"{where} is not a JSON list of {{name, role, key|sha256, person}}: {error}"
        ) from error


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise SettingsError(
            f"cannot read CSOPS_API_KEYS_FILE {path}: {error.strerror}"
        ) from error


def _checked(spec: KeySpec) -> str:
    key = spec.key or ""
    lowered = key.lower()
    if len(key) < MIN_KEY_LENGTH or any(m in lowered for m in _PLACEHOLDER_MARKS):
        raise SettingsError(
            f"API key {spec.name!r} is too short (min {MIN_KEY_LENGTH}) or a "
            "placeholder; use e.g. python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'"
        )
    return key

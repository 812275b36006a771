"""Keys kept apart from the data folder (R27).

A key belongs to one store and one purpose (``recordings``, ``audit``, ``database``).
It lives in the config folder (``<config dir>/keys/<store id>/<purpose>.key``, the
folder 0700 and the file 0600), never beside the data it protects, so a copied data
folder alone reveals nothing. Losing the key loses what it protects: the README says
how to back it up.

With ``key_store = "keyring"`` in settings.toml a new key goes to the OS keyring
instead (the optional ``keyring`` package; service ``mace-tui``, name
``<store id>/<purpose>``), when one can be used; otherwise to the file, as
before. A key is looked for in its file first, then in the keyring.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

KEY_BYTES = 32
PURPOSES = ("recordings", "audit", "database")
KEYRING_SERVICE = "mace-tui"


class KeyFileError(Exception):
    """A key could not be read or made; the message names the file and what to do."""


def key_path(config_dir: Path, store_id: str, purpose: str) -> Path:
    """Where the key for ``purpose`` of store ``store_id`` is kept."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown key purpose {purpose!r}")
    if not store_id.isalnum():
        raise ValueError("a store id is letters and digits only")
    return config_dir / "keys" / store_id / f"{purpose}.key"


def os_keyring() -> Any | None:
    """The ``keyring`` module when it is installed and backed by a usable keyring, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
        usable = not isinstance(backend, fail.Keyring) and float(backend.priority) > 0
    except Exception:
        return None
    return keyring if usable else None


def keyring_name(store_id: str, purpose: str) -> str:
    """The name a key has in the OS keyring (under the service ``mace-tui``)."""
    return f"{store_id}/{purpose}"


def _from_keyring(store_id: str, purpose: str) -> bytes | None:
    ring = os_keyring()
    if ring is None:
        return None
    try:
        value = ring.get_password(KEYRING_SERVICE, keyring_name(store_id, purpose))
    except Exception:
        return None
    if not value or not _is_hex(value.encode("ascii", "replace")):
        return None
    return bytes.fromhex(value.strip())


def find_key(config_dir: Path, store_id: str, purpose: str) -> bytes | None:
    """The key if it exists (its file, else the OS keyring), else None (nothing is created)."""
    path = key_path(config_dir, store_id, purpose)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _from_keyring(store_id, purpose)
    except OSError as exc:
        raise KeyFileError(f"key file {path}: cannot read it ({exc.strerror}).") from None
    if not _is_hex(raw):
        raise KeyFileError(
            f"key file {path}: not a key this app wrote; restore it from your backup."
        )
    return bytes.fromhex(raw.strip().decode("ascii"))


def get_or_create_key(
    config_dir: Path, store_id: str, purpose: str, *, keyring: bool = False
) -> bytes:
    """The key for ``purpose``, made the first time it is asked for.

    A new key goes to the OS keyring when ``keyring`` is asked for and one can
    be used, else to its file (0600).
    """
    found = find_key(config_dir, store_id, purpose)
    if found is not None:
        return found
    if keyring:
        ring = os_keyring()
        if ring is not None:
            try:
                ring.set_password(
                    KEYRING_SERVICE,
                    keyring_name(store_id, purpose),
                    secrets.token_bytes(KEY_BYTES).hex(),
                )
            except Exception:
                pass  # the file below, as without a keyring
            else:
                stored = _from_keyring(store_id, purpose)
                if stored is not None:
                    return stored
    path = key_path(config_dir, store_id, purpose)
    for folder in (config_dir / "keys", path.parent):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    key = secrets.token_bytes(KEY_BYTES)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        # link() fails if another process made the key first: then use theirs.
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    key_found = find_key(config_dir, store_id, purpose)
    assert key_found is not None
    return key_found


def _is_hex(raw: bytes) -> bool:
    text = raw.strip()
    return len(text) == 2 * KEY_BYTES and all(c in b"0123456789abcdefABCDEF" for c in text)


__all__ = [
    "KEYRING_SERVICE",
    "KEY_BYTES",
    "PURPOSES",
    "KeyFileError",
    "find_key",
    "get_or_create_key",
    "key_path",
    "keyring_name",
    "os_keyring",
]

"""The database's encryption (R27): choosing it, and finding the key of an encrypted store.

An encrypted SQLite store (store/cipher.py) is opened with the store's
``database`` key, kept like every other key (mace_tui/keystore.py): a file in
the config folder (``keys/<store id>/database.key``, 0600) or the OS keyring,
never in the data folder.

The store's id is inside the encrypted file, so it cannot be read before the
key is found. A small file beside the database names it: ``<database
file>.store-id`` (e.g. ``mace.db.store-id``), one line with the id and nothing
secret. Should that file be lost, every database key in the config folder is
tried in turn (a raw key opens or fails at once), and the file is written again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mace_tui.config import STORE_ID_SUFFIX, Settings
from mace_tui.keystore import KeyFileError, find_key, get_or_create_key, key_path
from store.cipher import CipherError, available, dbapi, is_encrypted, opens_with
from store.errors import UserError
from store.frozen import record

if TYPE_CHECKING:
    from store.db import Store

PURPOSE = "database"
ID_SUFFIX = STORE_ID_SUFFIX


def id_file(path: Path) -> Path:
    """The file beside an encrypted database that names its store (and so its key)."""
    return path.with_name(path.name + ID_SUFFIX)


def read_id_file(path: Path) -> str | None:
    """The store id the file beside ``path`` names, or None when it is missing or unreadable."""
    try:
        text = id_file(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if text.isalnum() and len(text) <= 64 else None


def write_id_file(path: Path, store_id: str) -> None:
    """Name the store beside its database file (written whole, then renamed into place)."""
    target = id_file(path)
    tmp = target.with_name(target.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, f"{store_id}\n".encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file beside it
        raise


def is_encrypted_store(settings: Settings) -> bool:
    """True when the configured store is an SQLite file encrypted with SQLCipher."""
    path = settings.sqlite_path
    return path is not None and is_encrypted(path)


def can_encrypt(settings: Settings) -> bool:
    """True when set-up can offer encryption: an SQLite store, and the driver installed."""
    return settings.sqlite_path is not None and available()


def database_key(settings: Settings, path: Path) -> bytes:
    """The key that opens the encrypted database ``path``, or one line saying what to restore."""
    dbapi()  # the driver first: without it nothing else matters
    store_id = read_id_file(path)
    if store_id is not None:
        where = key_path(settings.config_dir, store_id, PURPOSE)
        try:
            key = find_key(settings.config_dir, store_id, PURPOSE)
        except KeyFileError as exc:
            raise CipherError(f"database file {path} is encrypted; {exc}") from None
        if key is None:
            raise CipherError(
                f"database file {path} is encrypted and its key ({where}, or the OS keyring) "
                "is not on this computer. Restore that key file from your backup "
                "(see the README, Keys)."
            )
        if not opens_with(path, key):
            raise CipherError(
                f"database file {path} is encrypted and the key in {where} does not open it. "
                "Restore this store's key file from your backup (see the README, Keys)."
            )
        return key
    found = _any_key_opening(settings.config_dir, path)
    if found is None:
        raise CipherError(
            f"database file {path} is encrypted and {id_file(path)}, which names its key, is "
            f"missing; no key in {settings.config_dir / 'keys'} opens it. Restore both from "
            "your backup (see the README, Keys)."
        )
    store_id, key = found
    write_id_file(path, store_id)
    return key


def find_lost_id_file(settings: Settings) -> None:
    """Write the lost file naming an encrypted store when a database key here opens it.

    Run before the database file is checked: without that file a headerless file is
    taken for something other than a database. Nothing is written unless a key opens
    the file (a file that is not a database opens with none and is left as it is).
    """
    path = settings.sqlite_path
    if path is None or id_file(path).exists() or not is_encrypted(path) or not available():
        return
    found = _any_key_opening(settings.config_dir, path)
    if found is not None:
        write_id_file(path, found[0])


def _any_key_opening(config_dir: Path, path: Path) -> tuple[str, bytes] | None:
    keys = config_dir / "keys"
    for candidate in sorted(keys.glob(f"*/{PURPOSE}.key")) if keys.is_dir() else []:
        store_id = candidate.parent.name
        try:
            key = find_key(config_dir, store_id, PURPOSE)
        except (KeyFileError, ValueError):
            continue
        if key is not None and opens_with(path, key):
            return store_id, key
    return None


@record
class Encrypted:
    """What encrypting the store did: where its key is, and whether it was already so."""

    path: Path
    key_at: str
    already: bool = False

    def message(self) -> str:
        """One sentence for the user."""
        if self.already:
            return f"The database {self.path} is already encrypted; its key is {self.key_at}."
        return (
            f"Encrypted the database {self.path}; its key is {self.key_at}. Back the key up "
            "apart from the data: without it the database cannot be opened (see the README, Keys)."
        )


def key_location(settings: Settings, store_id: str) -> str:
    """Where the store's database key is, in words."""
    where = key_path(settings.config_dir, store_id, PURPOSE)
    return str(where) if where.exists() else f"in the OS keyring (mace-tui, {store_id}/{PURPOSE})"


def encrypt_store(settings: Settings, store: Store, *, user: str) -> Encrypted:
    """Encrypt the open SQLite ``store`` in place (a new one at set-up, or one in use).

    Its key is made as every key is (the config folder, or the OS keyring), the
    file naming the store is written beside it, then the file is encrypted and the
    audit log records it (done by ``user``). Other programs using the file must be
    closed first.
    """
    path = settings.sqlite_path
    if path is None:
        raise UserError(
            "database: only an SQLite store is encrypted by mace-tui; a PostgreSQL server "
            "keeps its own data (encrypt its disk or use its own encryption)."
        )
    dbapi()
    store_id = store.store_id
    if store.encrypted:
        return Encrypted(path, key_location(settings, store_id), already=True)
    try:
        key = get_or_create_key(
            settings.config_dir, store_id, PURPOSE, keyring=settings.use_keyring
        )
    except (KeyFileError, OSError) as exc:
        raise UserError(f"the database key cannot be made ({exc}); nothing was changed.") from None
    had_id_file = id_file(path).exists()
    write_id_file(path, store_id)
    try:
        store.encrypt(key)
    finally:
        if not had_id_file and not is_encrypted(path):  # refused: nothing left beside it
            id_file(path).unlink(missing_ok=True)
    from store.audit import append_event
    from store.types import utcnow

    with store.session() as session:
        append_event(
            session, action="encrypt", os_user=user, at=utcnow(),
            detail="database encrypted (SQLCipher)",
        )  # fmt: skip
    return Encrypted(path, key_location(settings, store_id))


__all__ = [
    "ID_SUFFIX",
    "PURPOSE",
    "Encrypted",
    "can_encrypt",
    "database_key",
    "encrypt_store",
    "find_lost_id_file",
    "id_file",
    "is_encrypted_store",
    "key_location",
    "read_id_file",
    "write_id_file",
]

"""An SQLite database encrypted with SQLCipher (R27): opening, checking a key, encrypting.

The optional ``sqlcipher3`` package (SQLCipher 4, its own library inside the
wheel) stands in for the standard ``sqlite3`` driver. Every page of the file is
encrypted with a 256-bit raw key (no passphrase, so no slow key derivation on
each connection); the file has no readable header, so plain ``sqlite3`` says
"file is not a database". The key itself is kept by the application
(mace_tui/cipher.py), never here and never beside the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from store.errors import UserError

SQLITE_MAGIC = b"SQLite format 3\x00"
INSTALL = "pip install 'mace-tui[cipher]' (in a checkout: uv sync --extra cipher)"


class CipherError(UserError):
    """An encrypted database cannot be opened or made; the message says what to do."""


def dbapi() -> ModuleType:
    """The SQLCipher driver module, or one line naming what to install."""
    try:
        import sqlcipher3.dbapi2 as module
    except ImportError:
        raise CipherError(
            "database encryption needs the sqlcipher3 package, which is not installed. "
            f"Install it with {INSTALL}."
        ) from None
    return module


def available() -> bool:
    """True when the SQLCipher driver can be imported here."""
    try:
        dbapi()
    except CipherError:
        return False
    return True


def is_encrypted(path: Path) -> bool:
    """True when ``path`` holds data but no SQLite header: an encrypted database (or no
    database at all, which opening it with its key tells apart)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return head not in (b"", SQLITE_MAGIC)


def key_pragma(key: bytes) -> str:
    """The statement that gives a connection its raw key (hex digits only, never user text)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def unlock(dbapi_connection: Any, key: bytes) -> None:
    """Give a fresh connection its key: the first statement it runs.

    SQLCipher's own log (a wrong key's "hmac check failed" on stderr) is turned off:
    the app says what is wrong in one line of its own.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA cipher_log_level = NONE")
    cursor.execute(key_pragma(key))
    cursor.close()


def connect(path: Path, key: bytes | None) -> Any:
    """A DB-API connection to ``path``: sqlite3 for a plain file, SQLCipher with its key."""
    if key is None:
        import sqlite3

        return sqlite3.connect(path)
    connection = dbapi().connect(str(path))
    unlock(connection, key)
    return connection


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening ``path`` read-only; '#', '?' and '%' in the path are escaped, or
    SQLite would open (and create) a file named by part of it."""
    return f"file:{quote(str(path.absolute()))}?mode=ro"


def opens_with(path: Path, key: bytes) -> bool:
    """True when ``key`` opens the encrypted database at ``path``."""
    module = dbapi()
    try:
        connection = module.connect(read_only_uri(path), uri=True)
    except module.DatabaseError:
        return False
    try:
        unlock(connection, key)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError:
        return False
    finally:
        connection.close()
    return True


def encrypt_file(path: Path, key: bytes) -> None:
    """Turn the plain SQLite database at ``path`` into an encrypted one, in place.

    Every connection to it must be closed first. The encrypted copy is written
    beside it (0600), synced, and renamed over it: a crash leaves either the
    plain file or the encrypted one, never half of each.
    """
    module = dbapi()
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        source = module.connect(str(path))
        try:
            source.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), f"x'{key.hex()}'"))
            source.execute("SELECT sqlcipher_export('encrypted')")
            source.execute("DETACH DATABASE encrypted")
        finally:
            source.close()
        if any(path.with_name(path.name + s).exists() for s in ("-wal", "-shm")):
            raise CipherError(
                f"database file {path}: another program still has it open; close every "
                "mace-tui using it and try again (nothing was changed)."
            )
        fd = os.open(target, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(target, path)
    finally:
        target.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


__all__ = [
    "INSTALL",
    "CipherError",
    "available",
    "connect",
    "dbapi",
    "encrypt_file",
    "is_encrypted",
    "key_pragma",
    "opens_with",
    "read_only_uri",
    "unlock",
]

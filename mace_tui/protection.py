"""Opening the store with its protection in place (R18, R27): the audit key and anchor.

Every command and the app open the store through :func:`open_store`, which
attaches the store's audit seal: the HMAC key from the keystore (purpose
``audit``, kept in the config folder, never in the database) and the anchor
file (``<config dir>/anchors/<store id>.audit.json``), which records the
chain's length and head outside both the database and the data folder.
"""

from __future__ import annotations

import os
import pwd
from pathlib import Path
from typing import TYPE_CHECKING

from mace_tui.config import Settings
from mace_tui.keystore import find_key, get_or_create_key, key_path

if TYPE_CHECKING:
    from store.audit import AuditSeal
    from store.db import Store

ANCHOR_DIR = "anchors"


def os_user() -> str:
    """The operating-system account running mace-tui, from the process's own uid.

    Never from $LOGNAME or $USER: anyone can set those.
    """
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid-{uid}"


def anchor_path(config_dir: Path, store_id: str) -> Path:
    """Where this machine keeps the anchor of store ``store_id``'s audit chain."""
    return config_dir / ANCHOR_DIR / f"{store_id}.audit.json"


def audit_seal(settings: Settings, store: Store) -> AuditSeal:
    """The seal for ``store``: its key and anchor.

    The key is made the first time, while the log is empty, or while it holds only
    events from before the log was keyed (an older store upgraded): those stay as
    they are, anchored now, and every later event is keyed. A log with keyed events
    and no key on this machine gets no new key: the check says the key is missing.
    """
    from store.audit import AuditSeal, anchor_head, audit_is_empty, log_is_unkeyed

    store_id = store.store_id
    key = find_key(settings.config_dir, store_id, "audit")
    anchor = anchor_path(settings.config_dir, store_id)
    source = f"the audit key ({key_path(settings.config_dir, store_id, 'audit')})"
    if key is None:
        with store.session() as session:
            empty = audit_is_empty(session)
            older = not empty and log_is_unkeyed(session)
            if empty or older:
                key = get_or_create_key(
                    settings.config_dir, store_id, "audit", keyring=settings.use_keyring
                )
            if older:
                anchor_head(session, AuditSeal(key=key, anchor=anchor, key_source=source))
    return AuditSeal(key=key, anchor=anchor, key_source=source)


def seal(settings: Settings, store: Store) -> Store:
    """Attach ``store``'s audit seal; returns the store."""
    store.audit_seal = audit_seal(settings, store)
    return store


def open_store(settings: Settings) -> Store:
    """Open (create or upgrade) the configured store, sealed.

    An encrypted SQLite store is opened with its database key (mace_tui/cipher.py);
    a missing driver or key is one line saying what to install or restore.
    """
    from store.cipher import is_encrypted
    from store.db import Store

    path = settings.sqlite_path
    key = None
    if path is not None and is_encrypted(path):
        from mace_tui.cipher import database_key

        key = database_key(settings, path)
    return seal(settings, Store.open(settings.db_url, key=key))


__all__ = ["anchor_path", "audit_seal", "open_store", "os_user", "seal"]

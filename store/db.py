"""One engine per database URL, SQLite made safe for a crash, and the Store handle.

SQLite runs in WAL mode with foreign keys on, a busy timeout so the
coordinator's and chair's processes can share a file, and ``synchronous=FULL``
so a committed edit survives a power cut. Every edit is committed as it is
made; a move made of several edits commits them together (``all_or_nothing``). The schema is created and upgraded by Alembic (``store.migrations``).
"""

from __future__ import annotations

import os
import secrets
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import Session, create_engine

from store import changes, migrations
from store.errors import UserError
from store.frozen import record

if TYPE_CHECKING:
    from store.audit import AuditSeal


# Inside ``all_or_nothing``: how deep, whether something rolled back part-way, and what is
# to run once the block has committed.
_HELD = "mace_all_or_nothing"
_BROKEN = "mace_all_or_nothing_broken"
_AFTER = "mace_all_or_nothing_after"


class StoreSession(Session):
    """A session that announces which meetings its commits changed (store.changes), and
    turns a lost race on a versioned row into a refusal the user can read."""

    def commit(self) -> None:
        """Commit; a row another seat changed since it was read refuses the whole change.

        Inside ``all_or_nothing`` this only flushes: the block commits once, at its end."""
        from sqlalchemy.orm.exc import StaleDataError

        from store.versions import ChangedMeanwhile

        try:
            if self.info.get(_HELD):
                self.flush()
            else:
                super().commit()
        except StaleDataError:
            self.rollback()
            raise ChangedMeanwhile() from None

    def rollback(self) -> None:
        if self.info.get(_HELD):
            self.info[_BROKEN] = True  # what the block wrote so far is gone with it
        super().rollback()


class PartlyRolledBack(RuntimeError):
    """A store function rolled back inside ``all_or_nothing`` and carried on: committing
    the rest would write half of the change, so nothing is written."""


@contextmanager
def all_or_nothing(session: Session) -> Iterator[Session]:
    """The store functions called in the block commit together when it ends, or not at all.

    Each of them commits its own change when called alone; here those commits only
    flush. An error, or the process dying part-way, leaves none of the changes written
    (a meeting ended with children still waiting, a discussion begun with a conflicted
    member still in the room). Blocks may nest: the outermost one commits."""
    depth = int(session.info.get(_HELD, 0))
    session.info[_HELD] = depth + 1
    try:
        yield session
    except BaseException:
        session.info[_HELD] = depth
        if depth == 0:
            session.info.pop(_BROKEN, None)
            session.info.pop(_AFTER, None)
            session.rollback()
        else:
            session.info[_BROKEN] = True  # the outer block must not commit half of this
        raise
    session.info[_HELD] = depth
    if depth > 0:
        return
    after: list[Callable[[], None]] = session.info.pop(_AFTER, [])
    if session.info.pop(_BROKEN, False):
        session.rollback()
        raise PartlyRolledBack("a change was rolled back part-way; nothing was written")
    session.commit()
    for step in after:
        step()


def after_commit(session: Session, step: Callable[[], None]) -> None:
    """Run ``step`` once what the session holds is committed: now, outside ``all_or_nothing``
    (the caller has just committed); at the block's end inside one, and never if it fails.
    For what lives outside the database and must not run ahead of it (the audit anchor)."""
    if session.info.get(_HELD):
        session.info.setdefault(_AFTER, []).append(step)
    else:
        step()


changes.install(StoreSession)

_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()
# The key of each encrypted SQLite file this process opened, by path (for the copy an
# upgrade takes first, store.migrations): never written anywhere.
_KEYS: dict[str, bytes] = {}
# Engines of a file since encrypted: a handle still holding one takes the new engine.
_RETIRED: weakref.WeakSet[Engine] = weakref.WeakSet()


class StoreError(UserError):
    """The database cannot be opened or used; the message says what to do."""


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    return Path(url[len(prefix) :].split("?", 1)[0])


def sqlite_folder(url: str) -> Path | None:
    """The folder holding a SQLite database (None for a server database)."""
    path = _sqlite_file(url)
    return path.resolve().parent if path is not None else None


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _make_private(path: Path, *, encrypted: bool = False) -> None:
    """Create the database file 0600 before SQLite does, or tighten an existing one (R18).

    An existing file that is not an SQLite database is refused and left exactly as it was
    (an encrypted one has no header: it is opened only with its key).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        head = b""
    if head not in (b"", _SQLITE_MAGIC) and not encrypted:
        raise StoreError(
            f"database file {path}: exists and is not a database (left as it is). "
            "Name a new file or an existing mace-tui database."
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.chmod(side, 0o600)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _unlocked_pragmas(key: bytes) -> Callable[[Any, Any], None]:
    """The connect hook of an encrypted file: its key first, then the usual pragmas."""

    def hook(dbapi_connection: Any, record: Any) -> None:
        from store.cipher import unlock

        unlock(dbapi_connection, key)
        _set_sqlite_pragmas(dbapi_connection, record)

    return hook


def get_engine(url: str, *, key: bytes | None = None) -> Engine:
    """The engine for ``url``, created once per process; ``key`` opens an encrypted SQLite file."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is not None:
            return engine
        path = _sqlite_file(url)
        try:
            if path is not None and key is not None:
                from store.cipher import dbapi

                module = dbapi()
                _make_private(path, encrypted=True)
                engine = create_engine(
                    url, module=module, connect_args={"check_same_thread": False}
                )
                event.listen(engine, "connect", _unlocked_pragmas(key))
                _KEYS[str(path)] = key
            elif path is not None:
                _make_private(path)
                engine = create_engine(url, connect_args={"check_same_thread": False})
                event.listen(engine, "connect", _set_sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise StoreError(f"database URL: cannot use {_safe(url)} ({exc}).") from None
        except ImportError as exc:
            raise StoreError(
                f"database URL: the driver for {_safe(url)} is not installed ({exc.name}); "
                "for PostgreSQL install mace-tui[postgres]."
            ) from None
        except OSError as exc:
            raise StoreError(f"database file {path}: {exc.strerror}.") from None
        _ENGINES[url] = engine
        return engine


def sync_id_sequences(session: Session) -> None:
    """Move PostgreSQL's id sequences past rows written with explicit ids (bulk seeding).

    Ids normally come from the database. A bulk writer that plans ids itself (the
    demo) calls this before committing so the next ordinary insert gets a free id.
    SQLite needs nothing: its next rowid is always past the largest.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from store.models import metadata

    for table in metadata.sorted_tables:
        column = table.c.get("id")
        if column is None or not column.primary_key or not isinstance(column.type, Integer):
            continue
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:name, 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            ),
            {"name": table.name},
        )


def key_for(path: str | Path) -> bytes | None:
    """The key this process opened the SQLite file ``path`` with (None: a plain file)."""
    return _KEYS.get(str(path))


def dispose_engine(url: str) -> None:
    """Close the pooled connections of ``url`` (tests, and before deleting a demo file)."""
    with _ENGINES_LOCK:
        engine = _ENGINES.pop(url, None)
    if engine is not None:
        engine.dispose()


@record
class OpenReport:
    """What opening the store did to the schema, for the user to be told."""

    previous: str | None
    current: str
    created: bool

    @property
    def upgraded(self) -> bool:
        """True when an existing database was brought up to date."""
        return not self.created and self.previous != self.current

    def message(self) -> str | None:
        """A sentence for the user, or None when nothing changed."""
        if self.created:
            return "Created a new, empty database."
        if self.upgraded:
            return f"Upgraded the database from version {self.previous} to {self.current}."
        return None


class Store:
    """A handle on the database: hands out sessions, one per unit of work."""

    def __init__(self, engine: Engine, *, url: str, report: OpenReport) -> None:
        self._engine = engine
        self.url = url
        self.report = report
        # A sentence for the user about this store, shown once it is open.
        self.notice: str | None = report.message()
        self._store_id: str | None = None
        # Keys and anchors the audit chain (store/audit.py); set by the app once it has
        # the store's key. Every session carries it, so no caller has to pass it along.
        self.audit_seal: AuditSeal | None = None
        # Who this handle is among the seats sharing the store: its own changes are not news.
        self.seat = secrets.token_hex(4)

    @property
    def engine(self) -> Engine:
        """This process's engine for the store: the one made when the file was encrypted, if
        it was since (another handle on the same URL follows), else the one it opened with."""
        with _ENGINES_LOCK:
            current = _ENGINES.get(self.url)
        if current is not None:
            self._engine = current
        elif self._engine in _RETIRED:
            path = _sqlite_file(self.url)
            self._engine = get_engine(self.url, key=key_for(path) if path else None)
        return self._engine

    @property
    def store_id(self) -> str:
        """This database's own id (R27): recordings and keys are bound to it."""
        if self._store_id is None:
            from store.identity import store_id

            with self.session() as session:
                self._store_id = store_id(session)
        return self._store_id

    @classmethod
    def open(cls, url: str, *, key: bytes | None = None) -> Store:
        """Connect, then create or upgrade the schema; ``key`` opens an encrypted SQLite file."""
        engine = get_engine(url, key=key)
        try:
            report = migrations.upgrade(engine)
        except migrations.MigrationError as exc:
            raise StoreError(str(exc)) from None
        except Exception as exc:
            raise StoreError(
                f"database: cannot open {_safe(url)} ({type(exc).__name__}: {exc})."
            ) from None
        return cls(engine, url=url, report=report)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A new session; objects stay readable after commit."""
        with StoreSession(self.engine, expire_on_commit=False) as session:
            session.info["seat"] = self.seat
            if self.audit_seal is not None:
                session.info["audit_seal"] = self.audit_seal
            yield session

    def follow(self, on_change: Callable[[int | None], None]) -> changes.ChangeFeed:
        """Start a feed of other seats' commits: ``on_change(meeting id, or None for any)``."""
        return changes.ChangeFeed(self.engine, seat=self.seat, on_change=on_change).start()

    @property
    def encrypted(self) -> bool:
        """True when this is an SQLite file encrypted with SQLCipher."""
        path = _sqlite_file(self.url)
        return path is not None and key_for(path) is not None

    def encrypt(self, key: bytes) -> None:
        """Encrypt this SQLite store in place with ``key`` and go on using it.

        Every other connection to the file must be closed (see store.cipher.encrypt_file).
        """
        from store.cipher import encrypt_file

        path = _sqlite_file(self.url)
        if path is None:
            raise StoreError("database: only an SQLite file can be encrypted by mace-tui.")
        _RETIRED.add(self.engine)
        dispose_engine(self.url)
        try:
            encrypt_file(path, key)
        finally:
            self._engine = get_engine(self.url, key=key if _encrypted(path) else None)

    def close(self) -> None:
        """Release the engine's connections."""
        dispose_engine(self.url)


def _encrypted(path: Path) -> bool:
    from store.cipher import is_encrypted

    return is_encrypted(path)


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url

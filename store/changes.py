"""Changes made by other seats, as they are committed (R25).

Writers: every session handed out by ``Store.session()`` notes which meetings
its flushes touched (a row with a ``meeting_id``, a row of an agenda item, the
meeting itself). On PostgreSQL it sends ``NOTIFY mace_changes, '<seat> <meeting>'``
in the same transaction, so the notice goes out when, and only if, the
transaction commits. A bulk statement with no rows to look at says ``*`` (any
meeting).

Readers: a ``ChangeFeed`` runs one thread. On PostgreSQL it ``LISTEN``s on its
own connection and hands each notice from another seat to a callback: the
meeting id, or None when it could be any. On SQLite (seats on one machine) it
polls ``PRAGMA data_version`` on its own connection a few times a second; that
number moves when any other connection commits, so the callback gets None
(something changed, look again), own writes included. A lost connection is
retried; once back, the callback gets None, since notices sent meanwhile are gone.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session

CHANNEL = "mace_changes"
ANY = "*"
POLL_SECONDS = 0.1  # SQLite: how often data_version is read
WAIT_SECONDS = 0.5  # PostgreSQL: how long one wait for a notice lasts (to notice stop)
RETRY_SECONDS = 1.0

log = logging.getLogger(__name__)

_TOUCHED = "mace_changed_meetings"
_ITEMS = "mace_changed_items"


def _note_flush(session: Session, _context: Any) -> None:
    """After a flush: which meetings did it touch? On PostgreSQL, tell them (on commit)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    meetings: set[str] = set()
    items: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", "")
        if table == "meeting" and getattr(obj, "id", None) is not None:
            meetings.add(str(obj.id))
        elif (table == "agenda_item" and getattr(obj, "meeting_id", None) is not None) or getattr(
            obj, "meeting_id", None
        ) is not None:
            meetings.add(str(obj.meeting_id))
        elif getattr(obj, "item_id", None) is not None:
            items.add(int(obj.item_id))
    if items:
        rows = session.connection().execute(
            text("SELECT DISTINCT meeting_id FROM agenda_item WHERE id = ANY(:ids)"),
            {"ids": sorted(items)},
        )
        meetings.update(str(row[0]) for row in rows)
    _notify(session, meetings)


def _note_bulk(state: ORMExecuteState) -> None:
    """A bulk INSERT/UPDATE/DELETE: its meetings are unknown, so say any."""
    if state.is_select or not (state.is_insert or state.is_update or state.is_delete):
        return
    if state.session.get_bind().dialect.name != "postgresql":
        return
    _notify(state.session, {ANY})


def _notify(session: Session, meetings: set[str]) -> None:
    if not meetings:
        return
    seat = str(session.info.get("seat", ""))
    sent: set[str] = session.info.setdefault(_TOUCHED, set())
    for meeting in sorted(meetings - sent):
        session.connection().execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANNEL, "payload": f"{seat} {meeting}"},
        )
    sent.update(meetings)


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_ITEMS, None)


def install(session_class: type[Session]) -> None:
    """Make every session of ``session_class`` announce its commits (once, at import)."""
    event.listen(session_class, "after_flush", _note_flush)
    event.listen(session_class, "do_orm_execute", _note_bulk)
    event.listen(session_class, "after_commit", _forget)
    event.listen(session_class, "after_rollback", _forget)


def parse(payload: str, *, own_seat: str) -> tuple[bool, int | None]:
    """``(from another seat, meeting id or None for any)`` of a notice's payload."""
    seat, _, meeting = payload.partition(" ")
    if seat == own_seat:
        return False, None
    return True, int(meeting) if meeting.isdigit() else None


class ChangeFeed:
    """A thread that calls ``on_change(meeting_id | None)`` when another seat commits."""

    def __init__(
        self, engine: Engine, *, seat: str, on_change: Callable[[int | None], None]
    ) -> None:
        self._engine = engine
        self._seat = seat
        self._on_change = on_change
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mace-change-feed", daemon=True)

    @property
    def postgres(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    def start(self, *, wait: float = 5.0) -> ChangeFeed:
        """Start following; returns once it listens (so no commit after this is missed)."""
        self._thread.start()
        self._ready.wait(wait)
        return self

    def stop(self, *, wait: bool = True) -> None:
        """Stop the thread; with ``wait``, until it has closed its connection."""
        self._stop.set()
        if wait and self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        first = True
        while not self._stop.is_set():
            try:
                if self.postgres:
                    self._listen(catch_up=not first)
                else:
                    self._poll(catch_up=not first)
            except Exception as exc:  # a lost connection: say so in the log, retry
                log.warning("change feed: %s; retrying", type(exc).__name__)
                self._ready.set()
                self._stop.wait(RETRY_SECONDS)
            first = False

    def _deliver(self, meeting: int | None) -> None:
        try:
            self._on_change(meeting)
        except Exception:  # a subscriber's fault must not end the feed
            log.exception("change feed: a subscriber failed")

    def _own_connection(self) -> Any:
        """A connection of the engine's own making (same settings), out of its pool for good."""
        pooled = self._engine.raw_connection()
        connection = pooled.driver_connection
        pooled.detach()
        return connection

    def _listen(self, *, catch_up: bool) -> None:
        connection = self._own_connection()
        connection.autocommit = True
        with connection:
            connection.execute(f"LISTEN {CHANNEL}")
            self._ready.set()
            if catch_up:
                self._deliver(None)
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=WAIT_SECONDS):
                    other, meeting = parse(notice.payload, own_seat=self._seat)
                    if other:
                        self._deliver(meeting)

    def _poll(self, *, catch_up: bool) -> None:
        connection = self._own_connection()
        try:
            last = connection.execute("PRAGMA data_version").fetchone()[0]
            self._ready.set()
            if catch_up:
                self._deliver(None)
            while not self._stop.wait(POLL_SECONDS):
                now = connection.execute("PRAGMA data_version").fetchone()[0]
                if now != last:
                    last = now
                    self._deliver(None)
        finally:
            connection.close()

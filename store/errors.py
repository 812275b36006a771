"""The one family of errors a user can act on, and what a failed write means in their words.

Every error whose message is written for the user (it says what is wrong and
what to do, and never holds a child's details) derives from ``UserError``.
Anything else is a fault: only its type is logged and the user is told what to
do next. ``write_trouble`` names the failures that pass by themselves (a full
disk once space is freed, a store another process holds) so the one write
queue can retry them. Light on purpose: no database import here.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


class UserError(Exception):
    """A refusal or problem the user can act on; ``str()`` is safe to show as it is."""


# SQLite's words for a full disk and for another process holding the write lock
# (SQLITE_FULL, SQLITE_BUSY, SQLITE_LOCKED), PostgreSQL's SQLSTATE classes.
_SQLITE_FULL = ("database or disk is full", "disk is full")
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
_PG_FULL = {"53100"}  # disk_full
_PG_BUSY = {"55P03", "40P01", "40001", "57014"}  # lock not available, deadlock, serialization
# The server went away or is not taking connections yet: shut down, restarting, crashed.
_PG_LOST = {"57P01", "57P02", "57P03"}
# psycopg's words when it cannot reach the server at all (no SQLSTATE then).
_PG_LOST_WORDS = (
    "connection refused",
    "no such file or directory",
    "server closed the connection",
    "connection is lost",
    "connection is closed",
    "terminating connection",
    "the database system is",
    "consuming input failed",
    "could not receive data",
    "could not send data",
)


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps (SQLAlchemy keeps the driver's error as ``orig``)."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        orig = getattr(current, "orig", None)
        todo += [
            orig if isinstance(orig, BaseException) else None,
            current.__cause__,
            current.__context__,
        ]
    return seen


def trouble_kind(error: BaseException) -> str | None:
    """``"full"`` for a full disk, ``"busy"`` for a store held by another process, ``"lost"``
    for a database server that cannot be reached just now, else None."""
    for cause in _causes(error):
        if getattr(cause, "connection_invalidated", False):
            return "lost"  # SQLAlchemy: the connection died under the statement
        if isinstance(cause, OSError) and cause.errno in (errno.ENOSPC, errno.EDQUOT):
            return "full"
        code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
        if code in _PG_FULL:
            return "full"
        if code in _PG_BUSY:
            return "busy"
        if code in _PG_LOST or (isinstance(code, str) and code.startswith("08")):
            return "lost"
        unreachable = type(cause).__module__.startswith("psycopg") and any(
            words in str(cause).lower() for words in _PG_LOST_WORDS
        )
        if unreachable and type(cause).__name__ == "OperationalError":
            return "lost"
        text = str(cause).lower() if type(cause).__name__ == "OperationalError" else ""
        if any(words in text for words in _SQLITE_FULL):
            return "full"
        if any(words in text for words in _SQLITE_BUSY):
            return "busy"
    return None


def write_trouble(error: BaseException, *, folder: Path | None) -> str | None:
    """What a passing write failure means, in the user's words; None for any other error."""
    kind = trouble_kind(error)
    if kind == "full":
        where = f"The disk holding {folder}" if folder is not None else "The database server's disk"
        return f"{where} is full: free some space there. Nothing is lost; retrying."
    if kind == "busy":
        return "The store is busy (another program is writing to it). Nothing is lost; retrying."
    if kind == "lost":
        return (
            "Connection to the database server lost. What you type stays on this screen and "
            "is saved when it is back; retrying."
        )
    return None

"""The one write path: in order, never dropped, passing failures retried, one error family."""

from __future__ import annotations

import errno
import functools
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from mace_tui.chair.autosave import Autosave, SavePace
from mace_tui.writes import WriteQueue, user_message
from store.errors import UserError, trouble_kind, write_trouble


class Seen:
    """What the queue told the user and handed back (posted inline: no UI thread here)."""

    def __init__(self) -> None:
        self.told: list[tuple[str, str]] = []
        self.done: list[object] = []
        self.refused: list[str] = []

    def queue(self, trouble: Callable[[BaseException], str | None] | None = None) -> WriteQueue:
        return WriteQueue(
            post=lambda fn: fn(),
            trouble=trouble or (lambda e: write_trouble(e, folder=Path("/srv/mace"))),
            told=lambda text, severity: self.told.append((text, severity)),
            backoff=(0.01, 0.02),
        )


def _sqlite_error(text: str) -> OperationalError:
    return OperationalError("UPDATE thrive_note SET text=?", {}, sqlite3.OperationalError(text))


def test_writes_are_applied_in_the_order_made_from_many_threads() -> None:
    seen = Seen()
    writes = seen.queue()
    applied: list[int] = []
    for n in range(200):
        writes.submit("n", functools.partial(applied.append, n), done=seen.done.append)
    assert writes.drain(10)
    assert applied == list(range(200))
    assert len(seen.done) == 200
    writes.close()


def test_a_slow_write_holds_later_ones_back_rather_than_being_overtaken() -> None:
    seen = Seen()
    writes = seen.queue()
    gate = threading.Event()
    order: list[str] = []

    def present() -> None:
        gate.wait(5)
        order.append("present")

    writes.submit("present", present)
    writes.submit("start", lambda: order.append("start"))
    assert writes.pending == 2
    gate.set()
    assert writes.drain(5)
    assert order == ["present", "start"]
    writes.close()


def _pg_rows() -> list[tuple[BaseException, str | None, str | None]]:
    """PostgreSQL's ways of saying the server went away (R25), beside one that is not."""
    try:
        import psycopg
        from psycopg import errors
    except ImportError:  # the postgres extra is not installed: nothing of it to name
        return []
    lost = "Connection to the database server lost"
    return [
        (psycopg.OperationalError('connection to server on socket "/x/.s" failed: Connection refused'), "lost", lost),
        (psycopg.OperationalError("server closed the connection unexpectedly"), "lost", lost),
        (errors.AdminShutdown("terminating connection due to administrator command"), "lost", lost),
        (errors.CannotConnectNow("the database system is starting up"), "lost", "retrying"),
        (errors.UndefinedTable("relation does not exist"), None, None),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (_sqlite_error("database or disk is full"), "full", "The disk holding /srv/mace is full"),
        (OSError(errno.ENOSPC, "No space left on device"), "full", "free some space"),
        (_sqlite_error("database is locked"), "busy", "The store is busy"),
        (_sqlite_error("database table is locked"), "busy", "retrying"),
        (_sqlite_error("no such table: thrive_note"), None, None),
        (RuntimeError("boom"), None, None),
        *_pg_rows(),
    ],
)
def test_passing_failures_are_named_in_the_users_words(
    error: BaseException, kind: str | None, words: str | None
) -> None:
    assert trouble_kind(error) == kind
    said = write_trouble(error, folder=Path("/srv/mace"))
    if words is None:
        assert said is None
    else:
        assert said is not None and words in said and "restart" not in said


def test_a_full_disk_is_retried_until_it_goes_through_and_nothing_is_reordered() -> None:
    seen = Seen()
    writes = seen.queue()
    failures = iter([_sqlite_error("database or disk is full")] * 3)
    applied: list[str] = []

    def note() -> str:
        error = next(failures, None)
        if error is not None:
            raise error
        applied.append("note")
        return "saved"

    writes.submit("note", note, done=seen.done.append)
    writes.submit("close", lambda: applied.append("close"))
    assert writes.drain(5)
    assert applied == ["note", "close"]
    assert seen.done == ["saved"]
    texts = [text for text, _ in seen.told]
    # Said once while it lasted, then that saving works again; never "restart".
    assert sum("The disk holding /srv/mace is full" in t for t in texts) == 1
    assert seen.told[-1][1] == "information"
    assert not any("restart" in t for t in texts)
    writes.close()


class Refused(UserError):
    pass


def test_a_refusal_is_shown_where_the_user_is_and_the_queue_goes_on() -> None:
    seen = Seen()
    writes = seen.queue()
    applied: list[str] = []

    def refuse() -> None:
        raise Refused("Ellis Examplewood cannot own this action: a conflict was declared.")

    writes.submit("action", refuse, refused=seen.refused.append)
    writes.submit("next", lambda: applied.append("next"))
    assert writes.drain(5)
    assert seen.refused == ["Ellis Examplewood cannot own this action: a conflict was declared."]
    assert applied == ["next"]
    writes.close()


def test_a_fault_is_logged_by_type_only_and_the_user_told_what_to_do(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen = Seen()
    writes = seen.queue()

    def broken() -> None:
        raise KeyError("Riley Example")

    writes.submit("note", broken, refused=seen.refused.append)
    assert writes.drain(5)
    assert seen.refused == []  # a fault is not a refusal: the one handler speaks
    (text, severity), *_ = seen.told
    assert severity == "error" and "KeyError" in text and "try the step again" in text
    assert "Riley" not in text and "restart" not in text
    assert "Riley" not in caplog.text and "KeyError" in caplog.text
    writes.close()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (Refused("The date is more than 2 years ahead."), "The date is more than 2 years ahead."),
        (ValueError("Riley Example"), None),
        (None, None),
    ],
)
def test_one_error_family_decides_what_is_shown(error: Exception | None, shown: str | None) -> None:
    text = user_message(error)
    if shown is not None:
        assert text == shown
    else:
        assert "Riley" not in text and "restart" not in text


def test_every_error_meant_for_the_user_is_a_user_error() -> None:
    import importlib

    names = {
        "mace_tui.prep.csv_import": "ImportFileError",
        "mace_tui.config": "SettingsError",
        "mace_tui.profiles.loader": "ProfileError",
        "mace_tui.audio.problems": "AudioProblem",
        "mace_tui.reports.files": "OutputError",
        "store.db": "StoreError",
        "store.attendance": "AttendanceError",
        "store.meetings": "MeetingError",
        "store.discussion": "DiscussionError",
        "store.conflicts": "ConflictError",
        "store.actions": "ActionError",
        "store.carryover": "CarryOverError",
        "mace_tui.audio.sealed": "SealedProblem",
        "mace_tui.access.service": "AccessRefused",
        "store.audit": "AuditKeyMissing",
    }
    for module, name in names.items():
        cls = getattr(importlib.import_module(module), name)
        assert issubclass(cls, UserError), name
        assert not hasattr(cls, "user_facing"), name


@pytest.mark.parametrize(
    ("keys", "due"),
    [
        # (time of each keystroke) -> when the save falls due after the last one
        ([0.0], 0.3),  # a lone keystroke: after the pause
        ([0.0, 0.1], 0.4),  # a pause after the second
        ([0.0, 0.15, 0.3, 0.45], 0.5),  # steady typing: the maximum wait
        ([0.0, 0.15, 0.3, 0.45, 0.6], 0.5),  # overdue: at once
    ],
)
def test_typing_is_saved_after_a_pause_or_at_most_half_a_second_after_it_began(
    keys: list[float], due: float
) -> None:
    pace = SavePace()
    delay = 0.0
    for at in keys:
        delay = pace.touch(at)
    assert keys[-1] + delay == pytest.approx(max(due, keys[-1]))
    pace.saved()
    assert pace.touch(10.0) == pytest.approx(0.3)


def test_a_failed_save_keeps_the_newest_text_for_the_next_try() -> None:
    saved: list[str] = []
    failing = [True]

    def save(text: str) -> None:
        if failing[0]:
            raise _sqlite_error("database or disk is full")
        saved.append(text)

    box: Autosave[str] = Autosave(save)
    box.put("Seen near the sta")
    with pytest.raises(OperationalError):
        box.flush()
    box.put("Seen near the station")
    failing[0] = False
    box.flush()
    assert saved == ["Seen near the station"] and not box.dirty


def test_closing_applies_what_is_queued_without_calling_back_into_a_closing_ui() -> None:
    seen = Seen()
    writes = seen.queue()
    gate = threading.Event()
    applied: list[str] = []

    def first() -> None:
        gate.wait(5)
        applied.append("first")

    writes.submit("first", first)
    writes.submit("note", lambda: applied.append("note"), done=seen.done.append)
    threading.Timer(0.1, gate.set).start()
    assert writes.close(timeout=5)
    assert applied == ["first", "note"]
    assert seen.done == []


def test_no_exception_class_marks_itself_for_the_user_outside_the_family() -> None:
    """One family (``UserError``), no ``user_facing`` flags checked with getattr (#18)."""
    import importlib
    import inspect
    import pkgutil

    import mace_tui
    import store

    marked = []
    for package in (mace_tui, store):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".migrations" in info.name or info.name.endswith("__main__"):
                continue
            module = importlib.import_module(info.name)
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, BaseException) and "user_facing" in vars(cls):
                    marked.append(f"{info.name}.{name}")
    assert marked == []

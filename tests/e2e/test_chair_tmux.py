"""End to end in a real terminal: chair one child with the keyboard, survive a kill, carry on."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

from tests.e2e.tmux import COMMAND, NOTE_OPEN, terminal


def wait_for_row(db: Path, sql: str, timeout: float = 10.0) -> tuple:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(db) as conn:
            row = conn.execute(sql).fetchone()
        if row:
            return row
        time.sleep(0.1)
    raise AssertionError(f"nothing for {sql!r}")


def test_chair_one_child_kill_and_resume(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    env = {
        "MACE_DATA_DIR": str(tmp_path / "data"),
        "MACE_CONFIG_DIR": str(tmp_path / "config"),
        "TERM": "xterm-256color",
    }
    with terminal(100, 30, env=env) as term:
        term.start(f"exec {COMMAND} demo --db sqlite:///{db}")
        term.wait_for("Attendance")
        term.wait_for("Max Trialson")
        for _ in range(7):
            term.keys("p", "Down")
            time.sleep(0.1)
        term.wait_for("Max Trialson")
        time.sleep(0.5)
        term.keys("s")
        term.wait_for("Opening statements")
        for _ in range(6):
            term.keys("Enter")
            time.sleep(0.3)
        term.wait_for("Carried-over actions")
        term.keys("F9")  # on to the children, leaving the carried-over actions open
        term.wait_for("Next: Riley Example")
        term.keys("Enter")
        term.wait_for("who is in the room")
        term.keys("F9")  # no conflicts: start the discussion
        term.wait_for("Discussing Riley Example")
        term.keys("Enter")
        term.wait_for(NOTE_OPEN)  # the new note's row: the editor has the focus
        term.keys("-l", "Seen near the station with two adults")
        try:
            wait_for_row(
                db,
                "SELECT text FROM thrive_note WHERE text = 'Seen near the station with two adults'",
            )
        except AssertionError:
            raise AssertionError(term.screen()) from None
        pid = int(term.tmux("display-message", "-p", "-t", term.session, "#{pane_pid}").strip())
        os.kill(pid, signal.SIGKILL)  # no clean-up: as if the laptop died

    with terminal(100, 30, env=env) as term:
        term.start(f"{COMMAND} chair --db sqlite:///{db}")
        screen = term.wait_for("Seen near the station")
        assert "Riley Example" in screen
        term.keys("Escape")
        time.sleep(0.3)
        term.keys("F3")
        term.wait_for("Rationale")
        term.keys("l")
        term.wait_for("Advice and guidance")
        term.keys("Tab", "Tab", "Tab", "Tab")
        time.sleep(0.5)  # let the focus reach the rationale, as a person's eyes would
        term.keys("-l", "Protective factors outweigh the concerns")
        time.sleep(1.0)
        term.keys("F8")
        term.wait_for("discussion closed")
        term.keys("C-q")
        term.wait_for("__EXIT=0__")
    with sqlite3.connect(db) as conn:
        status, grade, rationale = conn.execute(
            "SELECT i.status, g.grade, g.rationale FROM agenda_item i JOIN grading g ON g.item_id = i.id "
            "JOIN child c ON c.id = i.child_id WHERE c.name = 'Riley Example' AND i.status = 'done'"
        ).fetchone()
    assert (status, grade, rationale) == ("done", "LOW", "Protective factors outweigh the concerns")

"""End to end: ``mace-tui prep`` in a real terminal at 80×24, keyboard only."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from mace_tui.clock import local_today, system_clock
from tests.e2e.tmux import COMMAND, terminal

# A person reads a dialog before typing into it; keys sent in the very frame a
# dialog first paints can arrive before its widgets are ready.
READ = 0.5


def test_prepare_the_demo_meeting_by_keyboard(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    env = {
        "MACE_DATA_DIR": str(tmp_path / "data"),
        "MACE_CONFIG_DIR": str(tmp_path / "config"),
        "TERM": "xterm-256color",
    }
    seeded = subprocess.run(
        [sys.executable, "-m", "mace_tui", "demo", "--no-ui", "--db", f"sqlite:///{db}"],
        capture_output=True, text=True, timeout=120, env={**env, "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr
    today = local_today(system_clock)
    with terminal(80, 24, env=env) as term:
        term.start(f"{COMMAND} prep --db sqlite:///{db} --date {today:%Y-%m-%d}")
        term.wait_for("10 children")
        term.wait_for("Riley Example · C0")  # the history panel: the queue is loaded
        # Move Jordan to the top, remove Riley (confirming), then undo.
        term.keys("Down", "S-Up")
        term.wait_for(" 1    ·  Jordan Sample")
        term.keys("Down", "x")
        term.wait_for("off the queue?")
        time.sleep(READ)
        term.keys("y")
        term.wait_for("9 children")
        term.keys("u")
        term.wait_for("10 children")
        # Record a new child, then say why they are on the queue.
        term.keys("a")
        term.wait_for("Add a child to the queue")
        time.sleep(READ)
        term.keys("-l", "Zed Terminalson")
        term.wait_for("No child found")
        term.keys("C-n")
        term.wait_for("Record a new child")
        time.sleep(READ)
        term.keys("-l", "05/05/2012")  # the date of birth has the focus: the name is filled in
        term.keys("C-s")
        term.wait_for("Why is Zed Terminalson on the queue?")
        time.sleep(READ)
        term.keys("Space", "Tab", "Space")  # Police report / PPN; CSE
        term.keys("Tab", "Tab", "Tab", "Tab", "Tab")
        time.sleep(READ)  # a text area takes its focus a moment after the key
        term.keys("-l", "Typed in a real terminal.")
        term.keys("C-s")
        term.wait_for("11 children")
        term.keys("q")
        term.wait_for("__EXIT=0__")
    with closing(sqlite3.connect(db)) as con:
        rows = con.execute(
            "SELECT c.name, a.position, a.referral_source, a.exploitation_types, a.reason "
            "FROM agenda_item a JOIN child c ON c.id = a.child_id JOIN meeting m ON m.id = a.meeting_id "
            "WHERE m.date = ? AND a.status != 'removed' ORDER BY a.position",
            (today.isoformat(),),
        ).fetchall()
    assert [r[0] for r in rows[:2]] == ["Jordan Sample", "Riley Example"]
    assert rows[-1] == ("Zed Terminalson", 11, "police-report", "cse", "Typed in a real terminal.")

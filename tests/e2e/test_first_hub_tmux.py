"""End to end from an EMPTY data folder: set up the hub from the sample directory CSV, prepare a
meeting by hand, chair it to the end and export its action log. No demo data anywhere."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mace_tui.cipher import read_id_file
from mace_tui.keystore import find_key
from store import cipher
from tests.e2e.tmux import COMMAND, Terminal, terminal

SAMPLE = Path(__file__).parents[1] / "data" / "directory.csv"
CHILDREN = (
    ("Alex Sampleton", "14/03/2011", "Seen with older adults near the station."),
    ("Casey Demoford", "02/09/2012", "Missing twice this month."),
)


@contextlib.contextmanager
def _open(db: Path, config_dir: Path) -> Iterator[Any]:
    """The database as the app left it: with its key when set-up encrypted it."""
    key = None
    if cipher.is_encrypted(db):
        store_id = read_id_file(db)
        assert store_id is not None, "an encrypted store names its id beside the file"
        key = find_key(config_dir, store_id, "database")
    conn = cipher.connect(db, key)
    try:
        yield conn
    finally:
        conn.close()


def slowly(term: Terminal, *keys: str, pause: float = 0.25) -> None:
    """One key at a time, as a person types between looks at the screen."""
    for key in keys:
        term.keys(key)
        time.sleep(pause)


def type_in(term: Terminal, text: str, shown: str | None = None) -> None:
    """Type ``text`` a few characters at a time, then wait until the field shows it."""
    for start in range(0, len(text), 8):
        term.keys("-l", text[start : start + 8])
        time.sleep(0.05)
    term.wait_for(shown if shown is not None else text[-15:])


def add_child(term: Terminal, name: str, born: str, reason: str, count: str) -> None:
    term.keys("a")
    term.wait_for("Add a child to the queue")
    term.keys("-l", name)
    time.sleep(0.5)
    term.keys("C-n")
    term.wait_for("Record a new child")
    time.sleep(1.0)  # the name is filled in and the focus moves to the date of birth
    term.keys("-l", born)
    term.wait_for(f"Date of birth       {born}")
    time.sleep(0.3)
    term.keys("C-s")
    term.wait_for(f"Why is {name} on the queue")
    time.sleep(1.0)  # the form takes the focus
    slowly(term, "Space", *["Tab"] * 6)  # the first referral source, then on to the reason
    type_in(term, reason)
    term.keys("C-s")
    term.wait_for(count)


def confirmed(screen: str) -> int | None:
    """How many opening statements the screen says are confirmed (None: not that screen)."""
    found = re.search(r"Opening statements — (\d) of 6 confirmed", screen)
    return int(found.group(1)) if found else None


def confirm_statements(term: Terminal) -> None:
    """Enter on each statement, each time waiting for the count to move before the next key."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        count = confirmed(term.screen())
        if count is None or count == 6:
            return
        term.keys("Enter")
        while time.monotonic() < deadline and confirmed(term.screen()) == count:
            time.sleep(0.1)
        time.sleep(0.3)
    raise AssertionError(term.screen())


def wait_for_any(term: Terminal, *texts: str, timeout: float = 30.0) -> str:
    """The first of ``texts`` to appear on the screen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = term.screen()
        for text in texts:
            if text in screen:
                return text
        time.sleep(0.05)
    raise AssertionError(f"none of {texts!r} appeared; the screen shows:\n{term.screen()}")


def write_rationale(term: Terminal, text: str) -> None:
    """Tab from the grade choice to the rationale and type it; again if a redraw took the focus."""
    for _ in range(3):
        term.keys("F3")  # the focus back on the grade choice, whatever the last redraw did
        time.sleep(0.5)
        slowly(term, "Tab", "Tab", "Tab", "Tab", pause=0.3)  # past the three flags
        for start in range(0, len(text), 8):
            term.keys("-l", text[start : start + 8])
            time.sleep(0.05)
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            if text in term.screen():
                return
            time.sleep(0.1)
    raise AssertionError(f"the rationale never showed:\n{term.screen()}")


def chair_child(term: Terminal, name: str, action: str, owner: str) -> None:
    room = f"{name} — who is in the room"
    if wait_for_any(term, f"Next: {name}", room) != room:
        term.keys("F9")
        term.wait_for(room)
    time.sleep(0.5)
    term.keys("F9")
    term.wait_for(f"Discussing {name}")
    term.keys("F3")
    term.wait_for("Rationale")
    time.sleep(1.0)
    term.keys("l")
    term.wait_for("Advice and guidance")
    time.sleep(2.0)  # the grade is saved and the pane redrawn
    write_rationale(term, "Protective factors outweigh the concerns")
    time.sleep(1.0)  # the autosave fires after the last key
    term.keys("F4")
    term.wait_for("No actions yet. Press n")
    time.sleep(0.5)
    term.keys("n")
    term.wait_for("What will be done, and how we will know")
    time.sleep(0.5)
    type_in(term, action)
    slowly(term, "Tab")
    type_in(term, owner)
    time.sleep(1.0)  # the owner's agency is filled in
    slowly(term, "Tab", "Tab", pause=1.0)
    type_in(term, "+7d")
    slowly(term, "Tab", "Space", "C-s", pause=0.4)
    time.sleep(1.0)
    term.keys("F8")
    term.wait_for("discussion closed")


def test_a_new_hub_from_empty_to_an_exported_action_log(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {
        "MACE_DATA_DIR": str(data),
        "MACE_CONFIG_DIR": str(tmp_path / "config"),
        # Its own diagnostics log, shown if a step does not come.
        "MACE_CACHE_DIR": str(tmp_path / "cache"),
        "MACE_AUDIO_DEVICE": "no-such-microphone",
        # Exports are proposed in the user's documents folder; keep this run's in its own.
        "MACE_EXPORT_DIR": str(data / "exports"),
        "TERM": "xterm-256color",
    }
    with terminal(80, 24, env=env) as term:
        term.start(str(COMMAND))
        term.wait_for("Setting up the hub")
        term.wait_for("The directory holds 0 agencies")
        term.keys("i")
        term.wait_for("Import the directory from a CSV file")
        term.keys("-l", str(SAMPLE))
        term.keys("Enter")
        term.wait_for("5 agencies and 9 people")
        term.keys("F9")
        term.wait_for("4 invited")  # the DRMM's standing panel from the file
        add_child(term, *CHILDREN[0], count="1 child ·")
        add_child(term, *CHILDREN[1], count="2 children ·")
        term.keys("q")
        term.wait_for("__EXIT=0__")

    db = data / "mace.db"
    # Set-up encrypts the database by default where SQLCipher is installed (the dev group has
    # it): plain SQLite cannot read it, the store's key from the config folder can.
    if cipher.available():
        assert cipher.is_encrypted(db)
        with pytest.raises(sqlite3.DatabaseError), contextlib.closing(sqlite3.connect(db)) as plain:
            plain.execute("SELECT count(*) FROM meeting").fetchone()
    with _open(db, tmp_path / "config") as conn:
        (day,) = conn.execute("SELECT date FROM meeting").fetchone()
        demo = conn.execute("SELECT count(*) FROM person WHERE name = 'Max Trialson'").fetchone()
    assert demo == (0,)

    # The chair at 100×30, so the rationale being typed is on the screen to check.
    with terminal(100, 30, env=env) as term:
        term.start(f"{COMMAND} chair --date {day}")
        term.wait_for("Attendance")
        term.wait_for("Dana Fictorova")
        for _ in range(4):
            slowly(term, "p", "Down", pause=0.4)
        deadline = time.monotonic() + 30
        while term.screen().count("  present  ") < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        term.wait_for("services   quorate")
        term.keys("s")
        term.wait_for("Opening statements")
        term.wait_for("Read the statement aloud")
        time.sleep(1.0)
        confirm_statements(term)
        chair_child(
            term,
            CHILDREN[0][0],
            "Share the school attendance record with police",
            "Ellis Examplewood",
        )
        chair_child(
            term,
            CHILDREN[1][0],
            "Complete a return home interview for the hub",
            "Priya Sampleworth",
        )
        term.keys("F12")
        time.sleep(1.0)
        term.keys("y")
        term.wait_for("2 children")
        term.keys("e")
        term.wait_for("readable by")  # the export dialog itself, not the footer's "Export"
        time.sleep(0.5)
        term.keys("Enter")
        term.wait_for("Exported")
        term.keys("C-q")
        term.wait_for("__EXIT=0__")

    exports = sorted(p.name for p in (data / "exports").iterdir())
    assert exports == [
        f"action-log_llr-drmm_{day}_v1.csv",
        f"action-log_llr-drmm_{day}_v1.docx",
        f"action-log_llr-drmm_{day}_v1.md",
    ]
    log = (data / "exports" / f"action-log_llr-drmm_{day}_v1.md").read_text()
    assert "Share the school attendance record with police" in log
    assert "Complete a return home interview for the hub" in log
    assert "Dana Fictorova" in log and "OFFICIAL-SENSITIVE" in log
    with _open(db, tmp_path / "config") as conn:
        status = conn.execute("SELECT status FROM meeting").fetchone()
        graded = conn.execute("SELECT count(*) FROM grading").fetchone()
        actions = conn.execute("SELECT count(*) FROM action").fetchone()
    assert (status, graded, actions) == (("finished",), (2,), (2,))

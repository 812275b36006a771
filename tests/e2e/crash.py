"""kill -9 trials on the installed command in tmux: what a crash may cost, measured.

Shared by the test (tests/e2e/test_crash_trials.py, a few trials) and the
benchmark (benchmarks/crash_trials.py, N trials). A meeting is walked once
with the keyboard to a child under discussion (the *base* store); each trial
copies it, reopens the chair, does one thing a chair does — types a note at a
steady 150 ms a key, saves an action, closes the child, or ends the meeting —
and kills the app with SIGKILL at a random moment in it. Then the store is
checked (``PRAGMA integrity_check``, nothing half-written, at most the last
second of typing missing) and the chair is reopened to see it comes back at
the right place.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.tmux import COMMAND, NOTE_OPEN, Terminal

KEY_GAP = 0.15  # a steady typist
TYPING_BOUND = 1.0  # the README's promise: at most the last second of typing is lost
KINDS = ("typing", "action", "close", "end")
WORDS = [
    "seen",
    "near",
    "the",
    "station",
    "with",
    "two",
    "adults",
    "late",
    "at",
    "night",
    "school",
    "reports",
    "absences",
    "on",
    "fridays",
    "and",
    "a",
    "new",
    "phone",
    "nobody",
    "paid",
    "for",
    "mother",
    "worried",
    "about",
    "older",
    "friends",
]
CHILD = "Riley Example"
RATIONALE = "Protective factors outweigh the concerns"
# The newest note of the child's discussion today (the demo's history has notes too).
NOTE_SQL = (
    "SELECT n.text FROM thrive_note n WHERE n.item_id = (SELECT i.id FROM agenda_item i "
    "JOIN child c ON c.id = i.child_id JOIN meeting m ON m.id = i.meeting_id "
    f"WHERE c.name = '{CHILD}' AND m.started_at IS NOT NULL "
    "ORDER BY m.date DESC, i.id DESC LIMIT 1) ORDER BY n.id DESC LIMIT 1"
)


class SetupFailed(Exception):
    """The keys did not get the app where the trial needed it before the kill (a slow
    screen, not something lost): the trial is run again."""


@dataclass
class Outcome:
    """What one trial found."""

    kind: str
    seconds_typed: float = 0.0
    chars_typed: int = 0
    chars_lost: int = 0
    lost_within_bound: bool = True
    rows_lost: int = 0
    half_written: list[str] = field(default_factory=list)
    integrity: str = ""
    reopened_right: bool = False
    state: str = ""  # what the store held after the kill, in words
    screen: str = ""  # on reopening
    screen_at_kill: str = ""  # just before the kill

    @property
    def ok(self) -> bool:
        return (
            self.integrity == "ok"
            and self.lost_within_bound
            and self.rows_lost == 0
            and not self.half_written
            and self.reopened_right
        )


def env_for(folder: Path) -> dict[str, str]:
    return {
        "MACE_DATA_DIR": str(folder / "data"),
        "MACE_CONFIG_DIR": str(folder / "config"),
        "TERM": "xterm-256color",
    }


@contextmanager
def terminal(env: dict[str, str], width: int = 100, height: int = 30) -> Iterator[Terminal]:
    term = Terminal(width, height, env)
    try:
        yield term
    finally:
        term.close()


@contextmanager
def cpu_hogs(count: int) -> Iterator[None]:
    """``count`` processes spinning on the CPU beside the app (a busy machine)."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def query(db: Path, sql: str, *args: object) -> list[tuple]:
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, args).fetchall()


def wait_for_row(db: Path, sql: str, timeout: float = 20.0) -> tuple:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = query(db, sql)
        if rows:
            return rows[0]
        time.sleep(0.1)
    raise AssertionError(f"nothing for {sql!r}")


def pane_pid(term: Terminal) -> int:
    return int(term.tmux("display-message", "-p", "-t", term.session, "#{pane_pid}").strip())


def make_base(folder: Path) -> Path:
    """Walk the demo meeting with the keyboard to the first child's discussion; quit."""
    db = folder / "base.db"
    with terminal(env_for(folder)) as term:
        term.start(f"{COMMAND} demo --db sqlite:///{db}")
        term.wait_for("Attendance", 60)
        term.wait_for("Max Trialson", 30)
        for _ in range(7):
            term.keys("p", "Down")
            time.sleep(0.1)
        wait_for_row(
            db, "SELECT count(*) FROM attendance WHERE status = 'present' HAVING count(*) >= 7"
        )
        term.keys("s")
        term.wait_for("Opening statements", 30)
        for _ in range(6):
            term.keys("Enter")
            time.sleep(0.3)
        term.wait_for("Carried-over actions", 30)
        term.keys("F9")
        term.wait_for(f"Next: {CHILD}", 30)
        term.keys("Enter")
        term.wait_for("who is in the room", 30)
        term.keys("F9")
        term.wait_for(f"Discussing {CHILD}", 30)
        term.keys("C-q")
        term.wait_for("__EXIT=0__", 30)
    return db


class Trial:
    """One trial on a copy of the base store."""

    def __init__(self, base: Path, folder: Path, kind: str, rng: random.Random) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.db = folder / "trial.db"
        shutil.copy(base, self.db)
        self.kind = kind
        self.rng = rng
        self.outcome = Outcome(kind)
        self.sent: list[tuple[str, float]] = []  # each character and when it was sent

    # -- driving -----------------------------------------------------------------------
    def type_for(self, term: Terminal, seconds: float) -> str:
        """Type words at KEY_GAP a key for ``seconds``; returns what was typed."""
        text = ""
        words = iter(self.rng.sample(WORDS, len(WORDS)) * 20)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            word = next(words)
            for char in (" " + word) if text else word:
                term.keys("-l", char)
                self.sent.append((char, time.monotonic()))
                text += char
                time.sleep(KEY_GAP)
                if time.monotonic() >= end:
                    break
        return text

    def open_note(self, term: Terminal) -> None:
        term.wait_for(f"Discussing {CHILD}", 60)
        term.keys("Enter")
        term.wait_for(NOTE_OPEN, 20)

    def run(self) -> Outcome:
        env = env_for(self.folder)
        with terminal(env) as term:
            term.start(f"exec {COMMAND} chair --db sqlite:///{self.db}")
            try:
                getattr(self, f"_{self.kind}")(term)
            except AssertionError as exc:
                raise SetupFailed(f"{self.kind}: {exc}") from None
            committed = self.rows()  # what another reader sees committed, just before the kill
            self.outcome.screen_at_kill = term.screen()
            os.kill(pane_pid(term), signal.SIGKILL)
            killed_at = time.monotonic()
        notes_before = self._notes
        after = self.rows()
        # A note committed with some text must still hold at least that text.
        self.outcome.rows_lost += sum(
            1 for i, text in notes_before.items() if not self._notes.get(i, "").startswith(text)
        )
        self.outcome.rows_lost = sum(
            len(ids - after.get(table, set())) for table, ids in committed.items()
        )
        self.check(killed_at)
        self.reopen()
        return self.outcome

    def _typing(self, term: Terminal) -> None:
        self.open_note(term)
        self.typed = self.type_for(term, self.rng.uniform(3.0, 12.0))

    def _action(self, term: Terminal) -> None:
        term.wait_for(f"Discussing {CHILD}", 60)
        term.keys("F4")
        time.sleep(0.3)
        term.keys("n")
        term.wait_for("Owner", 20)
        self.action_text = "Arrange a return home interview with the school by Friday"
        term.keys("-l", self.action_text)
        term.keys("Tab")
        term.keys("-l", "Max Trialson")
        term.keys("Tab", "Tab")
        term.keys("-l", "+3d")
        time.sleep(0.5)
        term.keys("C-s")
        time.sleep(self.rng.uniform(0.0, 0.8))

    def _close(self, term: Terminal) -> None:
        self.open_note(term)
        self.typed = self.type_for(term, self.rng.uniform(1.0, 3.0))
        term.keys("Escape")
        time.sleep(0.3)
        term.keys("F3")
        term.wait_for("Rationale", 20)
        self.grade(term)
        term.keys("F8")
        time.sleep(self.rng.uniform(0.0, 0.8))
        self.close_sent = True

    def grade(self, term: Terminal) -> None:
        """LOW with a rationale, waiting until the store has it (the keys reach the
        rationale only once the pane has settled; a busy machine takes its time)."""
        term.keys("l")
        term.wait_for("Advice and guidance", 20)
        time.sleep(1.0)
        term.keys("Tab", "Tab", "Tab", "Tab")
        time.sleep(1.0)
        term.keys("-l", RATIONALE)
        wait_for_row(self.db, f"SELECT id FROM grading WHERE rationale = '{RATIONALE}'", 30)

    def _end(self, term: Terminal) -> None:
        self.open_note(term)
        self.typed = self.type_for(term, 1.0)
        term.keys("Escape")
        time.sleep(0.3)
        term.keys("F3")
        term.wait_for("Rationale", 20)
        self.grade(term)
        term.keys("F8")
        term.wait_for("discussion closed", 30)
        term.keys("F12")
        term.wait_for("End the meeting?", 20)
        term.keys("y")
        time.sleep(self.rng.uniform(0.0, 0.8))

    # -- checking ----------------------------------------------------------------------
    def rows(self) -> dict[str, set[int]]:
        """The ids of every committed row of the tables a chair writes (and notes' texts)."""
        tables = ("thrive_note", "action", "grading", "agenda_item", "meeting", "attendance")
        found = {
            table: {r[0] for r in query(self.db, f"SELECT id FROM {table}")} for table in tables
        }
        self._notes: dict[int, str] = dict(query(self.db, "SELECT id, text FROM thrive_note"))
        return found

    def check(self, killed_at: float) -> None:
        out = self.outcome
        out.integrity = query(self.db, "PRAGMA integrity_check")[0][0]
        typed = getattr(self, "typed", "")
        if typed:
            rows = query(self.db, NOTE_SQL)
            stored = rows[0][0] if rows else ""
            out.chars_typed = len(typed)
            out.seconds_typed = self.sent[-1][1] - self.sent[0][1] if self.sent else 0.0
            if not typed.startswith(stored):
                out.half_written.append("the stored note is not what was typed")
            else:
                out.chars_lost = len(typed) - len(stored)
                if out.chars_lost:
                    first_lost_at = self.sent[len(stored)][1]
                    out.lost_within_bound = killed_at - first_lost_at <= TYPING_BOUND
        item = query(
            self.db,
            "SELECT i.id, i.status, i.meeting_id FROM agenda_item i JOIN child c "
            "ON c.id = i.child_id WHERE c.name = ? ORDER BY i.id DESC LIMIT 1",
            CHILD,
        )[0]
        self.item_status, meeting_id = item[1], item[2]
        self.meeting_status = query(self.db, "SELECT status FROM meeting WHERE id = ?", meeting_id)[
            0
        ][0]
        if self.kind == "action":
            actions = query(self.db, "SELECT text, due FROM action WHERE item_id = ?", item[0])
            if len(actions) > 1 or any(
                text != self.action_text or due is None for text, due in actions
            ):
                out.half_written.append("the action is not whole")
        if self.item_status == "done":
            grade = query(
                self.db, "SELECT grade, rationale FROM grading WHERE item_id = ?", item[0]
            )
            if not grade or not grade[0][1]:
                out.half_written.append("closed without its grading")
        out.state = {"done": "child closed", "in-discussion": "child open"}.get(
            self.item_status, self.item_status
        )
        if self.kind == "action":
            out.state += ", action saved" if actions else ", action not saved"
        if self.kind == "end":
            waiting = query(
                self.db,
                "SELECT count(*) FROM agenda_item WHERE meeting_id = ? AND status = 'waiting'",
                meeting_id,
            )[0][0]
            ended = self.meeting_status == "finished"
            out.state += ", meeting ended" if ended else ", meeting not ended"
            if ended == bool(waiting):
                out.half_written.append("the meeting's end is half-written")

    def reopen(self) -> None:
        """The chair comes back where the store says the meeting is."""
        out = self.outcome
        if self.meeting_status == "finished":
            expect = ["Action log"]
        elif self.item_status == "done":
            expect = ["Next:"]
        else:
            expect = [f"Discussing {CHILD}"]
            rows = query(self.db, NOTE_SQL) if getattr(self, "typed", "") else []
            if rows and rows[0][0]:
                expect.append(rows[0][0][:12])
        with terminal(env_for(self.folder)) as term:
            term.start(f"exec {COMMAND} chair --db sqlite:///{self.db}")
            try:
                for text in expect:
                    out.screen = term.wait_for(text, 60)
                out.reopened_right = True
            except AssertionError as exc:
                out.screen = str(exc)
            os.kill(pane_pid(term), signal.SIGKILL)


def run_trials(
    folder: Path, count: int, *, seed: int | None = None, hogs_from: int | None = None
) -> list[Outcome]:
    """``count`` trials of random kinds; from trial ``hogs_from`` on, two CPU hogs run."""
    rng = random.Random(seed)
    base = make_base(folder / "base")
    kinds = [KINDS[i % len(KINDS)] for i in range(count)]
    rng.shuffle(kinds)
    outcomes = []
    for n, kind in enumerate(kinds):
        hogs = 2 if hogs_from is not None and n >= hogs_from else 0
        for attempt in range(3):
            try:
                with cpu_hogs(hogs):
                    outcomes.append(Trial(base, folder / f"t{n}-{attempt}", kind, rng).run())
                break
            except SetupFailed:
                if attempt == 2:
                    raise
    return outcomes

"""Nothing typed, decided or recorded is lost: kill -9, a burst of keys, a full disk (#15).

The installed command in tmux, real SQLite files, a real small tmpfs for the
full disk (root only; skipped elsewhere), and two CPU hogs beside the app for
the busy-machine runs.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.e2e import crash
from tests.e2e.crash import CHILD, COMMAND, cpu_hogs, env_for, pane_pid, query, terminal
from tests.e2e.tmux import NOTE_OPEN

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo meeting walked with the keyboard to its first child's discussion."""
    return crash.make_base(tmp_path_factory.mktemp("base"))


@pytest.mark.loads_machine  # its later trials run beside two CPU hogs
def test_kill_9_at_random_moments_loses_at_most_the_last_second_of_typing(
    base: Path, tmp_path: Path
) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kinds = ["typing", "typing", "action", "close", "end"]
    rng.shuffle(kinds)
    for n, kind in enumerate(kinds):
        # The last two trials run on a busy machine: two processes spinning beside the app.
        for attempt in range(3):  # a trial whose keys never got there is run again
            try:
                with cpu_hogs(2 if n >= 3 else 0):
                    out = crash.Trial(base, tmp_path / f"t{n}-{attempt}", kind, rng).run()
                break
            except crash.SetupFailed:
                if attempt == 2:
                    raise
        detail = f"seed {seed}, trial {n} ({kind}): {out}"
        assert out.integrity == "ok", detail
        assert out.rows_lost == 0, detail
        assert not out.half_written, detail
        assert out.lost_within_bound, detail
        assert out.reopened_right, detail


@pytest.mark.parametrize("hogs", [0, 2])
def test_present_then_start_in_one_burst_keeps_both_in_order(tmp_path: Path, hogs: int) -> None:
    db = tmp_path / "demo.db"
    with cpu_hogs(hogs), terminal(env_for(tmp_path)) as term:
        term.start(f"{COMMAND} demo --db sqlite:///{db}")
        term.wait_for("Max Trialson", 60)
        time.sleep(0.5)
        # Everyone present and the start, as fast as tmux can deliver them.
        term.keys(*(["p", "Down"] * 7), "s")
        term.wait_for("Opening statements", 60)
    started = query(db, "SELECT id, stage FROM meeting WHERE status = 'in-progress'")
    assert [stage for _, stage in started] == ["statements"]
    statuses = query(
        db, "SELECT status FROM attendance WHERE meeting_id = ? ORDER BY id", started[0][0]
    )
    assert [s for (s,) in statuses][:7] == ["present"] * 7


def _mount_tmpfs(where: Path, size_kib: int) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(where)],
        capture_output=True,
    )
    return done.returncode == 0


def _fill(folder: Path) -> Path:
    """Take every free byte of the disk holding ``folder``."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        for chunk in (1 << 20, 65536, 4096, 512, 1):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError:
                continue
    return filler


def test_a_full_disk_keeps_the_note_on_screen_and_saves_it_when_space_returns(
    base: Path, tmp_path: Path
) -> None:
    disk = Path(tempfile.mkdtemp(prefix="mace-full-"))  # short: the message shows it whole
    size = base.stat().st_size // 1024 + 4096
    if not _mount_tmpfs(disk, size):
        pytest.skip("needs root to mount a small tmpfs (the CI runs as root)")
    try:
        db = disk / "mace.db"
        shutil.copy(base, db)
        with terminal(env_for(tmp_path)) as term:
            term.start(f"exec {COMMAND} chair --db sqlite:///{db}")
            term.wait_for(f"Discussing {CHILD}", 60)
            term.keys("Enter")
            term.wait_for(NOTE_OPEN, 20)
            # The write-ahead log gives back its space, then the disk is filled: the next
            # save needs a byte that is not there.
            query(db, "PRAGMA wal_checkpoint(TRUNCATE)")
            filler = _fill(disk)
            typed = "Seen at the retail park with an older male"
            for char in typed:
                term.keys("-l", char)
                time.sleep(0.05)
            shown = term.wait_for("Not saved yet", 30)
            assert f"The disk holding {disk} is full" in " ".join(shown.replace("▌", "").split())
            assert "restart" not in shown.lower()
            assert "retail park" in shown  # what was typed stays on screen
            assert not query(db, "SELECT id FROM thrive_note WHERE text = ?", typed)
            filler.unlink()  # space returns; no key is pressed
            deadline = time.monotonic() + 30
            while not query(db, "SELECT id FROM thrive_note WHERE text = ?", typed):
                assert time.monotonic() < deadline, term.screen()
                time.sleep(0.2)
            term.wait_for("Saving again", 20)
            os.kill(pane_pid(term), signal.SIGKILL)
        assert query(db, "PRAGMA integrity_check")[0][0] == "ok"
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
        shutil.rmtree(disk, ignore_errors=True)

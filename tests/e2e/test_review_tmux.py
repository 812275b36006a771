"""End to end: split a call recording with the installed command, then review it in tmux."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf

from store.db import Store
from store.queries import latest_meeting
from store.review import meeting_timeline
from tests.e2e.tmux import COMMAND, terminal


def test_split_then_review_verify_and_audit(tmp_path: Path) -> None:
    env = {
        "MACE_DATA_DIR": str(tmp_path / "data"),
        "MACE_CONFIG_DIR": str(tmp_path / "config"),
        "MACE_DB_URL": f"sqlite:///{tmp_path / 'data' / 'mace.db'}",
        "TERM": "xterm-256color",
    }
    full_env = {**os.environ, **env}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(COMMAND), *args], capture_output=True, text=True, env=full_env, timeout=120
        )

    assert run("demo", "--no-ui", "--db", env["MACE_DB_URL"]).returncode == 0
    store = Store.open(env["MACE_DB_URL"])
    try:
        with store.session() as session:
            meeting = latest_meeting(session, status="finished")
            assert meeting is not None and meeting.id is not None
            timeline = meeting_timeline(session, meeting_id=meeting.id)
    finally:
        store.close()
    # The demo's timeline depends on the day it is seeded, so the call recording is made to
    # fit it: it began 30 s before the first discussion and ends 30 s after the last.
    assert timeline is not None and timeline.started_at is not None and timeline.discussions
    zero = timeline.started_at
    first = min((d.started_at - zero).total_seconds() for d in timeline.discussions)
    last = max((d.ended_at - zero).total_seconds() for d in timeline.discussions)
    began = int(first) - 30
    call = tmp_path / "call.wav"
    t = np.arange(int((last - began + 30) * 8000)) / 8000
    sf.write(call, (8000 * np.sin(2 * np.pi * 300 * t)).astype(np.int16), 8000)
    spec = f"{timeline.meeting_date:%Y-%m-%d}:{timeline.profile}"
    split = run("split", str(call), "--meeting", spec, "--offset", str(-began))
    assert split.returncode == 0, split.stderr
    assert "and filed them with the meeting." in split.stdout

    with terminal(80, 24, env=env) as term:
        term.start(f"{COMMAND} review")
        term.wait_for("recordings · no retention period set")
        term.keys("v")
        term.wait_for("Intact")
        term.keys("q")
        term.wait_for("__EXIT=0__")
    audit = run("audit", "--verify")
    assert audit.returncode == 0, audit.stderr
    assert "Audit log intact" in audit.stdout
    listing = run("audit")
    assert listing.stdout.count("\tsplit\t") >= 1
    assert "\tverify\t" in listing.stdout

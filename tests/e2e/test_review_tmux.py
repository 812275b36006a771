"""End to end: split a call recording with the installed command, then review it in tmux."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import soundfile as sf

from store.db import Store
from store.queries import latest_meeting
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
            assert meeting is not None
            day = meeting.date
    finally:
        store.close()
    # The demo's discussions run from 10½ to 28½ minutes after the meeting started; this
    # call recording began 10 minutes in, so it is 19 minutes long at 8 kHz.
    call = tmp_path / "call.wav"
    t = np.arange(19 * 60 * 8000) / 8000
    sf.write(call, (8000 * np.sin(2 * np.pi * 300 * t)).astype(np.int16), 8000)
    split = run("split", str(call), "--meeting", f"{day:%Y-%m-%d}", "--offset", "-600")
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

"""End to end: the installed ``mace-tui demo`` and the home screen in tmux, keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.tmux import COMMAND, terminal


def env_for(tmp_path: Path) -> dict[str, str]:
    return {
        "MACE_DATA_DIR": str(tmp_path / "data"),
        "MACE_CONFIG_DIR": str(tmp_path / "config"),
        "TERM": "xterm-256color",
    }


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_demo_opens_todays_meeting_and_quits(tmp_path: Path, size: tuple[int, int]) -> None:
    with terminal(*size, env=env_for(tmp_path)) as term:
        term.start(f"{COMMAND} demo")
        term.wait_for("Attendance")
        screen = term.wait_for("Max Trialson")
        assert "NOT quorate" in screen
        if size[0] >= 110:
            term.wait_for("Avery Imaginary")  # the queue beside the register
        term.keys("p")
        term.wait_for("present")
        term.keys("C-q")
        term.wait_for("__EXIT=0__")
    # The throw-away demo left nothing behind in the data folder.
    assert not list((tmp_path / "data").glob("*.db"))


def test_home_screen_shows_the_queue_with_history(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    with terminal(100, 30, env=env_for(tmp_path)) as term:
        term.start(f"{COMMAND} demo --no-ui --db sqlite:///{db}")
        term.wait_for("__EXIT=0__")
    with terminal(100, 30, env=env_for(tmp_path)) as term:
        term.start(f"{COMMAND} --db sqlite:///{db}")
        screen = term.wait_for("Avery Imaginary")
        assert "10 children on the queue" in screen
        term.keys("Down", "Down")
        term.wait_for("4 referrals to the DRMM")
        term.keys("q")
        term.wait_for("__EXIT=0__")

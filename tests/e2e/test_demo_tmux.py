"""End to end: the installed ``mace-tui demo`` in tmux, keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.tmux import COMMAND, terminal


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_demo_opens_shows_the_queue_and_quits(tmp_path: Path, size: tuple[int, int]) -> None:
    env = {
        "MACE_DATA_DIR": tmp_path / "data",
        "MACE_CONFIG_DIR": tmp_path / "config",
        "TERM": "xterm-256color",
    }
    with terminal(*size, env={k: str(v) for k, v in env.items()}) as term:
        term.start(f"{COMMAND} demo")
        term.wait_for("Daily Risk Management Meeting")
        screen = term.wait_for("Avery Imaginary")
        assert "10 children on the queue" in screen
        term.keys("Down", "Down")
        term.wait_for("4 referrals to the DRMM")
        term.keys("q")
        term.wait_for("__EXIT=0__")
    # The throw-away demo left nothing behind in the data folder.
    assert not (tmp_path / "data" / "mace.db").exists()

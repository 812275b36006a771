"""Shared fixtures: every test gets its own data and config folders under tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mace_tui.access.service import who
from mace_tui.config import Settings, load_settings, prepare
from mace_tui.protection import open_store
from store.db import Store

# The virtual microphone and the audio fixtures, registered once for every test
# folder (importing a session fixture into several modules makes one per module).
pytest_plugins = ["tests.audio.virtual_mic", "tests.audio.fixtures", "tests.review.fixtures"]

# A Monday; the demo's "today" in tests and snapshots.
DEMO_TODAY = date(2026, 11, 23)
DEMO_NOW = datetime(2026, 11, 23, 8, 45, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real home directory and settings."""
    for name in ("MACE_DB_URL", "MACE_PROFILE", "MACE_RECORDINGS_DIR"):
        monkeypatch.delenv(name, raising=False)
    # No test records from whatever microphone happens to be the default (the
    # virtual one of the audio tests, once set up): those that record name theirs.
    monkeypatch.setenv("MACE_AUDIO_DEVICE", "test-no-microphone")
    monkeypatch.setenv("MACE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MACE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on fresh folders, already created."""
    result = load_settings()
    prepare(result)
    return result


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    """A freshly created store on an SQLite file, sealed as the app seals it (audit key, anchor).

    Its first login (this account, every role) is made already, as on any store in use.
    """
    opened = open_store(settings)
    who(opened)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(settings: Settings) -> Iterator[Store]:
    """A store holding the demo hub, with today's DRMM on DEMO_TODAY."""
    from mace_tui.demo import seed_demo

    opened = open_store(settings)
    who(opened)
    with opened.session() as session:
        seed_demo(session, today=DEMO_TODAY)
    yield opened
    opened.close()

"""Fixtures for the action-log tests: the demo hub and a small hand-built hub."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mace_tui.reports.action_log import ActionLog, build_action_log
from store.db import Store
from tests.conftest import DEMO_NOW
from tests.reports import builders

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("MACE_UPDATE_GOLDEN") == "1"


@dataclass(frozen=True)
class Meetings:
    """The hand-built hub's meetings."""

    store: Store
    hub: builders.Hub
    rich: int
    inquorate: int

    def log(self, meeting_id: int) -> ActionLog:
        with self.store.session() as session:
            return build_action_log(session, meeting_id=meeting_id, generated_at=DEMO_NOW)


@pytest.fixture
def meetings(store: Store) -> Iterator[Meetings]:
    """A store holding a rich held meeting and an inquorate one."""
    with store.session() as session:
        made = builders.hub(session)
        rich = builders.rich_meeting(session, made)
        inquorate = builders.inquorate_meeting(session, made)
    yield Meetings(store, made, rich, inquorate)


def assert_golden(name: str, data: bytes) -> None:
    """``data`` equals the checked-in file byte for byte (MACE_UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
        return
    assert path.exists(), f"missing golden file {path}; run with MACE_UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if data != expected:
        diff = difflib.unified_diff(
            expected.decode("utf-8-sig").splitlines(),
            data.decode("utf-8-sig").splitlines(),
            "expected",
            "rendered",
            lineterm="",
        )
        pytest.fail(f"{name} differs from its golden file:\n" + "\n".join(diff))

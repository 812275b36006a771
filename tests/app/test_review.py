"""The review screen on recordings made by the real recorder, driven by Pilot."""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from textual.widgets import DataTable, Input, Static
from textual.worker import WorkerFailed

from mace_tui.app import MaceApp
from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.screens.modals import ConfirmModal, ReasonModal
from mace_tui.screens.review import ReviewScreen
from mace_tui.screens.review_export import ExportRecordingScreen
from store.audit import audit_events, verify_chain
from store.db import Store
from tests.audio.virtual_mic import VirtualAudio
from tests.conftest import DEMO_NOW
from tests.review.fixtures import Recorded


def app_on(store: Store, settings: Settings, *, days: int | None = None, later: int = 0) -> MaceApp:
    store.notice = None
    return MaceApp(
        settings=dataclasses.replace(settings, retention_days=days),
        open_store=lambda: store,
        clock=fixed_clock(DEMO_NOW + timedelta(days=later)),
        mode="review",
    )


async def settle(app: MaceApp, pilot) -> None:
    import asyncio

    for _ in range(3):
        await asyncio.to_thread(app.writes.drain, 30.0)  # deletion is a queued write
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


def text(app: MaceApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def table(app: MaceApp) -> DataTable:
    return app.screen.query_one("#recordings", DataTable)


def rows(app: MaceApp) -> list[list[str]]:
    grid = table(app)
    return [[str(c) for c in grid.get_row_at(i)] for i in range(grid.row_count)]


def notices(app: MaceApp) -> list[str]:
    return [n.message for n in app._notifications]


def events(store: Store) -> list[tuple[str, int | None, str]]:
    with store.session() as session:
        assert verify_chain(session).ok
        return [(e.action, e.recording_id, e.reason) for e in audit_events(session)]


async def test_the_list_shows_meeting_position_child_length_size_and_state(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        shown = rows(app)
        queue = recorded.meeting.queue
        assert [r[1] for r in shown] == [str(e.position) for e in queue[:3]]
        for row, entry in zip(shown, queue[:3], strict=True):
            assert row[0] == "23 Nov 26 DRMM"
            assert row[2] == f"{entry.child_ref} {entry.name}"
            assert row[5] == "complete"
        assert [r[3] for r in shown] == ["0:00", "0:00", "0:01"]
        assert shown[0][4] == "25 kB"
        assert "3 recordings · no retention period set" in text(app, "#review-status")
        assert app.focused is table(app)


async def test_keys_typed_straight_after_slash_go_into_the_search(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    """ "/tex" typed in one burst: every letter lands in the search field, none is taken by
    the list's own keys (t: past retention) before the focus has moved."""
    from textual import events

    app = app_on(demo_store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key, character in (("slash", "/"), ("t", "t"), ("e", "e"), ("x", "x")):
            app.post_message(events.Key(key, character))  # as fast as a terminal sends them
        await settle(app, pilot)
        assert app.screen.query_one("#filter-child", Input).value == "tex"


async def test_searching_for_a_child_narrows_the_list_and_a_bad_date_is_named(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    entry = recorded.meeting.queue[1]
    app = app_on(demo_store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash")
        assert app.focused is app.screen.query_one("#filter-child", Input)
        await pilot.press(*entry.child_ref.lower(), "enter")
        await settle(app, pilot)
        assert [r[2] for r in rows(app)] == [f"{entry.child_ref} {entry.name}"]
        assert app.focused is table(app)

        app.screen.query_one("#filter-child", Input).value = "Nobody Zzyzx"
        await pilot.pause(0.4)
        await settle(app, pilot)
        assert not table(app).display
        assert "No recording matches these filters." in text(app, "#review-empty")

        app.screen.query_one("#filter-from", Input).value = "2026-13-01"
        await pilot.pause(0.4)
        assert "From: '2026-13-01' is not a date; use YYYY-MM-DD" in text(app, "#review-status")


async def test_space_plays_to_the_output_device_and_the_playback_is_audited(
    recorded: Recorded,
    demo_store: Store,
    settings: Settings,
    virtual_audio: VirtualAudio,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MACE_PLAYBACK_DEVICE", "filemic")
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "space")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.player is not None
        assert screen.player.ended.wait(10)
        await pilot.pause(0.2)
        assert "ENDED 0:00 / 0:00" in text(app, "#review-player")
        raw = np.fromfile(virtual_audio.root / "file_played.raw", dtype="<i2")
        start = int(np.flatnonzero(raw)[0])
        signal = recorded.signals[1]
        assert np.array_equal(raw[start : start + len(signal)], signal)
        assert events(demo_store) == [("playback", recorded.rows[1].id, "")]
        # Space again plays it from the start, audited again.
        await pilot.press("space")
        await settle(app, pilot)
        assert screen.player.ended.wait(10)
        assert [e[0] for e in events(demo_store)] == ["playback", "playback"]
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.player is None
        assert "Space plays the highlighted recording" in text(app, "#review-player")


async def test_verify_shows_a_mismatch_plainly(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    path = recorded.path(0)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    app = app_on(demo_store, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        assert "Integrity check FAILED: its SHA-256 differs from the one stored" in text(
            app, "#review-detail"
        )
        assert rows(app)[0][5] == "integrity failed"
        await pilot.press("down", "v")
        await settle(app, pilot)
        assert any(n.startswith("Intact") for n in notices(app))
        assert [e[0] for e in events(demo_store)] == ["verify-failed", "verify"]


async def test_export_asks_for_a_reason_then_writes_the_copy_and_sidecar(
    recorded: Recorded, demo_store: Store, settings: Settings, tmp_path: Path
) -> None:
    app = app_on(demo_store, settings)
    out = tmp_path / "request-17"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportRecordingScreen)
        dialog.query_one("#export-folder", Input).value = str(out)
        await pilot.press("enter")
        assert "Reason: say who asked" in str(dialog.query_one("#export-error", Static).render())
        await pilot.press(*"Police request PR-5", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        stem = f"{recorded.path(0).stem}_OFFICIAL-SENSITIVE"
        assert sorted(p.name for p in out.iterdir()) == [f"{stem}.txt", f"{stem}.wav"]
        # A plain copy of the encrypted recording: the samples as recorded.
        samples, _ = sf.read(out / f"{stem}.wav", dtype="int16")
        assert np.array_equal(samples, recorded.signals[0])
        assert "Exported to" in text(app, "#review-detail")
        assert events(demo_store) == [("export", recorded.rows[0].id, "Police request PR-5")]


async def test_delete_needs_retention_confirmation_and_a_reason(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    app = app_on(demo_store, settings, days=30, later=10)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert "Kept until 23 Dec 2026 (30 days)" in notices(app)[-1]
        assert isinstance(app.screen, ReviewScreen)

    app = app_on(demo_store, settings, days=30, later=31)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "kept 30 days · 3 past retention" in text(app, "#review-status")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert recorded.path(0).exists()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        await pilot.press("enter")
        await settle(app, pilot)
        assert not recorded.path(0).exists()
        assert rows(app)[0][5] == "deleted"
        assert events(demo_store) == [
            ("delete", recorded.rows[0].id, "Past the retention period of 30 days")
        ]
        await pilot.press("t")
        await settle(app, pilot)
        assert len(rows(app)) == 2
        assert "past retention only" in text(app, "#review-status")


async def test_no_recordings_says_where_they_come_from(
    demo_store: Store, settings: Settings
) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "No recordings yet." in text(app, "#review-empty")
        assert "0 recordings" in text(app, "#review-status")
        await pilot.press("space", "v", "e", "x")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_the_screen_shows_each_profiles_retention_and_applies_it(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    from mace_tui.profiles import clear_cache
    from tests.review.test_retention import drmm_profile_keeping

    drmm_profile_keeping(settings, 20)
    app = app_on(demo_store, settings, days=365, later=21)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "kept 365 days; llr-drmm 20 days · 3 past retention" in text(app, "#review-status")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
    clear_cache()

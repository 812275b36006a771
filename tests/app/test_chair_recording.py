"""The chair's flow records each child's discussion to its own file, through the real audio stack.

Driven by Pilot with the keyboard; the microphone is the virtual one of
tests/audio (a pipe the test feeds a different tone per part, with silence
trickling in between as from a live microphone), so every file can be
checked sample by sample.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from datetime import UTC, datetime

import numpy as np
from sqlmodel import col, select

from mace_tui.factory import make_app
from store.models import AgendaItem, Child, Recording, RecordingPause
from tests.app.chair_helpers import (
    TestClock,
    message,
    past_carry_over,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.audio.virtual_mic import BLOCK, FifoMic, tone, wait_for
from tests.conftest import DEMO_TODAY
from tests.recordings import read_audio

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PIPE_FRAMES = 32_768  # what the microphone's pipe can hold


async def feed(app, mic: FifoMic, samples: np.ndarray) -> None:
    """Play ``samples`` and wait until the recorder has read a pipe's worth past them."""
    audio = app.chair_audio.current
    mic.feed(samples)
    await asyncio.to_thread(mic.wait_fed)
    target = audio.status().frames_captured + PIPE_FRAMES
    await asyncio.to_thread(
        wait_for, lambda: audio.status().frames_captured >= target, what="the capture"
    )


def sound_of(path: str) -> np.ndarray:
    """A recording without its silent blocks (the trickle between the test's tones)."""
    samples, rate = read_audio(path, dtype="int16")
    assert rate == 16_000
    blocks = samples.reshape(-1, BLOCK)
    return blocks[np.any(blocks != 0, axis=1)].reshape(-1)


async def close_low(pilot) -> None:
    await pilot.press("f3", "l", "tab", "tab", "tab", "tab")
    await type_text(pilot, "Low risk with support in place")
    await pilot.pause(0.7)
    await settle(pilot)
    await pilot.press("f8")
    await settle(pilot)


async def test_each_child_gets_its_own_file(settings, fifomic: FifoMic) -> None:
    settings = dataclasses.replace(settings, audio_device="fifomic")
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    check, intro, riley, jordan, aside, jordan_again = (
        tone(880, 4), tone(300, 8), tone(440, 12), tone(550, 10), tone(660, 6), tone(770, 5)
    )  # fmt: skip
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, "AttendanceScreen")
        await asyncio.to_thread(
            wait_for, lambda: app.chair_audio.current is not None, what="the microphone"
        )
        # The microphone check, before the first child: say something, see the bar move.
        fifomic.feed(check)
        await asyncio.to_thread(fifomic.wait_fed)
        await pilot.pause(0.4)
        assert "Sound heard" in message(app, "#mic-check")
        with fifomic.flowing():
            for _ in range(7):
                await pilot.press("p", "down")
                await settle(pilot)
            await pilot.press("s")
            await wait_for_screen(pilot, "StatementsScreen")

            def capturing() -> bool:
                audio = app.chair_audio.current
                assert audio is not None
                return audio.status().capturing

            await asyncio.to_thread(wait_for, capturing, what="introductions")
            await feed(app, fifomic, intro)
            for _ in range(6):
                await pilot.press("enter")
                await settle(pilot)
            await past_carry_over(pilot)
            # The carried-over actions' part ended with it: nothing recorded between parts.
            await settle(pilot)
            assert "carried-over actions" not in message(app, "#recording")
            audio = app.chair_audio.current
            assert audio is not None
            assert audio.status().label != "carried-over actions"

            await start_child(pilot)  # Riley
            await feed(app, fifomic, riley)
            assert "● REC" in message(app, "#recording")
            # The retry key, on a microphone that works, says so and changes nothing.
            await pilot.press("ctrl+b")  # Retry rec (ctrl+g is the register)
            for _ in range(100):  # the answer comes from a worker thread
                if "nothing needed retrying" in message(app, "#case-message"):
                    break
                await pilot.pause(0.1)
            assert "nothing needed retrying" in message(app, "#case-message")
            assert "● REC" in message(app, "#recording")
            await close_low(pilot)

            await start_child(pilot)  # Jordan, with a paused aside
            await feed(app, fifomic, jordan)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert "PAUSED" in message(app, "#recording")
            await feed(app, fifomic, aside)
            await pilot.press("ctrl+r")
            await settle(pilot)
            await feed(app, fifomic, jordan_again)
            await close_low(pilot)

            await pilot.press("f12")
            await settle(pilot)
            await pilot.press("y")
            await wait_for_screen(pilot, "ActionLogScreen")
            # Ending the meeting let go of the microphone, cleanly, while sound still flowed.
            assert not [t for t in threading.enumerate() if t.name == "mace-audio-stop"]
        store = app.store

    assert store is not None
    with store.session() as s:
        rows = s.exec(select(Recording).order_by(col(Recording.id))).all()
        items = {
            i.position: i
            for i in s.exec(select(AgendaItem).where(AgendaItem.meeting_date == DEMO_TODAY))
        }
        children = {c.id: c for c in s.exec(select(Child)).all()}
        pauses = s.exec(select(RecordingPause)).all()
    by_item = {r.item_id: r for r in rows if r.kind == "child"}
    first, second = by_item[items[1].id], by_item[items[2].id]
    assert [r.state for r in (first, second)] == ["complete", "complete"]
    assert [p.recording_id for p in pauses] == [second.id]
    assert np.array_equal(sound_of(first.path), riley)  # Riley's file: Riley's sound only
    assert np.array_equal(sound_of(second.path), np.concatenate([jordan, jordan_again]))
    for row, item in ((first, items[1]), (second, items[2])):
        child = children[item.child_id]
        assert child.ref in row.path and child.name.split()[0] not in row.path
        assert row.frames and len(row.sha256) == 64
    meeting_parts = [r for r in rows if r.kind == "meeting"]
    assert np.array_equal(sound_of(meeting_parts[0].path), intro)


async def test_the_retry_key_works_while_statements_and_carried_over_actions_are_recorded(
    demo_store, settings, fifomic: FifoMic
) -> None:
    """The recording's fault line names ctrl+b: it must answer on every screen that records,
    not only during a child's discussion."""
    from tests.app.chair_helpers import meeting_under_way

    settings = dataclasses.replace(settings, audio_device="fifomic")
    meeting_under_way(demo_store, stage="carry-over", at=START)
    app = make_app(settings, clock=TestClock(START), demo_today=DEMO_TODAY, mode="chair")
    # The microphone flows until the app has closed: a recorder stopped on a silent
    # pipe would give up on its stream, left reading the pipe after the test.
    with fifomic.flowing():
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, "CarryOverScreen")
            await asyncio.to_thread(
                wait_for, lambda: app.chair_audio.current is not None, what="the microphone"
            )
            await pilot.press("ctrl+b")
            shown: list[str] = []
            for _ in range(100):  # the answer comes from a worker thread
                shown = [n.message for n in app._notifications]
                if any("nothing needed retrying" in text for text in shown):
                    break
                await pilot.pause(0.1)
            assert any("nothing needed retrying" in text for text in shown), shown

"""The recording indicator and the microphone check, driven by Pilot, on the real audio stack."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from textual.app import App, ComposeResult

from mace_tui.audio.status import AudioSource, AudioStatus
from mace_tui.widgets.mic_check import MicCheck
from mace_tui.widgets.recording_indicator import RecordingIndicator, clock
from tests.audio.fixtures import AudioFactory, DemoMeeting
from tests.audio.virtual_mic import FifoMic, tone


class AudioPanel(App[None]):
    """A bare app holding the two widgets, as the meeting screens will."""

    def __init__(self, source: AudioSource | None) -> None:
        super().__init__()
        self.source = source
        self.heard: list[str] = []

    def compose(self) -> ComposeResult:
        yield RecordingIndicator(self.source, id="indicator")
        yield MicCheck(self.source, id="check")

    def on_mic_check_heard(self, event: MicCheck.Heard) -> None:
        self.heard.append(event.device_name)


@dataclass
class StandIn:
    """A status source for the display tests: the widgets only ever call status()."""

    current: AudioStatus

    def status(self) -> AudioStatus:
        return self.current


def shown(app: App[None], selector: str) -> str:
    return str(app.query_one(selector).render())


@pytest.mark.parametrize(
    ("status", "says", "css"),
    [
        (AudioStatus("recording", "Discussion 3 · C1042", 192.4, 0.5, "USB mic"),
         ["● REC 3:12", "Discussion 3 · C1042", "██████░░░░░░"], "-recording"),
        (AudioStatus("paused", "Discussion 3 · C1042", 3725, 0.0, "USB mic", paused_reason="aside"),
         ["❚❚ PAUSED 1:02:05", "— aside"], "-paused"),
        (AudioStatus("idle", "", 0, 0.0, "USB mic"),
         ["○ Not recording — no discussion open; microphone ready"], "-quiet"),
        (AudioStatus("off", "Introductions", 0, 0.0, "USB mic"),
         ["○ Not recording — Introductions is not recorded under this meeting's profile"], "-quiet"),
        (AudioStatus("unavailable", "Discussion 1 · C7", message="No microphone was found. Plug one in."),
         ["✕ Recording unavailable", "No microphone was found. Plug one in."], "-problem"),
        (AudioStatus("failed", "Discussion 1 · C7", message="No sound has arrived for 5 s."),
         ["✕ Recording stopped", "No sound has arrived for 5 s."], "-problem"),
    ],
    ids=["recording", "paused", "idle", "off", "unavailable", "failed"],
)  # fmt: skip
async def test_the_indicator_says_what_is_recorded_or_why_not(
    status: AudioStatus, says: list[str], css: str
) -> None:
    app = AudioPanel(StandIn(status))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = shown(app, "#indicator")
        for part in says:
            assert part in text
        assert app.query_one("#indicator").has_class(css)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00"), (59.9, "0:59"), (61, "1:01"), (3600, "1:00:00")]
)
def test_clock(seconds: float, text: str) -> None:
    assert clock(seconds) == text


async def test_the_widgets_follow_a_real_recording(
    make_audio: AudioFactory, fifomic: FifoMic, demo_meeting: DemoMeeting
) -> None:
    audio, problems = make_audio()
    app = AudioPanel(audio)
    child = demo_meeting.queue[0]
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Opening the microphone" in shown(app, "#check")
        # Opening the stream is slow: off the event loop, as the screens will do it.
        await asyncio.to_thread(audio.start)
        await pilot.pause(0.25)
        assert "Device: fifomic" in shown(app, "#check")
        assert "Say a few words" in shown(app, "#check")
        assert app.heard == []

        fifomic.feed(tone(440, 4))
        await asyncio.to_thread(fifomic.wait_fed)
        await pilot.pause(0.25)
        assert app.heard == ["fifomic"]
        assert "✓ Sound heard" in shown(app, "#check")

        await asyncio.to_thread(
            audio.begin_child,
            item_id=child.item_id,
            position=child.position,
            child_ref=child.child_ref,
        )
        fifomic.feed(tone(440, 16))
        await asyncio.to_thread(fifomic.wait_fed)
        await pilot.pause(0.25)
        text = shown(app, "#indicator")
        assert "● REC 0:01" in text and f"Discussion 1 · {child.child_ref}" in text
        assert "█" in text
        assert child.name not in text

        await asyncio.to_thread(audio.pause, "a sensitive aside")
        await pilot.pause(0.25)
        assert "❚❚ PAUSED 0:01" in shown(app, "#indicator")
        assert "a sensitive aside" in shown(app, "#indicator")
    assert problems.lines == []


async def test_the_check_shows_a_microphone_that_cannot_be_used(make_audio: AudioFactory) -> None:
    audio, _ = make_audio(device="no-such-mic")
    app = AudioPanel(audio)
    async with app.run_test(size=(80, 24)) as pilot:
        await asyncio.to_thread(audio.start)
        await pilot.pause(0.25)
        assert "'no-such-mic' matches no microphone" in shown(app, "#check")
        assert app.query_one("#check").has_class("-problem")
        assert "✕ Recording unavailable" in shown(app, "#indicator")


async def test_a_recording_problem_takes_one_row_at_80_columns() -> None:
    message = (
        "Audio device 'test-no-microphone' matches no microphone. Run `mace-tui devices` to "
        "list them and choose one by name or number with --audio-device."
    )
    app = AudioPanel(StandIn(AudioStatus("unavailable", "Discussion 3 · C1", message=message)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        indicator = app.query_one("#indicator")
        assert indicator.region.height == 1
        assert "matches no microphone" in shown(app, "#indicator")
        assert indicator.tooltip == message  # the whole text, where there is no room

"""The case screen's recorder (R10): each child's own audio file, pause and resume, retry.

The recorder's steps run on their own threads (group "recorder-steps"), off the write
queue, so a slow microphone never holds up what is typed. Each worker is given the app
and the meeting's id, never this screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from mace_tui.screens.case_base import CaseBase
from mace_tui.widgets.recording_indicator import RecordingIndicator

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.audio.meeting import MeetingAudio
    from mace_tui.chair.case import CaseView, QueueState


def meeting_audio(app: MaceApp, meeting_id: int) -> MeetingAudio:
    """The meeting's recorder (worker threads only)."""
    return app.chair_audio.for_meeting(app.require_store(), meeting_id)


def after_child(audio: MeetingAudio, left: int) -> None:
    """Between children nothing is recorded; after the last, any other business is."""
    if left:
        audio.end_segment()
    else:
        audio.begin_meeting_part("any other business")


class CaseRecorder(CaseBase):
    """Recorder control for the case screen."""

    def attach_recorder(self) -> None:
        """Show the recorder's state on this screen."""
        self._find_recorder(self.app, self.meeting_id)

    @work(thread=True, exclusive=True, group="recorder", exit_on_error=False)
    def _find_recorder(self, app: MaceApp, meeting_id: int) -> None:
        audio = meeting_audio(app, meeting_id)
        app.call_from_thread(self._show_recorder, audio)

    def _show_recorder(self, audio: MeetingAudio) -> None:
        self.query_one(RecordingIndicator).source = audio

    def action_pause_recording(self) -> None:
        self.toggle_pause()

    def toggle_pause(self) -> None:
        """Pause the child's recording (a sensitive aside, an objection) or resume it."""
        self._toggle_pause(self.app, self.meeting_id, self.say)

    @work(thread=True, group="recorder", exit_on_error=False)
    def _toggle_pause(self, app: MaceApp, meeting_id: int, say: Callable[[str], None]) -> None:
        audio = meeting_audio(app, meeting_id)
        status = audio.status()
        if status.state == "paused":
            audio.resume()
            app.call_from_thread(say, "Recording resumed.")
        elif status.state == "recording":
            audio.pause("paused by the chair")
            app.call_from_thread(say, "Recording paused. Press ctrl+r to resume.")
        else:
            app.call_from_thread(say, "Nothing is being recorded just now.")

    def action_retry_recording(self) -> None:
        self.retry_recording()

    def retry_recording(self) -> None:
        """Try the microphone again now, after a fault (it is also retried by itself)."""
        self._retry(self.app, self.meeting_id, self.say)

    @work(thread=True, group="recorder", exit_on_error=False)
    def _retry(self, app: MaceApp, meeting_id: int, say: Callable[[str], None]) -> None:
        from mace_tui.chair.recording import retry_line

        app.call_from_thread(say, retry_line(meeting_audio(app, meeting_id)))

    def begin_recording(
        self, item_id: int, state: QueueState, case: CaseView, position: int, child_ref: str
    ) -> None:
        """This child's own audio file starts (R10) before the child is shown, off the write
        queue: a slow microphone never holds up what is typed, and typing starts after it."""
        self._begin(self.app, self.meeting_id, item_id, state, case, position, child_ref)

    @work(thread=True, group="recorder-steps", exit_on_error=False)
    def _begin(
        self,
        app: MaceApp,
        meeting_id: int,
        item_id: int,
        state: QueueState,
        case: CaseView,
        position: int,
        child_ref: str,
    ) -> None:
        try:
            meeting_audio(app, meeting_id).begin_child(
                item_id=item_id, position=position, child_ref=child_ref
            )
        finally:
            app.call_from_thread(self.child_opened, state, case)

    def audio_step(self, step: Callable[[MeetingAudio], object]) -> None:
        """One step of the recorder (begin or end a child's file), on its own thread."""
        self._step(self.app, self.meeting_id, step)

    @work(thread=True, group="recorder-steps", exit_on_error=False)
    def _step(self, app: MaceApp, meeting_id: int, step: Callable[[MeetingAudio], object]) -> None:
        step(meeting_audio(app, meeting_id))


__all__ = ["CaseRecorder", "after_child", "meeting_audio"]

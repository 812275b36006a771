"""The chair's recorder: one MeetingAudio per meeting, made when a chair screen first needs it.

Everything here runs in worker threads (opening a microphone can take a
moment, and stopping one must never hold up the UI). The recorder itself
never raises for device problems; it reports one plain line through
``on_problem`` and keeps a status the screens poll.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from mace_tui.config import Settings
from mace_tui.profiles import Profile

if TYPE_CHECKING:
    from mace_tui.audio.meeting import MeetingAudio
    from store.db import Store


class ChairAudio:
    """Holds the meeting's recorder for the app's lifetime."""

    def __init__(
        self, *, settings: Settings, profile: Profile, on_problem: Callable[[str], None]
    ) -> None:
        self._settings = settings
        self._profile = profile
        self._on_problem = on_problem
        self._lock = threading.Lock()
        self.current: MeetingAudio | None = None

    def for_meeting(self, store: Store, meeting_id: int) -> MeetingAudio:
        """The recorder for a stored meeting, reading its date (worker thread)."""
        from store.models import Meeting

        with self._lock:
            if self.current is not None and self.current.meeting_id == meeting_id:
                return self.current
        with store.session() as session:
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None
            day = meeting.date
        return self.get(store=store, meeting_id=meeting_id, meeting_date=day)

    def for_part(self, store: Store, meeting_id: int, label: str) -> MeetingAudio:
        """The recorder, recording the meeting part ``label`` (introductions, carried-over
        actions…) unless it already is (a screen shown again); worker thread."""
        audio = self.for_meeting(store, meeting_id)
        if audio.status().label != label:
            audio.begin_meeting_part(label)
        return audio

    def get(self, *, store: Store, meeting_id: int, meeting_date: date) -> MeetingAudio:
        """The recorder for this meeting, opening the microphone the first time (worker thread)."""
        with self._lock:
            if self.current is not None and self.current.meeting_id == meeting_id:
                return self.current
            if self.current is not None:
                self.current.stop(timeout=3.0)
            from mace_tui.audio.meeting import MeetingAudio

            audio = MeetingAudio(
                store=store,
                settings=self._settings,
                meeting_id=meeting_id,
                meeting_date=meeting_date,
                meeting_audio=self._profile.meeting_audio,
                record_children=self._profile.record_per_child,
                # A meeting that records nothing (the monthly, R21) raises no recording alarm.
                on_problem=self._on_problem if records_anything(self._profile) else None,
            )
            audio.start()
            self.current = audio
            return audio

    def stop(self, timeout: float = 3.0) -> None:
        """Finish the current file and release the microphone (worker thread, or at exit)."""
        with self._lock:
            audio, self.current = self.current, None
        if audio is not None:
            audio.stop(timeout=timeout)

    def retry_now(self) -> str | None:
        """The chair's retry key (worker thread): try the microphone again at once; the line
        to show, or None when no meeting is being recorded."""
        with self._lock:
            audio = self.current
        return retry_line(audio) if audio is not None else None


def retry_line(audio: MeetingAudio) -> str:
    """Try ``audio``'s microphone again now (it is also retried by itself); what to say."""
    status = audio.retry_now()
    if status.state in ("recording", "paused", "idle", "off"):
        return "The microphone is working; nothing needed retrying."
    if status.state == "failed" and status.device_name:
        return "Trying the microphone again: recording carries on as soon as sound arrives."
    return status.message or "The microphone could not be opened."


def records_anything(profile: Profile) -> bool:
    """Whether the profile records any part of its meetings."""
    return profile.record_per_child or profile.meeting_audio != "off"

"""The writer's record keeper: Recording and RecordingPause rows, one session per write.

Runs on the writer thread. A database failure must not stop the audio, so
each write that fails is reported once as a plain line and the file is left
for recovery to attach on the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from mace_tui.audio import problems
from mace_tui.audio.writer import SegmentSpec
from store import recordings
from store.db import Store

log = logging.getLogger(__name__)


class StoreLedger:
    """Writes a meeting's segment rows to the store."""

    def __init__(
        self,
        *,
        store: Store,
        meeting_id: int,
        sample_rate: int,
        channels: int,
        on_problem: Callable[[str], None],
    ) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self.sample_rate = sample_rate
        self.channels = channels
        self.on_problem = on_problem

    def _failed(self, exc: Exception, doing: str) -> None:
        # The type only: a database error's text can quote row values (R18).
        log.error("audio ledger: %s while %s", type(exc).__name__, doing)
        self.on_problem(problems.store_failed(type(exc).__name__))

    def opened(
        self, spec: SegmentSpec, path: Path, *, first_frame: int, at: datetime
    ) -> int | None:
        """A row in state ``recording`` for a segment whose file was just created."""
        try:
            with self.store.session() as session:
                return recordings.add_recording(
                    session,
                    meeting_id=self.meeting_id,
                    item_id=spec.item_id,
                    kind=spec.kind,
                    path=str(path),
                    sample_rate=self.sample_rate,
                    channels=self.channels,
                    first_frame=first_frame,
                    started_at=at,
                    store_id=self.store.store_id,
                )
        except Exception as exc:
            self._failed(exc, "adding a recording")
            return None

    def paused(self, recording_id: int, *, reason: str, at: datetime) -> int | None:
        """A RecordingPause row."""
        try:
            with self.store.session() as session:
                return recordings.add_pause(
                    session, recording_id=recording_id, reason=reason, paused_at=at
                )
        except Exception as exc:
            self._failed(exc, "adding a pause")
            return None

    def gap(
        self, recording_id: int, *, at_frame: int, lost_s: float, reason: str, at: datetime
    ) -> None:
        """A RecordingGap row: audio a fault kept out of the file."""
        try:
            with self.store.session() as session:
                recordings.add_gap(
                    session,
                    recording_id=recording_id,
                    at_s=at_frame / self.sample_rate,
                    lost_s=lost_s,
                    reason=reason,
                    noted_at=at,
                )
        except Exception as exc:
            self._failed(exc, "adding a gap")

    def resumed(self, pause_id: int, *, at: datetime) -> None:
        """Close a pause."""
        try:
            with self.store.session() as session:
                recordings.end_pause(session, pause_id=pause_id, resumed_at=at)
        except Exception as exc:
            self._failed(exc, "ending a pause")

    def finished(
        self,
        recording_id: int,
        *,
        state: str,
        frames: int,
        sha256: str,
        paused_s: float,
        at: datetime,
    ) -> None:
        """Store a finished segment's frames, duration and hash."""
        try:
            with self.store.session() as session:
                recordings.finish_recording(
                    session,
                    recording_id=recording_id,
                    state=state,
                    frames=frames,
                    sha256=sha256,
                    paused_s=paused_s,
                    ended_at=at,
                )
        except Exception as exc:
            self._failed(exc, "finishing a recording")

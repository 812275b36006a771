"""A stored meeting timeline and an external recording made to match it, for split tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import numpy as np

from store.db import Store
from store.models import AgendaItem, Meeting
from store.queries import meeting_queue

MEETING_START = datetime(2026, 11, 23, 9, 0, 2, 250_000, tzinfo=UTC)
# (start, end) of each discussion in seconds after the meeting started: uneven, with microseconds.
SPANS = [
    (35.123456, 151.5),
    (151.5, 263.000031),
    (270.25, 388.8),
    (388.8, 477.654321),
    (480.0, 581.75),
]
FREQS = [300.0, 450.0, 600.0, 750.0, 900.0]


@dataclass(frozen=True)
class Stored:
    """The meeting whose timeline was stored, and its discussions' item ids and refs."""

    meeting_id: int
    item_ids: list[int]
    refs: list[str]
    positions: list[int]


def store_timeline(
    store: Store, meeting_id: int, spans: list[tuple[float, float]] = SPANS
) -> Stored:
    """Give the meeting a start time and its first children these discussion times."""
    with store.session() as session:
        queue = meeting_queue(session, meeting_id=meeting_id)[: len(spans)]
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.started_at = MEETING_START
        session.add(meeting)
        for entry, (start, end) in zip(queue, spans, strict=True):
            item = session.get(AgendaItem, entry.item_id)
            assert item is not None
            item.started_at = MEETING_START + timedelta(seconds=start)
            item.ended_at = MEETING_START + timedelta(seconds=end)
            item.status = "done"
            session.add(item)
        session.commit()
    return Stored(
        meeting_id,
        [e.item_id for e in queue],
        [e.child_ref for e in queue],
        [e.position for e in queue],
    )


def frame(seconds: float, offset: float, rate: int) -> int:
    """The expected frame, computed independently of the code under test."""
    micros = round(seconds * 1_000_000)
    return round(
        (Fraction(micros, 1_000_000) + Fraction(offset).limit_denominator(1_000_000)) * rate
    )


def external_signal(
    *, rate: int, minutes: float, offset: float, spans: list[tuple[float, float]] = SPANS
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A whole-meeting recording: quiet noise, with each discussion's span holding its own tone."""
    total = round(minutes * 60 * rate)
    rng = np.random.default_rng(8)
    signal = rng.integers(-40, 40, total, dtype=np.int16)
    cuts = []
    for (start, end), freq in zip(spans, FREQS, strict=False):
        a, b = frame(start, offset, rate), min(total, frame(end, offset, rate))
        t = np.arange(b - a) / rate
        signal[a:b] = (9000 * np.sin(2 * np.pi * freq * t + 0.5)).astype(np.int16)
        cuts.append((a, b))
    return signal, cuts

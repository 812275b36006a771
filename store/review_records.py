"""The review list's plain records: frozen dataclasses, cheap to import and to pickle.

Nothing here imports the database stack: the start-up helper sends these to the
UI (mace_tui/review/early_read.py), which reads them before it has SQLAlchemy.
"""

from __future__ import annotations

from datetime import date, datetime

from store.frozen import record

# Audit actions written by an integrity check, passed or failed.
VERIFY_PASSED = "verify"
VERIFY_FAILED = "verify-failed"
DELETED = "deleted"


@record
class ReviewRow:
    """One recording as the review list shows it."""

    id: int
    meeting_id: int
    meeting_date: date
    profile: str
    kind: str
    item_id: int | None
    position: int | None
    child_ref: str | None
    child_name: str | None
    path: str
    sample_rate: int
    channels: int
    frames: int | None
    duration_s: float | None
    sha256: str
    # As stored: recording, complete, recovered, failed, missing, deleted.
    state: str
    started_at: datetime
    ended_at: datetime | None
    # The latest integrity check: None (never checked), True (passed) or False (failed).
    verified: bool | None


@record
class ReviewFilter:
    """What the admin narrowed the list to; None means no limit."""

    since: date | None = None
    until: date | None = None
    profile: str | None = None
    child: str | None = None
    states: tuple[str, ...] | None = None
    limit: int = 5000

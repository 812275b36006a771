"""Retention: recordings kept longer than the set number of days are listed, and deleted on request.

The period is per kind of meeting: a profile's ``[retention] recordings_days``
(DRMM recordings may go sooner than Level 2's), else ``retention_days`` in
settings.toml, else none (nothing is ever past retention).

Deleting needs a reason, removes the file, marks the recording *deleted* and
writes the deletion to the audit log in the same transaction. The row, its
stored SHA-256 and every earlier audit event stay: the trail outlives the audio.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from mace_tui.config import Settings
from mace_tui.review.access import Actor, ReviewProblem, describe, find_recording
from mace_tui.review.listing import ListedRecording, listed
from mace_tui.review.words import days_text
from store.audit import append_event
from store.db import Store
from store.review import DELETED, ReviewRow, mark_deleted, recordings_before

RETENTION_SETTING = "retention_days in settings.toml"
PROFILE_SETTING = "[retention] recordings_days"


@dataclass(frozen=True)
class Retention:
    """How long recordings are kept: per profile where it says, else the settings' default."""

    default_days: int | None = None
    by_profile: Mapping[str, int] = field(default_factory=dict)

    def days_for(self, profile: str) -> int | None:
        """Days a recording of a ``profile`` meeting is kept (None: kept until deleted by hand)."""
        return self.by_profile.get(profile, self.default_days)

    def source_for(self, profile: str) -> str:
        """Which setting gives ``profile``'s period, for messages."""
        if profile in self.by_profile:
            return f"{PROFILE_SETTING} of profile {profile}"
        return RETENTION_SETTING

    @property
    def is_set(self) -> bool:
        """True when some recordings have a retention period."""
        return self.default_days is not None or bool(self.by_profile)

    @property
    def shortest(self) -> int | None:
        """The shortest period of any profile (for the first, cheap cut of the query)."""
        periods = [*self.by_profile.values()]
        if self.default_days is not None:
            periods.append(self.default_days)
        return min(periods) if periods else None

    def summary(self) -> str:
        """The periods in words: "kept 1 year; llr-drmm 30 days"."""
        from mace_tui.review.words import days_text

        parts = []
        if self.default_days is not None:
            parts.append(f"kept {days_text(self.default_days)}")
        parts += [f"{key} {days_text(days)}" for key, days in sorted(self.by_profile.items())]
        return "; ".join(parts) if parts else "no retention period set"


def retention_policy(settings: Settings) -> Retention:
    """The periods in force: each profile's own, and the settings' default."""
    from mace_tui.profiles import load_profiles

    by_profile = {
        key: profile.recordings_days
        for key, profile in load_profiles(settings.config_dir).items()
        if profile.recordings_days is not None
    }
    return Retention(settings.retention_days, by_profile)


Period = int | None | Retention


def _days(period: Period, row: ReviewRow) -> int | None:
    return period.days_for(row.profile) if isinstance(period, Retention) else period


def kept_until(meeting_date: date, days: int) -> date:
    """The last day a meeting's recordings are kept."""
    return meeting_date + timedelta(days=days)


def is_expired(row: ReviewRow, *, today: date, days: Period) -> bool:
    """True when the recording has been kept longer than its retention period."""
    period = _days(days, row)
    return (
        period is not None and row.state != DELETED and today > kept_until(row.meeting_date, period)
    )


def expired_recordings(store: Store, *, today: date, days: Period) -> list[ListedRecording]:
    """Recordings past retention and not yet deleted, oldest first (none when no period is set)."""
    shortest = days.shortest if isinstance(days, Retention) else days
    if shortest is None:
        return []
    with store.session() as session:
        rows = recordings_before(session, before=today - timedelta(days=shortest))
    return [listed(row) for row in rows if is_expired(row, today=today, days=days)]


def delete_recording(
    store: Store, recording_id: int, *, reason: str, actor: Actor, today: date, days: Period
) -> ReviewRow:
    """Delete one recording's file past retention; audited. Refuses one still within the period."""
    reason = reason.strip()
    if not reason:
        raise ReviewProblem("Reason: say why the recording is deleted (e.g. the retention policy).")
    row = find_recording(store, recording_id)
    period = _days(days, row)
    source = days.source_for(row.profile) if isinstance(days, Retention) else RETENTION_SETTING
    if period is None:
        raise ReviewProblem(
            f"No retention period is set for {row.profile} recordings, so nothing can be deleted. "
            f"Set {RETENTION_SETTING} (e.g. retention_days = 365) or {PROFILE_SETTING} "
            "in the profile."
        )
    if row.state == DELETED:
        raise ReviewProblem(f"recording {recording_id}: its file was already deleted.")
    if not is_expired(row, today=today, days=period):
        until = kept_until(row.meeting_date, period)
        raise ReviewProblem(
            f"recording {recording_id}: kept until {until:%d %b %Y} under {source} "
            f"({days_text(period)}); it can be deleted after that."
        )
    path = Path(row.path)
    note = ""
    try:
        path.unlink()
    except FileNotFoundError:
        note = " (the file was already gone)"
    except OSError as exc:
        why = "permission denied" if exc.errno in (errno.EACCES, errno.EPERM) else exc.strerror
        raise ReviewProblem(
            f"{path.name}: cannot delete it ({why}). Nothing was changed."
        ) from None
    with store.session() as session:
        mark_deleted(session, recording_id=row.id, at=actor.now)
        append_event(
            session,
            action="delete",
            os_user=actor.user,
            at=actor.now,
            recording_id=row.id,
            meeting_id=row.meeting_id,
            detail=f"{describe(row)}: {path.name} deleted after {days_text(period)} "
            f"({source}){note}",
            reason=reason,
        )
    return row

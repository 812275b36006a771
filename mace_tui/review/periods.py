"""How long recordings are kept, and which are past it: light, for the first paint.

The review screen shows the retention in force and counts the recordings past
it as soon as the start-up helper's list arrives, before the store (and the
database stack) is loaded; so nothing here imports it. Deleting is in
``mace_tui.review.retention``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import date, timedelta

from mace_tui.config import Settings
from store.frozen import record
from store.review_records import DELETED, ReviewRow

RETENTION_SETTING = "retention_days in settings.toml"
PROFILE_SETTING = "[retention] recordings_days"


@record
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


def days_for(period: Period, row: ReviewRow) -> int | None:
    """The days ``row`` is kept under ``period`` (a Retention, or one period for all)."""
    return period.days_for(row.profile) if isinstance(period, Retention) else period


def kept_until(meeting_date: date, days: int) -> date:
    """The last day a meeting's recordings are kept."""
    return meeting_date + timedelta(days=days)


def is_expired(row: ReviewRow, *, today: date, days: Period) -> bool:
    """True when the recording has been kept longer than its retention period."""
    period = days_for(days, row)
    return (
        period is not None and row.state != DELETED and today > kept_until(row.meeting_date, period)
    )

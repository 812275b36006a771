"""A meeting's queue with each child's history summary and flags, read in one unit of work.

Used by the home, preparation and chair screens; no Textual here. The
records are importable without the database stack (it is imported inside the
functions), so a forked helper can read them while the UI starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from mace_tui.profiles import Profile
from mace_tui.rules.flags import Flag, age_on, child_flags
from store.frozen import record

if TYPE_CHECKING:
    from pathlib import Path

    from sqlmodel import Session

    from store.db import Store
    from store.meeting_records import HistoryEntry, MeetingRecord, QueueEntry
    from store.records import QueueFacts


@record
class ChildSummary:
    """What the panel should know about a child before discussing them."""

    entry: QueueEntry
    age: int | None
    history: tuple[HistoryEntry, ...]
    drmm_referrals: int
    last_medium: date | None
    discharged_on: date | None
    open_actions: int
    flags: tuple[Flag, ...]


@record
class MeetingOverview:
    """A meeting and its queue."""

    meeting: MeetingRecord
    profile: Profile
    queue: tuple[ChildSummary, ...]


def summarise_queue(
    session: Session,
    *,
    entries: Sequence[QueueEntry],
    meeting_date: date,
    drmm_profiles: Sequence[str],
    on_drmm_queue: bool = True,
) -> tuple[ChildSummary, ...]:
    """History, counts and flags for every child on a queue, in five queries."""
    if not entries:
        return ()
    facts = queue_facts(
        session, entries=entries, meeting_date=meeting_date, drmm_profiles=drmm_profiles
    )
    return assemble_queue(
        entries, facts=facts, meeting_date=meeting_date, on_drmm_queue=on_drmm_queue
    )


def queue_facts(
    session: Session,
    *,
    entries: Sequence[QueueEntry],
    meeting_date: date,
    drmm_profiles: Sequence[str],
) -> QueueFacts:
    """The store's facts behind a queue's summaries (``store/quickread.py`` reads the same
    with sqlite3 alone, at start-up)."""
    from store import queries
    from store.agenda import concern
    from store.records import QueueFacts

    ids = [entry.child_id for entry in entries if entry.child_id is not None]
    # Persons and locations of concern (R22): their own history and open actions.
    subjects: dict[tuple[str, int], tuple[list[HistoryEntry], int]] = {}
    for kind in ("person", "location"):
        subject_ids = [e.subject_id for e in entries if e.subject_kind == kind]
        if not subject_ids:
            continue
        found = concern.subject_histories(session, kind=kind, ids=subject_ids, before=meeting_date)
        still_open = concern.subject_open_actions(
            session, kind=kind, ids=subject_ids, before=meeting_date
        )
        for subject_id in subject_ids:
            subjects[(kind, subject_id)] = (found[subject_id], still_open[subject_id])
    return QueueFacts(
        histories=queries.histories(session, child_ids=ids, before=meeting_date),
        referrals=queries.referral_counts(
            session, child_ids=ids, profiles=drmm_profiles, before=meeting_date
        ),
        mediums=queries.last_medium_dates(session, child_ids=ids, before=meeting_date),
        discharges=queries.last_discharge_dates(session, child_ids=ids, before=meeting_date),
        actions=queries.open_action_counts(session, child_ids=ids, before=meeting_date),
        subjects=subjects,
    )


def assemble_queue(
    entries: Sequence[QueueEntry], *, facts: QueueFacts, meeting_date: date, on_drmm_queue: bool
) -> tuple[ChildSummary, ...]:
    """Each entry's summary and flags from the facts (no store)."""
    summaries = []
    for entry in entries:
        if entry.child_id is None:
            # A free item (R19) has no subject, so no history.
            history, still = facts.subjects.get((entry.subject_kind, entry.subject_id), ([], 0))
            summaries.append(
                _summary(
                    entry,
                    meeting_date=meeting_date,
                    history=history,
                    referrals=0,
                    last_medium=None,
                    discharged=None,
                    open_actions=still,
                    on_drmm_queue=False,
                )
            )
            continue
        summaries.append(
            _summary(
                entry,
                meeting_date=meeting_date,
                history=facts.histories[entry.child_id],
                referrals=facts.referrals[entry.child_id],
                last_medium=facts.mediums[entry.child_id],
                discharged=facts.discharges[entry.child_id],
                open_actions=facts.actions[entry.child_id],
                on_drmm_queue=on_drmm_queue,
            )
        )
    return tuple(summaries)


def summarise_child(
    session: Session,
    *,
    entry: QueueEntry,
    meeting_date: date,
    drmm_profiles: Sequence[str],
    on_drmm_queue: bool = True,
) -> ChildSummary:
    """History, counts and flags for one child on a queue."""
    [summary] = summarise_queue(
        session,
        entries=[entry],
        meeting_date=meeting_date,
        drmm_profiles=drmm_profiles,
        on_drmm_queue=on_drmm_queue,
    )
    return summary


def _summary(
    entry: QueueEntry,
    *,
    meeting_date: date,
    history: Sequence[HistoryEntry],
    referrals: int,
    last_medium: date | None,
    discharged: date | None,
    open_actions: int,
    on_drmm_queue: bool,
) -> ChildSummary:
    # A discharge only matters if the child has not been discussed again since.
    if discharged is not None and history and history[0].meeting_date > discharged:
        discharged = None
    last = history[0] if history else None
    # Today's referral counts too when the child is on a DRMM queue now.
    is_new_referral = on_drmm_queue and entry.referral_source != "deferred"
    flags = child_flags(
        meeting_date=meeting_date,
        drmm_referrals=referrals + (1 if is_new_referral else 0),
        last_discussed=last.meeting_date if last else None,
        last_grade=last.grade if last else None,
        last_medium=last_medium,
        discharged_on=discharged,
        open_actions=open_actions,
    )
    return ChildSummary(
        entry=entry,
        age=age_on(entry.date_of_birth, meeting_date),
        history=tuple(history),
        drmm_referrals=referrals,
        last_medium=last_medium,
        discharged_on=discharged,
        open_actions=open_actions,
        flags=tuple(flags),
    )


def load_overview(
    session: Session, *, profile: Profile, on: date, drmm_profiles: Sequence[str]
) -> MeetingOverview | None:
    """The meeting of ``profile`` on ``on`` with its queue, or None if there is no such meeting."""
    from store import queries

    found = queries.find_meeting(session, profile=profile.key, on=on)
    if found is None:
        return None
    meeting = queries.meeting_record(found)
    entries = queries.meeting_queue(session, meeting_id=meeting.id)
    queue = summarise_queue(
        session,
        entries=entries,
        meeting_date=on,
        drmm_profiles=drmm_profiles,
        on_drmm_queue=profile.counts_as_drmm,
    )
    return MeetingOverview(meeting=meeting, profile=profile, queue=queue)


def home_overview(
    store: Store, *, profile: Profile, on: date, config_dir: Path | None
) -> MeetingOverview | None:
    """The home screen's read: today's meeting of ``profile`` with its queue, DRMM referrals
    counted over every profile that counts as one."""
    from mace_tui.profiles import load_profiles

    drmm = [p.key for p in load_profiles(config_dir).values() if p.counts_as_drmm]
    with store.session() as session:
        return load_overview(session, profile=profile, on=on, drmm_profiles=drmm)

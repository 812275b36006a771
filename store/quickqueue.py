"""A meeting's queue and the facts behind its summaries, read with sqlite3 alone.

The home screen shows today's queue with each child's history and flags. At
start-up the forked helper (mace_tui/early.py) reads them here in milliseconds,
instead of importing SQLAlchemy and SQLModel first; the app builds the same
summaries from them (``mace_tui.overview.assemble_queue``) and opens the real
store afterwards.

Each statement mirrors a store query (named beside it); ``tests/store/
test_quickqueue.py`` checks the records equal the store's on the same
database. Like ``store/quickread.py`` it answers None for anything it does not
expect, and the caller takes the normal path.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from store.frozen import record
from store.quickread import _day, queue_entries, read_meeting
from store.records import HistoryEntry, MeetingRecord, QueueEntry, QueueFacts

DISCUSSED = ("done", "deferred")  # store.queries.DISCUSSED_STATUSES
OPEN = ("open", "in-progress", "not-done")  # store.queries.OPEN_STATUSES
OPEN_ITEM = ("waiting", "in-discussion")  # mace_tui.chair.case.standing_overrides
PER_SUBJECT = 10  # store.queries.histories' per_child
SUBJECT_COLUMN = {"child": "child_id", "person": "concern_person_id"}
SUBJECT_COLUMN["location"] = "concern_location_id"


@record
class QuickQueue:
    """A meeting, its queue and the facts behind the queue's summaries."""

    meeting: MeetingRecord
    queue: tuple[QueueEntry, ...]
    facts: QueueFacts
    # Queue numbers discussed under a quorum override (R2), as mace_tui.chair.case reads them.
    overrides: tuple[int, ...] = ()


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _histories(
    conn: Any, column: str, ids: Sequence[int], before: date
) -> dict[int, list[HistoryEntry]]:
    """store.queries.histories / store.agenda.concern.subject_histories."""
    found: dict[int, list[HistoryEntry]] = {i: [] for i in ids}
    if not ids:
        return found
    rows = conn.execute(
        f"""SELECT i.{column}, i.id, i.meeting_date, i.profile, i.status,
                   g.grade, g.outcome, g.rationale
            FROM agenda_item i LEFT JOIN grading g ON g.item_id = i.id
            WHERE i.{column} IN ({_marks(ids)}) AND i.status IN ({_marks(DISCUSSED)})
              AND i.meeting_date < ?
            ORDER BY i.meeting_date DESC, i.id DESC""",
        (*ids, *DISCUSSED, before.isoformat()),
    )
    for subject_id, item_id, day, profile, status, grade, outcome, rationale in rows:
        if len(found[subject_id]) < PER_SUBJECT:
            found[subject_id].append(
                HistoryEntry(
                    item_id, date.fromisoformat(day), profile, status, grade, outcome, rationale
                )
            )
    return found


def _per_child(conn: Any, sql: str, ids: Sequence[int], args: Sequence[object]) -> dict[int, Any]:
    found: dict[int, Any] = dict.fromkeys(ids)
    for child_id, value in conn.execute(sql, (*ids, *args)):
        found[child_id] = value
    return found


def _last_grading(
    conn: Any, ids: Sequence[int], before: date, which: str
) -> dict[int, date | None]:
    """store.queries.last_medium_dates / last_discharge_dates."""
    found = _per_child(
        conn,
        f"""SELECT child_id, max(meeting_date) FROM grading
            WHERE child_id IN ({_marks(ids)}) AND {which} = ? AND meeting_date < ?
            GROUP BY child_id""",
        ids,
        ("MEDIUM" if which == "grade" else "discharge", before.isoformat()),
    )
    return {child: _day(value) for child, value in found.items()}


def facts(
    conn: Any, entries: Sequence[QueueEntry], *, before: date, drmm_profiles: Sequence[str]
) -> QueueFacts:
    """``mace_tui.overview.queue_facts``, from an open sqlite3 connection."""
    ids = [e.child_id for e in entries if e.child_id is not None]
    referrals = _per_child(
        conn,
        f"""SELECT child_id, count(*) FROM agenda_item
            WHERE child_id IN ({_marks(ids)}) AND profile IN ({_marks(drmm_profiles)})
              AND status != 'removed' AND deferred_from_id IS NULL AND meeting_date < ?
            GROUP BY child_id""",
        ids,
        (*drmm_profiles, before.isoformat()),
    )
    actions = _per_child(
        conn,
        f"""SELECT child_id, count(*) FROM action
            WHERE child_id IN ({_marks(ids)}) AND status IN ({_marks(OPEN)})
              AND meeting_date < ?
            GROUP BY child_id""",
        ids,
        (*OPEN, before.isoformat()),
    )
    subjects: dict[tuple[str, int], tuple[list[HistoryEntry], int]] = {}
    for kind in ("person", "location"):
        subject_ids = [e.subject_id for e in entries if e.subject_kind == kind]
        if not subject_ids:
            continue
        column = SUBJECT_COLUMN[kind]
        found = _histories(conn, column, subject_ids, before)
        still_open = dict.fromkeys(subject_ids, 0)
        rows = conn.execute(  # store.agenda.concern.subject_open_actions
            f"""SELECT i.{column}, count(a.id) FROM action a
                JOIN agenda_item i ON i.id = a.item_id
                WHERE i.{column} IN ({_marks(subject_ids)}) AND a.status IN ({_marks(OPEN)})
                  AND a.meeting_date < ?
                GROUP BY i.{column}""",
            (*subject_ids, *OPEN, before.isoformat()),
        )
        for subject_id, count in rows:
            still_open[subject_id] = count
        for subject_id in subject_ids:
            subjects[(kind, subject_id)] = (found[subject_id], still_open[subject_id])
    return QueueFacts(
        histories=_histories(conn, "child_id", ids, before) if ids else {},
        referrals={child: count or 0 for child, count in referrals.items()},
        mediums=_last_grading(conn, ids, before, "grade"),
        discharges=_last_grading(conn, ids, before, "outcome"),
        actions={child: count or 0 for child, count in actions.items()},
        subjects=subjects,
    )


def meeting_queue(
    path: Path,
    *,
    profile: str,
    on: date,
    drmm_profiles: Sequence[str],
    key: bytes | None = None,
    access: tuple[str, Sequence[str]] | None = None,
) -> QuickQueue | None:
    """The meeting of ``profile`` on ``on``, its queue and the facts behind it; None if there
    is no such meeting or the file is not one this version reads (the normal path then
    answers). ``key`` opens an encrypted file; ``access`` (the account and the roles that may
    see it): NotPermitted if the account holds none of them."""

    def queue(conn: Any, meeting: MeetingRecord) -> QuickQueue | None:
        entries = queue_entries(conn, meeting.id)
        overrides = conn.execute(
            "SELECT position, status, quorum_override_gaps FROM agenda_item "
            "WHERE meeting_id = ? AND quorum_override_reason != '' ORDER BY position",
            (meeting.id,),
        ).fetchall()
        # Whether the override of a child still open stands depends on its room (R2,
        # mace_tui.chair.case.standing_overrides), which is not read here: the normal path
        # answers. Rare: only while a child with an override is up.
        if any(status in OPEN_ITEM and gaps for _, status, gaps in overrides):
            return None
        return QuickQueue(
            meeting,
            entries,
            facts(conn, entries, before=on, drmm_profiles=drmm_profiles),
            tuple(r[0] for r in overrides),
        )

    return read_meeting(path, profile=profile, on=on, key=key, access=access, then=queue)

"""The FORM agenda from data (R19): read the store into plain records, propose, put on the queue.

``load_proposal`` reads every child and person of concern whose latest grade is
HIGH or MEDIUM, with their grades and missing episodes, and hands them to the
pure rules in ``mace_tui.rules.form_proposal``. ``accept`` puts the entries the
coordinator kept on the queue, in section order; each entry's reason on the
queue says its section and why it is there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mace_tui.prep.deadline import late_after_change
from mace_tui.prep.meeting import PrepTarget
from mace_tui.rules.form_proposal import (
    SECTION_KEYS,
    SECTION_TITLES,
    FormProposal,
    GradeRecord,
    MissingSpell,
    ProposedEntry,
    SubjectRecord,
    propose_form,
)
from store import agenda
from store.agenda import AgendaError, concern
from store.carryover import meeting_carryover
from store.frozen import record
from store.models import (
    AgendaItem,
    Child,
    ConcernPerson,
    Grading,
    Meeting,
    MissingEpisode,
    ProposalDrop,
)
from store.states import MeetingStatus, SubjectKind

if TYPE_CHECKING:
    from store.db import Store

# The referral source of an entry put on the queue from the proposal.
REVIEW_SOURCE = "review"
# Meetings that sat: the last review is the latest of these before the meeting.
SAT = (MeetingStatus.FINISHED, MeetingStatus.IN_PROGRESS)


@record
class ProposalRow:
    """A proposed entry and where it stands on the queue."""

    entry: ProposedEntry
    # On this meeting's queue already.
    on_queue: bool = False
    # Taken off this meeting's queue earlier: proposed again, but not ticked.
    removed: bool = False
    # Dropped by the coordinator when the proposal was last accepted: not ticked.
    dropped: bool = False


@record
class ProposalView:
    """What the proposal screen shows."""

    proposal: FormProposal
    rows: tuple[ProposalRow, ...]
    # Open actions of earlier reviews: the chair goes through them first (R12, R19).
    carried_actions: int
    # Every subject on this meeting's queue now (proposed or not), as (kind, id).
    queued: frozenset[tuple[str, int]] = frozenset()


@record
class Accepted:
    """An entry the coordinator kept or added: its section, subject and why."""

    section: str
    kind: str
    subject_id: int
    why: str
    # A free item's title (kind "free", MPRU or AOB sections, R19).
    title: str = ""


def last_review(session: Session, *, profile: str, before: date) -> date | None:
    """The date of the latest meeting of ``profile`` before ``before`` that sat."""
    return session.execute(
        sa_select(col(Meeting.date))
        .where(
            col(Meeting.profile) == profile,
            col(Meeting.date) < before,
            col(Meeting.status).in_([s.value for s in SAT]),
        )
        .order_by(col(Meeting.date).desc())
        .limit(1)
    ).scalar()


def subject_records(session: Session, *, profile: str, before: date) -> list[SubjectRecord]:
    """Every child and person of concern whose latest grade before ``before`` is HIGH or MEDIUM."""
    grades: dict[tuple[str, int], list[GradeRecord]] = defaultdict(list)
    query = (
        sa_select(
            col(AgendaItem.child_id),
            col(AgendaItem.concern_person_id),
            col(Grading.meeting_date),
            col(Grading.grade),
            col(Grading.significant_new_risk),
            col(Grading.outcome),
            col(Grading.profile),
        )
        .join(AgendaItem, col(AgendaItem.id) == col(Grading.item_id))
        .where(col(Grading.meeting_date) < before)
        .where(col(AgendaItem.concern_location_id).is_(None))
        .order_by(col(Grading.meeting_date), col(Grading.graded_at), col(Grading.id))
    )
    for child_id, person_id, on, grade, new_risk, outcome, given_at in session.execute(query):
        key = ("child", child_id) if child_id is not None else ("person", person_id)
        grades[key].append(GradeRecord(on, grade, new_risk, outcome, given_at == profile))
    wanted = {key for key, found in grades.items() if found[-1].grade in ("HIGH", "MEDIUM")}
    child_ids = sorted(i for kind, i in wanted if kind == "child")
    person_ids = sorted(i for kind, i in wanted if kind == "person")
    spells: dict[int, list[MissingSpell]] = defaultdict(list)
    names: dict[tuple[str, int], tuple[str, str]] = {}
    if child_ids:
        for cid, started, ended in session.execute(
            sa_select(
                col(MissingEpisode.child_id),
                col(MissingEpisode.started_on),
                col(MissingEpisode.ended_on),
            ).where(col(MissingEpisode.child_id).in_(child_ids))
        ):
            spells[cid].append(MissingSpell(started, ended))
        for cid, name, ref in session.execute(
            sa_select(col(Child.id), col(Child.name), col(Child.ref)).where(
                col(Child.id).in_(child_ids)
            )
        ):
            names[("child", cid)] = (name, ref)
    if person_ids:
        for pid, name, ref in session.execute(
            sa_select(col(ConcernPerson.id), col(ConcernPerson.name), col(ConcernPerson.ref)).where(
                col(ConcernPerson.id).in_(person_ids)
            )
        ):
            names[("person", pid)] = (name, ref)
    return [
        SubjectRecord(
            kind,
            subject_id,
            *names.get((kind, subject_id), ("", "")),
            tuple(grades[(kind, subject_id)]),
            tuple(spells.get(subject_id, ())) if kind == "child" else (),
        )
        for kind, subject_id in sorted(wanted)
    ]


def _queue_state(session: Session, meeting_id: int) -> dict[tuple[str, int], str]:
    """Each subject of the meeting's items (removed ones too) and its item's status."""
    found: dict[tuple[str, int], str] = {}
    for item in session.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)):
        if item.child_id is not None:
            key = ("child", item.child_id)
        elif item.concern_person_id is not None:
            key = ("person", item.concern_person_id)
        else:
            continue
        # A live item wins over an earlier removed one of the same subject.
        if found.get(key, "removed") == "removed":
            found[key] = item.status
    return found


def load_proposal(session: Session, *, target: PrepTarget) -> ProposalView:
    """The proposal for the meeting being prepared, with what is on its queue already."""
    rules = target.profile.review
    if rules is None:
        raise AgendaError(
            f"proposal: the {target.profile.short_name} profile has no agenda proposed from "
            "data; add a [review] table to it (see README)."
        )
    profile, on = target.profile.key, target.meeting_date
    proposal = propose_form(
        subject_records(session, profile=profile, before=on),
        meeting_date=on,
        last_review=last_review(session, profile=profile, before=on),
        rules=rules,
    )
    state = _queue_state(session, target.meeting_id) if target.meeting_id else {}
    dropped = _dropped(session, target.meeting_id) if target.meeting_id else set()
    rows = tuple(
        ProposalRow(
            entry,
            on_queue=state.get((entry.kind, entry.subject_id), "removed") != "removed",
            removed=state.get((entry.kind, entry.subject_id)) == "removed",
            dropped=(entry.kind, entry.subject_id) in dropped,
        )
        for entry in proposal.entries
    )
    carried = 0
    if target.meeting_id:
        carried = sum(
            1 for c in meeting_carryover(session, meeting_id=target.meeting_id) if c.review is None
        )
    queued = frozenset(key for key, status in state.items() if status != "removed")
    if target.meeting_id:
        rows += free_rows(session, meeting_id=target.meeting_id)
    return ProposalView(proposal, rows, carried, queued)


def free_rows(session: Session, *, meeting_id: int) -> tuple[ProposalRow, ...]:
    """The free items (MPRU, AOB) on the meeting's queue, as rows of their sections."""
    found = session.exec(
        select(AgendaItem)
        .where(
            AgendaItem.meeting_id == meeting_id,
            AgendaItem.subject_kind == SubjectKind.FREE.value,
            AgendaItem.status != "removed",
        )
        .order_by(col(AgendaItem.position))
    ).all()
    return tuple(
        ProposalRow(
            ProposedEntry(i.free_section, "free", i.id or 0, i.title, "", "", 0),
            on_queue=True,
        )
        for i in found
    )


def person_choices(session: Session) -> list[tuple[str, int]]:
    """Every recorded person of concern as (label, id), by name: to add one to a section."""
    rows = session.execute(
        sa_select(col(ConcernPerson.name), col(ConcernPerson.ref), col(ConcernPerson.id)).order_by(
            col(ConcernPerson.name), col(ConcernPerson.id)
        )
    )
    return [(f"{name} ({ref})", person_id) for name, ref, person_id in rows]


def queue_reason(section: str, why: str) -> str:
    """An entry's reason on the queue: its section, then why."""
    return f"{SECTION_TITLES[section]}: {why}" if why else SECTION_TITLES[section]


def _section_of(reason: str) -> int | None:
    for index, key in enumerate(SECTION_KEYS):
        if reason.startswith(f"{SECTION_TITLES[key]}:") or reason == SECTION_TITLES[key]:
            return index
    return None


def _latest_types(session: Session, *, child_id: int) -> str:
    return (
        session.exec(
            select(AgendaItem.exploitation_types)
            .where(AgendaItem.child_id == child_id, AgendaItem.exploitation_types != "")
            .order_by(col(AgendaItem.meeting_date).desc())
            .limit(1)
        ).first()
        or ""
    )


def _dropped(session: Session, meeting_id: int) -> set[tuple[str, int]]:
    rows = session.exec(select(ProposalDrop).where(ProposalDrop.meeting_id == meeting_id))
    return {(row.subject_kind, row.subject_id) for row in rows}


def _keep_drops(
    session: Session, meeting_id: int, dropped: Sequence[tuple[str, int]], by: str, at: datetime
) -> None:
    """Remember exactly ``dropped`` as the entries dropped from this meeting's proposal."""
    wanted = set(dropped)
    for row in session.exec(select(ProposalDrop).where(ProposalDrop.meeting_id == meeting_id)):
        if (row.subject_kind, row.subject_id) in wanted:
            wanted.discard((row.subject_kind, row.subject_id))
        else:
            session.delete(row)
    for kind, subject_id in sorted(wanted):
        session.add(
            ProposalDrop(
                meeting_id=meeting_id, subject_kind=kind, subject_id=subject_id,
                dropped_by=by[:200], dropped_at=at,
            )
        )  # fmt: skip
    session.flush()


def accept(
    session: Session,
    target: PrepTarget,
    *,
    entries: Sequence[Accepted],
    at: datetime,
    dropped: Sequence[tuple[str, int]] = (),
    by: str = "",
) -> int:
    """Put the accepted entries on the queue, then order the queue by section (committed).

    Entries already on the queue are left as they are. Entries from the proposal keep
    their section's place; anything else on the queue (added by hand) goes after the
    data sections, before MPRU considerations and any other business. ``dropped`` (kind,
    subject id) are the proposed entries the coordinator dropped: they are remembered, so
    the proposal opened again shows them dropped rather than ticked. Returns how many
    entries were added.
    """
    meeting = agenda.get_meeting(session, meeting_id=target.meeting_id)
    agenda.ensure_editable(meeting)
    late = late_after_change(at=at, deadline=target.deadline, was_late=False)
    state = _queue_state(session, target.meeting_id)
    added = 0
    try:
        for entry in entries:
            if entry.kind == SubjectKind.FREE:
                if entry.subject_id <= 0:  # added in the proposal, not yet on the queue
                    agenda.add_free_item(
                        session, meeting=meeting, section=entry.section, title=entry.title,
                        at=at, late=late,
                    )  # fmt: skip
                    added += 1
                continue
            status = state.get((entry.kind, entry.subject_id))
            if status is not None and status != "removed":
                continue
            reason = queue_reason(entry.section, entry.why)
            if entry.kind == "child":
                earlier = agenda.item_for_child(
                    session, meeting_id=target.meeting_id, child_id=entry.subject_id
                )
                types = _latest_types(session, child_id=entry.subject_id)
                if earlier is not None and earlier.id is not None:
                    agenda.restore_item(
                        session,
                        item_id=earlier.id,
                        late=late,
                        details=(REVIEW_SOURCE, types, reason),
                    )
                else:
                    agenda.add_item(
                        session, meeting=meeting, child_id=entry.subject_id,
                        referral_source=REVIEW_SOURCE, exploitation_types=types,
                        reason=reason, at=at, late=late,
                    )  # fmt: skip
            elif entry.kind == "person":
                concern.add_subject_item(
                    session, meeting=meeting, kind="person", subject_id=entry.subject_id,
                    reason=reason, at=at, late=late, referral_source=REVIEW_SOURCE,
                )  # fmt: skip
            else:
                raise AgendaError("proposal: an entry is a child or a person of concern.")
            state[(entry.kind, entry.subject_id)] = "waiting"
            added += 1
        _order_by_section(session, target.meeting_id)
        _keep_drops(session, target.meeting_id, dropped, by, at)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return added


def _order_by_section(session: Session, meeting_id: int) -> None:
    items = agenda.queue_items(session, meeting_id=meeting_id)
    waiting = [i for i in items if i.status == "waiting"]
    # Hand-added entries sit between the data sections and MPRU/AOB.
    by_hand = SECTION_KEYS.index("mpru") - 0.5

    def rank(item: AgendaItem) -> float:
        if item.subject_kind == SubjectKind.FREE:
            return SECTION_KEYS.index(item.free_section)
        found = _section_of(item.reason) if item.referral_source == REVIEW_SOURCE else None
        return by_hand if found is None else found

    ordered = sorted(waiting, key=rank)  # stable: each section keeps its order
    slots = [i.position for i in waiting]
    for position, item in zip(sorted(slots), ordered, strict=True):
        if item.position != position:
            item.position = position
            session.add(item)
    session.flush()


__all__ = [
    "REVIEW_SOURCE",
    "Accepted",
    "ProposalRow",
    "ProposalView",
    "accept",
    "free_rows",
    "last_review",
    "load_proposal",
    "person_choices",
    "queue_reason",
    "subject_records",
]


def read_proposal(store: Store, *, target: PrepTarget) -> ProposalView:
    """The proposal for the meeting, read in its own session (``load_proposal``)."""
    with store.session() as session:
        return load_proposal(session, target=target)


def read_person_choices(store: Store) -> list[tuple[str, int]]:
    """Every recorded person of concern as (label, id), in its own session."""
    with store.session() as session:
        return person_choices(session)


def queue_proposal(
    store: Store,
    target: PrepTarget,
    *,
    entries: Sequence[Accepted],
    at: datetime,
    dropped: Sequence[tuple[str, int]],
    by: str,
) -> int:
    """Put the kept entries on the queue and remember the dropped ones (``accept``, committed);
    how many were added."""
    with store.session() as session:
        return accept(session, target, entries=entries, at=at, dropped=dropped, by=by)

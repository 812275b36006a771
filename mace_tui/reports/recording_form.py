"""The recording form (R24): one document per subject discussed, built once, rendered as blocks.

It draws on the action log's record of the meeting (grade, rationale, outcome,
notes, actions, conflicts) and adds the research sent before the meeting and,
for profiles that keep history on the form (Lincolnshire Level 2), the
subject's earlier research and discussions. Each form names whom it is shared
with: the attendees not out with a conflict for the subject, and the research
contributors.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from mace_tui.prep.research import AgencyResearch, group_by_agency
from mace_tui.reports import words as w
from mace_tui.reports.action_log import build_action_log
from mace_tui.reports.layout import (
    Block,
    Bullets,
    Facts,
    Heading,
    Paragraph,
    Table,
    child_facts,
    child_section,
)
from mace_tui.reports.records import ActionLog, ChildSection
from mace_tui.rules.citations import cited_ids
from store import research as store_research
from store.frozen import record
from store.research import EarlierDiscussion

# Attendance statuses that mean the person took part in the meeting.
TOOK_PART = ("present", "left")


@record
class EarlierRecord:
    """An earlier discussion of the subject, with the research sent for it."""

    discussion: EarlierDiscussion
    research: tuple[AgencyResearch, ...]


@record
class RecordingForm:
    """Everything one subject's recording form says, ready to render."""

    log: ActionLog
    child: ChildSection
    research: tuple[AgencyResearch, ...]
    shared_with: tuple[str, ...]
    history: bool = False
    earlier: tuple[EarlierRecord, ...] = ()

    @property
    def file_stem(self) -> str:
        """``recording-form-<profile>-<date>-<MACE ref>``: never the child's name (R18)."""
        meeting = self.log.meeting
        return (
            f"recording-form-{meeting.profile_key}-{meeting.date:%Y-%m-%d}-{self.child.child.ref}"
        )


def shared_with(
    log: ActionLog, child: ChildSection, research: tuple[AgencyResearch, ...]
) -> tuple[str, ...]:
    """Attendees who took part and were not out with a conflict for the child; then contributors."""
    conflicted = {(c.person, c.agency) for c in child.conflicts}
    people = [
        f"{a.name}, {a.agency}"
        for a in log.attendance
        if a.status in TOOK_PART and (a.name, a.agency) not in conflicted
    ]
    for group in research:
        for entry in group.entries:
            line = f"{entry.contributor}, {group.agency} (research)"
            if line not in people:
                people.append(line)
    return tuple(people)


def build_forms(
    session: Session,
    *,
    meeting_id: int,
    generated_at: datetime,
    config_dir: Path | None = None,
    history: bool = False,
) -> list[RecordingForm]:
    """One form per subject discussed at the meeting, of every kind (deferred ones and free
    items have none)."""
    log = build_action_log(
        session, meeting_id=meeting_id, generated_at=generated_at, config_dir=config_dir
    )
    # A free item (MPRU, AOB, R19) is about no subject: it has no recording form.
    discussed = [
        c for c in log.children if not c.deferred and c.started_at is not None and c.kind != "free"
    ]
    rows = store_research.for_items(session, item_ids=[c.item_id for c in discussed])
    forms = []
    for child in discussed:
        research = group_by_agency([r for r in rows if r.item_id == child.item_id])
        earlier: tuple[EarlierRecord, ...] = ()
        if history:
            earlier = _earlier(session, item_id=child.item_id, log=log)
        forms.append(
            RecordingForm(
                log=log,
                child=child,
                research=research,
                shared_with=shared_with(log, child, research),
                history=history,
                earlier=earlier,
            )
        )
    return forms


def _earlier(session: Session, *, item_id: int, log: ActionLog) -> tuple[EarlierRecord, ...]:
    from store.agenda import get_item

    item = get_item(session, item_id=item_id)
    # A child, or a person or a location of concern: each has its own history (R22).
    kind = item.subject_kind
    subject_id = {
        "child": item.child_id,
        "person": item.concern_person_id,
        "location": item.concern_location_id,
    }.get(kind)
    if subject_id is None:
        return ()
    before = log.meeting.date
    discussions = store_research.earlier_discussions(
        session, kind=kind, subject_id=subject_id, before=before
    )
    rows = store_research.for_subject_before(
        session, kind=kind, subject_id=subject_id, before=before
    )
    return tuple(
        EarlierRecord(d, group_by_agency([r for r in rows if r.item_id == d.item_id]))
        for d in discussions
    )


# -- layout ------------------------------------------------------------------------------------

SUBJECT_WORDS = {"person": "Person of concern", "location": "Location of concern"}


def subject_facts(subject: ChildSection) -> Facts:
    """The subject's details: a child's as the action log gives them; for a person or a
    location of concern, what applies to it and no child's wording (R22)."""
    facts = child_facts(subject)  # each kind with its own fields (layout.subject_fields)
    if subject.kind not in SUBJECT_WORDS:
        return facts
    return Facts((("Subject", SUBJECT_WORDS[subject.kind]), *facts.items))


def research_blocks(research: tuple[AgencyResearch, ...], *, level: int) -> list[Block]:
    """The research, one table per agency."""
    if not research:
        return [Paragraph("No research was recorded before the meeting.")]
    blocks: list[Block] = []
    for group in research:
        blocks.append(Heading(level, group.agency))
        blocks.append(
            Table(
                ("From", "Fact or opinion", "Received", "Research"),
                tuple(
                    (
                        e.contributor,
                        w.NOTE_KINDS.get(e.kind, e.kind),
                        w.short_date(e.received),
                        e.text,
                    )
                    for e in group.entries
                ),
            )
        )
    return blocks


def cited_blocks(form: RecordingForm) -> list[Block]:
    """Which research the discussion's notes cited, and in which note (R23)."""
    entries = {e.id: e for group in form.research for e in group.entries}
    lines = []
    for note in form.child.notes:
        for research_id in cited_ids(note.text):
            entry = entries.get(research_id)
            if entry is not None:
                lines.append(
                    f"{entry.agency}, received {w.short_date(entry.received)}: cited in a "
                    f"{w.THRIVE_LABELS.get(note.section, note.section)} note "
                    f"({note.agency or 'agency not recorded'})"
                )
    if not lines:
        return []
    return [Heading(3, "Cited in the discussion"), Bullets(tuple(lines))]


def _earlier_blocks(record: EarlierRecord) -> list[Block]:
    d = record.discussion
    blocks: list[Block] = [
        Heading(3, f"{w.long_date(d.meeting_date)} ({d.profile})"),
        Facts(
            (
                ("Grade", d.grade or "not graded"),
                ("Rationale", d.rationale or w.NONE),
                ("Outcome", w.outcome(d.outcome) if d.outcome else w.NONE),
            )
        ),
    ]
    if d.notes:
        blocks.append(
            Table(
                ("Section", "Agency", "Fact or opinion", "Note"),
                tuple(
                    (
                        w.THRIVE_LABELS.get(n.section, n.section),
                        n.agency,
                        w.NOTE_KINDS.get(n.kind, n.kind),
                        n.text,
                    )
                    for n in d.notes
                ),
            )
        )
    if record.research:
        blocks.append(Paragraph("Research sent for that meeting:"))
        blocks += research_blocks(record.research, level=4)
    return blocks


def document(form: RecordingForm) -> list[Block]:
    """The whole form, in reading order."""
    meeting = form.log.meeting
    child = form.child
    blocks: list[Block] = [
        Heading(1, f"Recording form: {meeting.profile_name}, {w.long_date(meeting.date)}"),
        Paragraph(
            f"Action log version {form.log.version}. Produced {w.stamp(form.log.generated_at)}."
        ),
        Facts(
            (
                ("Meeting", f"{meeting.profile_name} ({meeting.profile_key})"),
                ("Chair", meeting.chair or w.NONE),
            )
        ),
    ]
    section = child_section(child, level=2)
    # The subject's heading and details (referral reason, conflicts) come first, then research.
    blocks += [section[0], subject_facts(child)]
    blocks += [Heading(2, "Research before the meeting"), *research_blocks(form.research, level=3)]
    blocks += cited_blocks(form)
    blocks += [Heading(2, "Discussion"), *section[2:]]
    if form.history:
        blocks.append(Heading(2, "Earlier research and discussions"))
        if not form.earlier:
            blocks.append(Paragraph("Not discussed at an earlier meeting."))
        for record in form.earlier:
            blocks += _earlier_blocks(record)
    blocks += [
        Heading(2, "Shared with"),
        Table(("Person and agency",), tuple((p,) for p in form.shared_with))
        if form.shared_with
        else Paragraph("Nobody recorded."),
    ]
    return blocks


__all__ = [
    "EarlierRecord",
    "RecordingForm",
    "build_forms",
    "document",
    "research_blocks",
    "shared_with",
    "subject_facts",
]

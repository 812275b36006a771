"""What the action log says and in what order, as plain blocks every format renders.

Markdown and Word both render these blocks, and the screen shows the
Markdown of each part, so all three say exactly the same thing. Text in the
blocks is plain: each renderer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mace_tui.prep.concern_words import LOCATION_KINDS
from mace_tui.reports import words as w
from mace_tui.reports.records import (
    ActionEntry,
    ActionLog,
    AgencyActions,
    CarriedAction,
    ChildRef,
    ChildSection,
    RecordingRef,
)
from mace_tui.rules.subject_words import FREE_SECTIONS, risk_title
from store.frozen import record


@record
class Heading:
    """A heading; level 1 is the document's title."""

    level: int
    text: str


@record
class Paragraph:
    """A paragraph, optionally led by a bold label."""

    text: str
    label: str = ""


@record
class Facts:
    """A bulleted list of ``label: value`` lines."""

    items: tuple[tuple[str, str], ...]


@record
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@record
class Table:
    """A table with a header row."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Facts | Bullets | Table


def document(log: ActionLog) -> list[Block]:
    """The whole log, its short record (inquorate), or one agency's copy."""
    if log.agency_filter:
        return agency_document(log)
    if log.short_record:
        return short_record(log)
    return full_record(log)


def closing(log: ActionLog) -> str:
    """The last words before the marking: which version this is and when it was produced."""
    text = f"Action log {log.version_label}, produced {w.stamp(log.generated_at)} by mace-tui."
    if log.amendment_reason:
        text += f" Amended because: {log.amendment_reason}"
    if not log.notes_included:
        text += " THRIVE notes are left out of this copy."
    return text


def _title(log: ActionLog, suffix: str = "") -> list[Block]:
    meeting = log.meeting
    if meeting.extraordinary:
        suffix = f" (extraordinary){suffix}"
    return [
        Heading(1, f"Action log: {meeting.profile_name}, {w.long_date(meeting.date)}{suffix}"),
        Paragraph(f"Version {log.version}. Produced {w.stamp(log.generated_at)}."),
    ]


def meeting_facts(log: ActionLog) -> Facts:
    """The meeting's details."""
    meeting = log.meeting
    items = [
        ("Meeting", f"{meeting.profile_name} ({meeting.profile_key})"),
        ("Date", w.long_date(meeting.date)),
        ("Chair", meeting.chair or w.NONE),
        ("Scheduled", f"{meeting.scheduled_start}, {meeting.scheduled_minutes} minutes"),
    ]
    if meeting.extraordinary:
        items.append(("Extraordinary", "called on a day that is not one of its usual dates"))
    if meeting.quorate:
        items += [
            ("Started", w.clock(meeting.started_at)),
            ("Ended", w.clock(meeting.ended_at)),
            ("Quorum", _quorum_words(log)),
            ("Opening statements confirmed", w.clock(meeting.statements_confirmed_at)),
        ]
        items += comings_and_goings(log)
    else:
        items += [
            ("Quorum", "inquorate: the meeting was not held"),
            ("Not represented", ", ".join(meeting.missing) or "not recorded"),
            ("Rearranged to", w.long_date(meeting.rearranged_date)),
        ]
        if meeting.inquorate_reason:
            items.append(("Chair's note", meeting.inquorate_reason))
    return Facts(tuple(items))


def _quorum_words(log: ActionLog) -> str:
    """``quorate``; when the meeting lost quorum and what it lacked; and which children were
    discussed under a quorum override (R2)."""
    meeting = log.meeting
    words = "quorate"
    if meeting.quorum_lost_at is not None:
        words = (
            f"quorate at the start; lost at {w.clock(meeting.quorum_lost_at)} when someone left "
            f"(no {', no '.join(meeting.quorum_lost)})"
        )
    overridden = [c for c in log.children if c.quorum_override_reason and c.started_at]
    if overridden:
        numbers = ", ".join(str(c.order) for c in sorted(overridden, key=lambda c: c.order))
        many = len(overridden) > 1
        words += (
            f"; {len(overridden)} {'children were' if many else 'child was'} discussed "
            f"under a quorum override (queue {numbers}; reasons under each child)"
        )
    return words


def comings_and_goings(log: ActionLog) -> list[tuple[str, str]]:
    """Who arrived after the start and who left before the end, with the times (R1)."""
    meeting = log.meeting
    if meeting.started_at is None:
        return []
    late = [
        f"{p.name} ({p.agency}) at {w.clock(p.joined_at)}"
        + (f", deputy for {p.deputy_for}" if p.deputy_for else "")
        for p in log.attendance
        if p.joined_at is not None and p.joined_at > meeting.started_at
    ]
    early = [
        f"{p.name} ({p.agency}) at {w.clock(p.left_at)}"
        for p in log.attendance
        if p.left_at is not None and (meeting.ended_at is None or p.left_at < meeting.ended_at)
    ]
    away = [
        f"{p.name} ({p.agency}) left at {w.clock(left)}, back at {w.clock(back)}"
        for p in log.attendance
        for left, back in p.breaks
    ]
    items = []
    if late:
        items.append(("Arrived after the start", "; ".join(late)))
    if early:
        items.append(("Left before the end", "; ".join(early)))
    if away:
        items.append(("Left and came back", "; ".join(away)))
    return items


def attendance_table(log: ActionLog, *, present: bool | None = None) -> Block:
    """Who was there (``present=True``), who was not (``False``), or everyone."""
    rows = []
    for person in log.attendance:
        here = person.status in ("present", "left")
        if present is not None and here != present:
            continue
        status = w.attendance(person.status)
        if person.deputy_for:
            status += f", deputy for {person.deputy_for}"
        if person.walk_in:
            status += ", not on the invitation list"
        for left, back in person.breaks:
            status += f", away {w.clock(left)}–{w.clock(back)}"
        rows.append(
            (
                person.name,
                person.agency,
                w.role(person.role),
                status,
                w.clock(person.joined_at),
                w.clock(person.left_at),
            )
        )
    if not rows:
        return Paragraph("No one.")
    return Table(("Name", "Agency", "Role", "Attendance", "Joined", "Left"), tuple(rows))


def conflicts_table(log: ActionLog) -> Block:
    """Every conflict of interest, child by child, with leave and rejoin times (R3)."""
    rows = tuple(
        (
            f"{child.order}. {child.child.name}",
            c.person,
            c.agency,
            w.CONFLICT_SOURCES.get(c.source, c.source),
            w.clock(c.left_at),
            w.clock(c.rejoined_at),
            c.reason,
        )
        for child in log.children
        for c in child.conflicts
    )
    if not rows:
        return Paragraph("No conflicts of interest were declared.")
    return Table(("Child", "Person", "Agency", "Declared", "Left", "Rejoined", "Reason"), rows)


def meeting_part(log: ActionLog) -> list[Block]:
    """The meeting, attendance and conflicts (the screen's first tab)."""
    blocks: list[Block] = [Heading(2, "Meeting"), meeting_facts(log)]
    blocks += [Heading(2, "Attendance"), attendance_table(log)]
    blocks += [Heading(3, "Conflicts of interest"), conflicts_table(log)]
    if log.meeting_recordings:
        blocks += [
            Heading(3, "Meeting audio (introductions and any other business)"),
            recording_facts(log.meeting_recordings),
        ]
    return blocks


def versions_part(log: ActionLog) -> list[Block]:
    """The amendments that made this version, each with its reason and what changed (R20)."""
    if not log.amendments:
        return []
    lines = [
        f"Version {a.number}, issued {w.stamp(a.issued_at)} by {a.issued_by or 'not recorded'}. "
        f"Reason: {a.reason.rstrip('.')}. Changed: {a.change}"
        for a in log.amendments
    ]
    return [
        Heading(2, "Versions"),
        Paragraph("Version 1 was the log as first issued; earlier versions stay as they were."),
        Bullets(tuple(lines)),
    ]


def full_record(log: ActionLog) -> list[Block]:
    """The log of a meeting that was held."""
    children = [c for c in log.children if c.kind == "child"]
    blocks = [*_title(log), *versions_part(log), *meeting_part(log), Heading(2, "Children")]
    if not children:
        blocks.append(Paragraph("No children were on this meeting's queue."))
    for child in children:
        blocks += child_section(child, level=3)
    # Persons and locations of concern, each kind in its own section (R22).
    for kind, title in (("person", "Persons of concern"), ("location", "Locations of concern")):
        subjects = [c for c in log.children if c.kind == kind]
        if subjects:
            blocks.append(Heading(2, title))
        for subject in subjects:
            blocks += child_section(subject, level=3)
    # MPRU considerations and any other business (R19): a title, notes and actions.
    free = [c for c in log.children if c.kind == "free"]
    if free:
        blocks.append(Heading(2, "Other items"))
    for item in free:
        blocks += free_section(item, level=3)
    blocks += meeting_actions_part(log)
    blocks += [Heading(2, "Carried-over actions"), carried_table(log.carried)]
    blocks += [
        Heading(2, "Actions by agency"),
        Paragraph("Each agency enters its own actions into its own system. Soonest due first."),
    ]
    if not log.agencies:
        blocks.append(Paragraph("No actions were agreed."))
    for agency in log.agencies:
        blocks += agency_section(agency, level=3)
    return blocks


def meeting_actions_part(log: ActionLog, level: int = 2) -> list[Block]:
    """Actions on no one subject: each topic of an actions-only meeting (R21), in the order
    first used, then those for the meeting as a whole."""
    topics: dict[str, list[ActionEntry]] = {}
    for action in log.meeting_actions:
        topics.setdefault(action.topic, []).append(action)
    blocks: list[Block] = []
    for topic, actions in sorted(topics.items(), key=lambda pair: pair[0] == ""):
        title = f"Actions on: {topic}" if topic else "Actions for the meeting as a whole"
        blocks += [Heading(level, title), actions_table(actions)]
    return blocks


def short_record(log: ActionLog) -> list[Block]:
    """The short record of an inquorate meeting: who came, who did not, when it sits again."""
    blocks = [*_title(log, " (inquorate)"), Heading(2, "Meeting"), meeting_facts(log)]
    blocks += [Heading(2, "Who was there"), attendance_table(log, present=True)]
    blocks += [Heading(2, "Who was missing"), attendance_table(log, present=False)]
    blocks.append(Heading(2, "Who must be told"))
    blocks.append(Bullets(log.to_tell) if log.to_tell else Paragraph("No one is recorded."))
    blocks.append(Heading(2, "Where the children went"))
    # By MACE reference: the short record goes to those told, and the queue was never
    # discussed; the case list of the later meeting names them.
    went = tuple(
        f"MACE {child.child.ref}: "
        + (f"to the meeting of {w.long_date(child.moved_to)}" if child.moved_to else "not moved")
        for child in log.children
    )
    if went:
        blocks += [Paragraph("By MACE reference, in queue order."), Bullets(went)]
    else:
        blocks.append(Paragraph("No children were on the queue."))
    return blocks


def agency_document(log: ActionLog) -> list[Block]:
    """One agency's copy: the meeting, then only that agency's actions and updates."""
    agency = log.agencies[0]
    meeting = log.meeting
    return [
        Heading(1, f"Actions for {agency.name}: {meeting.short_name}, {w.long_date(meeting.date)}"),
        Paragraph(f"Version {log.version}. Produced {w.stamp(log.generated_at)}."),
        meeting_facts(log),
        *agency_section(agency, level=2, standalone=True),
    ]


def child_heading(child: ChildSection) -> str:
    """``1. Riley Example — HIGH``."""
    if child.deferred:
        tail = "deferred"
    elif child.grade:
        tail = child.grade
    else:
        tail = w.ITEM_STATUSES.get(child.status, child.status).lower()
    return f"{child.order}. {child.child.name} — {tail}"


def _references(ref: ChildRef) -> str:
    refs = [f"MACE {ref.ref}"]
    if ref.police_ref:
        refs.append(f"police {ref.police_ref}")
    if ref.la_ref:
        refs.append(f"local authority {ref.la_ref}")
    return "; ".join(refs)


def _aliases(ref: ChildRef) -> str:
    return "; ".join(a.strip() for a in ref.aliases.split(";") if a.strip())


def subject_fields(ref: ChildRef, *, npa: str = "") -> list[tuple[str, str]]:
    """Who the subject is, with its own kind's fields (R22): never a child's for a person."""
    if ref.kind == "person":
        fields = [("Known as", _aliases(ref) or "no other names recorded")]
        if ref.date_of_birth is not None:
            fields.append(("Date of birth", w.birth_date(ref.date_of_birth)))
        return [*fields, ("References", _references(ref))]
    if ref.kind == "location":
        return [
            ("Kind", LOCATION_KINDS.get(ref.place_kind, ref.place_kind) or w.NONE),
            ("Address or description", ref.address or w.NONE),
            ("Local authority", ref.local_authority or w.NONE),
            ("References", _references(ref)),
        ]
    return [
        ("Date of birth", w.birth_date(ref.date_of_birth)),
        ("Local authority", ref.local_authority or w.NONE),
        ("References", _references(ref)),
        ("Neighbourhood policing area", npa or w.NONE),
    ]


def subject_about(ref: ChildRef) -> str:
    """One line saying who an action is about, in its kind's words."""
    if ref.kind == "person":
        known = _aliases(ref)
        extra = "; ".join(x for x in (f"known as {known}" if known else "", ref.police_ref) if x)
        return f"{ref.name}, person of concern{f' ({extra})' if extra else ''}"
    if ref.kind == "location":
        kind = LOCATION_KINDS.get(ref.place_kind, ref.place_kind).lower()
        place = ", ".join(x for x in (kind, ref.local_authority) if x)
        return f"{ref.name}, location of concern{f' ({place})' if place else ''}"
    refs = "; ".join(r for r in (ref.police_ref, ref.la_ref) if r)
    about = f"{ref.name}, born {w.short_date(ref.date_of_birth)}"
    return f"{about}{f' ({refs})' if refs else ''}"


def child_facts(child: ChildSection) -> Facts:
    """The child's header: who, references, referral, when discussed, conflicts, deferral."""
    items = [
        *subject_fields(child.child, npa=child.npa),
        (
            "Referral",
            f"{w.referral(child.referral_source)}; {w.exploitation(child.exploitation_types)}",
        ),
        ("Reason", child.reason or w.NONE),
    ]
    if child.deferred_from:
        items.append(("Deferred from", w.long_date(child.deferred_from)))
    if child.started_at is not None:
        items.append(("Discussed", f"{w.clock(child.started_at)} to {w.clock(child.ended_at)}"))
    elif not child.deferred:
        items.append(("Discussed", "not started"))
    for c in child.conflicts:
        line = f"{c.person}, {c.agency}, {w.CONFLICT_SOURCES.get(c.source, c.source)}, "
        line += w.conflict_times(c) + (f": {c.reason}" if c.reason else "")
        items.append(("Conflict of interest", line))
    if child.quorum_override_reason:
        if child.started_at is not None and not child.deferred:
            items.append(
                (
                    "Discussed without full quorum",
                    f"the chair overrode the per-child quorum: {child.quorum_override_reason}",
                )
            )
        else:
            # Kept when the child is deferred afterwards: the decision was made and is on record.
            items.append(("Per-child quorum overridden", child.quorum_override_reason))
    for reason, cleared_at in child.cleared_overrides:
        # An override that stopped standing mid-discussion is still a decision on record (R2).
        items.append(
            ("Quorum override, later cleared", f"{reason} (cleared at {w.clock(cleared_at)})")
        )
    if child.deferred:
        where = (
            f"Deferred to the meeting of {w.long_date(child.moved_to)}"
            if child.moved_to
            else "Deferred to the next meeting"
        )
        items.append((where, child.deferred_reason or "no reason recorded"))
    return Facts(tuple(items))


def free_section(item: ChildSection, *, level: int, compact: bool = False) -> list[Block]:
    """One free item (MPRU considerations, any other business): title, notes and actions."""
    facts = [("Section", FREE_SECTIONS.get(item.free_section, "Other item"))]
    if item.started_at is not None:
        facts.append(("Discussed", f"{w.clock(item.started_at)} to {w.clock(item.ended_at)}"))
    if item.deferred:
        facts.append(("Deferred to the next meeting", item.deferred_reason or "no reason recorded"))
    blocks: list[Block] = [Heading(level, child_heading(item)), Facts(tuple(facts))]
    if item.notes:
        rows = tuple((n.agency, w.NOTE_KINDS.get(n.kind, n.kind), n.text) for n in item.notes)
        blocks += [Heading(level + 1, "Notes"), Table(("Agency", "Fact or opinion", "Note"), rows)]
    blocks.append(Heading(level + 1, "Actions"))
    if not item.actions:
        blocks.append(Paragraph("No actions."))
    elif compact:
        blocks.append(action_facts(item.actions, with_child=False))
    else:
        blocks.append(actions_table(item.actions))
    return blocks


def child_section(child: ChildSection, *, level: int, compact: bool = False) -> list[Block]:
    """One child's discussion: header, grade, outcome, notes, actions, recording.

    ``compact`` lists actions one per line instead of in a wide table (for the screen).
    """
    blocks: list[Block] = [Heading(level, child_heading(child)), child_facts(child)]
    if child.grade:
        blocks.append(
            Paragraph(
                f"{child.grade}. {child.rationale or 'No rationale recorded.'}",
                "Grade:" if child.kind == "child" else f"Grade ({risk_title(child.kind).lower()}):",
            )
        )
        team = f": {child.team_name}" if child.team_name else ""
        blocks.append(Paragraph(f"{w.outcome(child.outcome)}{team}.", "Outcome:"))
        if child.outcome_reason:
            blocks.append(Paragraph(child.outcome_reason, "The rules' reasoning:"))
        if child.outcome_overridden:
            proposed = w.outcome(child.proposed_outcome)
            why = child.override_reason or "no reason recorded"
            blocks.append(
                Paragraph(
                    f"the rules proposed {proposed}; the panel decided otherwise: {why}",
                    "Override:",
                )
            )
    elif not child.deferred:
        blocks.append(Paragraph("No grade was recorded."))
    if child.notes:
        rows = tuple(
            (
                w.THRIVE_LABELS.get(n.section, n.section),
                n.agency,
                w.NOTE_KINDS.get(n.kind, n.kind),
                n.text,
            )
            for n in child.notes
        )
        blocks += [
            Heading(level + 1, "THRIVE notes"),
            Table(("Section", "Agency", "Fact or opinion", "Note"), rows),
        ]
    blocks.append(Heading(level + 1, "Actions"))
    if not child.actions:
        blocks.append(Paragraph("No actions."))
    elif compact:
        blocks.append(action_facts(child.actions, with_child=False))
    else:
        blocks.append(actions_table(child.actions))
    if child.recordings:
        blocks += [Heading(level + 1, "Recording"), recording_facts(child.recordings)]
    return blocks


def actions_table(actions: Sequence[ActionEntry]) -> Table:
    """A child's (or the meeting's) actions."""
    return Table(
        ("Ref", "Action", "Owner", "Agency", "Due", "Agreed"),
        tuple(
            (
                f"A{a.id}",
                w.action_text(a),
                a.owner,
                a.agency,
                w.short_date(a.due),
                w.yes_no(a.agreed),
            )
            for a in actions
        ),
    )


def action_facts(actions: Sequence[ActionEntry], *, with_child: bool) -> Facts:
    """Actions one per line, led by due date and reference: narrow enough for 80 columns."""
    items = []
    for a in actions:
        text = w.action_text(a)
        if with_child:
            if a.child.name:
                text = f"{subject_about(a.child)}: {text}"
            else:
                text = f"{a.topic or 'The meeting as a whole'}: {text}"
        owner = a.owner or "no owner"
        text += f". Owner: {owner}" + ("" if with_child else f", {a.agency or 'no agency'}")
        text += "; agreed." if a.agreed else "; not agreed."
        items.append((f"Due {w.short_date(a.due)} · A{a.id}", text))
    return Facts(tuple(items))


def recording_facts(recordings: Iterable[RecordingRef]) -> Facts:
    """Which file holds the discussion, how long it is and its checksum."""
    items = []
    for rec in recordings:
        text = f"file {rec.file_name}, {w.duration(rec.duration_s)}"
        text += f", SHA-256 {rec.sha256}" if rec.sha256 else ", no checksum recorded"
        if rec.state == "recovered":
            text += " (recovered after a crash)"
        elif rec.state != "complete":
            text += f" ({rec.state})"
        for at_s, lost_s, reason in rec.gaps:
            where = "before it starts" if at_s == 0 else f"at {w.duration(at_s)}"
            text += f"; gap of {w.duration(lost_s)} {where} ({reason})"
        items.append((f"Recording {rec.id}", text))
    return Facts(tuple(items))


def update_words(update: CarriedAction) -> str:
    """The note on an update and who gave it (R12): ``Sent on Friday (given by Bea Mockford)``."""
    given = f"given by {update.given_by}" if update.given_by else ""
    if update.note and given:
        return f"{update.note} ({given})"
    return update.note or (given[0].upper() + given[1:] if given else "")


def carried_table(carried: Sequence[CarriedAction], *, with_agency: bool = True) -> Block:
    """Earlier meetings' actions with the status given at this one (R12)."""
    if not carried:
        return Paragraph("No carried-over actions were reviewed.")
    header: tuple[str, ...] = ("Ref", "Agreed on", "Child", "Action", "Owner")
    header += ("Agency",) if with_agency else ()
    header += ("Due", "Was", "Now", "Update")
    rows = []
    for c in carried:
        a = c.action
        row: tuple[str, ...] = (
            f"A{a.id}",
            w.short_date(c.agreed_on),
            w.child_label(a),
            a.text,
            a.owner,
        )
        row += (a.agency,) if with_agency else ()
        row += (
            w.short_date(a.due),
            w.action_status(c.previous_status),
            w.action_status(c.new_status),
            update_words(c),
        )
        rows.append(row)
    return Table(header, tuple(rows))


def agency_section(
    agency: AgencyActions, *, level: int, standalone: bool = False, compact: bool = False
) -> list[Block]:
    """One agency's actions across all children, soonest due first, then its updates."""
    blocks: list[Block] = []
    sub = level
    if standalone:
        blocks.append(Heading(level, "Actions agreed at this meeting"))
    else:
        blocks.append(Heading(level, agency.name))
        sub = level + 1
    if compact and agency.actions:
        blocks.append(action_facts(agency.actions, with_child=True))
    else:
        blocks += agency_actions_table(agency.actions)
    if agency.carried or standalone:
        blocks += [
            Heading(sub, "Updates on carried-over actions"),
            carried_table(agency.carried, with_agency=False),
        ]
    if agency.escalations:
        blocks += escalation_blocks(agency, level=sub, compact=compact)
    return blocks


def escalation_blocks(agency: AgencyActions, *, level: int, compact: bool = False) -> list[Block]:
    """Earlier actions to raise with the agency's point of contact (R12)."""
    to = agency.contact or "the agency's point of contact (none is recorded in the directory)"
    rows = []
    facts = []
    for e in agency.escalations:
        a = e.action
        if e.reason == "not-done":
            why = "Not done (agency), said at this meeting"
        else:
            why = f"Overdue here and at the meeting of {w.short_date(e.previous_meeting)}"
        facts.append(
            (
                f"Due {w.short_date(a.due)} · A{a.id}",
                f"{w.child_label(a)}: {a.text}. Owner: {a.owner or 'no owner'}. {why}.",
            )
        )
        rows.append(
            (
                f"A{a.id}",
                w.short_date(e.agreed_on),
                w.child_label(a),
                a.text,
                a.owner,
                w.short_date(a.due),
                why,
            )
        )
    listing: Block = (
        Facts(tuple(facts))
        if compact
        else Table(("Ref", "Agreed on", "Child", "Action", "Owner", "Due", "Why"), tuple(rows))
    )
    return [Heading(level, "For escalation"), Paragraph(f"To raise with {to}."), listing]


def agency_actions_table(actions: Sequence[ActionEntry]) -> list[Block]:
    """An agency's actions with enough about each subject to find the record.

    Children (and the meeting's own actions) in one table; persons and locations of
    concern each in their own, under their kind's headings (R22).
    """
    if not actions:
        return [Paragraph("No actions were agreed for this agency.")]
    children = [a for a in actions if a.child.kind == "child"]
    persons = [a for a in actions if a.child.kind == "person"]
    places = [a for a in actions if a.child.kind == "location"]
    tables: list[Block] = []
    if children:
        tables.append(
            Table(
                ("Due", "Ref", "Child", "Date of birth", "References", "Action", "Owner", "Agreed"),
                tuple(
                    (
                        w.short_date(a.due),
                        f"A{a.id}",
                        w.child_label(a),
                        w.short_date(a.child.date_of_birth) if a.child.name else "",
                        "; ".join(r for r in (a.child.police_ref, a.child.la_ref) if r),
                        w.action_text(a),
                        a.owner,
                        w.yes_no(a.agreed),
                    )
                    for a in children
                ),
            )
        )
    if persons:
        tables.append(
            Table(
                (
                    "Due",
                    "Ref",
                    "Person of concern",
                    "Known as",
                    "Police ref",
                    "Action",
                    "Owner",
                    "Agreed",
                ),
                tuple(
                    (
                        w.short_date(a.due),
                        f"A{a.id}",
                        a.child.name,
                        _aliases(a.child),
                        a.child.police_ref,
                        w.action_text(a),
                        a.owner,
                        w.yes_no(a.agreed),
                    )
                    for a in persons
                ),
            )
        )
    if places:
        tables.append(
            Table(
                (
                    "Due",
                    "Ref",
                    "Location of concern",
                    "Kind",
                    "Local authority",
                    "Action",
                    "Owner",
                    "Agreed",
                ),
                tuple(
                    (
                        w.short_date(a.due),
                        f"A{a.id}",
                        a.child.name,
                        LOCATION_KINDS.get(a.child.place_kind, a.child.place_kind),
                        a.child.local_authority,
                        w.action_text(a),
                        a.owner,
                        w.yes_no(a.agreed),
                    )
                    for a in places
                ),
            )
        )
    return tables

"""Amending an issued action log (R20): a change makes version N+1, earlier ones kept.

Once a meeting has ended its log is out, and the store refuses direct changes to
its actions, notes and grades (``store.closed``). Changing an action (what, owner,
due date), a note (its text, fact or opinion) or a grade's rationale is done only
here: the version as it stood is kept first
(version 1 is the Markdown first exported, or the log just before the first
change), then the change, its reason, who and when are written with the new
version's Markdown and an audit event, in one commit. Stored versions are
read back as they were issued, never rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from mace_tui.reports import words as w
from mace_tui.reports.action_log import ENDED_STATUSES, build_action_log
from mace_tui.reports.markdown import render_markdown_bytes
from mace_tui.reports.records import ActionLog, Amendment
from store import models as m
from store.audit import append_event
from store.db import Store
from store.errors import UserError
from store.frozen import record

AUDIT_ACTION = "amend-log"
EXPORT_LOG = "export-log"  # as mace_tui.access.events names an action-log export


class AmendError(UserError):
    """An amendment that cannot be made; the message names the field and what to do."""


@record
class IssuedVersion:
    """One stored version of a meeting's log."""

    number: int
    reason: str
    change: str
    issued_by: str
    issued_at: datetime


@record
class ActionChange:
    """What the amendment sets: the action's text, owner and due date as they should now be."""

    action_id: int
    text: str
    owner: str
    due: str
    reason: str


@record
class NoteChange:
    """What the amendment sets on one THRIVE note: its text, and fact or opinion."""

    note_id: int
    text: str
    kind: str
    reason: str


@record
class GradeChange:
    """What the amendment sets on one subject's grading: the rationale (the grade stays)."""

    item_id: int
    rationale: str
    reason: str


Change = ActionChange | NoteChange | GradeChange


@record
class Amendable:
    """One thing an amendment can change, as it stands now, for the amend dialog.

    ``key`` is ``A<id>`` (an action), ``N<id>`` (a note) or ``G<item id>`` (a grade);
    ``values`` holds the fields of its kind as they stand (action: text, owner, due;
    note: note, kind; grade: rationale).
    """

    key: str
    kind: str
    label: str
    values: tuple[tuple[str, str], ...]


def _subject_refs(session: Session, meeting_id: int) -> dict[int, str]:
    from store.queries import meeting_queue

    return {e.item_id: e.child_ref for e in meeting_queue(session, meeting_id=meeting_id)}


def _one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def amendable(session: Session, *, meeting_id: int) -> list[Amendable]:
    """The ended meeting's actions, then its notes, then its grades, each as it stands."""
    refs = _subject_refs(session, meeting_id)
    found: list[Amendable] = []
    for action in session.exec(
        select(m.Action).where(m.Action.meeting_id == meeting_id).order_by(col(m.Action.id))
    ):
        due = f"{action.due:%Y-%m-%d}" if action.due else ""
        ref = refs.get(action.item_id or 0, "")
        label = f"A{action.id} {ref + ' · ' if ref else ''}{action.owner or 'no owner'}, "
        label += f"{due or 'no date'}: {_one_line(action.text)}"
        values = (("text", action.text), ("owner", action.owner), ("due", due))
        found.append(Amendable(f"A{action.id}", "action", label, values))
    item_ids = list(refs)
    for note in session.exec(
        select(m.ThriveNote)
        .where(col(m.ThriveNote.item_id).in_(item_ids))
        .order_by(col(m.ThriveNote.item_id), col(m.ThriveNote.id))
    ):
        if not note.text.strip():
            continue
        section = w.THRIVE_LABELS.get(note.section, note.section)
        label = f"N{note.id} {refs[note.item_id]} · {section} ({note.kind}): "
        found.append(
            Amendable(
                f"N{note.id}",
                "note",
                label + _one_line(note.text),
                (("note", note.text), ("kind", note.kind)),
            )
        )
    for grading in session.exec(
        select(m.Grading).where(col(m.Grading.item_id).in_(item_ids)).order_by(col(m.Grading.id))
    ):
        label = f"G {refs[grading.item_id]} · grade {grading.grade}, rationale: "
        found.append(
            Amendable(
                f"G{grading.item_id}",
                "grade",
                label + _one_line(grading.rationale or "none"),
                (("rationale", grading.rationale),),
            )
        )
    return found


def issued_versions(session: Session, *, meeting_id: int) -> list[IssuedVersion]:
    """The stored versions, oldest first (empty until the log is first exported or amended)."""
    rows = session.exec(
        select(m.LogVersion)
        .where(m.LogVersion.meeting_id == meeting_id)
        .order_by(col(m.LogVersion.number))
    ).all()
    return [IssuedVersion(r.number, r.reason, r.change, r.issued_by, r.issued_at) for r in rows]


def issued_markdown(session: Session, *, meeting_id: int, number: int) -> bytes:
    """Version ``number`` exactly as it was issued."""
    row = session.exec(
        select(m.LogVersion).where(
            m.LogVersion.meeting_id == meeting_id, m.LogVersion.number == number
        )
    ).first()
    if row is None:
        have = [v.number for v in issued_versions(session, meeting_id=meeting_id)]
        known = ", ".join(str(n) for n in have) or "none yet"
        raise AmendError(f"--version: there is no version {number} of this log (issued: {known}).")
    return row.content.encode("utf-8")


def keep_first_issue(
    session: Session, *, log: ActionLog, markdown: bytes, user: str, at: datetime
) -> bool:
    """Keep the whole log's first export as version 1, if no version is kept yet."""
    if log.agency_filter or not log.notes_included or log.version != 1:
        return False
    if issued_versions(session, meeting_id=log.meeting.id):
        return False
    session.add(
        m.LogVersion(
            meeting_id=log.meeting.id,
            number=1,
            reason="First issued.",
            issued_by=user[:200],
            issued_at=at,
            content=markdown.decode("utf-8"),
        )
    )
    session.commit()
    return True


def keep_exported(
    session: Session, *, log: ActionLog, paths: Sequence[Path], user: str, at: datetime
) -> bool:
    """After an export, keep its Markdown file as version 1 if no version is kept yet (in the
    block that audits the export: ``chair.log_export.keep_and_audit``)."""
    markdown = next((p for p in paths if p.suffix == ".md"), None)
    if markdown is None:
        return False
    return keep_first_issue(session, log=log, markdown=markdown.read_bytes(), user=user, at=at)


def export_issued(
    store: Store, *, meeting_id: int, number: int, folder: Path, user: str, at: datetime
) -> Path:
    """Write version ``number`` as it was issued (Markdown) into ``folder``; audited."""
    from mace_tui.reports.files import prepare_folder, write_new

    with store.session() as session:
        meeting = session.get(m.Meeting, meeting_id)
        assert meeting is not None
        data = issued_markdown(session, meeting_id=meeting_id, number=number)
        stem = f"action-log_{meeting.profile}_{meeting.date:%Y-%m-%d}_v{number}"
        path = write_new(prepare_folder(folder), stem, ".md", data)
        append_event(
            session,
            action=EXPORT_LOG,
            os_user=user,
            at=at,
            meeting_id=meeting_id,
            detail=f"action log v{number} of {meeting.profile} {meeting.date:%Y-%m-%d} as issued; "
            f"1 file: {path.name}; folder {path.parent}",
        )
    return path


def _due(text: str, *, today: date) -> date | None:
    cleaned = text.strip()
    if not cleaned:
        raise AmendError("Due: give the date the action is due by (YYYY-MM-DD).")
    try:
        day = date.fromisoformat(cleaned)
    except ValueError:
        raise AmendError(f"Due: write the date as YYYY-MM-DD, e.g. {today:%Y-%m-%d}.") from None
    if day < today:
        raise AmendError("Due: the date is in the past; an action must be due today or later.")
    return day


def _describe(action: m.Action, text: str, owner: str, due: date | None) -> str:
    parts = []
    if text != action.text:
        parts.append(f"what: {action.text!r} → {text!r}")
    if owner != action.owner:
        parts.append(f"owner: {action.owner or 'none'} → {owner}")
    if due != action.due:
        before = f"{action.due:%Y-%m-%d}" if action.due else "none"
        parts.append(f"due: {before} → {due:%Y-%m-%d}" if due else f"due: {before} → none")
    return f"Action A{action.id}: " + "; ".join(parts)


def _ended(session: Session, meeting_id: int) -> m.Meeting:
    meeting = session.get(m.Meeting, meeting_id)
    if meeting is None or meeting.status not in ENDED_STATUSES:
        raise AmendError("Amend: only the log of a meeting that has ended is amended.")
    return meeting


def _reason(text: str) -> str:
    reason = text.strip()
    if not reason:
        raise AmendError("Reason: say why the log is amended; every version lists its reason.")
    return reason


def _keep_version_1(
    session: Session, *, meeting_id: int, user: str, at: datetime, config_dir: Path | None
) -> int:
    """Keep the log as it stood if no version is kept yet; the next version's number."""
    versions = issued_versions(session, meeting_id=meeting_id)
    if not versions:
        before = build_action_log(
            session, meeting_id=meeting_id, generated_at=at, config_dir=config_dir
        )
        session.add(
            m.LogVersion(
                meeting_id=meeting_id,
                number=1,
                reason="As it stood before the first amendment.",
                issued_by=user[:200],
                issued_at=at,
                content=render_markdown_bytes(before).decode("utf-8"),
            )
        )
        session.flush()
        versions = issued_versions(session, meeting_id=meeting_id)
    return versions[-1].number + 1


def _issue(
    session: Session,
    *,
    meeting: m.Meeting,
    changed: m.Action | m.ThriveNote | m.Grading,
    number: int,
    reason: str,
    described: str,
    what: str,
    user: str,
    at: datetime,
    config_dir: Path | None,
) -> IssuedVersion:
    """Write the ``changed`` row, then store version ``number`` of the log as it now reads and
    audit it: all in the caller's one transaction."""
    assert meeting.id is not None
    session.add(changed)
    session.flush()
    log = build_action_log(session, meeting_id=meeting.id, generated_at=at, config_dir=config_dir)
    amendment = Amendment(number, reason, described, user[:200], at)
    log = replace(
        log,
        version=number,
        amendment_reason=reason,
        amendments=(*log.amendments, amendment),
    )
    session.add(
        m.LogVersion(
            meeting_id=meeting.id,
            number=number,
            reason=reason[:2000],
            change=described[:4000],
            issued_by=user[:200],
            issued_at=at,
            content=render_markdown_bytes(log).decode("utf-8"),
        )
    )
    append_event(
        session,
        action=AUDIT_ACTION,
        os_user=user,
        at=at,
        meeting_id=meeting.id,
        detail=f"action log v{number} of {meeting.profile} {meeting.date:%Y-%m-%d}: {what}",
        reason=reason,
    )
    return IssuedVersion(number, reason, described, user[:200], at)


def amend_action(
    session: Session,
    *,
    meeting_id: int,
    change: ActionChange,
    user: str,
    at: datetime,
    today: date,
    config_dir: Path | None = None,
) -> IssuedVersion:
    """Change one action of an ended meeting and issue the log's next version."""
    meeting = _ended(session, meeting_id)
    action = session.get(m.Action, change.action_id)
    if action is None or action.meeting_id != meeting_id:
        raise AmendError("Action: choose one of this meeting's actions.")
    reason = _reason(change.reason)
    text = change.text.strip()
    if not text:
        raise AmendError("What: say what the action is.")
    owner = change.owner.strip()
    if not owner:
        raise AmendError("Owner: name the person or team who owns the action.")
    due = _due(change.due, today=today)
    if (text, owner, due) == (action.text, action.owner, action.due):
        raise AmendError("Amend: nothing was changed; change the action or press Esc.")
    described = _describe(action, text, owner, due)
    number = _keep_version_1(
        session, meeting_id=meeting_id, user=user, at=at, config_dir=config_dir
    )
    action.text, action.owner, action.due, action.updated_at = text, owner, due, at
    return _issue(
        session, meeting=meeting, changed=action, number=number, reason=reason,
        described=described, what=f"action A{action.id} changed", user=user, at=at,
        config_dir=config_dir,
    )  # fmt: skip


def _subject_ref(session: Session, item_id: int) -> str:
    item = session.get(m.AgendaItem, item_id)
    assert item is not None
    return _subject_refs(session, item.meeting_id).get(item_id, f"item {item_id}")


def amend_note(
    session: Session,
    *,
    meeting_id: int,
    change: NoteChange,
    user: str,
    at: datetime,
    config_dir: Path | None = None,
) -> IssuedVersion:
    """Change one THRIVE note (text, fact or opinion) of an ended meeting; issue version N+1."""
    from mace_tui.prep.research import FieldError, parse_kind

    meeting = _ended(session, meeting_id)
    note = session.get(m.ThriveNote, change.note_id)
    item = session.get(m.AgendaItem, note.item_id) if note is not None else None
    if note is None or item is None or item.meeting_id != meeting_id:
        raise AmendError("Note: choose one of this meeting's notes.")
    reason = _reason(change.reason)
    text = change.text.strip()
    if not text:
        raise AmendError("Note: write what the note says (a note cannot be emptied).")
    try:
        kind = parse_kind(change.kind)
    except FieldError:
        raise AmendError("Fact or opinion: write fact or opinion.") from None
    if (text, kind) == (note.text.strip(), note.kind):
        raise AmendError("Amend: nothing was changed; change the note or press Esc.")
    ref = _subject_ref(session, note.item_id)
    section = w.THRIVE_LABELS.get(note.section, note.section)
    parts = []
    if text != note.text.strip():
        parts.append(f"text: {note.text.strip()!r} → {text!r}")
    if kind != note.kind:
        parts.append(f"{note.kind} → {kind}")
    described = f"Note N{note.id} ({ref}, {section}): " + "; ".join(parts)
    number = _keep_version_1(
        session, meeting_id=meeting_id, user=user, at=at, config_dir=config_dir
    )
    note.text, note.kind, note.updated_at = text, kind, at
    return _issue(
        session, meeting=meeting, changed=note, number=number, reason=reason,
        described=described, what=f"note N{note.id} of {ref} changed", user=user, at=at,
        config_dir=config_dir,
    )  # fmt: skip


def amend_grade(
    session: Session,
    *,
    meeting_id: int,
    change: GradeChange,
    user: str,
    at: datetime,
    config_dir: Path | None = None,
) -> IssuedVersion:
    """Change one grade's rationale at an ended meeting (the grade stays); issue version N+1."""
    meeting = _ended(session, meeting_id)
    item = session.get(m.AgendaItem, change.item_id)
    grading = session.exec(select(m.Grading).where(m.Grading.item_id == change.item_id)).first()
    if item is None or item.meeting_id != meeting_id or grading is None:
        raise AmendError("Grade: choose one of this meeting's graded subjects.")
    reason = _reason(change.reason)
    rationale = change.rationale.strip()
    if not rationale:
        raise AmendError("Rationale: say why the panel gave this grade.")
    if rationale == grading.rationale.strip():
        raise AmendError("Amend: nothing was changed; change the rationale or press Esc.")
    ref = _subject_ref(session, change.item_id)
    described = (
        f"Grade of {ref} ({grading.grade}): rationale: {grading.rationale.strip()!r} → "
        f"{rationale!r}"
    )
    number = _keep_version_1(
        session, meeting_id=meeting_id, user=user, at=at, config_dir=config_dir
    )
    grading.rationale = rationale
    return _issue(
        session, meeting=meeting, changed=grading, number=number, reason=reason,
        described=described, what=f"rationale of {ref}'s grade changed", user=user, at=at,
        config_dir=config_dir,
    )  # fmt: skip


def amend(
    session: Session,
    *,
    meeting_id: int,
    change: Change,
    user: str,
    at: datetime,
    today: date,
    config_dir: Path | None = None,
) -> IssuedVersion:
    """Make one change of any kind and issue the log's next version."""
    if isinstance(change, ActionChange):
        return amend_action(
            session, meeting_id=meeting_id, change=change, user=user, at=at, today=today,
            config_dir=config_dir,
        )  # fmt: skip
    if isinstance(change, NoteChange):
        return amend_note(
            session, meeting_id=meeting_id, change=change, user=user, at=at, config_dir=config_dir
        )
    return amend_grade(
        session, meeting_id=meeting_id, change=change, user=user, at=at, config_dir=config_dir
    )


def change_from(values: dict[str, str]) -> Change:
    """The change the amend dialog's fields describe (``key`` names what is changed)."""
    key = values.get("key", "")
    number = int(key[1:]) if key[1:].isdigit() else 0
    reason = values.get("reason", "")
    if key.startswith("N"):
        return NoteChange(number, values.get("note", ""), values.get("kind", ""), reason)
    if key.startswith("G"):
        return GradeChange(number, values.get("rationale", ""), reason)
    return ActionChange(
        number, values.get("text", ""), values.get("owner", ""), values.get("due", ""), reason
    )


__all__ = [
    "AUDIT_ACTION",
    "ActionChange",
    "AmendError",
    "Amendable",
    "Change",
    "GradeChange",
    "IssuedVersion",
    "NoteChange",
    "amend",
    "amend_action",
    "amend_grade",
    "amend_note",
    "amendable",
    "change_from",
    "export_issued",
    "issued_markdown",
    "issued_versions",
    "keep_exported",
    "keep_first_issue",
]


def read_log(
    store: Store, *, meeting_id: int, generated_at: datetime, config_dir: Path | None
) -> tuple[ActionLog, list[Amendable]]:
    """The meeting's action log as issued, and what an amendment can change (R20) — nothing
    for an inquorate meeting's short record."""
    with store.session() as session:
        log = build_action_log(
            session, meeting_id=meeting_id, generated_at=generated_at, config_dir=config_dir
        )
        choices = [] if log.short_record else amendable(session, meeting_id=meeting_id)
    return log, choices


def amend_as(
    store: Store,
    *,
    meeting_id: int,
    change: Change,
    user: str,
    at: datetime,
    today: date,
    config_dir: Path | None,
) -> int:
    """Amend the log as ``user`` — the chair or an admin (R20); a refusal is audited and
    raised as ``AmendError`` — and return the number of the version issued."""
    from mace_tui.access.service import AccessRefused, require

    try:
        require(store, "amend", at=at, account=user, what="amend the log")
    except AccessRefused as refused:
        raise AmendError(str(refused)) from None
    with store.session() as session:
        issued = amend(
            session, meeting_id=meeting_id, change=change, user=user, at=at,
            today=today, config_dir=config_dir,
        )  # fmt: skip
    return issued.number

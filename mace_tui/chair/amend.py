"""Amending an issued action log (R20): a changed action makes version N+1, earlier ones kept.

Once a meeting has ended its log is out. Changing one of its actions (what,
owner, due date) is done only here: the version as it stood is kept first
(version 1 is the Markdown first exported, or the log just before the first
change), then the change, its reason, who and when are written with the new
version's Markdown and an audit event, in one commit. Stored versions are
read back as they were issued, never rebuilt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlmodel import Session, col, select

from mace_tui.reports.action_log import ENDED_STATUSES, build_action_log
from mace_tui.reports.markdown import render_markdown_bytes
from mace_tui.reports.records import ActionLog, Amendment
from store import models as m
from store.audit import append_event
from store.db import Store
from store.errors import UserError

AUDIT_ACTION = "amend-log"
EXPORT_LOG = "export-log"  # as mace_tui.access.events names an action-log export


class AmendError(UserError):
    """An amendment that cannot be made; the message names the field and what to do."""


@dataclass(frozen=True)
class IssuedVersion:
    """One stored version of a meeting's log."""

    number: int
    reason: str
    change: str
    issued_by: str
    issued_at: datetime


@dataclass(frozen=True)
class ActionChange:
    """What the amendment sets: the action's text, owner and due date as they should now be."""

    action_id: int
    text: str
    owner: str
    due: str
    reason: str


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
    store: Store, *, log: ActionLog, paths: Sequence[Path], user: str, at: datetime
) -> bool:
    """After an export, keep its Markdown file as version 1 if no version is kept yet."""
    markdown = next((p for p in paths if p.suffix == ".md"), None)
    if markdown is None:
        return False
    with store.session() as session:
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
    meeting = session.get(m.Meeting, meeting_id)
    if meeting is None or meeting.status not in ENDED_STATUSES:
        raise AmendError("Amend: only the log of a meeting that has ended is amended.")
    action = session.get(m.Action, change.action_id)
    if action is None or action.meeting_id != meeting_id:
        raise AmendError("Action: choose one of this meeting's actions.")
    reason = change.reason.strip()
    if not reason:
        raise AmendError("Reason: say why the log is amended; every version lists its reason.")
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
    number = versions[-1].number + 1

    action.text, action.owner, action.due = text, owner, due
    action.updated_at = at
    session.add(action)
    session.flush()
    log = build_action_log(session, meeting_id=meeting_id, generated_at=at, config_dir=config_dir)
    amendment = Amendment(number, reason, described, user[:200], at)
    log = replace(
        log,
        version=number,
        amendment_reason=reason,
        amendments=(*log.amendments, amendment),
    )
    session.add(
        m.LogVersion(
            meeting_id=meeting_id,
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
        meeting_id=meeting_id,
        detail=f"action log v{number} of {meeting.profile} {meeting.date:%Y-%m-%d}: "
        f"action A{action.id} changed",
        reason=reason,
    )
    return IssuedVersion(number, reason, described, user[:200], at)


__all__ = [
    "AUDIT_ACTION",
    "ActionChange",
    "AmendError",
    "IssuedVersion",
    "amend_action",
    "export_issued",
    "issued_markdown",
    "issued_versions",
    "keep_exported",
    "keep_first_issue",
]

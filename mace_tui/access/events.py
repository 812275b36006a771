"""Audit events for what is not a recording: action-log exports and refused commands (R18)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session

from mace_tui.reports.records import ActionLog
from store.audit import AuditRecord, append_event
from store.db import Store

if TYPE_CHECKING:
    from mace_tui.reports.recording_form import RecordingForm

EXPORT_LOG = "export-log"
EXPORT_FORM = "export-form"
EXPORT_REFERRAL = "export-npa-referral"
REFUSED = "refused"
LOGIN_CHANGE = "login"


def record_log_export(
    session: Session,
    *,
    user: str,
    at: datetime,
    log: ActionLog,
    paths: Sequence[Path],
    without_notes: bool = False,
) -> AuditRecord:
    """Write that ``user`` exported a meeting's action log, which version, where and how, in
    the session that keeps version 1 (``chair.log_export.keep_and_audit``): last in its block."""
    meeting = log.meeting
    agency = log.agencies[0].name if log.agency_filter and log.agencies else None
    parts = [
        f"action log v{log.version} of {meeting.profile_key} {meeting.date:%Y-%m-%d}",
        f"{len(paths)} files: {', '.join(p.name for p in paths)}",
        f"folder {paths[0].parent}" if paths else "no files",
    ]
    if agency:
        parts.append(f"agency {agency} only")
    if without_notes:
        parts.append("without THRIVE notes")
    return append_event(
        session,
        action=EXPORT_LOG,
        os_user=user,
        at=at,
        meeting_id=meeting.id,
        detail="; ".join(parts),
    )


def record_form_export(
    store: Store, *, user: str, at: datetime, form: RecordingForm, paths: Sequence[Path]
) -> AuditRecord:
    """Write that ``user`` exported one subject's recording form (R24), naming only its reference."""
    meeting = form.log.meeting
    detail = "; ".join(
        [
            f"recording form of {form.child.child.ref} at {meeting.profile_key} "
            f"{meeting.date:%Y-%m-%d} (action log v{form.log.version})",
            f"{len(paths)} files: {', '.join(p.name for p in paths)}",
            f"folder {paths[0].parent}" if paths else "no files",
        ]
    )
    with store.session() as session:
        return append_event(
            session, action=EXPORT_FORM, os_user=user, at=at, meeting_id=meeting.id, detail=detail
        )


def record_referral_export(
    store: Store,
    *,
    user: str,
    at: datetime,
    meeting_id: int,
    child_ref: str,
    paths: Sequence[Path],
) -> AuditRecord:
    """Write that ``user`` exported a draft NPA referral (R7), naming only the child's reference."""
    detail = f"NPA referral draft for {child_ref}; {', '.join(p.name for p in paths)}"
    if paths:
        detail += f"; folder {paths[0].parent}"
    with store.session() as session:
        return append_event(
            session,
            action=EXPORT_REFERRAL,
            os_user=user,
            at=at,
            meeting_id=meeting_id,
            detail=detail,
        )


def record_refusal(store: Store, *, user: str, at: datetime, what: str, needs: str) -> AuditRecord:
    """Write that ``user`` was refused ``what`` for want of the role ``needs``."""
    with store.session() as session:
        return append_event(
            session,
            action=REFUSED,
            os_user=user,
            at=at,
            detail=f"{what}: needs the {needs} role",
        )


def record_login_change(session: Session, *, user: str, at: datetime, detail: str) -> AuditRecord:
    """Write that ``user`` added, changed or removed a login, in the session that made the
    change: last in its ``all_or_nothing`` block, so the change and its event commit together."""
    return append_event(session, action=LOGIN_CHANGE, os_user=user, at=at, detail=detail)


__all__ = [
    "EXPORT_FORM",
    "EXPORT_LOG",
    "EXPORT_REFERRAL",
    "LOGIN_CHANGE",
    "REFUSED",
    "record_form_export",
    "record_log_export",
    "record_login_change",
    "record_referral_export",
    "record_refusal",
]

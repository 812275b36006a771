"""Audit events for what is not a recording: action-log exports and refused commands (R18)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from mace_tui.reports.records import ActionLog
from store.audit import AuditRecord, append_event
from store.db import Store

EXPORT_LOG = "export-log"
REFUSED = "refused"
LOGIN_CHANGE = "login"


def record_log_export(
    store: Store,
    *,
    user: str,
    at: datetime,
    log: ActionLog,
    paths: Sequence[Path],
    without_notes: bool = False,
) -> AuditRecord:
    """Write that ``user`` exported a meeting's action log, which version, where and how."""
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
    with store.session() as session:
        return append_event(
            session,
            action=EXPORT_LOG,
            os_user=user,
            at=at,
            meeting_id=meeting.id,
            detail="; ".join(parts),
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


def record_login_change(store: Store, *, user: str, at: datetime, detail: str) -> AuditRecord:
    """Write that ``user`` added, changed or removed a login."""
    with store.session() as session:
        return append_event(session, action=LOGIN_CHANGE, os_user=user, at=at, detail=detail)


__all__ = [
    "EXPORT_LOG",
    "LOGIN_CHANGE",
    "REFUSED",
    "record_log_export",
    "record_login_change",
    "record_refusal",
]

"""Recording forms after the meeting (R24), from the action log screen: one per subject
discussed, Markdown and Word, each export audited."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mace_tui.access.events import record_form_export
from mace_tui.profiles import load_profiles
from mace_tui.reports.form_export import FormFiles, export_forms
from mace_tui.reports.recording_form import build_forms
from store import models as m
from store.db import Store
from store.errors import UserError


def export_meeting_forms(
    store: Store,
    *,
    meeting_id: int,
    folder: Path,
    config_dir: Path | None,
    user: str,
    at: datetime,
    field: str = "Folder",
) -> list[FormFiles]:
    """Write every discussed subject's form into ``folder`` (all or none); one audit event each.

    Level 2 profiles (``[forms] history``) add the subject's earlier research and discussions.
    """
    with store.session() as session:
        meeting = session.get(m.Meeting, meeting_id)
        assert meeting is not None
        known = load_profiles(config_dir)
        history = known[meeting.profile].form_history if meeting.profile in known else False
        built = build_forms(
            session, meeting_id=meeting_id, generated_at=at, config_dir=config_dir, history=history
        )
    if not built:
        raise UserError(
            "Forms: nobody was discussed at this meeting, so there is no recording form to write."
        )
    written = export_forms(built, folder, field=field)
    for files in written:
        record_form_export(store, user=user, at=at, form=files.form, paths=files.paths)
    return written


__all__ = ["export_meeting_forms"]

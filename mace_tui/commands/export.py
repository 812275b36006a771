"""``mace-tui export``: write a past meeting's action log as Markdown, CSV or Word.

Prints only the paths written and counts: never a child's name (R18).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from mace_tui.commands.common import (
    authorise,
    common_options,
    fail,
    resolve_settings,
    user_errors,
)

FORMAT_CHOICES = ("md", "csv", "docx", "all")


def parse_meeting(spec: str) -> tuple[date | None, str | None]:
    """``latest``, ``DATE`` or ``DATE:PROFILE`` → (date or None for latest, profile or None)."""
    text = spec.strip()
    if text.casefold() == "latest":
        return None, None
    day_text, _, profile = text.partition(":")
    try:
        day = date.fromisoformat(day_text.strip())
    except ValueError:
        fail(
            f"--meeting: {spec!r} is not a meeting. "
            "Use a date as YYYY-MM-DD, optionally with :PROFILE (e.g. 2026-11-19:llr-drmm), or latest."
        )
    return day, profile.strip() or None


@click.command()
@common_options
@click.option(
    "--meeting",
    "meeting_spec",
    required=True,
    metavar="DATE[:PROFILE]|latest",
    help="The meeting: its date (YYYY-MM-DD), with :PROFILE when several sat that day; "
    "or latest for the most recent one that ended.",
)
@click.option(
    "--format",
    "formats",
    required=True,
    multiple=True,
    type=click.Choice(FORMAT_CHOICES),
    help="md, csv or docx; repeat it for several, or all for every format.",
)
@click.option("--agency", metavar="NAME", help="Only this agency's actions (its name or key).")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write into; created (private) if it does not exist.",
)
@click.option("--without-notes", is_flag=True, help="Leave the THRIVE notes out of the copy.")
@click.pass_context
@user_errors
def export(
    ctx: click.Context,
    meeting_spec: str,
    formats: tuple[str, ...],
    agency: str | None,
    out_dir: Path,
    without_notes: bool,
    **options: Any,
) -> None:
    """Write a past meeting's action log, marked OFFICIAL-SENSITIVE.

    Files are created readable by you only. An existing file is never
    replaced: the next free name (…-2.md, …-3.md) is used instead.
    """
    day, profile = parse_meeting(meeting_spec)
    if day is not None and profile is None:
        profile = options.get("profile") or (ctx.obj or {}).get("profile")
    settings = resolve_settings(ctx, **options)
    wanted = ["md", "csv", "docx"] if "all" in formats else list(formats)

    from mace_tui.clock import system_clock
    from mace_tui.protection import open_store
    from mace_tui.reports.action_log import build_action_log, ended_meeting
    from mace_tui.reports.export import export_action_log

    store = open_store(settings)
    authorise(store, "export", what="export")
    try:
        with store.session() as session:
            meeting = ended_meeting(session, profile=profile, on=day)
            assert meeting.id is not None
            log = build_action_log(
                session,
                meeting_id=meeting.id,
                generated_at=system_clock(),
                config_dir=settings.config_dir,
            )
    finally:
        store.close()
    if without_notes:
        log = log.without_notes()
    if agency is not None:
        chosen = log.agency(agency)
        if chosen is None:
            known = ", ".join(a.name for a in log.agencies) or "none"
            fail(
                f"--agency: no actions for {agency!r} at this meeting. "
                f"Agencies with actions: {known}."
            )
        log = log.for_agency(chosen)
    result = export_action_log(log, out_dir, wanted)
    from mace_tui.access.events import record_log_export
    from mace_tui.protection import os_user
    from store.types import utcnow

    store = open_store(settings)
    try:
        record_log_export(
            store,
            user=os_user(),
            at=utcnow(),
            log=log,
            paths=result.paths,
            without_notes=without_notes,
        )
    finally:
        store.close()
    for path in result.paths:
        click.echo(str(path))
    click.echo(result.summary())

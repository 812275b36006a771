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
    multiple=True,
    type=click.Choice(FORMAT_CHOICES),
    help="md, csv or docx; repeat it for several, or all for every format.",
)
@click.option(
    "--npa-referrals",
    "npa_referrals",
    is_flag=True,
    help="Write a draft NPA referral (Markdown and Word) for each child referred to the NPA.",
)
@click.option(
    "--forms",
    is_flag=True,
    help="Write one recording form per child discussed (Markdown and Word) instead of the log.",
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
@click.option(
    "--version",
    "version",
    type=click.IntRange(min=1),
    help="Write version N of an amended log exactly as it was issued (Markdown).",
)
@click.pass_context
@user_errors
def export(
    ctx: click.Context,
    meeting_spec: str,
    formats: tuple[str, ...],
    agency: str | None,
    out_dir: Path,
    without_notes: bool,
    forms: bool,
    npa_referrals: bool,
    version: int | None,
    **options: Any,
) -> None:
    """Write a past meeting's action log (or, with --forms, each child's recording form),
    marked OFFICIAL-SENSITIVE.

    Files are created readable by you only. An existing file is never
    replaced: the next free name (…-2.md, …-3.md) is used instead.
    """
    day, profile = parse_meeting(meeting_spec)
    if day is not None and profile is None:
        profile = options.get("profile") or (ctx.obj or {}).get("profile")
    if forms and npa_referrals:
        fail("--forms: write the recording forms and the NPA referrals one at a time.")
    documents = "--forms" if forms else "--npa-referrals" if npa_referrals else ""
    if documents and (formats or agency or without_notes):
        fail(f"{documents}: these are always Markdown and Word, whole; leave out "
             "--format, --agency and --without-notes.")  # fmt: skip
    if not documents and not formats and version is None:
        fail("--format: say which format to write (md, csv, docx or all), or use --forms.")
    settings = resolve_settings(ctx, **options)
    if version is not None:
        if documents or agency or without_notes or set(formats) - {"md"}:
            fail("--version: an issued version is kept as Markdown, whole; use --format md "
                 "and leave out --agency, --without-notes, --forms and --npa-referrals.")  # fmt: skip
        export_version(settings, profile=profile, day=day, number=version, out_dir=out_dir)
        return
    if forms:
        export_recording_forms(settings, profile=profile, day=day, out_dir=out_dir)
        return
    if npa_referrals:
        export_npa_referrals(settings, profile=profile, day=day, out_dir=out_dir)
        return
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
    from mace_tui.chair.log_export import keep_and_audit
    from mace_tui.protection import os_user
    from store.types import utcnow

    store = open_store(settings)
    try:
        keep_and_audit(
            store,
            log=log,
            paths=result.paths,
            user=os_user(),
            at=utcnow(),
            without_notes=without_notes,
        )
    finally:
        store.close()
    for path in result.paths:
        click.echo(str(path))
    click.echo(result.summary())


def export_version(
    settings: Any, *, profile: str | None, day: date | None, number: int, out_dir: Path
) -> None:
    """Write an issued version of the meeting's log as it was issued (R20)."""
    from mace_tui.chair.amend import export_issued
    from mace_tui.protection import open_store, os_user
    from mace_tui.reports.action_log import ended_meeting
    from store.types import utcnow

    store = open_store(settings)
    authorise(store, "export", what="export")
    try:
        with store.session() as session:
            meeting = ended_meeting(session, profile=profile, on=day)
            assert meeting.id is not None
        path = export_issued(
            store, meeting_id=meeting.id, number=number, folder=out_dir, user=os_user(),
            at=utcnow(),
        )  # fmt: skip
    finally:
        store.close()
    click.echo(str(path))
    click.echo(f"Wrote version {number} of the action log as it was issued (1 file).")


def export_recording_forms(
    settings: Any, *, profile: str | None, day: date | None, out_dir: Path
) -> None:
    """Write each discussed child's recording form (R24); one audit event per form."""
    from mace_tui.access.events import record_form_export
    from mace_tui.clock import system_clock
    from mace_tui.profiles import load_profiles
    from mace_tui.protection import open_store, os_user
    from mace_tui.reports.action_log import ended_meeting
    from mace_tui.reports.form_export import export_forms
    from mace_tui.reports.recording_form import build_forms
    from store.types import utcnow

    store = open_store(settings)
    authorise(store, "export", what="export")
    try:
        with store.session() as session:
            meeting = ended_meeting(session, profile=profile, on=day)
            assert meeting.id is not None
            known = load_profiles(settings.config_dir)
            history = known[meeting.profile].form_history if meeting.profile in known else False
            built = build_forms(
                session,
                meeting_id=meeting.id,
                generated_at=system_clock(),
                config_dir=settings.config_dir,
                history=history,
            )
        if not built:
            fail(
                f"--forms: no child was discussed at the meeting of {meeting.date:%Y-%m-%d}, "
                "so there is no recording form to write."
            )
        written = export_forms(built, out_dir)
        user, at = os_user(), utcnow()
        for files in written:
            record_form_export(store, user=user, at=at, form=files.form, paths=files.paths)
    finally:
        store.close()
    for files in written:
        for path in files.paths:
            click.echo(str(path))
    count = len(written)
    click.echo(
        f"Wrote {count} recording form{'' if count == 1 else 's'} "
        f"({2 * count} files, Markdown and Word)."
    )


def export_npa_referrals(
    settings: Any, *, profile: str | None, day: date | None, out_dir: Path
) -> None:
    """Write the draft NPA referral of each child the meeting referred to the NPA (R7)."""
    from mace_tui.access.events import record_referral_export
    from mace_tui.clock import system_clock
    from mace_tui.prep.npa import referral_blocks
    from mace_tui.protection import open_store, os_user
    from mace_tui.reports import npa_referral
    from mace_tui.reports.action_log import ended_meeting
    from mace_tui.reports.form_export import blocks_docx, blocks_markdown, write_pairs
    from mace_tui.reports.marking import marking_line
    from store.types import utcnow

    store = open_store(settings)
    authorise(store, "export", what="export")
    try:
        with store.session() as session:
            meeting = ended_meeting(session, profile=profile, on=day)
            assert meeting.id is not None
            drafts = npa_referral.build_referrals(
                session,
                meeting_id=meeting.id,
                generated_at=system_clock(),
                config_dir=settings.config_dir,
            )
        if not drafts:
            fail(
                f"--npa-referrals: no child of the meeting of {meeting.date:%Y-%m-%d} was "
                "referred to the NPA, so there is no referral to draft."
            )
        pairs = []
        for draft in drafts:
            with store.session() as session:
                blocks = referral_blocks(
                    session,
                    item_id=draft.child.item_id,
                    at=draft.log.generated_at,
                    config_dir=settings.config_dir,
                )
            marking = marking_line(draft.log.version_label)
            pairs.append(
                (
                    draft.file_stem,
                    blocks_markdown(blocks, marking=marking, closing=npa_referral.CLOSING),
                    blocks_docx(
                        blocks,
                        marking=marking,
                        title=f"NPA referral {draft.child.child.ref}",
                        at=draft.log.generated_at,
                        closing=npa_referral.CLOSING,
                    ),
                )
            )
        written = write_pairs(pairs, out_dir)
        user, at = os_user(), utcnow()
        for draft, paths in zip(drafts, written, strict=True):
            record_referral_export(
                store, user=user, at=at, meeting_id=meeting.id, child_ref=draft.child.child.ref,
                paths=paths,
            )  # fmt: skip
    finally:
        store.close()
    for paths in written:
        for path in paths:
            click.echo(str(path))
    count = len(written)
    click.echo(f"Wrote {count} draft NPA referral{'' if count == 1 else 's'} ({2 * count} files).")

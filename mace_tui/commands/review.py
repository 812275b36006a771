"""``mace-tui review``: the admin's recordings screen; retention from a script."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from mace_tui.commands.common import (
    authorise,
    common_options,
    fail,
    resolve_settings,
    run_app,
    user_errors,
)

PLAYBACK_ENV = "MACE_PLAYBACK_DEVICE"


@click.command()
@common_options
@click.option(
    "--playback-device",
    metavar="NAME|NUMBER",
    help=f"Audio output for playback (default: the system's) [env: {PLAYBACK_ENV}].",
)
@click.option(
    "--expired",
    is_flag=True,
    help="List the recordings kept longer than retention_days (settings.toml) and exit.",
)
@click.option(
    "--delete-expired",
    is_flag=True,
    help="Delete the files of those recordings (asks first; audited). Needs --reason.",
)
@click.option(
    "--export",
    "export_id",
    type=int,
    metavar="RECORDING_ID",
    help="Write a plain (decrypted) WAV or FLAC copy of this recording, with a marked sidecar, "
    "into --out. Needs --reason; audited.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    help="With --export: the folder to write into (default: the proposed export folder).",
)
@click.option(
    "--format",
    "audio_format",
    type=click.Choice(("wav", "flac")),
    default="wav",
    show_default=True,
    help="With --export: the copy's format.",
)
@click.option(
    "--reason", help="Why they are deleted, or why the copy is made; kept in the audit log."
)
@click.option("--yes", is_flag=True, help="With --delete-expired: do not ask for confirmation.")
@click.pass_context
@user_errors
def review(
    ctx: click.Context,
    playback_device: str | None,
    expired: bool,
    delete_expired: bool,
    export_id: int | None,
    out_dir: Path | None,
    audio_format: str,
    reason: str | None,
    yes: bool,
    **options: Any,
) -> None:
    """Find, play, check and export recordings, and apply retention; every access is audited.

    Without options, opens the recordings screen.
    """
    if export_id is not None:
        if expired or delete_expired or yes:
            fail("--export goes alone (with --out, --format and --reason).")
        if not (reason or "").strip():
            fail("--reason: say who asked for this copy and why (e.g. the request's reference).")
        _export(ctx, export_id, out_dir, audio_format, reason or "", options)
        return
    if out_dir is not None:
        fail("--out goes with --export.")
    if (reason or yes) and not delete_expired:
        fail("--reason and --yes go with --delete-expired or --export.")
    if delete_expired and not (reason or "").strip():
        fail("--reason: say why the recordings are deleted (e.g. 'retention policy').")
    settings = resolve_settings(ctx, **options)
    if not (expired or delete_expired):
        if playback_device:
            os.environ[PLAYBACK_ENV] = playback_device
        run_app(settings, mode="review")
        return
    from mace_tui.review.retention import (
        delete_recording,
        expired_recordings,
        kept_until,
        retention_policy,
    )

    days = retention_policy(settings)
    if not days.is_set:
        fail(
            "retention_days is not set in settings.toml (nor [retention] recordings_days in "
            "any profile), so no recording is past retention."
        )
    from mace_tui.clock import local_today, system_clock
    from mace_tui.protection import open_store
    from mace_tui.review.access import Actor, describe, os_user
    from mace_tui.review.words import size_text
    from store.types import utcnow

    today = local_today(system_clock)
    store = open_store(settings)
    authorise(
        store, "retention", what="review --delete-expired" if delete_expired else "review --expired"
    )
    try:
        found = expired_recordings(store, today=today, days=days)
        if not found:
            click.echo(f"No recording is kept longer than its retention period ({days.summary()}).")
            return
        for item in found:
            row = item.row
            period = days.days_for(row.profile) or 0
            click.echo(
                f"{row.id}\t{describe(row)}\t{item.state}\t{size_text(item.size)}\t"
                f"kept until {kept_until(row.meeting_date, period):%Y-%m-%d}"
            )
        click.echo(f"{len(found)} recordings are past retention ({days.summary()}).")
        if not delete_expired:
            return
        if not yes and not click.confirm(
            f"Delete these {len(found)} recording files for good?", default=False
        ):
            click.echo("Nothing was deleted.")
            return
        actor = Actor(os_user(), utcnow())
        for item in found:
            delete_recording(
                store, item.id, reason=reason or "", actor=actor, today=today, days=days
            )
        click.echo(f"Deleted {len(found)} recording files; the audit log keeps the record.")
    finally:
        store.close()


def _export(
    ctx: click.Context,
    recording_id: int,
    out_dir: Path | None,
    audio_format: str,
    reason: str,
    options: dict[str, Any],
) -> None:
    """Write one recording's plain copy (admin only; refusals and exports audited)."""
    from mace_tui.protection import open_store
    from mace_tui.review.access import Actor, os_user
    from mace_tui.review.export import export_recording
    from store.types import utcnow

    settings = resolve_settings(ctx, **options)
    store = open_store(settings)
    authorise(store, "export", what=f"review --export {recording_id}")
    try:
        done = export_recording(
            store,
            recording_id,
            out_dir or settings.proposed_export_dir,
            reason=reason,
            actor=Actor(os_user(), utcnow()),
            audio_format=audio_format,
            config_dir=settings.config_dir,
            field="--out",
        )
    finally:
        store.close()
    click.echo(str(done.audio))
    click.echo(str(done.sidecar))
    click.echo("Wrote a plain copy and its sidecar (readable by you only); the export is audited.")

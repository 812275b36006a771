"""``mace-tui directory``: the hub admin's directory on screen, or CSV import and export."""

from __future__ import annotations

import functools
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


@click.command()
@common_options
@click.option(
    "--import",
    "import_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check a directory CSV file (see README) and import every row, or none.",
)
@click.option(
    "--export",
    "export_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the directory to a new CSV file (0600; an existing file is never replaced).",
)
@click.pass_context
@user_errors
def directory(
    ctx: click.Context, import_file: Path | None, export_file: Path | None, **options: Any
) -> None:
    """Keep the directory: agencies, people, named deputies and standing panels.

    Opens the directory screen. With --import or --export it works without the
    screen and exits: import first, then export.
    """
    settings = resolve_settings(ctx, **options)
    if import_file is None and export_file is None:
        from mace_tui.handoff import start_ui
        from mace_tui.launch import read_directory

        # Both lists are read ahead while Textual loads (mace_tui/early.py).
        start_ui(
            settings,
            job=functools.partial(read_directory, settings),
            capture_stderr=False,
            mode="directory",
        )
        return
    if export_file is not None and export_file.exists():
        fail(f"--export: {export_file} exists and is never replaced; choose another name.")
    from mace_tui.profiles import load_profiles
    from mace_tui.protection import open_store

    profiles = load_profiles(settings.config_dir)
    store = open_store(settings)
    authorise(store, "directory", what="directory import" if import_file else "directory export")
    try:
        if import_file is not None:
            import_directory(store, path=import_file, profiles=list(profiles))
        if export_file is not None:
            from mace_tui.directory.csv_io import export_directory

            with store.session() as session:
                rows = export_directory(session, path=export_file)
            click.echo(f"Wrote {rows} rows to {export_file} (readable only by you).")
        with store.session() as session:
            from mace_tui.directory import gap_lines, hub_profiles

            chosen = hub_profiles(session) or [settings.profile]
            gaps = gap_lines(session, profiles=[profiles[k] for k in chosen if k in profiles])
        for line in gaps:
            click.echo(f"Not filled: {line}", err=True)
    finally:
        store.close()


def import_directory(store: Any, *, path: Path, profiles: list[str]) -> None:
    """Check the whole file, print the report, then import every row or none."""
    from mace_tui.directory.csv_io import apply_import, check_file

    with store.session() as session:
        check = check_file(session, path=path, profiles=profiles)
    for line in check.report():
        click.echo(line, err=True)
    if check.problems:
        fail(f"{check.source}: {len(check.bad_rows)} rows have problems, so nothing was imported.")
    with store.session() as session:
        done = apply_import(session, check)
    click.echo(
        f"Imported {check.source}: {done.agencies_added} agencies added, "
        f"{done.agencies_updated} updated; {done.people_added} people added, "
        f"{done.people_updated} updated."
    )

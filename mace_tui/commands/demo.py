"""``mace-tui demo``: the app on a made-up hub, or seed a demo database for scripts."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import click

from mace_tui.commands.common import common_options, resolve_settings, run_app, user_errors
from mace_tui.config import Settings

# A throw-away demo's folder: mace-demo-<the app's process id>-<random>.
DEMO_PREFIX = "mace-demo-"


@click.command()
@common_options
@click.option(
    "--no-ui", is_flag=True, help="Seed the demo database and exit (for scripts and benchmarks)."
)
@click.option(
    "--years",
    type=click.IntRange(0, 50),
    default=0,
    show_default=True,
    help="Add this many years of daily meetings (about 12 children a day).",
)
@click.pass_context
@user_errors
def demo(ctx: click.Context, no_ui: bool, years: int, **options: Any) -> None:
    """Open the app on a made-up hub, in a throw-away database.

    With --db, the demo is written to (or opened from) that database instead
    and kept.
    """  # fmt: skip
    given_db = options.get("db_url") or (ctx.obj or {}).get("db_url")
    workdir: Path | None = None
    if not given_db and not no_ui:
        from mace_tui.handoff import ui_pid

        sweep_stale_demos()
        workdir = Path(tempfile.mkdtemp(prefix=f"{DEMO_PREFIX}{ui_pid()}-"))
        options.update(
            data_dir=str(workdir),
            recordings_dir=str(workdir / "recordings"),
            db_url=f"sqlite:///{workdir / 'demo.db'}",
        )
    try:
        settings = resolve_settings(ctx, **options)
        if not given_db and no_ui:
            settings = settings.with_db(f"sqlite:///{settings.data_dir / 'demo.db'}")
        from mace_tui.clock import local_today, system_clock

        today = local_today(system_clock)
        if no_ui:
            seed_only(settings, today=today, years=years)
        else:
            run_app(settings, mode="chair", demo_today=today, demo_years=years, throwaway=workdir)
    finally:
        if workdir is not None:  # (the UI process removes it when the screen ran there)
            from mace_tui.handoff import remove_throwaway

            remove_throwaway(workdir, db_url=f"sqlite:///{workdir / 'demo.db'}")


def sweep_stale_demos() -> int:
    """Remove throw-away demo folders (ours) whose app has gone without removing its own,
    ended by a signal it could not catch (kill -9). Each is named after the process that
    shows the app; one still running keeps its folder. Returns how many were removed."""
    import os
    import shutil

    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{DEMO_PREFIX}*-*"):
        pid = folder.name.removeprefix(DEMO_PREFIX).split("-", 1)[0]
        try:
            if not pid.isdigit() or folder.stat().st_uid != os.getuid() or _alive(int(pid)):
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now has that number
        return True
    return True


def seed_only(settings: Settings, *, today: date, years: int) -> None:
    """Seed the demo into ``settings.db_url`` and report what was written."""
    import time

    from mace_tui.demo import seed_demo
    from mace_tui.launch import demo_for_profile
    from mace_tui.protection import open_store

    started = time.perf_counter()
    store = open_store(settings)
    try:
        with store.session() as session:
            summary = seed_demo(
                session,
                today=today,
                years=years,
                progress=lambda month: click.echo(f"  … {month}", err=True) if years else None,
            )
        # The same meetings as the app's demo for this profile (an actions-only one adds its own).
        added = demo_for_profile(store, settings, today=today)
    finally:
        store.close()
    took = time.perf_counter() - started
    click.echo(
        f"Demo written to {settings.db_url}: {summary.meetings} meetings, {summary.children} children, "
        f"{summary.items} discussions, {summary.actions} actions ({took:.1f} s)."
    )
    if added is not None:
        click.echo(f"Added today's and last month's {added} (actions only).")

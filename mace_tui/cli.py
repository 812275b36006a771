"""The ``mace-tui`` command. Kept light: Textual and the database load only when needed."""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from mace_tui import __version__
from mace_tui.config import Settings, SettingsError, load_settings, prepare

F = TypeVar("F", bound=Callable[..., Any])

_COMMON = (
    click.option("--data-dir", type=click.Path(file_okay=False), help="Folder for the database and recordings [env: MACE_DATA_DIR]."),
    click.option("--config-dir", type=click.Path(file_okay=False), help="Folder for settings.toml and profiles/ [env: MACE_CONFIG_DIR]."),
    click.option("--recordings-dir", type=click.Path(file_okay=False), help="Folder for audio recordings [env: MACE_RECORDINGS_DIR]."),
    click.option("--db", "db_url", help="Database URL, e.g. sqlite:///path/mace.db [env: MACE_DB_URL]."),
    click.option("--profile", help="Meeting profile, e.g. llr-drmm [env: MACE_PROFILE]."),
)  # fmt: skip


def common_options(func: F) -> F:
    """The settings options, accepted before or after the sub-command."""
    for option in reversed(_COMMON):
        func = option(func)
    return func


def fail(message: str) -> NoReturn:
    """One clear line on stderr and exit status 2: no traceback."""
    click.echo(f"mace-tui: {message}", err=True)
    sys.exit(2)


def resolve_settings(ctx: click.Context, **local: Any) -> Settings:
    """Merge the group's options with the sub-command's (the latter win) and check them."""
    merged = dict(ctx.obj or {})
    merged.update({k: v for k, v in local.items() if v is not None})
    try:
        settings = load_settings(
            data_dir=merged.get("data_dir"),
            config_dir=merged.get("config_dir"),
            recordings_dir=merged.get("recordings_dir"),
            db_url=merged.get("db_url"),
            profile=merged.get("profile"),
        )
        prepare(settings)
        from mace_tui.profiles import ProfileError, get_profile

        try:
            get_profile(settings.profile, settings.config_dir)
        except ProfileError as exc:
            fail(str(exc))
    except SettingsError as exc:
        fail(str(exc))
    return settings


def user_errors(func: F) -> F:
    """Turn our own errors into one line and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            if getattr(exc, "user_facing", False):
                fail(str(exc))
            raise

    return wrapper  # type: ignore[return-value]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="mace-tui")
@common_options
@click.pass_context
def main(ctx: click.Context, **options: Any) -> None:
    """Run Multi-Agency Child Exploitation (MACE) meetings from the keyboard.

    Without a command, opens today's meeting of the chosen profile.
    """
    ctx.obj = {k: v for k, v in options.items() if v is not None}
    if ctx.invoked_subcommand is None:
        settings = resolve_settings(ctx)
        run_app(settings)


def run_app(settings: Settings, *, demo_today: date | None = None) -> None:
    """Start the UI on ``settings``; with ``demo_today``, seed an empty store first."""
    from mace_tui.factory import make_app

    app = make_app(settings, demo_today=demo_today)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


@main.command()
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
        workdir = Path(tempfile.mkdtemp(prefix="mace-demo-"))
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
            from mace_tui.factory import make_app

            app = make_app(settings, demo_today=today, demo_years=years)
            app.run()
    finally:
        if workdir is not None:
            from store.db import dispose_engine

            dispose_engine(f"sqlite:///{workdir / 'demo.db'}")
            shutil.rmtree(workdir, ignore_errors=True)


def seed_only(settings: Settings, *, today: date, years: int) -> None:
    """Seed the demo into ``settings.db_url`` and report what was written."""
    import time

    from mace_tui.demo import seed_demo
    from store.db import Store

    started = time.perf_counter()
    store = Store.open(settings.db_url)
    try:
        with store.session() as session:
            summary = seed_demo(
                session,
                today=today,
                years=years,
                progress=lambda month: click.echo(f"  … {month}", err=True) if years else None,
            )
    finally:
        store.close()
    took = time.perf_counter() - started
    click.echo(
        f"Demo written to {settings.db_url}: {summary.meetings} meetings, {summary.children} children, "
        f"{summary.items} discussions, {summary.actions} actions ({took:.1f} s)."
    )


if __name__ == "__main__":  # pragma: no cover
    main()

"""What every sub-command shares: settings options, resolving them, one-line errors."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from mace_tui.config import Settings, SettingsError, load_settings, prepare
from store.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path

    from store.db import Store

F = TypeVar("F", bound=Callable[..., Any])

_COMMON = (
    click.option("--data-dir", type=click.Path(file_okay=False), help="Folder for the database and recordings [env: MACE_DATA_DIR]."),
    click.option("--config-dir", type=click.Path(file_okay=False), help="Folder for settings.toml and profiles/ [env: MACE_CONFIG_DIR]."),
    click.option("--recordings-dir", type=click.Path(file_okay=False), help="Folder for audio recordings [env: MACE_RECORDINGS_DIR]."),
    click.option("--db", "db_url", help="Database URL, e.g. sqlite:///path/mace.db [env: MACE_DB_URL]."),
    click.option("--profile", help="Meeting profile, e.g. llr-drmm [env: MACE_PROFILE]."),
    click.option("--audio-device", help="Microphone, by name or number; see `mace-tui devices` [env: MACE_AUDIO_DEVICE]."),
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


def resolve_settings(ctx: click.Context, *, needs_store: bool = True, **local: Any) -> Settings:
    """Merge the group's options with the sub-command's (the latter win) and check them.

    A command that never opens the store (``needs_store=False``: listing microphones)
    is not refused for an encrypted store whose key is elsewhere.
    """
    merged = dict(ctx.obj or {})
    merged.update({k: v for k, v in local.items() if v is not None})
    try:
        settings = load_settings(
            data_dir=merged.get("data_dir"),
            config_dir=merged.get("config_dir"),
            recordings_dir=merged.get("recordings_dir"),
            db_url=merged.get("db_url"),
            profile=merged.get("profile"),
            audio_device=merged.get("audio_device"),
        )
        prepare(settings)
        from mace_tui.profiles import ProfileError, get_profile, profile_problems

        try:
            get_profile(settings.profile, settings.config_dir)
        except ProfileError as exc:
            fail(str(exc))
    except SettingsError as exc:
        fail(str(exc))
    if needs_store:
        _check_database_key(settings)
    # Said, not fatal: an unknown key, or a user profile this command does not use.
    for line in (*settings.warnings, *profile_problems(settings.config_dir)):
        click.echo(f"mace-tui: warning: {line}", err=True)
    return settings


def _check_database_key(settings: Settings) -> None:
    """An encrypted store whose driver or key is missing: one line and exit 2, before anything."""
    path = settings.sqlite_path
    if path is None:
        return
    from store.cipher import is_encrypted

    if not is_encrypted(path):
        return
    from mace_tui.cipher import database_key

    try:
        database_key(settings, path)
    except UserError as exc:
        fail(str(exc))


def authorise(store: Store, task: str, *, what: str) -> None:
    """Stop with one line (exit 2) unless this account's login may do ``task``; refusals audited."""
    from mace_tui.access.service import AccessRefused, require, who
    from store.types import utcnow

    current = who(store)
    if current.made_first:
        click.echo(f"mace-tui: {current.first_notice}", err=True)
    try:
        require(store, task, at=utcnow(), what=what)
    except AccessRefused as refused:
        store.close()
        fail(str(refused))


def user_errors(func: F) -> F:
    """Turn our own errors into one line and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            if isinstance(exc, UserError):
                fail(str(exc))
            raise

    return wrapper  # type: ignore[return-value]


def run_app(
    settings: Settings,
    *,
    mode: str = "home",
    demo_today: date | None = None,
    demo_years: int = 0,
    meeting_date: date | None = None,
    throwaway: Path | None = None,
) -> None:
    """Start the UI on ``settings``; with ``demo_today``, an empty store is first filled with the demo.
    ``throwaway``: the demo's own folder, removed when the app ends.

    A forked helper reads the first screen's data while Textual loads (see
    mace_tui/early.py); this must happen before anything imports Textual.
    """
    from mace_tui.clock import local_today, system_clock
    from mace_tui.handoff import start_ui
    from mace_tui.launch import needs_setup, read_chair, read_home, read_minutes

    today = local_today(system_clock)
    if demo_today is None and mode in ("home", "chair") and needs_setup(settings):
        mode = "setup"  # a fresh install: the guided set-up first, nothing read early
    years = None if demo_today is None else demo_years
    job: Callable[[], object] | None = None
    if mode == "home":
        job = functools.partial(read_home, settings, today=today, demo_years=years)
    elif mode == "chair":
        job = functools.partial(
            read_chair, settings, today=today, meeting_date=meeting_date or today, demo_years=years
        )
    elif mode == "minutes":
        job = functools.partial(read_minutes, settings, today=today, meeting_date=meeting_date)
    elif mode == "review":
        from mace_tui.review.early_read import read_review

        job = functools.partial(read_review, settings, today=today)
    start_ui(
        settings,
        job=job,
        mode=mode,
        demo_today=demo_today,
        demo_years=demo_years,
        meeting_date=meeting_date,
        throwaway=throwaway,
    )


def parse_date(
    value: str | None, *, option: str = "--date", meeting_on: date | None = None
) -> date | None:
    """A YYYY-MM-DD option, or exit with one line naming the option. With ``meeting_on``
    (today), the date must also be a sensible meeting date (not years away)."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a real date. Use YYYY-MM-DD, e.g. 2026-12-01.")
    if meeting_on is not None:
        from mace_tui.rules.meeting_dates import meeting_date_problem

        problem = meeting_date_problem(day, today=meeting_on)
        if problem is not None:
            fail(f"{option}: {problem}")
    return day

"""``mace-tui prep``: prepare a meeting's queue on screen, or import and export from a script."""

from __future__ import annotations

import functools
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mace_tui.commands.common import (
    authorise,
    common_options,
    fail,
    resolve_settings,
    user_errors,
)

if TYPE_CHECKING:
    from mace_tui.config import Settings
    from mace_tui.prep.csv_import import ImportCheck
    from mace_tui.prep.meeting import PrepTarget
    from store.db import Store


def parse_meeting_date(text: str | None, *, today: date) -> date | None:
    """The --date option as a date no earlier than today, or None when not given."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--date: {text!r} is not a date; use YYYY-MM-DD, e.g. {today:%Y-%m-%d}.")
    if day < today:
        fail(f"--date: {day:%Y-%m-%d} is in the past; prepare today's meeting or a later one.")
    from mace_tui.rules.meeting_dates import meeting_date_problem

    problem = meeting_date_problem(day, today=today)
    if problem is not None:
        fail(f"--date: {problem}")
    return day


@click.command()
@common_options
@click.option(
    "--date",
    "meeting_date",
    metavar="YYYY-MM-DD",
    help="The meeting to prepare [default: the profile's next meeting after today].",
)
@click.option(
    "--import",
    "import_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check a CSV list of children (see README) and add them to the queue, all or none.",
)
@click.option(
    "--only-valid",
    is_flag=True,
    help="With --import: when some rows have problems, import the valid rows anyway.",
)
@click.option(
    "--ask-research",
    "ask_research",
    multiple=True,
    metavar="AGENCY",
    help="Record that AGENCY (its name, key or short name) was asked for research; repeatable.",
)
@click.option(
    "--import-research",
    "research_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check a CSV of research contributions (see README) and record them, all or none.",
)
@click.option(
    "--import-missing",
    "missing_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check a CSV of children's missing episodes (see README) and record them, all or none.",
)
@click.option(
    "--propose",
    is_flag=True,
    help="Print the agenda a review meeting (FORM) proposes from data, by section, with reasons.",
)
@click.option(
    "--accept-proposal",
    is_flag=True,
    help="With --propose: put every proposed entry on the queue, in section order.",
)
@click.option(
    "--export-list",
    "export_path",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Write the marked case list to PATH.md and PATH.csv (never replacing a file).",
)
@click.option(
    "--extraordinary",
    is_flag=True,
    help="With --date: call an extra meeting on a day the profile does not usually sit.",
)
@click.pass_context
@user_errors
def prep(
    ctx: click.Context,
    meeting_date: str | None,
    import_file: Path | None,
    only_valid: bool,
    ask_research: tuple[str, ...],
    research_file: Path | None,
    missing_file: Path | None,
    propose: bool,
    accept_proposal: bool,
    export_path: Path | None,
    extraordinary: bool,
    **options: Any,
) -> None:
    """Prepare a meeting: its queue of children, invitations and known conflicts.

    Opens the preparation screen. With --import or --export-list it works
    without the screen and exits (for scripts): import first, then export.
    The meeting is created if it does not exist yet.
    """  # fmt: skip
    if only_valid and import_file is None:
        fail("--only-valid: use it together with --import FILE.csv.")
    if accept_proposal and not propose:
        fail("--accept-proposal: use it together with --propose.")
    settings = resolve_settings(ctx, **options)
    from mace_tui.clock import local_today, system_clock

    day = parse_meeting_date(meeting_date, today=local_today(system_clock))
    if extraordinary and day is None:
        fail("--extraordinary: give the --date of the extra meeting too.")
    if day is not None:
        check_cadence(settings, day=day, extraordinary=extraordinary)
    scripted = (
        import_file or export_path or research_file or ask_research or missing_file or propose
    )
    if not scripted:
        from mace_tui.handoff import start_ui
        from mace_tui.launch import needs_setup, read_prep

        mode = "setup" if needs_setup(settings) else "prep"
        job = None
        if mode == "prep" and not extraordinary:
            # The queue is read ahead while Textual loads (mace_tui/early.py).
            job = functools.partial(
                read_prep, settings, today=local_today(system_clock), meeting_date=day
            )
        start_ui(
            settings,
            job=job,
            capture_stderr=False,
            mode=mode,
            meeting_date=day,
            extraordinary=extraordinary,
        )
        return
    run_without_screen(
        settings,
        day=day,
        import_file=import_file,
        only_valid=only_valid,
        export_path=export_path,
        extraordinary=extraordinary,
        ask_research=ask_research,
        research_file=research_file,
        missing_file=missing_file,
        propose=propose,
        accept_proposal=accept_proposal,
    )


def check_cadence(
    settings: Settings, *, day: date, extraordinary: bool, chair: bool = False
) -> None:
    """Refuse a new meeting off the profile's usual days (one line, exit 2), unless asked for.

    A meeting that exists already (rearranged after an inquorate one) opens whatever its date.
    The rule is mace_tui/prep/cadence.new_meeting_problem, shared by ``prep`` and ``chair``.
    """
    from mace_tui.prep.cadence import cadence_problem, new_meeting_problem
    from mace_tui.profiles import get_profile

    profile = get_profile(settings.profile, settings.config_dir)
    if cadence_problem(profile, day, extraordinary=extraordinary) is None:
        return  # no need to open the store
    from mace_tui.protection import open_store
    from store import agenda

    store = open_store(settings)
    try:
        with store.session() as session:
            exists = agenda.meeting_on(session, profile=profile.key, on=day) is not None
    finally:
        store.close()
    problem = new_meeting_problem(exists, profile, day, extraordinary=extraordinary, chair=chair)
    if problem:
        fail(problem)


def run_without_screen(
    settings: Settings,
    *,
    day: date | None,
    import_file: Path | None,
    only_valid: bool,
    export_path: Path | None,
    extraordinary: bool = False,
    ask_research: tuple[str, ...] = (),
    research_file: Path | None = None,
    missing_file: Path | None = None,
    propose: bool = False,
    accept_proposal: bool = False,
) -> None:
    """Import and/or export for one meeting, reporting on the terminal."""
    from mace_tui.clock import local_today, system_clock
    from mace_tui.prep.deadline import default_meeting_date
    from mace_tui.prep.meeting import find_target, open_meeting
    from mace_tui.profiles import get_profile
    from mace_tui.protection import open_store

    profile = get_profile(settings.profile, settings.config_dir)
    if propose and profile.review is None:
        fail(
            f"--propose: the {profile.short_name} profile has no agenda proposed from data; "
            "use a review profile such as --profile llr-form (see README)."
        )
    on = day or default_meeting_date(profile, local_today(system_clock))
    store = open_store(settings)
    authorise(store, "prep", what="prep")
    try:
        # A refused import leaves the store exactly as it was: the file is checked (against
        # the meeting if it exists) before anything, even the meeting, is written.
        check = None
        if import_file is not None:
            with store.session() as session:
                check = check_import(
                    store,
                    find_target(session, profile=profile, on=on),
                    path=import_file,
                    only_valid=only_valid,
                )
        if missing_file is not None:
            # Episodes belong to children, not to the meeting: recorded before it is opened.
            import_missing(store, path=missing_file)
        with store.session() as session:
            target, created = open_meeting(
                session, profile=profile, on=on, extraordinary=extraordinary
            )
        if created:
            kind = " extraordinary" if extraordinary else ""
            click.echo(
                f"Created the{kind} {profile.short_name} meeting of {on:%A %d %B %Y}.", err=True
            )
        if check is not None:
            import_checked(store, target, check)
        for agency in ask_research:
            ask_for_research(store, target, agency=agency)
        if research_file is not None:
            import_research(store, target, path=research_file)
        if propose:
            from mace_tui.commands.prep_review import print_proposal

            print_proposal(store, target, accept=accept_proposal)
        if export_path is not None:
            export_list(store, target, settings=settings, path=export_path)
    finally:
        store.close()


def check_import(store: Store, target: PrepTarget, *, path: Path, only_valid: bool) -> ImportCheck:
    """Check the whole file and print the report; exit (writing nothing) unless every row,
    or the valid ones when asked, can be imported."""
    from mace_tui.prep.csv_import import check_file

    with store.session() as session:
        check = check_file(session, target=target, path=path)
    for line in check.report():
        click.echo(line, err=True)
    if check.problems:
        bad, valid = len(check.bad_rows), len(check.valid)
        if not check.valid:
            fail(f"{check.source}: no row can be imported, so nothing was imported.")
        if not only_valid:
            asked = sys.stdin.isatty() and click.confirm(
                f"Import only the {valid} valid rows and leave out the {bad} with problems?",
                default=False,
                err=True,
            )
            if not asked:
                fail(
                    f"{check.source}: {bad} rows have problems, so nothing was imported. "
                    "Fix them, or add --only-valid to import the valid rows."
                )
    return check


def import_checked(store: Store, target: PrepTarget, check: ImportCheck) -> None:
    """Import the checked rows (the valid ones) and say what was done."""
    from mace_tui.clock import system_clock
    from mace_tui.prep.csv_import import apply_import

    with store.session() as session:
        result = apply_import(session, target, check, at=system_clock(), only_valid=True)
    text = (
        f"Imported {result.added} children onto the {target.profile.short_name} queue of "
        f"{target.meeting_date:%A %d %B %Y} ({result.new_children} new records)."
    )
    if result.left_out:
        text += f" Left out {result.left_out} rows with problems."
    if result.late:
        text += f" {result.late} are late changes (after the list deadline)."
    click.echo(text)


def ask_for_research(store: Store, target: PrepTarget, *, agency: str) -> None:
    """Record that an agency was asked for research on this meeting's queue."""
    from mace_tui.clock import system_clock
    from mace_tui.prep.research import ask_agency
    from store import research

    wanted = agency.strip().casefold()
    with store.session() as session:
        matches = [
            a
            for a in research.agencies(session)
            if wanted in (a.key.casefold(), a.name.casefold(), a.short_name.casefold())
        ]
        if len(matches) != 1:
            fail(
                f"--ask-research: {agency!r} "
                + ("names more than one agency" if matches else "is not an agency in the directory")
                + "; use its full name (`mace-tui directory` lists them)."
            )
        assert matches[0].id is not None
        added = ask_agency(
            session, meeting_id=target.meeting_id, agency_id=matches[0].id, at=system_clock()
        )
    click.echo(f"{matches[0].name}: {'asked for research' if added else 'already asked'}.")


def import_research(store: Store, target: PrepTarget, *, path: Path) -> None:
    """Check a research CSV in full; record every row, or none when any row has a problem."""
    from mace_tui.clock import system_clock
    from mace_tui.prep.research_csv import apply, check_file

    with store.session() as session:
        check = check_file(session, target=target, path=path)
    for line in check.report():
        click.echo(line, err=True)
    if check.problems:
        fail(
            f"{check.source}: {len({p.row for p in check.problems})} rows have problems, "
            "so nothing was imported. Fix them and import the whole file again."
        )
    with store.session() as session:
        count = apply(session, check, at=system_clock())
    click.echo(
        f"Recorded {count} research contributions for the {target.profile.short_name} meeting "
        f"of {target.meeting_date:%A %d %B %Y}."
    )


def import_missing(store: Store, *, path: Path) -> None:
    """Check a CSV of missing episodes in full; record every row, or none when any has a problem."""
    from mace_tui.clock import local_today, system_clock
    from mace_tui.prep.missing_csv import apply, check_file
    from mace_tui.protection import os_user

    with store.session() as session:
        check = check_file(session, path=path, today=local_today(system_clock))
    for line in check.report():
        click.echo(line, err=True)
    if check.problems:
        fail(
            f"{check.source}: {len(check.bad_rows)} rows have problems, so nothing was imported. "
            "Fix them and import the whole file again."
        )
    with store.session() as session:
        count = apply(session, check, recorded_by=os_user(), at=system_clock())
    click.echo(f"Recorded {count} missing episodes.")


def export_list(store: Store, target: PrepTarget, *, settings: Settings, path: Path) -> None:
    """Write the marked case list and say where."""
    from mace_tui.clock import system_clock
    from mace_tui.prep.export import export_case_list
    from mace_tui.profiles import load_profiles

    drmm = [p.key for p in load_profiles(settings.config_dir).values() if p.counts_as_drmm]
    with store.session() as session:
        written = export_case_list(
            session, target=target, drmm_profiles=drmm, now=system_clock(), path=path
        )
    click.echo("Case list written (OFFICIAL-SENSITIVE, do not print):")
    for file in written:
        click.echo(f"  {file}")

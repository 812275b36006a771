"""``mace-tui data-pack``: the monthly meeting's data pack (R21) as Markdown, CSV and Word.

Prints only the paths written and a count: never a child's name (R18).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mace_tui.commands.common import authorise, common_options, fail, resolve_settings, user_errors


@click.command("data-pack")
@common_options
@click.option(
    "--month",
    "month_text",
    required=True,
    metavar="YYYY-MM",
    help="The month the pack is for; its trend covers it and the 11 months before.",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path),
    help="Folder to write into; created (private) if it does not exist.",
)
@click.pass_context
@user_errors
def data_pack(ctx: click.Context, month_text: str, out_dir: Path, **options: Any) -> None:
    """Write the monthly data pack for a month, marked OFFICIAL-SENSITIVE.

    DRMM referrals by exploitation type, open cases, screening-tool referrals,
    HIGH-risk children by local authority (CSE and CCE apart), locations of
    concern, education settings in referrals and children with 3 or more
    referrals: the month and its 12-month trend, each with what it counts.
    Three files (.md, .csv, .docx), readable by you only; an existing file is
    never replaced (the next free name is used).
    """
    from mace_tui.datapack.month import Month, MonthError

    try:
        month = Month.parse(month_text)
    except MonthError as exc:
        fail(str(exc))
    settings = resolve_settings(ctx, **options)
    from mace_tui.clock import system_clock
    from mace_tui.datapack.export import export_pack, record_pack_export
    from mace_tui.datapack.service import load_pack
    from mace_tui.protection import open_store, os_user
    from store.types import utcnow

    store = open_store(settings)
    authorise(store, "export", what="export the data pack")
    try:
        pack = load_pack(
            store, month=month, config_dir=settings.config_dir, generated_at=system_clock()
        )
        paths = export_pack(pack, out_dir)
        record_pack_export(store, user=os_user(), at=utcnow(), pack=pack, paths=paths)
    finally:
        store.close()
    for path in paths:
        click.echo(str(path))
    click.echo(f"Wrote the data pack for {month} ({len(paths)} files: Markdown, CSV and Word).")

"""``mace-tui split``: cut a meeting's external recording into per-child files by its timeline."""

from __future__ import annotations

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
from mace_tui.commands.export import parse_meeting


@click.command()
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--meeting",
    "meeting_spec",
    required=True,
    metavar="DATE[:PROFILE]",
    help="The meeting the file recorded: its date (YYYY-MM-DD), with :PROFILE when several sat that day.",
)
@click.option(
    "--offset",
    type=float,
    default=0.0,
    show_default=True,
    metavar="SECONDS",
    help="Where in the file the meeting started: positive when the file began earlier, negative when later.",
)
@click.pass_context
@user_errors
def split(ctx: click.Context, file: Path, meeting_spec: str, offset: float, **options: Any) -> None:
    """Cut FILE (WAV or FLAC) into one file per child, by when each discussion started and ended.

    The cuts are exact to the sample and are filed as the meeting's
    recordings, so they can be reviewed, checked and exported. Nothing is
    written when the meeting's timeline does not fit in the file.
    """
    day, profile = parse_meeting(meeting_spec)
    if day is None:
        fail("--meeting: give the meeting's date (YYYY-MM-DD), optionally with :PROFILE.")
    settings = resolve_settings(ctx, **options)
    from mace_tui.protection import open_store
    from mace_tui.review.access import Actor, os_user
    from mace_tui.review.external import find_meeting_id, split_into_meeting
    from mace_tui.review.words import duration_text
    from store.types import utcnow

    store = open_store(settings)
    authorise(store, "split", what="split")
    try:
        meeting_id = find_meeting_id(store, on=day, profile=profile)
        result = split_into_meeting(
            store,
            recordings_dir=settings.recordings_dir,
            source_path=file,
            meeting_id=meeting_id,
            offset_s=offset,
            actor=Actor(os_user(), utcnow()),
            config_dir=settings.config_dir,
            keyring=settings.use_keyring,
        )
    finally:
        store.close()
    for made in result.files:
        cut = made.cut
        click.echo(
            f"{made.path}\tdiscussion {cut.discussion.position}\t{cut.discussion.child_ref}\t"
            f"frames {cut.start}-{cut.end}\t{duration_text(made.frames / result.source.sample_rate)}"
        )
    click.echo(
        f"Cut {len(result.files)} discussions from {file.name} "
        f"({duration_text(result.source.duration_s)}, {result.source.sample_rate} Hz) "
        "and filed them with the meeting."
    )

"""The ``mace-tui`` command. Kept light: Textual and the database load only when needed."""

from __future__ import annotations

from typing import Any

import click

from mace_tui import __version__
from mace_tui.commands.audit import audit
from mace_tui.commands.chair import chair
from mace_tui.commands.common import common_options, resolve_settings, run_app
from mace_tui.commands.data_pack import data_pack
from mace_tui.commands.demo import demo
from mace_tui.commands.devices import devices
from mace_tui.commands.directory import directory
from mace_tui.commands.encrypt import encrypt
from mace_tui.commands.export import export
from mace_tui.commands.logins import logins
from mace_tui.commands.minutes import minutes
from mace_tui.commands.prep import prep
from mace_tui.commands.review import review
from mace_tui.commands.split import split


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


# Each sub-command lives in mace_tui/commands/<name>.py and is registered here.
main.add_command(chair)
main.add_command(minutes)
main.add_command(demo)
main.add_command(export)
main.add_command(prep)
main.add_command(devices)
main.add_command(directory)
main.add_command(review)
main.add_command(split)
main.add_command(audit)
main.add_command(logins)
main.add_command(encrypt)
main.add_command(data_pack)


if __name__ == "__main__":  # pragma: no cover
    main()

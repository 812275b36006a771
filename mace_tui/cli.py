"""The ``mace-tui`` command. Kept light: each sub-command's module, Textual and the database
load only when that command runs."""

from __future__ import annotations

import importlib
from typing import Any

import click

from mace_tui import __version__
from mace_tui.commands.common import common_options, resolve_settings, run_app

# Each sub-command lives in mace_tui/commands/<module>.py; it is imported only when named
# (or for --help), so starting the UI does not pay for the others.
COMMANDS = {
    "chair": "chair",
    "minutes": "minutes",
    "demo": "demo",
    "export": "export",
    "prep": "prep",
    "devices": "devices",
    "directory": "directory",
    "review": "review",
    "split": "split",
    "audit": "audit",
    "logins": "logins",
    "encrypt": "encrypt",
    "data-pack": "data_pack",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = getattr(
            importlib.import_module(f"mace_tui.commands.{module}"), module
        )
        return command


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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


if __name__ == "__main__":  # pragma: no cover
    main()

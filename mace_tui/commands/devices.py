"""``mace-tui devices``: the microphones PortAudio can see, and which one recording will use."""

from __future__ import annotations

from typing import Any

import click

from mace_tui.commands.common import common_options, fail, resolve_settings, user_errors


@click.command()
@common_options
@click.pass_context
@user_errors
def devices(ctx: click.Context, **options: Any) -> None:
    """List input devices (microphones) and check the one recording will use.

    Choose one by name (or part of it) or by number with --audio-device,
    MACE_AUDIO_DEVICE or audio_device in settings.toml.
    """  # fmt: skip
    settings = resolve_settings(ctx, needs_store=False, **options)
    from mace_tui.audio.devices import (
        check_input,
        find_input_device,
        input_devices,
        portaudio_version,
    )
    from mace_tui.audio.problems import AudioProblem

    try:
        found = input_devices()
        version = portaudio_version()
    except AudioProblem as exc:
        fail(str(exc))
    if not found:
        click.echo(f"No input devices found ({version}).")
    else:
        click.echo(f"Input devices ({version}):")
        width = max(len(d.name) for d in found)
        click.echo(f"     #  {'name':<{width}}  channels  default rate  host")
        for device in found:
            mark = "*" if device.is_default else " "
            click.echo(
                f"  {mark} {device.index:>2}  {device.name:<{width}}  {device.channels:>8}  "
                f"{device.default_rate:>9} Hz  {device.host_api}"
            )
        click.echo("  * = the system's default input")
    try:
        chosen = find_input_device(settings.audio_device)
        check_input(chosen, sample_rate=settings.sample_rate)
    except AudioProblem as exc:
        fail(str(exc))
    how = "as set" if settings.audio_device else "the default, as none is set"
    click.echo(
        f"Recording will use {chosen.describe()} ({how}) at {settings.sample_rate} Hz, mono."
    )

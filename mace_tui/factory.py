"""Builds the App the same way for the command line and for the tests."""

from __future__ import annotations

import functools
import gc
from datetime import date

# Before Textual is imported (by mace_tui.app), once: what the process has loaded so far (the
# command line, the settings) is kept out of the garbage collector's full passes. One of those
# while Textual loads otherwise walks it all (17-20 ms before chair's and prep's first frame).
# MaceApp.run does the same once the app is built.
gc.freeze()

from mace_tui.app import MaceApp  # noqa: E402
from mace_tui.clock import Clock, system_clock  # noqa: E402
from mace_tui.config import Settings  # noqa: E402
from mace_tui.early import EarlyRead  # noqa: E402
from mace_tui.launch import open_demo_store, open_store  # noqa: E402


def make_app(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    demo_today: date | None = None,
    demo_years: int = 0,
    mode: str = "home",
    early: EarlyRead | None = None,
    meeting_date: date | None = None,
    extraordinary: bool = False,
) -> MaceApp:
    """The app on ``settings``; with ``demo_today`` an empty store is first filled with the demo."""
    if demo_today is None:
        opener = functools.partial(open_store, settings)
    else:
        opener = functools.partial(open_demo_store, settings, today=demo_today, years=demo_years)
    return MaceApp(
        settings=settings,
        open_store=opener,
        clock=clock,
        mode=mode,
        early=early,
        meeting_date=meeting_date,
        extraordinary=extraordinary,
        demo=demo_today is not None,
    )

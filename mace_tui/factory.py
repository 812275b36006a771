"""Builds the App the same way for the command line and for the tests."""

from __future__ import annotations

import functools
from datetime import date

from mace_tui.app import MaceApp
from mace_tui.clock import Clock, system_clock
from mace_tui.config import Settings
from mace_tui.early import EarlyRead
from mace_tui.launch import open_demo_store, open_store


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
    )

"""The chair's way in when the meeting cannot be opened: the reason stays on the screen."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from textual.widgets import Static

from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from store.db import Store
from tests.app.test_prep import settle

# Tuesday 01 December 2026: not a FORM day (FORM sits every other Wednesday).
NOT_A_FORM_DAY = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_a_day_with_no_form_says_why_instead_of_opening_for_ever(
    settings: Settings, store: Store
) -> None:
    form_settings = dataclasses.replace(settings, profile="llr-form")
    app = make_app(form_settings, clock=fixed_clock(NOT_A_FORM_DAY), mode="chair")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # Toasts go after a while: what stays on the screen must say why and what to do.
        app.clear_notifications()
        await pilot.pause()
        text = str(app.screen.query_one("#chair-start", Static).render())
        assert "Opening the meeting" not in text
        assert "is not a FORM day" in text
        assert "--extraordinary" in text

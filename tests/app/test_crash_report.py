"""An unexpected error stops the app with one plain line: its kind and place, no values."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from mace_tui.config import Settings
from mace_tui.factory import make_app


class Broken(Screen[None]):
    def on_mount(self) -> None:
        child = {"name": "Riley Example", "reason": "Seen with an older adult"}
        raise ValueError(f"cannot show {child['name']}")


async def test_a_crash_names_the_error_and_its_place_and_no_childs_details(
    settings: Settings, capfd: pytest.CaptureFixture[str]
) -> None:
    app = make_app(settings, mode="setup")
    with pytest.raises(ValueError):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.push_screen(Broken())
            await pilot.pause(0.5)
    said = " ".join(capfd.readouterr().err.split())
    assert "ValueError in test_crash_report.py:" in said
    assert "Riley" not in said and "older adult" not in said

"""The data pack screen (R21): reached from home in a monthly meeting and from the palette,
its figures are the pack's, the month moves with [ and ], and e exports the files."""

from __future__ import annotations

import dataclasses
import stat
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Input, Static

from mace_tui.datapack.month import Month
from mace_tui.datapack.service import load_pack
from mace_tui.factory import make_app
from store.db import Store
from tests.app.chair_helpers import TestClock, settle, type_text, wait_for_screen

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)


async def wait_for_month(pilot, label: str, tries: int = 80) -> None:
    for _ in range(tries):
        await settle(pilot)
        title = pilot.app.screen.query("#pack-title")
        if (
            title
            and label in str(title.first(Static).render())
            and pilot.app.screen.query(".pack-line")
        ):
            return
    raise AssertionError(f"the pack for {label} never showed")


def shown_values(app) -> dict[str, str]:
    """Each line's label and the month's number, as drawn."""
    values: dict[str, str] = {}
    for line in app.screen.query(".pack-line"):
        label = str(line.query_one(".pack-label", Static).render())
        values.setdefault(label, str(line.query_one(".pack-value", Static).render()))
    return values


async def test_monthly_home_opens_the_pack_with_the_stores_figures(
    demo_store: Store, settings
) -> None:
    monthly = dataclasses.replace(settings, profile="llr-monthly")
    app = make_app(monthly, clock=TestClock(START), mode="home")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        assert app.screen.query_one("#pack-hint").display
        await pilot.press("m")
        await wait_for_screen(pilot, "DataPackScreen")
        await wait_for_month(pilot, "Oct 2026")
        pack = load_pack(demo_store, month=Month(2026, 10), config_dir=None, generated_at=START)
        shown = shown_values(app)
        referrals = pack.figure("referrals")
        assert shown["All referrals"] == str(referrals.value("All referrals"))
        assert shown["Open cases"] == str(pack.figure("open-cases").value("Open cases"))
        assert referrals.value("All referrals") > 0
        await pilot.press("right_square_bracket")
        await wait_for_month(pilot, "Nov 2026")
        november = load_pack(demo_store, month=Month(2026, 11), config_dir=None, generated_at=START)
        assert shown_values(app)["All referrals"] == str(
            november.figure("referrals").value("All referrals")
        )
        await pilot.press("escape")
        await wait_for_screen(pilot, "HomeScreen")


async def test_the_palette_opens_the_pack_and_e_exports_it(
    demo_store: Store, settings, tmp_path: Path
) -> None:
    app = make_app(settings, clock=TestClock(START), mode="home")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_screen(pilot, "HomeScreen")
        assert not app.screen.query_one("#pack-hint").display
        await pilot.press("m")  # a DRMM's home has no data pack key
        await settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Monthly data pack")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for_screen(pilot, "DataPackScreen")
        await wait_for_month(pilot, "Oct 2026")
        await pilot.press("e")
        await wait_for_screen(pilot, "ExportFolderScreen")
        out = tmp_path / "pack-out"
        app.screen.query_one("#export-folder", Input).value = str(out)
        await pilot.press("enter")
        for _ in range(80):
            await settle(pilot)
            if len(list(out.glob("data-pack-2026-10.*"))) == 3:
                break
        files = sorted(p.name for p in out.glob("data-pack-2026-10.*"))
        assert files == ["data-pack-2026-10.csv", "data-pack-2026-10.docx", "data-pack-2026-10.md"]
        for path in out.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600

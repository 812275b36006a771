"""CSS parsed by one start is read back by the next, which then draws the same screen."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import textual.css.stylesheet as textual_stylesheet

from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from mace_tui.styles import ParsedCss
from tests.app.chair_helpers import drop_toasts, settle
from tests.conftest import DEMO_NOW, DEMO_TODAY


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each CSS source Textual actually parses (its origin), in order."""
    seen: list[str] = []
    real = textual_stylesheet.parse

    def counting(scope, css, read_from, *args, **kwargs):
        seen.append(str(read_from))
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting)
    return seen


async def _home(settings: Settings) -> str:
    """Home on the demo's meeting, as a picture (without toasts, which come and go)."""
    app = make_app(settings, clock=fixed_clock(DEMO_NOW), demo_today=DEMO_TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        drop_toasts(pilot.app)
        await settle(pilot)
        picture = app.export_screenshot()
    return picture


def _kept(folder: Path) -> Path:
    return ParsedCss.in_folder(folder).path


async def test_the_next_start_parses_nothing_and_draws_the_same(
    settings: Settings, tmp_path: Path, parses: list[str]
) -> None:
    settings = dataclasses.replace(settings, cache_dir=tmp_path / "cache")
    first = await _home(settings)
    assert parses, "the first start parses the CSS"
    assert _kept(tmp_path / "cache").exists()

    parses.clear()
    second = await _home(settings)
    assert parses == []
    assert second == first


async def test_a_damaged_file_is_parsed_again_and_written_anew(
    settings: Settings, tmp_path: Path, parses: list[str]
) -> None:
    settings = dataclasses.replace(settings, cache_dir=tmp_path / "cache")
    first = await _home(settings)
    kept = _kept(tmp_path / "cache")
    kept.write_bytes(b"not a pickle")

    parses.clear()
    assert await _home(settings) == first
    assert parses, "what could not be read is parsed"

    parses.clear()
    assert await _home(settings) == first
    assert parses == [], "and kept again for the start after"


async def test_without_a_cache_folder_nothing_is_kept(
    settings: Settings, tmp_path: Path, parses: list[str]
) -> None:
    settings = dataclasses.replace(settings, cache_dir=None)
    await _home(settings)
    parses.clear()
    await _home(settings)
    assert parses, "each start parses as Textual does"


@pytest.mark.parametrize(
    ("other", "same"),
    [
        ({"primary": "#004578"}, True),
        ({"primary": "#ff0000"}, False),  # another theme: parsed with its own colours
        ({"primary": "#004578", "accent": "#ffa62b"}, False),
    ],
)
def test_a_source_is_kept_per_variables(other: dict[str, str], same: bool) -> None:
    key = ("Screen { background: $primary; }", ("app", "Screen"), True, 0, "")
    ours = ParsedCss.digest(key, {"primary": "#004578"})
    assert (ParsedCss.digest(key, other) == ours) is same


def test_a_source_is_kept_per_text_and_origin() -> None:
    variables = {"primary": "#004578"}
    base = ParsedCss.digest(("A { color: red; }", ("a.tcss", ""), False, 0, ""), variables)
    for key in [
        ("A { color: blue; }", ("a.tcss", ""), False, 0, ""),
        ("A { color: red; }", ("b.tcss", ""), False, 0, ""),
        ("A { color: red; }", ("a.tcss", ""), True, 0, ""),
        ("A { color: red; }", ("a.tcss", ""), False, 1, ""),
        ("A { color: red; }", ("a.tcss", ""), False, 0, "Screen"),
    ]:
        assert ParsedCss.digest(key, variables) != base

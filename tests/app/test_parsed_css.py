"""CSS parsed by one start is read back by the next, which then draws the same screen."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

import pytest
import textual.css.stylesheet as textual_stylesheet

from mace_tui.clock import fixed_clock
from mace_tui.config import Settings
from mace_tui.factory import make_app
from mace_tui.styles import IncrementalStylesheet, ParsedCss
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


def test_variables_changed_in_place_give_another_digest() -> None:
    """The variables' part of a digest is remembered from one source to the next (written out
    once a run); a theme changed in the same dictionary is not taken for the last one."""
    key = ("Screen { background: $primary; }", ("app", "Screen"), True, 0, "")
    variables = {"primary": "#004578"}
    before = ParsedCss.digest(key, variables)
    variables["primary"] = "#ff0000"
    assert ParsedCss.digest(key, variables) != before
    variables["primary"] = "#004578"
    assert ParsedCss.digest(key, variables) == before


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


CSS = "Static { color: red; } #note { background: $primary; }"


def _parse(folder: Path) -> IncrementalStylesheet:
    """A style sheet keeping its parsed CSS in ``folder``, given one source and parsed."""
    sheet = IncrementalStylesheet(variables={"primary": "#004578"})
    sheet.kept = ParsedCss.in_folder(folder)
    sheet.add_source(CSS, read_from=("test.tcss", ""))
    sheet.parse()
    return sheet


def test_a_file_others_may_write_is_not_read(tmp_path: Path, parses: list[str]) -> None:
    _parse(tmp_path).kept.save()  # type: ignore[union-attr]
    kept = _kept(tmp_path)
    kept.chmod(0o666)  # anyone could have put code in it: unpickling runs it
    parses.clear()
    _parse(tmp_path)
    assert parses == ["('test.tcss', '')"]


def test_a_folder_others_may_write_is_not_used(tmp_path: Path, parses: list[str]) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    _parse(shared).kept.save()  # type: ignore[union-attr]
    assert not _kept(shared).exists(), "nothing is kept where others may write"
    folder = tmp_path / "ours"
    _parse(folder).kept.save()  # type: ignore[union-attr]
    folder.chmod(0o777)
    parses.clear()
    _parse(folder)
    assert parses, "a file in a folder others may write is not read"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_file_of_another_user_is_not_read(tmp_path: Path, parses: list[str]) -> None:
    _parse(tmp_path).kept.save()  # type: ignore[union-attr]
    os.chown(_kept(tmp_path), 65534, 65534)  # nobody's
    parses.clear()
    _parse(tmp_path)
    assert parses


def test_files_of_other_versions_are_removed_and_failures_are_quiet(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    other = tmp_path / "parsed-css-0000000000000000-py39.pickle"
    tmp_path.joinpath("keep-me.txt").write_text("not ours to remove")
    _parse(tmp_path)  # creates the folder's file below
    other.write_bytes(b"from another Textual")
    _parse(tmp_path).kept.save()  # type: ignore[union-attr]
    assert not other.exists()
    assert _kept(tmp_path).exists()
    assert tmp_path.joinpath("keep-me.txt").exists()

    blocked = tmp_path / "keep-me.txt" / "cache"  # under a file: cannot be made
    sheet = _parse(blocked)
    with caplog.at_level(logging.INFO):
        sheet.kept.save()  # type: ignore[union-attr]
    assert not caplog.records, "a cache that cannot be kept is not worth a message"

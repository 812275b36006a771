"""Better wording (R15) in the text areas: ctrl+l fits the suggestion to the sentence."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from mace_tui.widgets.language_area import LanguageArea, fitted_wording


@pytest.mark.parametrize(
    ("before", "instead", "fitted"),
    [
        ("Child is ", "is at risk from (name)", "at risk from (name)"),
        ("Child IS ", "is being exploited", "being exploited"),
        ("Child ", "is at risk from (name)", "is at risk from (name)"),
        ("This is ", "being exploited", "being exploited"),
        ("", "is being exploited", "is being exploited"),
        ("Children are ", "are being exploited", "being exploited"),
        ("She isn't ", "is being exploited", "is being exploited"),
    ],
)
def test_the_suggestion_drops_a_verb_already_there(before: str, instead: str, fitted: str) -> None:
    assert fitted_wording(before, instead) == fitted


class AreaApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LanguageArea(id="area")


async def test_ctrl_l_replaces_the_phrase_and_selects_the_part_to_fill_in() -> None:
    app = AreaApp()
    async with app.run_test() as pilot:
        area = app.query_one(LanguageArea)
        area.load_text("Child is putting herself at risk at the flat")
        area.move_cursor((0, 12))  # inside the phrase
        await pilot.pause()
        assert area.apply_better_wording() is not None
        assert area.text == (
            "Child is at risk from (name the abuse or the people involved) at the flat"
        )
        assert area.selected_text == "(name the abuse or the people involved)"
        area.focus()
        await pilot.press(*"older", "space", *"men")  # typing replaces the brackets
        await pilot.pause()
        assert area.text == "Child is at risk from older men at the flat"

"""The first screens load only what their first frame shows (start-up, issue #18): the
dialogs, the action log's records and the language check come when they are first used."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def loaded_after(code: str) -> set[str]:
    """The modules loaded once ``code`` has run in a fresh interpreter."""
    script = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(out.stdout.splitlines()[-1].split())


def test_home_counts_its_queue_without_the_action_log() -> None:
    modules = loaded_after("import mace_tui.screens.home")
    assert "mace_tui.screens.home" in modules
    assert "mace_tui.reports.records" not in modules
    assert "mace_tui.reports.words" not in modules
    # Importing one widget does not import them all.
    assert "mace_tui.widgets.quorum_bar" not in modules


def test_prep_loads_its_dialogs_when_a_key_opens_one() -> None:
    modules = loaded_after("import mace_tui.screens.prep")
    assert "mace_tui.screens.prep" in modules
    for dialog in ("prep_add", "prep_concern", "prep_files", "prep_people", "modals"):
        assert f"mace_tui.screens.{dialog}" not in modules


def test_an_empty_language_area_loads_the_check_only_when_focused() -> None:
    code = textwrap.dedent(
        """
        import asyncio, sys
        from textual.app import App
        from textual.widgets import Static
        from mace_tui.widgets.language_area import LanguageArea

        class Areas(App[None]):
            AUTO_FOCUS = None

            def compose(self):
                yield Static("first")
                yield LanguageArea("", id="area")

        async def main():
            app = Areas()
            async with app.run_test() as pilot:
                await pilot.pause()
                print("painted", "mace_tui.rules.language" in sys.modules)
                app.query_one(LanguageArea).focus()
                await pilot.pause()
                await pilot.pause()
                print("focused", "mace_tui.rules.language" in sys.modules)

        asyncio.run(main())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = [line for line in out.stdout.splitlines() if line.startswith(("painted", "focused"))]
    assert lines == ["painted False", "focused True"]


def test_the_minute_takers_screen_loads_its_panes_after_the_first_frame() -> None:
    """Its first frame is the queue; the panes behind the other tabs (text areas, the grade's
    rules) are made just after it, and their modules loaded then."""
    modules = loaded_after("import mace_tui.screens.minutes")
    assert "mace_tui.screens.minutes" in modules
    for pane in ("thrive_pane", "grading_pane", "actions_pane", "carried_actions",
                 "research_pane", "language_area"):  # fmt: skip
        assert f"mace_tui.widgets.{pane}" not in modules


def test_the_case_screen_still_hears_its_panes() -> None:
    """So that the screens need not import the panes, their messages are handled by name
    (``on_thrive_pane_note_changed``): a pane or message renamed would go unheard."""
    from mace_tui.screens.minutes import MinutesScreen
    from mace_tui.widgets.actions_pane import ActionsPane
    from mace_tui.widgets.carried_actions import CarriedActions
    from mace_tui.widgets.grading_pane import GradingPane
    from mace_tui.widgets.language_area import LanguageArea
    from mace_tui.widgets.thrive_pane import ThrivePane

    for message in (ThrivePane.NoteChanged, ThrivePane.CitationWanted, ThrivePane.AuthorWanted,
                    GradingPane.GradingChanged, ActionsPane.EditWanted, ActionsPane.RemoveWanted,
                    CarriedActions.ReviewWanted, LanguageArea.HintChanged):  # fmt: skip
        assert callable(getattr(MinutesScreen, message.handler_name, None)), message

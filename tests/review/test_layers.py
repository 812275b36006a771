"""The review's core runs without the UI, and the store's new modules stand on their own."""

from __future__ import annotations

import pytest

from tests.test_hygiene import loaded_after


@pytest.mark.parametrize(
    "module",
    [
        "mace_tui.audio.playback",
        "mace_tui.audio.split",
        "mace_tui.review.access",
        "mace_tui.review.integrity",
        "mace_tui.review.export",
        "mace_tui.review.listing",
        "mace_tui.review.retention",
        "mace_tui.review.external",
        "store.audit",
        "store.review",
    ],
)
def test_review_core_does_not_import_textual(module: str) -> None:
    assert "textual" not in loaded_after(f"import {module}")


def test_store_modules_import_nothing_of_the_app() -> None:
    modules = loaded_after("import store.audit, store.review")
    assert not [m for m in modules if m.startswith("mace_tui")]


def test_the_review_screen_loads_without_the_database_or_audio_stack() -> None:
    # The app imports every mode's screen before its first paint.
    modules = loaded_after("import mace_tui.screens.review")
    assert not {"sqlalchemy", "sqlmodel", "sounddevice", "soundfile", "numpy"} & modules

"""Preparation's core runs without the UI; the parts the screen loads early skip the database."""

from __future__ import annotations

import pytest

from tests.test_hygiene import loaded_after


@pytest.mark.parametrize(
    "module",
    [
        "store.agenda",
        "mace_tui.prep.meeting",
        "mace_tui.prep.csv_import",
        "mace_tui.prep.export",
        "mace_tui.prep.edits",
        "mace_tui.reports.case_list",
    ],
)
def test_preparation_core_does_not_import_textual(module: str) -> None:
    assert "textual" not in loaded_after(f"import {module}")


def test_what_the_screen_loads_first_has_no_database_stack() -> None:
    modules = loaded_after("import mace_tui.prep, mace_tui.screens.prep")
    assert not {"sqlalchemy", "sqlmodel"} & modules
    # The one error family (store.errors) and the record decorator (store.frozen) are light by
    # design; no other part of the store.
    assert {m for m in modules if m.startswith("store.")} <= {"store.errors", "store.frozen"}

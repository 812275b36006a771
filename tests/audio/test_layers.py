"""The audio layer runs without the UI, and the device listing without the database."""

from __future__ import annotations

import pytest

from tests.test_hygiene import loaded_after


@pytest.mark.parametrize(
    "module",
    ["mace_tui.audio.meeting", "mace_tui.audio.recovery", "mace_tui.audio.capture"],
)
def test_audio_modules_do_not_import_textual(module: str) -> None:
    assert "textual" not in loaded_after(f"import {module}")


def test_finding_devices_needs_no_database_stack() -> None:
    modules = loaded_after("import mace_tui.audio.devices, mace_tui.commands.devices")
    assert not {"textual", "sqlalchemy", "sqlmodel"} & modules


def test_the_package_names_its_facade() -> None:
    modules = loaded_after("from mace_tui.audio import MeetingAudio, recover_leftovers")
    assert "textual" not in modules

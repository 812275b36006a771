"""The counts of subjects in exports and status lines name each kind (R22)."""

from __future__ import annotations

import pytest

from mace_tui.reports.words import subjects_counted

CASES = [
    ((), "0 children"),
    (("child",), "1 child"),
    (("child", "child"), "2 children"),
    (("child", "person"), "1 child, 1 person of concern"),
    (("person", "person", "location"), "0 children, 2 persons of concern, 1 location of concern"),
    (("location", "location", "child"), "1 child, 2 locations of concern"),
]


@pytest.mark.parametrize(("kinds", "words"), CASES)
def test_each_kind_is_counted_in_its_own_words(kinds: tuple[str, ...], words: str) -> None:
    assert subjects_counted(kinds) == words

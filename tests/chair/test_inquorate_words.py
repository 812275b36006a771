"""What an inquorate meeting says it hands on: children for a daily meeting or panel, the
meeting's items for an actions-only meeting (R21, which discusses no children)."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.chair.inquorate import FollowOn, what_goes, what_went
from mace_tui.profiles import get_profile

ON = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("profile", "queued", "goes", "went"),
    [
        ("llr-drmm", 10, "The queue (10 children) goes", "10 children moved to the meeting of "),
        ("llr-drmm", 1, "The queue (1 child) goes", "1 child moved to the meeting of "),
        ("llr-drmm", 0, "The queue (0 children) goes", "0 children moved to the meeting of "),
        (
            "llr-monthly",
            0,
            "The meeting's items go",
            "The meeting's items moved to the meeting of ",
        ),
        (
            "llr-monthly",
            3,
            "The meeting's items go",
            "The meeting's items moved to the meeting of ",
        ),
    ],
)
def test_inquorate_words_follow_the_kind_of_meeting(
    profile: str, queued: int, goes: str, went: str
) -> None:
    chosen = get_profile(profile)
    assert what_goes(chosen, queued) == goes
    moved = FollowOn(meeting_id=2, date=ON, moved=queued, invited=4, created=True)
    said = what_went(chosen, moved)
    assert said == f"{went}Tuesday 24 November 2026."
    if not chosen.discuss_children:
        assert "child" not in said and "child" not in what_goes(chosen, queued)

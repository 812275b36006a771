"""R16/R17 flags in words: the queue's short marker and the header's sentence."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.rules.flags import child_flags

MEETING = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kwargs", "short", "text"),
    [
        ({"drmm_referrals": 3}, "3×", "3 referrals to the DRMM"),
        ({"drmm_referrals": 5}, "5×", "5 referrals to the DRMM"),
        (
            {"last_discussed": date(2026, 10, 5), "last_grade": "LOW"},
            "prev LOW 05 Oct",
            "Discussed before: 05 Oct 2026 (LOW)",
        ),
        (
            {"last_discussed": date(2026, 10, 5), "last_grade": "MEDIUM"},
            "prev MED 05 Oct",
            "Discussed before: 05 Oct 2026 (MEDIUM)",
        ),
        (
            {"last_discussed": date(2026, 10, 5)},
            "prev 05 Oct",
            "Discussed before: 05 Oct 2026",
        ),
        (
            {"discharged_on": date(2026, 6, 22)},
            "RET",
            "Returning after discharge from MACE on 22 Jun 2026",
        ),
        (
            {"last_medium": date(2026, 9, 23)},
            "M<3m",
            "Graded MEDIUM on 23 Sep 2026, within 3 months",
        ),
    ],
)
def test_flag_words(kwargs: dict, short: str, text: str) -> None:
    base = {"meeting_date": MEETING, "drmm_referrals": 0}
    [flag] = child_flags(**(base | kwargs))
    assert (flag.short, flag.text) == (short, text)

"""The queue beside the register counts each kind of subject in its own words."""

from __future__ import annotations

import pytest

from mace_tui.profiles import get_profile
from mace_tui.widgets.attendance_people import queue_preview
from store.records import QueueEntry


def entry(position: int, kind: str) -> QueueEntry:
    return QueueEntry(
        item_id=position, position=position, status="waiting", child_id=None,
        child_ref=f"R{position}", name=f"Subject {position}", date_of_birth=None,
        local_authority="", referral_source="", exploitation_types="", reason="",
        late_change=False, subject_kind=kind,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kinds", "heading"),
    [
        ((), "Queue: 0 children"),
        (("child",), "Queue: 1 child"),
        (("child", "child", "free"), "Queue: 2 children, 1 other item"),
        (
            ("child", "person", "location"),
            "Queue: 1 child, 1 person of concern, 1 location of concern",
        ),
    ],
)
def test_the_register_queue_counts_subjects_by_kind(kinds: tuple[str, ...], heading: str) -> None:
    queue = tuple(entry(n, kind) for n, kind in enumerate(kinds, start=1))
    text = queue_preview(get_profile("llr-drmm"), queue)
    assert text.splitlines()[0] == f"[b]{heading}[/b]"

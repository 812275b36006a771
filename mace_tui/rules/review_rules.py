"""The numbers behind the fortnightly review's proposal (R19, mace_tui/rules/form_proposal.py),
apart from it: every profile carries them, so the app loads them at start-up, and the
proposal's own records only when a review is prepared."""

from __future__ import annotations

from store.frozen import record


@record
class ReviewRules:
    """The numbers behind the proposal; a profile's ``[review]`` table may change them."""

    missing_days: int = 14
    high_review_days: int = 84
    quiet_discussions: int = 2
    oversight_days: int = 14

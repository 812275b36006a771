"""An action edited on this seat while another seat saves it is not overwritten (R25).

The other seat's save reaches this seat (the change feed) while its editor is still
open; the later save must still be checked against the version the editor was opened
from, so it is refused with both versions shown, not written over theirs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mace_tui.factory import make_app
from mace_tui.screens.stale import StaleChoiceModal
from store import actions
from store.db import Store
from tests.app.chair_helpers import (
    TestClock,
    meeting_under_way,
    settle,
    start_child,
    type_text,
    wait_for_screen,
)
from tests.app.test_live_seats import wait_until

START = datetime(2026, 11, 23, 9, 10, tzinfo=UTC)
FIRST = "Complete a return home interview"


def save(other: Store, item_id: int, text: str, action_id: int | None, version: int | None) -> int:
    """Another seat saves the action (as its editor's ctrl+s does)."""
    with other.session() as session:
        return actions.save_action(
            session,
            action_id=action_id,
            item_id=item_id,
            kind="action",
            text=text,
            owner="Hal Pretendy",
            owner_person_id=None,
            agency_id=None,
            due=date(2026, 11, 27),
            agreed=True,
            at=START,
            expected_version=version,
        )


def stored(store: Store, action_id: int) -> tuple[str, int]:
    with store.session() as session:
        found = next(a for a in actions.item_actions(session, item_id=_item(store, action_id)))
        return found.text, found.version


def _item(store: Store, action_id: int) -> int:
    from store.models import Action

    with store.session() as session:
        row = session.get(Action, action_id)
        assert row is not None and row.item_id is not None
        return row.item_id


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_an_action_saved_elsewhere_while_the_editor_is_open_is_not_overwritten(
    demo_store: Store, settings
) -> None:
    meeting_under_way(demo_store, stage="cases", at=START)
    other = Store.open(settings.db_url)
    chair = make_app(settings, clock=TestClock(START), mode="chair")
    try:
        async with chair.run_test(size=(100, 30)) as cp:
            await wait_for_screen(cp, "CaseScreen")
            await start_child(cp)
            case_screen = chair.screen
            item_id = case_screen.case.item_id  # type: ignore[attr-defined]
            action_id = save(other, item_id, FIRST, None, None)
            await cp.press("f4")
            await wait_until(
                cp,
                lambda: any(a.id == action_id for a in case_screen.case.actions),  # type: ignore[attr-defined]
                "the other seat's action on the chair's seat",
            )
            await settle(cp)
            await cp.press("enter")  # edit it: opened from version 1
            await wait_for_screen(cp, "ActionEditor")
            # Meanwhile the other seat saves it (version 2), and the chair's seat hears of it.
            save(other, item_id, FIRST + " by Friday", action_id, 1)
            await wait_until(
                cp,
                lambda: any(a.version == 2 for a in case_screen.case.actions),  # type: ignore[attr-defined]
                "the other seat's save heard",
            )
            await cp.press("end")
            await type_text(cp, " within a week")
            await cp.press("ctrl+s")
            await wait_until(
                cp, lambda: isinstance(chair.screen, StaleChoiceModal), "the choice of versions"
            )
            assert stored(demo_store, action_id) == (FIRST + " by Friday", 2)
            await cp.press("escape")  # keep theirs
            await settle(cp)
            assert stored(demo_store, action_id) == (FIRST + " by Friday", 2)
    finally:
        other.close()

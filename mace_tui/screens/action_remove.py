"""Removing an action after the chair confirms it: one flow for every screen with actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mace_tui.screens.base import MaceScreen
from mace_tui.screens.modals import ConfirmModal
from store.records import ActionDetail


def confirm_remove(
    screen: MaceScreen[Any], action: ActionDetail, *, name: str, done: Callable[[Any], None]
) -> None:
    """Ask (No is the default), then delete ``action`` through the write queue."""
    from mace_tui.chair.item_actions import remove_action

    app, action_id = screen.app, action.id

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.write(
                name, lambda: remove_action(app.require_store(), action_id=action_id), done=done
            )

    app.push_screen(
        ConfirmModal("Remove this action?", action.text, yes="Remove", destructive=True),
        confirmed,
    )


__all__ = ["confirm_remove"]

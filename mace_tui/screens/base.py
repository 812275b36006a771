"""What every screen of ours shares: worker failures reach the app's one handler.

Textual posts ``Worker.StateChanged`` to the worker's own node without
bubbling, so a screen's failed worker would otherwise fail silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen
from textual.worker import Worker

if TYPE_CHECKING:
    from mace_tui.app import MaceApp

ResultType = TypeVar("ResultType")


class MaceScreen(Screen[ResultType]):
    """A screen whose worker failures are reported like the app's own."""

    app: MaceApp

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.app.report_worker(event)

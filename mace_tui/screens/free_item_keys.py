"""The preparation screen's keys for free agenda items (R19); the dialog is in ``free_item.py``
and loads when first used."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mace_tui.prep.fields import FreeItemInput
    from store.records import QueueEntry


class FreeItemKeys:
    """The preparation screen's keys for free items: add one (``t``), retitle it (``e``).

    A mixin for ``PrepScreen``, which provides ``save``, ``target``, ``_now`` and
    ``_late_note``; the edits themselves are in ``mace_tui.prep.free``.
    """

    app: Any
    target: Any

    def action_add_free(self) -> None:
        """Add an MPRU consideration or any other business: a title, no subject (R19)."""
        from mace_tui.screens.free_item import FreeItemModal

        if self.target is not None:
            self.app.push_screen(FreeItemModal(), self._free_entered)

    def _free_entered(self, entry: FreeItemInput | None) -> None:
        if entry is None or self.target is None:
            return
        from mace_tui.prep import free

        me: Any = self
        at = me._now()
        me.save(free.add_edit(self.target, entry=entry, at=at, note=me._late_note(at)))

    def edit_free(self, entry: QueueEntry) -> None:
        """Change a free item's title and section."""
        from mace_tui.screens.free_item import FreeItemModal

        self.app.push_screen(
            FreeItemModal(
                section=entry.free_section, title=entry.name, heading="Change the other item"
            ),
            partial(self._free_retitled, item_id=entry.item_id),
        )

    def _free_retitled(self, entry: FreeItemInput | None, *, item_id: int) -> None:
        if entry is None:
            return
        from mace_tui.prep import free

        me: Any = self
        me.save(free.retitle_edit(item_id, entry=entry))

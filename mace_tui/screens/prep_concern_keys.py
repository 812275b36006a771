"""Persons and locations of concern while preparing (R22): add one (``o``), link it with a
child (``k``), import a CSV list of them (``I``). A mixin for ``PrepScreen``."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from mace_tui.prep.concern_words import KIND_WORDS
from mace_tui.prep.queue_view import check_concern_entry, check_concerns_file
from mace_tui.screens.prep_base import PrepBase, edits

if TYPE_CHECKING:
    from mace_tui.prep.concern_csv import ConcernCheck, ConcernRow
    from mace_tui.screens.prep_concern import LinkChoice
    from mace_tui.screens.prep_files import ImportChoice


class PrepConcernKeys(PrepBase):
    """Subjects other than children on the queue, and their links with children."""

    def action_add_concern(self) -> None:
        """Add a new person or location of concern to the queue."""
        from mace_tui.screens.prep_concern import ConcernFormScreen

        store, target = self.app.store, self.target
        if store is None or target is None:
            return
        on = target.meeting_date
        self.app.push_screen(
            ConcernFormScreen(check=lambda raw: check_concern_entry(store, raw=raw, on=on)),
            self._concern_entered,
        )

    def _concern_entered(self, row: ConcernRow | None) -> None:
        if row is None or self.target is None:
            return
        at = self._now()
        self.save(edits().add_concern(self.target, row=row, at=at, note=self._late_note(at)))

    def action_link(self) -> None:
        """Link the highlighted entry with another: a child with a person or a location."""
        from mace_tui.screens.prep_concern import LinkScreen

        item_id = self._current_item()
        if self.view is None or item_id is None:
            return
        current = next(s.entry for s in self.view.queue if s.entry.item_id == item_id)
        choices = [
            (s.entry.position, f"{s.entry.name} ({KIND_WORDS[s.entry.subject_kind]})")
            for s in self.view.queue
            if (s.entry.subject_kind == "child") != current.is_child
        ]
        if not choices:
            self.notify(
                "A link joins a child with a person or a location of concern: add one first (o).",
                title="Nothing to link with",
            )
            return
        self.app.push_screen(
            LinkScreen(label=current.name, choices=choices),
            partial(self._link_chosen, item_id=item_id),
        )

    def _link_chosen(self, choice: LinkChoice | None, *, item_id: int) -> None:
        if choice is not None:
            self.save(
                edits().link_items(
                    item_id, position=choice.position, relation=choice.relation, at=self._now()
                )
            )

    def action_import_concerns(self) -> None:
        """Import persons and locations of concern from a CSV file, checked in full first."""
        from mace_tui.screens.prep_files import ImportScreen

        store, target = self.app.store, self.target
        if store is None or target is None:
            return
        self.app.push_screen(
            ImportScreen(
                check=lambda path: check_concerns_file(store, target=target, path=path),  # type: ignore[arg-type,return-value]
                start=f"{Path.cwd()}/",
                title="Import persons and locations of concern (CSV)",
                partial_allowed=False,
            ),
            self._concerns_chosen,
        )

    def _concerns_chosen(self, choice: ImportChoice | None) -> None:
        if choice is None or self.target is None:
            return
        check = cast("ConcernCheck", choice.check)
        self.save(edits().import_concerns(self.target, check=check, at=self._now()))

"""Adding to the FORM proposal (R19): a recorded child (``a``), a person of concern (``o``)
or an other item (``t``) under the highlighted section, each with why it is there.

A mixin for ``ProposalScreen`` (prep_proposal.py), which draws the table and holds
the lines; nothing here is written until ctrl+s puts the kept entries on the queue.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from mace_tui.rules.form_proposal import FREE_SECTIONS, SECTION_TITLES, SECTIONS
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.modals import ChoiceModal, ReasonModal
from mace_tui.widgets.proposal_table import Line

if TYPE_CHECKING:
    from mace_tui.prep.fields import FreeItemInput
    from mace_tui.prep.form_review import ProposalView
    from mace_tui.prep.meeting import PrepTarget
    from mace_tui.screens.prep_add import ChildPick


class ProposalAdds(MaceScreen[bool]):
    """The proposal screen's keys that add an entry to the highlighted section."""

    target: PrepTarget
    view: ProposalView | None
    lines: list[Line]

    def _draw(self, cursor: int | None = None) -> None:
        raise NotImplementedError

    def _current(self) -> tuple[str, Line | None]:
        raise NotImplementedError

    def action_add(self) -> None:
        """Add a recorded child to the highlighted section."""
        from mace_tui.screens.prep_add import ChildSearchScreen

        section = self._current()[0]
        if section == "high-persons":
            self.notify(
                "High-risk persons takes persons of concern: press o to add one.",
                title="Not a child's section",
                severity="warning",
            )
            return
        queued = self.view.queued if self.view is not None else frozenset()
        # On the queue already: not choosable. Kept in the proposal: choosable (it moves here).
        on_queue = frozenset(i for kind, i in queued if kind == "child") | frozenset(
            line.subject_id for line in self.lines if line.kind == "child" and line.on_queue
        )
        listed = {
            line.subject_id: SECTION_TITLES[line.section]
            for line in self.lines
            if line.kind == "child" and line.kept and not line.on_queue
        }
        self.app.push_screen(
            ChildSearchScreen(
                on_queue=on_queue,
                meeting_date=self.target.meeting_date,
                listed=listed,
                title=f"Add a child under {SECTION_TITLES[section]}",
            ),
            partial(self._child_picked, section=section),
        )

    def _child_picked(self, pick: ChildPick | None, *, section: str) -> None:
        if pick is None:
            return
        if pick.child_id is None:
            self.notify(
                "Record a new child from the queue (a) first; the proposal takes recorded children.",
                title="Not added",
                severity="warning",
            )
            return
        title = dict(SECTIONS)[section]
        self.app.push_screen(
            ReasonModal(
                f"Why is {pick.label} on the agenda?",
                f"Under {title}: a few words the chair will read.",
            ),
            partial(self._reason_given, section=section, child_id=pick.child_id, name=pick.label),
        )

    def _reason_given(
        self, why: str | None, *, section: str, child_id: int, name: str, kind: str = "child"
    ) -> None:
        if why is None:
            return
        if self.view is not None and (kind, child_id) in self.view.queued:
            self.notify("Already on the queue.", title="Not added", severity="warning")
            return
        for line in self.lines:
            if line.kind == kind and line.subject_id == child_id:
                if line.on_queue:
                    self.notify("Already on the queue.", title="Not added", severity="warning")
                    return
                self.lines.remove(line)  # moved to the section it is added to
                break
        self.lines.append(Line(section, kind, child_id, name, why, kept=True, added=True))
        self._draw()

    def action_add_person(self) -> None:
        """Add a recorded person of concern to the highlighted section."""
        from mace_tui.prep.form_review import read_person_choices

        section = self._current()[0]
        if section == "high-children":
            self.notify(
                "High-risk children takes children: press a to add one.",
                title="Not a person's section",
                severity="warning",
            )
            return
        self.read("proposal-persons", read_person_choices, partial(self._choose_person, section))

    def _choose_person(self, section: str, choices: list[tuple[str, int]]) -> None:
        if not choices:
            self.notify(
                "No person of concern is recorded yet: add one on the queue (o) first.",
                title="Nobody to add",
            )
            return
        labels = dict((pid, label) for label, pid in choices)
        self.app.push_screen(
            ChoiceModal("Which person of concern?", choices),
            lambda pid: None if pid is None else self._person_chosen(section, pid, labels[pid]),
        )

    def _person_chosen(self, section: str, person_id: int, label: str) -> None:
        title = dict(SECTIONS)[section]
        self.app.push_screen(
            ReasonModal(
                f"Why is {label} on the agenda?",
                f"Under {title}: a few words the chair will read.",
            ),
            partial(
                self._reason_given, section=section, child_id=person_id, name=label, kind="person"
            ),
        )

    def action_add_free(self) -> None:
        """An other item (a title, no subject) under MPRU considerations or any other business."""
        from mace_tui.screens.free_item import FreeItemModal

        section = self._current()[0]
        self.app.push_screen(
            FreeItemModal(section=section if section in FREE_SECTIONS else "aob"),
            self._free_entered,
        )

    def _free_entered(self, entry: FreeItemInput | None) -> None:
        if entry is not None and any(
            line.kind == "free" and line.name.casefold() == entry.title.casefold()
            for line in self.lines
        ):
            # Two with one title could not be told apart (the store refuses the pair too).
            self.notify(
                "title: an other item with this title is in the proposal already; "
                "give this one another.",
                title="Not added",
                severity="warning",
            )
            return
        if entry is not None:
            # Not on the queue yet: a negative id, one per line, until ctrl+s puts it there.
            made = -1 - sum(1 for line in self.lines if line.kind == "free" and line.added)
            self.lines.append(Line(entry.section, "free", made, entry.title, "", True, added=True))
            self._draw()

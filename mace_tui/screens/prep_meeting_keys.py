"""The preparation screen's keys about the meeting as a whole: invitations and known
conflicts (the second tab), the agenda from data and missing episodes (R19), NPA referrals
(R7), and files in and out. A mixin for ``PrepScreen``."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.markup import escape

from mace_tui.prep.queue_view import check_children_file, write_marked_list
from mace_tui.screens.prep_base import QUEUE_TAB, PrepBase, edits
from mace_tui.widgets.prep_panel import PrepPanel

if TYPE_CHECKING:
    from mace_tui.screens.prep_files import ImportChoice
    from mace_tui.screens.prep_people import PersonPick

EXPORT_FOLDER = "case-lists"


class PrepMeetingKeys(PrepBase):
    """Who comes, what the data proposes, what goes in and out as files."""

    # -- the agenda from data and missing episodes (R19) --------------------------------

    def _review_check(self, action: str, tab: str) -> bool | None:
        view = self.view
        if action == "proposal":
            if self.app.profile.review is None:
                return False
            return True if view is not None and view.editable else None
        summary = self._highlighted()
        return True if tab == QUEUE_TAB and summary and summary.entry.is_child else None

    def action_proposal(self) -> None:
        """The review meeting's agenda proposed from data: keep, drop, add, then queue it."""
        from mace_tui.screens.prep_proposal import ProposalScreen

        if self.target is not None:
            self.app.push_screen(
                ProposalScreen(target=self.target), lambda _: self.reload(self._current_item())
            )

    def action_missing(self) -> None:
        """The highlighted child's missing episodes: list them, add one."""
        from mace_tui.screens.prep_missing import MissingScreen

        summary = self._highlighted()
        if summary is not None and summary.entry.child_id is not None:
            self.app.push_screen(MissingScreen(child_id=summary.entry.child_id))

    # -- invitations and conflicts tab -----------------------------------------------

    def action_npa_referrals(self) -> None:
        """Track the NPA referrals of ended meetings: check, send, outcome, close (R7)."""
        from mace_tui.screens.npa import NpaScreen

        self.app.push_screen(NpaScreen(), lambda _: self.reload(self._current_item()))

    def action_invite(self) -> None:
        """Invite someone to the meeting."""
        from mace_tui.screens.prep_people import PersonPickerScreen

        if self.view is None:
            return
        invited = frozenset(i.person.id for i in self.view.invitations)
        self.app.push_screen(
            PersonPickerScreen(
                title="Invite someone to the meeting", people=self.view.people, exclude=invited
            ),
            self._invite_entered,
        )

    def _invite_entered(self, pick: PersonPick | None) -> None:
        if pick is not None and self.target is not None:
            self.save(edits().invite(self.target, person_id=pick.person_id))

    def _remove_from_panel(self) -> None:
        from mace_tui.screens.modals import ConfirmModal

        view = self.view
        if view is None or not view.editable:
            return
        panel = self.query_one(PrepPanel)
        conflict = panel.chosen_conflict()
        if conflict is not None:
            self.app.push_screen(
                ConfirmModal(
                    f"Delete the known conflict of {conflict.person.name}?",
                    yes="Delete",
                    no="Keep",
                    destructive=True,
                ),
                partial(self._conflict_delete_confirmed, conflict_id=conflict.id),
            )
            return
        invitation = panel.chosen_invitation()
        if invitation is not None:
            self.app.push_screen(
                ConfirmModal(
                    f"Withdraw the invitation of {invitation.person.name}?",
                    yes="Withdraw",
                    no="Keep",
                    destructive=True,
                ),
                partial(self._withdraw_confirmed, attendance_id=invitation.attendance_id),
            )

    def _conflict_delete_confirmed(self, confirmed: bool | None, *, conflict_id: int) -> None:
        if confirmed and self.target is not None:
            self.save(edits().drop_conflict(self.target, conflict_id=conflict_id))

    def _withdraw_confirmed(self, confirmed: bool | None, *, attendance_id: int) -> None:
        if confirmed and self.target is not None:
            self.save(edits().withdraw(self.target, attendance_id=attendance_id))

    # -- files ---------------------------------------------------------------------------

    def action_import_csv(self) -> None:
        """Import children from a CSV list, checked in full first."""
        from mace_tui.screens.prep_files import ImportScreen

        store, target = self.app.store, self.target
        if store is None or target is None:
            return
        self.app.push_screen(
            ImportScreen(
                check=lambda path: check_children_file(store, target=target, path=path),
                start=f"{Path.cwd()}/",
            ),
            self._import_chosen,
        )

    def _import_chosen(self, choice: ImportChoice | None) -> None:
        if choice is None or self.target is None:
            return
        edit = edits().import_rows(
            self.target, check=choice.check, at=self._now(), only_valid=choice.only_valid
        )
        self.save(edit)

    def action_export_list(self) -> None:
        """Write the marked case list as Markdown and CSV."""
        from mace_tui.screens.prep_files import ExportScreen

        store, target = self.app.store, self.target
        if store is None or target is None:
            return
        from mace_tui.prep.export import free_export_path

        folder = self.app.settings.data_dir / EXPORT_FOLDER
        default = free_export_path(folder, target)
        drmm, clock = self._drmm, self.app.clock

        def export(path: Path) -> list[Path]:
            return write_marked_list(
                store, target=target, drmm_profiles=drmm, now=clock(), path=path, folder=folder
            )

        self.app.push_screen(ExportScreen(export=export, default=default), self._exported)

    def _exported(self, written: list[Path] | None) -> None:
        if written:
            self.notify(
                "Case list written (OFFICIAL-SENSITIVE, do not print):\n"
                + "\n".join(escape(str(p)) for p in written),
                timeout=10,
            )

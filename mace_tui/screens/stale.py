"""Another seat saved first: both versions side by side, and the choice of which to keep (R25)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from mace_tui.chair.stale import Versions

THEIRS, MINE, BOTH = "theirs", "mine", "both"


class StaleChoiceModal(ModalScreen[str]):
    """Keep theirs, keep mine, or (notes) keep both. Escape keeps theirs: nothing of
    theirs is ever replaced without a choice, and ours stays on screen until then."""

    BINDINGS = [
        Binding("t,escape", "choose('theirs')", "Keep theirs", id="stale.theirs"),
        Binding("m", "choose('mine')", "Keep mine", id="stale.mine"),
        Binding("b", "choose('both')", "Keep both", id="stale.both"),
    ]

    def __init__(self, versions: Versions) -> None:
        super().__init__(classes="modal")
        self.versions = versions

    def compose(self) -> ComposeResult:
        v = self.versions
        with Vertical(classes="dialog", id="stale-dialog"):
            yield Label(
                f"[b]Saved on another seat first: this {v.what}[/b]", classes="dialog-title"
            )
            yield Static(
                f"You were editing version {v.your_version}; the stored one is now version "
                f"{v.their_version}. Nothing has been overwritten.",
                classes="dialog-body",
            )
            yield Static(
                f"[b]Theirs (version {v.their_version})[/b]\n{escape(v.theirs)}", id="theirs"
            )
            yield Static(f"[b]Yours (not saved)[/b]\n{escape(v.mine)}", id="mine")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep theirs (t)", id="theirs-button", variant="primary")
                yield Button("Keep mine (m)", id="mine-button")
                if v.both_allowed:
                    yield Button("Keep both (b)", id="both-button")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        both_refused = parameters == (BOTH,) and not self.versions.both_allowed
        return not (action == "choose" and both_refused)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        choice = (event.button.id or "").removesuffix("-button")
        if choice in (THEIRS, MINE, BOTH):
            self.dismiss(choice)

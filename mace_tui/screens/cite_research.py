"""Choose one of the subject's research contributions to cite in the note being typed (R23)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from mace_tui.prep.research import Contribution
from mace_tui.rules.citations import VERBS, citation_text

SHOWN_TEXT = 50


def _label(entry: Contribution) -> str:
    text = " ".join(entry.text.split())
    if len(text) > SHOWN_TEXT:
        text = text[: SHOWN_TEXT - 1] + "…"
    kind = "fact" if entry.kind == "fact" else "opinion"
    return f"{entry.agency} · {kind} · {entry.received:%d/%m/%Y}: {text}"


class CiteResearchScreen(ModalScreen[str | None]):
    """The research by agency; Enter inserts "<verb> research from <agency> …" into the note."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cite.cancel")]

    def __init__(self, entries: Sequence[Contribution]) -> None:
        super().__init__(classes="prep-modal")
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search-dialog"):
            yield Static("Cite research in the note", classes="dialog-title")
            with RadioSet(id="cite-verb", compact=True):
                for index, verb in enumerate(VERBS):
                    yield RadioButton(verb, value=index == 0, id=f"verb-{index}", compact=True)
            yield Static("Tab: the research; ↑↓ and Enter cite it.", classes="dialog-hint")
            yield OptionList(
                *(Option(escape(_label(e)), id=str(e.id)) for e in self.entries),
                id="cite-list",
            )

    def on_mount(self) -> None:
        options = self.query_one("#cite-list", OptionList)
        options.focus()
        if options.option_count:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#cite-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Close with the citation's words."""
        entry = next(e for e in self.entries if str(e.id) == event.option.id)
        pressed = self.query_one("#cite-verb", RadioSet).pressed_index
        verb = VERBS[pressed if 0 <= pressed < len(VERBS) else 0]
        self.dismiss(
            citation_text(
                verb=verb, agency=entry.agency, received=entry.received, research_id=entry.id
            )
        )

    def action_cancel(self) -> None:
        """Close; nothing is inserted."""
        self.dismiss(None)

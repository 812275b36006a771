"""The research sent before the meeting on the child under discussion, grouped by agency (R23).

Fed by its screen: ``load`` takes a function that reads the research (run in a
thread worker, so the event loop never waits on the store) and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Static

if TYPE_CHECKING:
    from mace_tui.prep.research import SubjectResearch


def research_markup(research: SubjectResearch | None) -> str:
    """The research as Textual markup: one block per agency, then who sent nothing."""
    if research is None:
        return "Reading the research…"
    lines: list[str] = []
    if not research.by_agency:
        lines.append("No research was recorded for this child before the meeting.")
    for group in research.by_agency:
        lines.append(f"[b]{escape(group.agency)}[/b]")
        for entry in group.entries:
            kind = "Fact" if entry.kind == "fact" else "Opinion"
            lines.append(
                f"  [i]{kind}[/i] · {escape(entry.contributor)} · "
                f"received {entry.received:%d/%m/%Y}"
            )
            lines.extend(f"    {escape(line)}" for line in entry.text.splitlines() if line.strip())
        lines.append("")
    if research.missing:
        lines.append(f"[b $warning]Asked, sent nothing:[/] {escape(', '.join(research.missing))}")
    return "\n".join(lines).rstrip()


class ResearchPane(VerticalScroll, can_focus=True):
    """What the agencies sent on this child before the meeting, read-only."""

    DEFAULT_CSS = """
    ResearchPane { height: 1fr; padding: 0 1; }
    ResearchPane > Static { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown_for: int | None = None
        self.research: SubjectResearch | None = None

    def compose(self) -> ComposeResult:
        yield Static(research_markup(None), id="research-body")

    def show(self, research: SubjectResearch | None) -> None:
        """Show one child's research (None: being read)."""
        self.query_one("#research-body", Static).update(research_markup(research))

    def load(self, item_id: int, read: Callable[[], SubjectResearch]) -> None:
        """Read the research for ``item_id`` off the event loop, then show it."""
        self._shown_for = item_id
        self.research = None
        self.show(None)
        self._read(item_id, read)

    @work(thread=True, exclusive=True, group="research-pane", exit_on_error=False)
    def _read(self, item_id: int, read: Callable[[], SubjectResearch]) -> None:
        research = read()
        self.app.call_from_thread(self._arrived, item_id, research)

    def _arrived(self, item_id: int, research: SubjectResearch) -> None:
        if item_id == self._shown_for:  # not a read for a child already left behind
            self.research = research
            self.show(research)

    def pick_citation(self, insert: Callable[[str], None]) -> None:
        """Let the chair choose a contribution to cite; ``insert`` gets the citation's words."""
        from mace_tui.screens.cite_research import CiteResearchScreen

        research = self.research
        entries = [e for g in research.by_agency for e in g.entries] if research else []
        if not entries:
            self.app.notify("No research was recorded for this child, so there is none to cite.")
            return

        def chosen(text: str | None) -> None:
            if text:
                insert(text)

        self.app.push_screen(CiteResearchScreen(entries), chosen)

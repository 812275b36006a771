"""The action log's tabs: the meeting, its children (or an actions-only meeting's items) and
the agencies, each part's Markdown mounted when its tab is first shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Markdown, Static, TabbedContent, TabPane

if TYPE_CHECKING:
    from mace_tui.reports.export import ExportResult
    from mace_tui.reports.records import ActionLog


def short_name(name: str) -> str:
    """``Riley E.`` for a tab label."""
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[0]} {parts[-1][0]}."


def log_status(
    log: ActionLog | None,
    *,
    discuss_children: bool,
    export: ExportResult | None = None,
    folder: object = None,
) -> str:
    """The line above the tabs: which meeting and version, what it holds, the last export."""
    if log is None:
        return "Reading the action log…"
    meeting = log.meeting
    from mace_tui.reports import words

    head = f"[b]Action log[/b] · {escape(meeting.short_name)} {words.long_date(meeting.date)}"
    head += f" · {log.version_label}"
    if log.short_record:
        return head + " · inquorate: short record"
    acts = len(log.actions)
    kinds = [c.kind for c in log.children]
    if discuss_children or kinds:  # an actions-only meeting: none
        head += f" · {words.subjects_counted(kinds)}"
    head += f" · {acts} action{'' if acts == 1 else 's'}"
    if export is not None:
        head += f"\nExported {len(export.paths)} files to {escape(str(folder))}"
    return head


class LogBody(Vertical):
    """The log's tabs, built once the log has been read (``show``)."""

    DEFAULT_CSS = "LogBody { height: 1fr; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.record: ActionLog | None = None
        self.actions_only = False
        # Each part's Markdown, kept until its tab is first shown: mounting every
        # child's and agency's document up front made the screen slow to appear.
        self.unshown: dict[str, str] = {}

    async def show(self, log: ActionLog, *, actions_only: bool) -> None:
        """Build the tabs for ``log``."""
        self.record, self.actions_only = log, actions_only
        self.unshown.clear()
        await self.recompose()

    def fill(self, view_id: str | None) -> None:
        """Mount the Markdown of the part ``view_id`` if not shown yet."""
        markdown = self.unshown.pop(view_id, None) if view_id else None
        if markdown is not None:
            self.query_one(f"#{view_id}", VerticalScroll).mount(Markdown(markdown))

    def compose(self) -> ComposeResult:
        if self.record is not None:
            yield from self._tabs(self.record)

    def _scroll(self, markdown: str, pane_id: str) -> VerticalScroll:
        """A focusable scrolling view of one part of the log, filled when first shown."""
        view_id = f"{pane_id}-view"
        self.unshown[view_id] = markdown
        return VerticalScroll(id=view_id, classes="log-view")

    def _tabs(self, log: ActionLog) -> ComposeResult:
        from mace_tui.reports import layout
        from mace_tui.reports.markdown import blocks_to_markdown

        with TabbedContent(id="log-tabs"):
            if log.short_record:
                with TabPane("Meeting (inquorate)", id="meeting"):
                    yield self._scroll(blocks_to_markdown(layout.short_record(log)), "meeting")
                return
            # An actions-only meeting (R21) discusses no children: its topics get a tab of their
            # own, and a Children tab only appears for subjects the coordinator queued.
            actions_only = self.actions_only
            meeting = [*layout.versions_part(log), *layout.meeting_part(log)]
            if not actions_only:
                meeting += layout.meeting_actions_part(log)
            meeting.append(layout.Heading(2, "Carried-over actions"))
            meeting.append(layout.carried_table(log.carried))
            with TabPane("Meeting", id="meeting"):
                yield self._scroll(blocks_to_markdown(meeting), "meeting")
            if actions_only:
                items = layout.meeting_actions_part(log) or [
                    layout.Paragraph("No actions were agreed on the meeting's items.")
                ]
                count = len(log.meeting_actions)
                with TabPane(f"Items ({count} action{'' if count == 1 else 's'})", id="items"):
                    yield self._scroll(blocks_to_markdown(items), "items")
            if log.children or not actions_only:
                yield from self._children_tab(log, actions_only=actions_only)
            with TabPane(f"Agencies ({len(log.agencies)})", id="agencies"):
                if not log.agencies:
                    yield Static("No actions were agreed.", classes="log-empty")
                else:
                    with TabbedContent(id="agency-tabs"):
                        for index, agency in enumerate(log.agencies, start=1):
                            with TabPane(escape(agency.name), id=f"agency-{index}"):
                                blocks = layout.agency_section(agency, level=2, compact=True)
                                yield self._scroll(blocks_to_markdown(blocks), f"agency-{index}")

    def _children_tab(self, log: ActionLog, *, actions_only: bool) -> ComposeResult:
        from mace_tui.reports import layout
        from mace_tui.reports.markdown import blocks_to_markdown

        word = "Subjects" if actions_only else "Children"
        with TabPane(f"{word} ({len(log.children)})", id="children"):
            if not log.children:
                yield Static("No children were on this meeting's queue.", classes="log-empty")
                return
            with TabbedContent(id="child-tabs"):
                for child in log.children:
                    label = f"{child.order} {short_name(child.child.name)}"
                    with TabPane(escape(label), id=f"child-{child.order}"):
                        show = layout.free_section if child.kind == "free" else layout.child_section
                        blocks = show(child, level=2, compact=True)
                        yield self._scroll(blocks_to_markdown(blocks), f"child-{child.order}")

    # -- moving around ---------------------------------------------------------
    def outer(self) -> TabbedContent | None:
        """The meeting / children / agencies tabs (none before the log is read)."""
        found = self.query("#log-tabs")
        return found.first(TabbedContent) if found else None

    def show_section(self, section: str) -> bool:
        """Show the tab ``section``; False when the log has none (an inquorate meeting)."""
        outer = self.outer()
        if outer is None or not outer.query(f"TabPane#{section}"):
            return False
        outer.active = section
        return True

    def step(self, step: int) -> bool:
        """Next or previous child (or agency) in the section shown; False when none moved."""
        outer = self.outer()
        if outer is None or outer.active not in ("children", "agencies"):
            return False
        inner_id = "#child-tabs" if outer.active == "children" else "#agency-tabs"
        found = self.query(inner_id)
        if not found:
            return False
        inner = found.first(TabbedContent)
        prefix = "child-" if outer.active == "children" else "agency-"
        panes = [pane.id for pane in inner.query(TabPane) if pane.id and pane.id.startswith(prefix)]
        if not panes:
            return False
        index = panes.index(inner.active) if inner.active in panes else 0
        inner.active = panes[(index + step) % len(panes)]
        return True

    def visible_view_id(self) -> str | None:
        """The id of the scrolling view of the part shown."""
        outer = self.outer()
        if outer is None:
            return None
        pane = outer.active
        inner = {"children": "#child-tabs", "agencies": "#agency-tabs"}.get(pane)
        if inner is not None:
            found = self.query(inner)
            if not found:
                return None
            pane = found.first(TabbedContent).active
        return f"{pane}-view"

    def focus_visible(self) -> None:
        """Fill the part shown and put the keyboard on it (arrows and Page Down scroll it)."""
        view_id = self.visible_view_id()
        if view_id is None:
            return
        self.fill(view_id)
        views = self.query(f"#{view_id}")
        if views:
            views.first().focus()

    def agency_index(self) -> int | None:
        """The index in the log's agencies of the agency tab shown, if one is."""
        outer = self.outer()
        if outer is None or self.record is None or outer.active != "agencies":
            return None
        found = self.query("#agency-tabs")
        if not found:
            return None
        active = found.first(TabbedContent).active
        if not active.startswith("agency-"):
            return None
        return int(active.removeprefix("agency-")) - 1

"""The monthly data pack on screen (R21): each figure's month and its 12-month trend.

A trend reads better drawn than as twelve numbers, so each line of a figure is
its label, a sparkline of the twelve months (oldest left) and the month's
value; the figures that list things (locations, education settings, children
with 3 or more referrals) show the month's list as a table under the lines.
``[`` and ``]`` move a month back or on; ``e`` writes the pack to files as the
``data-pack`` command does. The figures come from ``mace_tui.datapack``, read in
a thread worker.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import DataTable, Sparkline, Static

from mace_tui.datapack.month import Month
from mace_tui.datapack.pack import DataPack, Figure
from mace_tui.screens.base import MaceScreen
from mace_tui.screens.export_folder import ExportFolderScreen
from mace_tui.widgets.footer import KeysFooter


def default_month(today_month: Month) -> Month:
    """The pack opens on the last whole month: the one before today's."""
    return today_month.shift(-1)


class DataPackScreen(MaceScreen[None]):
    """The data pack for one month, with its trend."""

    CSS_PATH = "data_pack.tcss"
    BINDINGS = [
        Binding("left_square_bracket", "month(-1)", "Month before", id="pack.previous",
                key_display="["),
        Binding("right_square_bracket", "month(1)", "Month after", id="pack.next",
                key_display="]"),
        Binding("e", "export", "Export", id="pack.export"),
        Binding("escape", "back", "Back", id="pack.back"),
    ]  # fmt: skip

    def __init__(self, *, month: Month | None = None) -> None:
        super().__init__()
        self.month = month
        self.pack: DataPack | None = None
        self.last_folder: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static("Monthly data pack", id="pack-title", classes="screen-title")
        yield Static("Counting…", id="pack-status", classes="hint")
        yield VerticalScroll(id="pack-figures")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.month is None:
            from mace_tui.clock import local_today

            self.month = default_month(Month.of(local_today(self.app.clock)))
        self.load(self.month)

    @work(thread=True, exclusive=True, group="data-pack", exit_on_error=False)
    def load(self, month: Month) -> None:
        """Count the month's figures off the event loop."""
        from mace_tui.datapack.service import load_pack

        store = self.app.require_store()
        pack = load_pack(
            store, month=month, config_dir=self.app.settings.config_dir,
            generated_at=self.app.clock(),
        )  # fmt: skip
        self.app.call_from_thread(self.call_later, self.show, pack)

    async def show(self, pack: DataPack) -> None:
        """Lay the figures out (replacing the month shown before)."""
        if pack.month != self.month:
            return  # a month moved past while this one was counted
        self.pack = pack
        first, last = pack.months[0], pack.months[-1]
        self.query_one("#pack-title", Static).update(
            f"Monthly data pack — [b]{pack.month.label}[/b]"
        )
        self.query_one("#pack-status", Static).update(
            f"Trend {first.label} – {last.label}, oldest on the left; "
            f"each number is {pack.month.label}'s."
        )
        box = self.query_one("#pack-figures", VerticalScroll)
        await box.remove_children()
        widgets: list[Widget] = []
        for figure in pack.figures:
            widgets.extend(figure_widgets(figure))
        await box.mount_all(widgets)

    def action_month(self, step: int) -> None:
        """Show the month before or after."""
        if self.month is None:
            return
        self.month = self.month.shift(step)
        self.query_one("#pack-status", Static).update(f"Counting {self.month.label}…")
        self.load(self.month)

    def action_back(self) -> None:
        """Back to where the pack was opened from."""
        self.dismiss(None)

    def action_export(self) -> None:
        """Ask for a folder, then write the pack as Markdown, CSV and Word."""
        pack = self.pack
        if pack is None:
            self.notify("The pack is still being counted.")
            return
        folder = self.last_folder or self.app.settings.proposed_export_dir

        def chosen(target: Path | None) -> None:
            if target is None:
                self.notify("Nothing was exported.")
                return
            self.export_files(pack, target)

        what = f"the data pack for {pack.month.label}"
        self.app.push_screen(ExportFolderScreen(what=what, folder=folder), chosen)

    @work(thread=True, exclusive=True, group="data-pack-export", exit_on_error=False)
    def export_files(self, pack: DataPack, folder: Path) -> None:
        """Write the files and the audit event, off the event loop."""
        from mace_tui.datapack.export import export_pack, record_pack_export
        from mace_tui.protection import os_user

        paths = export_pack(pack, folder, field="Folder")
        record_pack_export(
            self.app.require_store(), user=os_user(), at=self.app.clock(), pack=pack, paths=paths
        )
        self.app.call_from_thread(self._exported, folder, len(paths))

    def _exported(self, folder: Path, count: int) -> None:
        self.last_folder = folder
        self.notify(f"Wrote {count} files (Markdown, CSV and Word).\nFolder: {folder}",
                    title="Exported", timeout=10)  # fmt: skip


def figure_widgets(figure: Figure) -> list[Widget]:
    """A figure's heading, definition, one row per line, and its list when it has one."""
    widgets: list[Widget] = [
        Static(escape(figure.title), classes="pack-heading"),
        Static(escape(figure.definition), classes="pack-definition"),
    ]
    for line in figure.series:
        widgets.append(
            Horizontal(
                Static(escape(line.label), classes="pack-label"),
                Sparkline(list(line.values), classes="pack-spark"),
                Static(str(line.current), classes="pack-value"),
                classes="pack-line",
            )
        )
    if figure.header:
        if figure.rows:
            table: DataTable[str] = DataTable(classes="pack-list", cursor_type="row")
            table.add_columns(*figure.header)
            table.add_rows(figure.rows)
            table.styles.height = min(len(figure.rows), 8) + 1
            widgets.append(table)
        else:
            widgets.append(Static("None this month.", classes="pack-definition"))
    return widgets

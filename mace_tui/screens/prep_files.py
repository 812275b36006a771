"""Files in and out: import a CSV list (checked first), export the marked case list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Static

from mace_tui.widgets.cells import plain
from store.frozen import record

if TYPE_CHECKING:
    from mace_tui.app import MaceApp
    from mace_tui.prep.csv_import import ImportCheck

ImportChecker = Callable[[Path], "ImportCheck"]
Exporter = Callable[[Path], list[Path]]


@record
class ImportChoice:
    """A checked file and whether to leave out its bad rows."""

    check: ImportCheck
    only_valid: bool


def _error_text(error: BaseException | None) -> str:
    from mace_tui.app import user_message

    return user_message(error)


class ImportScreen(ModalScreen[ImportChoice | None]):
    """Name a CSV file; see every problem before anything is imported."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prep.import.cancel")]

    app: MaceApp

    def __init__(
        self,
        *,
        check: ImportChecker,
        start: str,
        title: str = "Import a case list (CSV)",
        partial_allowed: bool = True,
    ) -> None:
        super().__init__(classes="prep-modal")
        self.title_text = title
        # False: all rows or none (no "only the valid rows" choice).
        self.partial_allowed = partial_allowed
        self._check_file = check
        self.start = start
        self.result: ImportCheck | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog files-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(value=self.start, placeholder="Path to a .csv file", id="import-path")
            yield Static(
                "Enter to check the file. Nothing is imported until you choose below.",
                id="import-summary",
            )
            problems = DataTable[str](id="import-problems", cursor_type="row", zebra_stripes=True)
            problems.add_column("Row", key="row", width=5)
            problems.add_column("Column", key="column", width=18)
            problems.add_column("Reason", key="reason")
            problems.display = False
            yield problems
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    "Import", id="import-all", variant="primary", disabled=True, compact=True
                )
                yield Button(
                    "Import only the valid rows", id="import-valid", variant="warning", compact=True
                )
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#import-valid", Button).display = False
        path = self.query_one("#import-path", Input)
        self.set_focus(path)
        path.cursor_position = len(path.value)

    @on(Input.Submitted, "#import-path")
    def path_entered(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self._summary("Path: enter the path of a .csv file.")
            return
        self._summary("Checking every row…")
        self.query_one("#import-all", Button).disabled = True
        self.query_one("#import-valid", Button).display = False
        self.run_check(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="import-check", exit_on_error=False)
    def run_check(self, path: Path) -> None:
        """Read and check the whole file off the event loop; nothing is written."""
        try:
            result = self._check_file(path)
        except Exception as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._checked, result)

    def _summary(self, text: str) -> None:
        self.query_one("#import-summary", Static).update(text)

    def _failed(self, error: Exception) -> None:
        self.result = None
        self.query_one("#import-problems", DataTable).display = False
        self._summary(f"[b]Nothing imported.[/b] {escape(_error_text(error))}")

    def _checked(self, result: ImportCheck) -> None:
        self.result = result
        table = self.query_one("#import-problems", DataTable)
        table.clear()
        for number, problem in enumerate(result.problems):
            table.add_row(*plain(str(problem.row), problem.column, problem.reason), key=str(number))
        table.display = bool(result.problems)
        import_all = self.query_one("#import-all", Button)
        import_valid = self.query_one("#import-valid", Button)
        valid = len(result.valid)
        if result.all_valid:
            self._summary(f"{escape(result.summary())} Every row can be imported.")
            import_all.label = f"Import all {valid} rows"
            import_all.disabled = False
            import_all.focus()
            return
        bad = len(result.bad_rows)
        self._summary(
            f"{escape(result.summary())}\n[b]Nothing is imported yet.[/b] Fix the file and press "
            "Enter again, or import only the valid rows."
        )
        import_all.label = "Import all"
        import_all.disabled = True
        import_valid.label = f"Import only the {valid} valid rows (leave out {bad})"
        import_valid.display = valid > 0 and self.partial_allowed
        table.focus()

    @on(Button.Pressed, "#import-all")
    def import_all(self) -> None:
        if self.result is not None and self.result.all_valid:
            self.dismiss(ImportChoice(self.result, only_valid=False))

    @on(Button.Pressed, "#import-valid")
    def import_valid(self) -> None:
        if self.result is not None and self.result.valid:
            self.dismiss(ImportChoice(self.result, only_valid=True))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close; nothing is imported."""
        self.dismiss(None)


class ExportScreen(ModalScreen[list[Path] | None]):
    """Write the marked case list as Markdown and CSV; refuses to replace a file."""

    CSS_PATH = "prep.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prep.export.cancel")]

    app: MaceApp

    def __init__(self, *, export: Exporter, default: Path) -> None:
        super().__init__(classes="prep-modal")
        self._export = export
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog files-dialog export-dialog"):
            yield Static("Export the case list", classes="dialog-title")
            yield Input(value=str(self.default), id="export-path")
            yield Static(
                "Writes <path>.md and <path>.csv, marked OFFICIAL-SENSITIVE, readable only by "
                "you. An existing file is never replaced. Enter to write.",
                id="export-summary",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Write (enter)", id="write", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        path = self.query_one("#export-path", Input)
        self.set_focus(path)
        path.cursor_position = len(path.value)

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#write")
    def write(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.query_one("#export-summary", Static).update("Path: enter where to write the list.")
            return
        self.query_one("#export-summary", Static).update("Writing…")
        self.run_export(Path(text).expanduser())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, path: Path) -> None:
        """Build and write the list off the event loop."""
        try:
            written = self._export(path)
        except Exception as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self.dismiss, written)

    def _failed(self, error: Exception) -> None:
        self.query_one("#export-summary", Static).update(
            f"[b]Nothing written.[/b] {escape(_error_text(error))}"
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)

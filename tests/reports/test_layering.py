"""The reports layer runs without the UI: no module of it loads Textual."""

from __future__ import annotations

import subprocess
import sys

MODULES = (
    "mace_tui.reports.action_log",
    "mace_tui.reports.records",
    "mace_tui.reports.layout",
    "mace_tui.reports.markdown",
    "mace_tui.reports.csv_out",
    "mace_tui.reports.docx_out",
    "mace_tui.reports.files",
    "mace_tui.reports.export",
)


def test_no_reports_module_imports_textual() -> None:
    code = f"import sys; import {', '.join(MODULES)}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_export_command_loads_nothing_heavy_until_run() -> None:
    code = "import sys, mace_tui.commands.export; print(sorted({'docx', 'sqlalchemy', 'textual'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_renderers_need_no_database_stack() -> None:
    code = (
        "import sys, mace_tui.reports.markdown, mace_tui.reports.csv_out, "
        "mace_tui.reports.docx_out, mace_tui.reports.export; "
        "print(sorted({'sqlalchemy', 'sqlmodel', 'store.db', 'store.models'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # The one error family (store.errors) is light by design; the database stack is not loaded.
    assert out.stdout.strip() == "[]"

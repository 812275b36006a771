"""One rule for every CSV cell we write: text a spreadsheet shows, never runs (R18).

A cell that starts (after any spaces or line breaks) with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return — or their full-width forms, which some
spreadsheets read the same way — is a formula to Excel, LibreOffice and
Google Sheets. Such a cell gets a leading apostrophe, which every one of them
shows as text. Every CSV writer in the app passes every cell through
:func:`csv_cell`; a test checks each one.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_cell(value: object, *, one_line: bool = False) -> str:
    """``value`` as CSV cell text that cannot run as a formula; ``one_line`` folds line breaks."""
    text = "" if value is None else str(value)
    if one_line and ("\n" in text or "\r" in text):
        text = " ".join(text.split())
    if text.lstrip(" ").startswith(FORMULA_START):
        return "'" + text
    return text


__all__ = ["FORMULA_START", "csv_cell"]

"""Table cells shown as written.

Textual's DataTable reads a ``str`` cell as Rich markup: text people typed (a name, an
agency, an action) lost any word in square brackets that looks like a style ("Call back
[urgent]" showed as "Call back "), and a stray closing tag ("[/b]") stopped the app. Cells
made here are plain text, cropped to the row as a ``str`` cell is (and not parsed, which
also spares each cell the markup parser when a table is first drawn).
"""

from __future__ import annotations

from rich.text import Text


def plain(*cells: str | Text) -> tuple[Text, ...]:
    """The cells of a one-line row: each ``str`` as plain text, a ``Text`` as it is."""
    return tuple(
        Text(cell, no_wrap=True, end="") if isinstance(cell, str) else cell for cell in cells
    )


def headings(*labels: str) -> tuple[Text, ...]:
    """Column headings as Text, drawn as a ``str`` heading is: a ``str`` is read as Rich markup,
    whose first use loads Rich's emoji table (2-3 ms of a screen's first frame)."""
    return tuple(Text(label) for label in labels)

"""A text area that underlines victim-blaming phrases as you type (R15) and offers better wording.

Textual's TextArea highlights through a private hook (``_build_highlight_map``
and ``_highlights``, keyed by line with UTF-8 byte columns). It is wrapped
here, in one class, and tested, so an upgrade that moves it fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.style import Style
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import Selection, TextAreaTheme

from mace_tui.rules.language import Hit, check

HIGHLIGHT = "mace.blame"


def _theme(base: TextAreaTheme) -> TextAreaTheme:
    styles = dict(base.syntax_styles)
    styles[HIGHLIGHT] = Style(color="yellow", underline=True, bold=True)
    return TextAreaTheme(
        name="mace-language",
        base_style=base.base_style,
        gutter_style=base.gutter_style,
        cursor_style=base.cursor_style,
        cursor_line_style=base.cursor_line_style,
        cursor_line_gutter_style=base.cursor_line_gutter_style,
        bracket_matching_style=base.bracket_matching_style,
        selection_style=base.selection_style,
        syntax_styles=styles,
    )


class LanguageArea(TextArea):
    """A soft-wrapping text area whose blaming phrases are underlined."""

    @dataclass
    class HitsChanged(Message):
        """The phrases found in the text changed (for a hint line)."""

        area: LanguageArea
        hits: list[Hit]

        @property
        def control(self) -> LanguageArea:
            """The area, so handlers can match it by selector."""
            return self.area

    def __init__(
        self,
        text: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
        compact: bool = False,
    ) -> None:
        # Set first: TextArea builds its highlight map while it initialises.
        self.hits: list[Hit] = []
        super().__init__(
            text, id=id, classes=classes, soft_wrap=True, show_line_numbers=False, compact=compact
        )

    def on_mount(self) -> None:
        base = TextAreaTheme.get_builtin_theme("css") or TextAreaTheme(name="plain")
        self.register_theme(_theme(base))
        self.theme = "mace-language"
        self._build_highlight_map()

    def _build_highlight_map(self) -> None:
        """Highlight every phrase found by the language check."""
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        text = self.text
        hits = check(text)
        line_starts = [0]
        for line in text.split("\n")[:-1]:
            line_starts.append(line_starts[-1] + len(line) + 1)
        for hit in hits:
            self._mark(highlights, text, line_starts, hit)
        if [(h.start, h.end) for h in hits] != [(h.start, h.end) for h in self.hits]:
            self.hits = hits
            self.post_message(self.HitsChanged(self, hits))

    @staticmethod
    def _mark(highlights: Any, text: str, line_starts: list[int], hit: Hit) -> None:
        from bisect import bisect_right

        row = bisect_right(line_starts, hit.start) - 1
        end_row = bisect_right(line_starts, max(hit.end - 1, hit.start)) - 1
        for line in range(row, end_row + 1):
            line_text = text[
                line_starts[line] : (line_starts[line + 1] - 1)
                if line + 1 < len(line_starts)
                else len(text)
            ]
            start = max(hit.start - line_starts[line], 0) if line == row else 0
            end = (hit.end - line_starts[line]) if line == end_row else len(line_text)
            start_b = len(line_text[:start].encode("utf-8"))
            end_b = len(line_text[:end].encode("utf-8"))
            highlights[line].append((start_b, end_b, HIGHLIGHT))

    def hit_near_cursor(self) -> Hit | None:
        """The phrase under or before the cursor, else the first one in the text."""
        if not self.hits:
            return None
        row, column = self.cursor_location
        lines = self.text.split("\n")
        offset = sum(len(line) + 1 for line in lines[:row]) + column
        for hit in self.hits:
            if hit.start <= offset <= hit.end:
                return hit
        before = [hit for hit in self.hits if hit.end <= offset]
        return before[-1] if before else self.hits[0]

    def apply_better_wording(self) -> Hit | None:
        """Replace the phrase near the cursor with the suggested wording; returns what was replaced."""
        hit = self.hit_near_cursor()
        if hit is None:
            return None
        text = self.text
        instead = fitted_wording(text[: hit.start], hit.phrase.instead)
        self.replace(instead, _location(text, hit.start), _location(text, hit.end))
        # A bracketed part is for the chair to fill in: select it, so typing replaces it.
        open_at, close_at = instead.find("("), instead.find(")")
        if 0 <= open_at < close_at:
            start = hit.start + open_at
            self.selection = Selection(
                _location(self.text, start), _location(self.text, start + close_at - open_at + 1)
            )
        return hit


def fitted_wording(before: str, instead: str) -> str:
    """The suggested wording without a verb the text already has: "She is putting herself at
    risk" becomes "She is at risk from…", not "She is is at risk from…"."""
    verb, _, rest = instead.partition(" ")
    words = before.rstrip().rsplit(maxsplit=1)
    if rest and words and words[-1].casefold() == verb.casefold():
        return rest
    return instead


def _location(text: str, index: int) -> tuple[int, int]:
    """(row, column) of a character offset."""
    before = text[:index]
    row = before.count("\n")
    return row, index - (before.rfind("\n") + 1)

"""A text area that underlines victim-blaming phrases as you type (R15) and offers better wording.

Textual's TextArea highlights through a private hook (``_build_highlight_map``
and ``_highlights``, keyed by line with UTF-8 byte columns). It is wrapped
here, in one class, and tested, so an upgrade that moves it fails loudly.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.style import Style
from textual import on
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

if TYPE_CHECKING:
    from types import ModuleType

    from mace_tui.rules.language import Hit

# The language check (its stemmer and phrase list) is imported when there is text to check or
# the area is focused, not when an empty area is first painted (start-up stays light).
LANGUAGE = "mace_tui.rules.language"


def _language() -> ModuleType:
    return sys.modules.get(LANGUAGE) or importlib.import_module(LANGUAGE)


def _warm() -> None:
    _language().check("")  # the first check reads the phrase list


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
    """A soft-wrapping text area whose blaming phrases are underlined.

    The hint is about one phrase: the one the cursor is in, or else the last one
    before the cursor; ctrl+l (bound by the screen) acts on that same phrase.
    """

    NOTHING_TO_DROP_IN = "No wording fits in place of this phrase: the hint says what to write."

    @dataclass
    class HintChanged(Message):
        """The phrase at or before the cursor changed (None: there is none)."""

        area: LanguageArea
        hit: Hit | None

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
        self.hint_hit: Hit | None = None
        super().__init__(
            text, id=id, classes=classes, soft_wrap=True, show_line_numbers=False, compact=compact
        )

    def on_mount(self) -> None:
        base = TextAreaTheme.get_builtin_theme("css") or TextAreaTheme(name="plain")
        self.register_theme(_theme(base))
        self.theme = "mace-language"
        self._build_highlight_map()

    def on_focus(self) -> None:
        # Typing is about to start: load the check now, after this frame, not on the first key.
        if LANGUAGE not in sys.modules:
            self.call_after_refresh(_warm)

    def _build_highlight_map(self) -> None:
        """Highlight every phrase found by the language check."""
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        text = self.text
        # An empty text has no phrase in it: the check is not loaded for it.
        hits: list[Hit] = _language().check(text) if text else []
        line_starts = [0]
        for line in text.split("\n")[:-1]:
            line_starts.append(line_starts[-1] + len(line) + 1)
        for hit in hits:
            self._mark(highlights, text, line_starts, hit)
        self.hits = hits
        self._update_hint()

    @on(TextArea.SelectionChanged)
    def _cursor_moved(self) -> None:
        self._update_hint()

    def _update_hint(self) -> None:
        hit = self.hit_near_cursor()
        if _same(hit, self.hint_hit):
            return
        self.hint_hit = hit
        self.post_message(self.HintChanged(self, hit))

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
        """The phrase the cursor is in, else the last one before the cursor, else None."""
        if not self.hits:
            return None
        row, column = self.cursor_location
        lines = self.text.split("\n")
        offset = sum(len(line) + 1 for line in lines[:row]) + column
        found: Hit | None = _language().hit_at(self.hits, offset)
        return found

    def apply_better_wording(self) -> Hit | None:
        """Put the drop-in wording in place of the phrase the hint is about.

        Returns the phrase replaced, or None when there is no phrase at or
        before the cursor or no wording fits the sentence in its place.
        """
        hit = self.hit_near_cursor()
        if hit is None or hit.replacement is None:
            return None
        text = self.text
        self.replace(hit.replacement, _location(text, hit.start), _location(text, hit.end))
        return hit


def _same(a: Hit | None, b: Hit | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.start, a.end, a.text, a.phrase) == (b.start, b.end, b.text, b.phrase)


def _location(text: str, index: int) -> tuple[int, int]:
    """(row, column) of a character offset."""
    before = text[:index]
    row = before.count("\n")
    return row, index - (before.rfind("\n") + 1)

"""The action log as Markdown: the marking on the first and last line, then the record.

Each part (meeting, child, agency) renders on its own too, so the in-app
screen shows exactly the words the exported file holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mace_tui.reports import layout, words
from mace_tui.reports.layout import Block, Bullets, Facts, Heading, Paragraph, Table
from mace_tui.reports.marking import marking_line
from mace_tui.reports.records import ActionLog

# Characters that are markup wherever they stand; "_" only at the edge of a word.
_SPECIAL = re.compile(r"([\\`*\[\]<>|~])|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_SPACE = re.compile(r"\s+")


def md(text: str) -> str:
    """Typed text made safe for Markdown: one line, with markup characters escaped."""
    flat = _SPACE.sub(" ", text).strip()
    return _SPECIAL.sub(lambda match: "\\" + match.group(0), flat)


def blocks_to_markdown(blocks: Iterable[Block]) -> str:
    """Blocks as Markdown, a blank line between each."""
    return "\n\n".join(_block(block) for block in blocks)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * block.level + " " + md(block.text)
    if isinstance(block, Paragraph):
        text = md(block.text)
        return f"**{md(block.label)}** {text}" if block.label else text
    if isinstance(block, Facts):
        return "\n".join(f"- **{md(label)}:** {md(value)}" for label, value in block.items)
    if isinstance(block, Bullets):
        return "\n".join(f"- {md(item)}" for item in block.items)
    return _table(block)


def _table(block: Table) -> str:
    lines = ["| " + " | ".join(md(h) for h in block.header) + " |"]
    lines.append("|" + "---|" * len(block.header))
    for row in block.rows:
        lines.append("| " + " | ".join(md(cell) or words.NONE for cell in row) + " |")
    return "\n".join(lines)


def render_markdown(log: ActionLog) -> str:
    """The whole log, its short record, or one agency's copy, as a Markdown document."""
    marking = marking_line(log.version_label)
    body = blocks_to_markdown(layout.document(log))
    return f"{marking}\n\n{body}\n\n---\n\n{md(layout.closing(log))}\n\n{marking}\n"


def render_markdown_bytes(log: ActionLog) -> bytes:
    """The Markdown file's bytes (UTF-8)."""
    return render_markdown(log).encode("utf-8")

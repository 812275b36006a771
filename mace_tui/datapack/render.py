"""The data pack as Markdown, CSV and Word, marked OFFICIAL-SENSITIVE on the first and last line.

Markdown and Word render the same blocks (``mace_tui.reports.layout``): per figure,
what it counts, a table of its lines over the pack's months (the pack's month last)
and, for the figures that list things (locations, education settings, children
with 3 or more referrals), the month's list. The CSV holds every line's value in
every month, one row each, then the lists' rows, for a spreadsheet.
"""

from __future__ import annotations

import csv
import io

from mace_tui.datapack.pack import DataPack, Figure
from mace_tui.reports.cells import csv_cell
from mace_tui.reports.chart import ChartSeries, bar_chart_png, caption
from mace_tui.reports.layout import Block, Facts, Heading, Paragraph, Table
from mace_tui.reports.marking import marking_line

ENCODING = "utf-8-sig"
CLOSING = (
    "Figures computed from the MACE store when this pack was made; definitions beside each. "
    "Keep it with the monthly meeting's papers; do not print it or pass it on."
)
CSV_COLUMNS = ("pack_month", "figure", "line", "month", "value", "detail")


def file_stem(pack: DataPack) -> str:
    """``data-pack-2026-11``: no child, person or place in a file name."""
    return f"data-pack-{pack.month}"


def title(pack: DataPack) -> str:
    """The document's title (also its Word property)."""
    return f"Monthly data pack, {pack.month.first:%B %Y}"


def trend_table(pack: DataPack, figure: Figure) -> Table:
    """The figure's lines over the pack's months, the pack's month last."""
    header = ("Line", *(m.short for m in pack.months))
    rows = tuple((line.label, *(str(v) for v in line.values)) for line in figure.series)
    return Table(header, rows)


def figure_blocks(pack: DataPack, figure: Figure) -> list[Block]:
    """One figure: heading, definition, trend table, the month's list."""
    blocks: list[Block] = [
        Heading(2, figure.title),
        Paragraph(figure.definition, label="What it counts:"),
        trend_table(pack, figure),
    ]
    if figure.header:
        blocks.append(Heading(3, f"{figure.title}: the list for {pack.month.label}"))
        blocks.append(
            Table(figure.header, figure.rows or ((("none",) + ("",) * (len(figure.header) - 1)),))
        )
    return blocks


# The blocks before the first figure: the title and the pack's facts.
_PREAMBLE = 2


def document(pack: DataPack) -> list[Block]:
    """The whole pack as blocks."""
    first, last = pack.months[0], pack.months[-1]
    blocks: list[Block] = [
        Heading(1, title(pack)),
        Facts(
            (
                ("Month", pack.month.label),
                ("Trend", f"{first.label} to {last.label} ({len(pack.months)} months)"),
                ("DRMM queues counted", ", ".join(pack.drmm_profiles) or "none"),
                ("Made", f"{pack.generated_at:%Y-%m-%d %H:%M} UTC"),
            )
        ),
    ]
    for figure in pack.figures:
        blocks.extend(figure_blocks(pack, figure))
    return blocks


def render_markdown(pack: DataPack) -> bytes:
    """The Markdown file's bytes."""
    from mace_tui.reports.form_export import blocks_markdown

    return blocks_markdown(document(pack), marking=marking_line(), closing=CLOSING)


def charted(figure: Figure) -> tuple[ChartSeries, ...]:
    """The lines of a figure its chart shows: the totals (HIGH risk: CSE's and CCE's across
    authorities), not every breakdown, which stays in the table."""
    if figure.key == "high-risk":
        lines = [s for s in figure.series if s.label.endswith(", all authorities")]
    else:
        lines = list(figure.series[:1])
    return tuple(ChartSeries(s.label, s.values) for s in lines)


def charts(pack: DataPack) -> dict[int, tuple[bytes, str]]:
    """A bar chart after each figure's trend table, by the index of that table's block."""
    found: dict[int, tuple[bytes, str]] = {}
    at = len(document(pack)[:_PREAMBLE])
    first, last = pack.months[0].label, pack.months[-1].label
    for figure in pack.figures:
        lines = charted(figure)
        if lines and len(pack.months) > 1:
            found[at + 2] = (bar_chart_png(lines), caption(lines, first, last))
        at += len(figure_blocks(pack, figure))
    return found


def render_docx(pack: DataPack) -> bytes:
    """The Word document's bytes (A4 landscape, marked in every header and footer), with a
    bar chart of each figure's trend under its table."""
    from mace_tui.reports.form_export import blocks_docx

    return blocks_docx(
        document(pack), marking=marking_line(), title=title(pack), at=pack.generated_at,
        closing=CLOSING, pictures=charts(pack),
    )  # fmt: skip


def render_csv(pack: DataPack) -> bytes:
    """The CSV file's bytes: every line in every month, then each list's rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    marking = marking_line()
    writer.writerow([csv_cell(marking)])
    writer.writerow(CSV_COLUMNS)
    month = str(pack.month)
    for figure in pack.figures:
        for line in figure.series:
            for each, value in zip(pack.months, line.values, strict=True):
                writer.writerow(
                    [csv_cell(c) for c in (month, figure.key, line.label, each, value, "")]
                )
    for figure in pack.figures:
        for row in figure.rows:
            detail = "; ".join(f"{h}: {c}" for h, c in zip(figure.header, row, strict=True))
            writer.writerow(
                [
                    csv_cell(c, one_line=True)
                    for c in (month, f"{figure.key} list", row[0], month, "", detail)
                ]
            )
    writer.writerow([csv_cell(marking)])
    return out.getvalue().encode(ENCODING)


__all__ = [
    "charted",
    "charts",
    "document",
    "file_stem",
    "render_csv",
    "render_docx",
    "render_markdown",
]

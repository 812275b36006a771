"""The bar chart drawn into the data pack's Word file (R21): a real PNG whose bars follow the
figures, the same bytes for the same figures, and one chart under each figure's table."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from datetime import date

import pytest

from mace_tui.datapack.render import charted, render_docx
from mace_tui.reports.chart import (
    COLOURS,
    HEIGHT,
    WIDTH,
    ChartSeries,
    bar_chart_png,
    geometry,
    nice_scale,
    slot_bounds,
)
from store.db import Store
from tests.reports.test_data_pack import Hub, pack_of


@pytest.fixture
def hub(store: Store) -> Iterator[Hub]:
    with store.session() as session:
        yield Hub(session)


def decode(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGB rows of a PNG as the chart writes it (8-bit RGB, filter 0),
    checking the signature and every chunk's CRC on the way."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, data, size = 8, b"", (0, 0)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        if kind == b"IHDR":
            width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", body)
            assert (depth, colour) == (8, 2)
            size = (width, height)
        elif kind == b"IDAT":
            data += body
        at += 12 + length
    raw = zlib.decompress(data)
    stride = size[0] * 3 + 1
    rows = [raw[y * stride : (y + 1) * stride] for y in range(size[1])]
    assert all(row[0] == 0 for row in rows)
    return size[0], size[1], [row[1:] for row in rows]


def bar_heights(png: bytes, series: list[ChartSeries]) -> list[list[int]]:
    """Per series, per month: how many pixels of the series's colour stand in its bar's column."""
    _, _, rows = decode(png)
    g = geometry(series)
    months = len(series[0].values)
    found = []
    for index in range(len(series)):
        colour = bytes(COLOURS[index][0])
        heights = []
        for month in range(months):
            left, right = slot_bounds(g, months, month, index, len(series))
            x = (left + right) // 2
            heights.append(sum(1 for row in rows if row[x * 3 : x * 3 + 3] == colour))
        found.append(heights)
    return found


# largest value → (top of the axis, step)
SCALES = [(0, (1, 1)), (1, (1, 1)), (5, (5, 1)), (6, (6, 2)), (9, (10, 2)), (10, (10, 2)),
          (11, (15, 5)), (23, (25, 5)), (26, (30, 10)), (99, (100, 20)), (101, (150, 50)),
          (1234, (1500, 500))]  # fmt: skip


@pytest.mark.parametrize(("largest", "expected"), SCALES)
def test_the_value_axis_ends_on_a_round_number(largest: int, expected: tuple[int, int]) -> None:
    top, step = nice_scale(largest)
    assert (top, step) == expected and top >= largest and top // step <= 5


VALUES = [
    [ChartSeries("All referrals", (0, 3, 7, 10, 1, 0, 0, 2, 4, 6, 8, 9))],
    [ChartSeries("CSE", (1, 0, 2, 5)), ChartSeries("CCE", (4, 4, 0, 3))],
    [ChartSeries("None yet", (0, 0, 0))],
]


@pytest.mark.parametrize("series", VALUES)
def test_each_bar_is_as_tall_as_its_figure(series: list[ChartSeries]) -> None:
    png = bar_chart_png(series)
    width, height, _ = decode(png)
    assert (width, height) == (WIDTH, HEIGHT)
    g = geometry(series)
    measured = bar_heights(png, series)
    for each, heights in zip(series, measured, strict=True):
        assert heights == [g.bar_height(v) for v in each.values]
    # Taller for a bigger figure, none for a zero, the largest reaching most of the plot.
    flat = [(v, h) for each, hs in zip(series, measured, strict=True)
            for v, h in zip(each.values, hs, strict=True)]  # fmt: skip
    assert all(h == 0 for v, h in flat if v == 0)
    assert [h for _, h in sorted(flat)] == sorted(h for _, h in flat)


def test_the_same_figures_give_the_same_bytes() -> None:
    series = VALUES[0]
    assert bar_chart_png(series) == bar_chart_png(list(series))
    assert bar_chart_png(series) != bar_chart_png([ChartSeries("All referrals", (1,) * 12)])


def test_the_word_pack_has_a_chart_under_each_figures_table(hub: Hub) -> None:
    from docx import Document

    child = hub.child()
    for day in (date(2026, 9, 3), date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)):
        hub.item(child, day)
    pack = pack_of(hub)
    doc = Document(io.BytesIO(render_docx(pack)))
    pictures = [shape._inline.graphic.graphicData.pic.blipFill.blip.embed
                for shape in doc.inline_shapes]  # fmt: skip
    assert len(pictures) == len(pack.figures)
    referrals = charted(pack.figure("referrals"))
    [first] = [doc.part.related_parts[pictures[0]].blob]
    assert first == bar_chart_png(list(referrals))
    heights = bar_heights(first, list(referrals))[0]
    g = geometry(list(referrals))
    assert heights[-1] == g.bar_height(3) and heights[-3] == g.bar_height(1) > 0
    assert heights[-2] == 0
    captions = [p.text for p in doc.paragraphs if p.text.startswith("Chart: ")]
    assert captions[0].startswith("Chart: All referrals, by month from Dec 2025")
    high = next(c for c in captions if "all authorities" in c)
    assert "(dark blue)" in high and "(orange)" in high

"""A small bar chart as PNG bytes, for the Word files (R21: a trend that reads better drawn).

No imaging library: the picture is drawn into a plain RGB raster and encoded with zlib
and struct (PNG: signature, IHDR, one IDAT, IEND). The same figures always give the
same bytes, so a test can read the picture back and measure the bars. Numbers on the
value axis are drawn with a 3×5 pixel digit font; months are ticked on the other axis
and named in the caption and the table beside the chart.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Sequence

from store.frozen import record

WIDTH = 640
HEIGHT = 240
LEFT = 44  # room for the value labels
RIGHT = 8
TOP = 10
BOTTOM = 16  # room for the month ticks
SCALE = 2  # each font pixel is SCALE × SCALE

WHITE = (255, 255, 255)
AXIS = (60, 60, 60)
GRID = (225, 225, 225)
# One colour per series, in order, and its name for the caption.
COLOURS = (
    ((31, 78, 121), "dark blue"),
    ((214, 110, 32), "orange"),
    ((90, 150, 60), "green"),
    ((150, 60, 120), "purple"),
)

_DIGITS = {
    "0": ("111", "101", "101", "101", "111"),
    "1": ("010", "110", "010", "010", "111"),
    "2": ("111", "001", "111", "100", "111"),
    "3": ("111", "001", "111", "001", "111"),
    "4": ("101", "101", "111", "001", "001"),
    "5": ("111", "100", "111", "001", "111"),
    "6": ("111", "100", "111", "101", "111"),
    "7": ("111", "001", "001", "001", "001"),
    "8": ("111", "101", "111", "101", "111"),
    "9": ("111", "101", "111", "001", "111"),
}


@record
class ChartSeries:
    """One set of bars: a label and a value per month, oldest first."""

    label: str
    values: tuple[int, ...]


@record
class Geometry:
    """Where the bars go: the plot's box and the value at its top (for tests and captions)."""

    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    top_value: int
    step: int

    @property
    def plot_height(self) -> int:
        """Pixels from the value axis's zero to its top value."""
        return self.plot_bottom - self.plot_top

    def bar_height(self, value: int) -> int:
        """The height in pixels of a bar for ``value``."""
        return round(value * self.plot_height / self.top_value)


def nice_scale(largest: int) -> tuple[int, int]:
    """The value at the top of the axis and the tick step: 1, 2 or 5 × 10ⁿ, at most 5 ticks."""
    if largest <= 0:
        return 1, 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            each = step * factor
            if math.ceil(largest / each) <= 5:
                return each * math.ceil(largest / each), each
        step *= 10


def geometry(series: Sequence[ChartSeries]) -> Geometry:
    """The chart's layout for these series."""
    largest = max((v for s in series for v in s.values), default=0)
    top_value, step = nice_scale(largest)
    return Geometry(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM, top_value, step)


def slot_bounds(g: Geometry, months: int, month: int, index: int, count: int) -> tuple[int, int]:
    """The first and last pixel column of bar ``index`` of ``count`` in month ``month``."""
    slot = (g.plot_right - g.plot_left) / months
    start = g.plot_left + slot * month + slot * 0.15
    width = slot * 0.7 / count
    left = round(start + width * index)
    right = max(left, round(start + width * (index + 1)) - 2)
    return left, right


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(WHITE) * width) for _ in range(height)]

    def fill(self, x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int]) -> None:
        """Fill the box from (x0, y0) to (x1, y1), both included, clipped to the canvas."""
        x0, x1 = max(0, x0), min(self.width - 1, x1)
        y0, y1 = max(0, y0), min(self.height - 1, y1)
        if x0 > x1 or y0 > y1:
            return
        run = bytes(colour) * (x1 - x0 + 1)
        for y in range(y0, y1 + 1):
            self.rows[y][x0 * 3 : (x1 + 1) * 3] = run

    def number(self, text: str, right: int, middle: int) -> None:
        """Draw digits ending at column ``right``, centred on row ``middle``."""
        width = (4 * len(text) - 1) * SCALE
        x = right - width
        y = middle - (5 * SCALE) // 2
        for char in text:
            for row, bits in enumerate(_DIGITS[char]):
                for col, bit in enumerate(bits):
                    if bit == "1":
                        px, py = x + col * SCALE, y + row * SCALE
                        self.fill(px, py, px + SCALE - 1, py + SCALE - 1, AXIS)
            x += 4 * SCALE

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)  # filter type 0 on each row

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def bar_chart_png(series: Sequence[ChartSeries]) -> bytes:
    """Grouped bars, one group per month (oldest left), one colour per series."""
    if not series or not series[0].values:
        raise ValueError("a chart needs at least one series with values")
    if len(series) > len(COLOURS):
        raise ValueError(f"a chart shows at most {len(COLOURS)} series")
    months = len(series[0].values)
    g = geometry(series)
    canvas = _Canvas(g.width, g.height)
    for tick in range(0, g.top_value + 1, g.step):
        y = g.plot_bottom - g.bar_height(tick)
        if tick:
            canvas.fill(g.plot_left + 1, y, g.plot_right, y, GRID)
        canvas.fill(g.plot_left - 4, y, g.plot_left - 1, y, AXIS)
        canvas.number(str(tick), g.plot_left - 7, y)
    for month in range(months):
        for index, each in enumerate(series):
            height = g.bar_height(each.values[month])
            if height:
                left, right = slot_bounds(g, months, month, index, len(series))
                colour = COLOURS[index][0]
                canvas.fill(left, g.plot_bottom - height, right, g.plot_bottom - 1, colour)
        x = round(g.plot_left + (g.plot_right - g.plot_left) / months * (month + 0.5))
        canvas.fill(x, g.plot_bottom + 1, x, g.plot_bottom + 4, AXIS)
    canvas.fill(g.plot_left, g.plot_top, g.plot_left, g.plot_bottom, AXIS)
    canvas.fill(g.plot_left, g.plot_bottom, g.plot_right, g.plot_bottom, AXIS)
    return canvas.png()


def caption(series: Sequence[ChartSeries], first: str, last: str) -> str:
    """What the chart shows, each series named with its colour."""
    named = "; ".join(
        f"{each.label} ({COLOURS[i][1]})" if len(series) > 1 else each.label
        for i, each in enumerate(series)
    )
    return f"Chart: {named}, by month from {first} to {last} (figures in the table above)."


__all__ = ["ChartSeries", "Geometry", "bar_chart_png", "caption", "geometry", "nice_scale"]

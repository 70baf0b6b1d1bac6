"""Charts with reportlab.graphics, for the PDF and (as SVG) for the HTML twin.

Layout is computed, never guessed: every label is wrapped to its column with the font's real
metrics (words longer than the column are broken), each row is as tall as its longest label,
and the drawing is as tall as its rows, so nothing overlaps or is cut off. Bars use a fixed
0–100 % scale so two charts can be compared by eye. A suppressed figure gets no bar at all,
only the word "gesperrt": its length would give the value away.

Colours stay readable in greyscale: single bars are one dark tone; the diverging scale runs
dark – light – grey – light – dark, and the side of the axis tells the two halves apart.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache

import reportlab
from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Line, Path, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from evaluation.german import percent
from evaluation.reports.model import BarChart, Chart, DivergingChart

FONT = "BriefSans"
FONT_BOLD = "BriefSans-Bold"
SIZE = 8
LEADING = 10
BAR = colors.HexColor("#1f4e79")
GRID = colors.HexColor("#bfbfbf")
TEXT = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#4d4d4d")
SUPPRESSED = "gesperrt"
LOW, LOW_LIGHT = "#a63603", "#fdae6b"
MIDDLE = "#d9d9d9"
HIGH_LIGHT, HIGH = "#9ecae1", "#08519c"


@cache
def register_fonts() -> None:
    """Bitstream Vera ships with ReportLab: German quotes, dashes and ≥ without a system font."""
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "VeraBd.ttf")))
    pdfmetrics.registerFont(TTFont("BriefSans-Italic", os.path.join(folder, "VeraIt.ttf")))
    pdfmetrics.registerFont(TTFont("BriefSans-BoldItalic", os.path.join(folder, "VeraBI.ttf")))
    from reportlab.lib.fonts import addMapping

    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, "BriefSans-Italic")
    addMapping(FONT, 1, 1, "BriefSans-BoldItalic")


@lru_cache(maxsize=65536)
def text_width(text: str, size: float = SIZE, font: str = FONT) -> float:
    """Width in points; cached, as tables repeat the same few strings ("." and "0,0") a lot."""
    register_fonts()
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, width: float, size: float = SIZE, font: str = FONT) -> list[str]:
    """Lines of at most `width` points; a word wider than that is broken inside."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while text_width(word, size, font) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut] + "-", size, font) > width:
                cut -= 1
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def wrap_lines(text: str, width: float, size: float = SIZE, font: str = FONT) -> list[str]:
    """`wrap` for text with line breaks of its own: each line is wrapped, the breaks kept."""
    return [line for part in text.split("\n") for line in wrap(part, width, size, font)]


def _labels(drawing: Drawing, lines: list[str], x: float, top: float, height: float) -> None:
    """Lines vertically centred in a row whose top edge is `top`."""
    block = len(lines) * LEADING
    y = top - (height - block) / 2 - SIZE
    for line in lines:
        drawing.add(String(x, y, line, fontName=FONT, fontSize=SIZE, fillColor=TEXT))
        y -= LEADING


def _axis(drawing: Drawing, x0: float, top: float, bottom: float, ticks) -> None:
    """Grid lines as one path (one shape to draw instead of five), tick labels, the axis."""
    grid = Path(strokeColor=GRID, strokeWidth=0.5, fillColor=None)
    for _, x in ticks:
        grid.moveTo(x, top)
        grid.lineTo(x, bottom)
    drawing.add(grid)
    for value, x in ticks:
        drawing.add(
            String(
                x,
                bottom - SIZE - 2,
                value,
                fontName=FONT,
                fontSize=SIZE - 1,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    drawing.add(Line(x0, top, x0, bottom, strokeColor=TEXT, strokeWidth=0.75))


def _suppressed(drawing: Drawing, x: float, middle: float) -> None:
    """A withheld figure gets the word in place of its bar: no length gives it away."""
    drawing.add(
        String(x, middle - SIZE / 3, SUPPRESSED, fontName=FONT, fontSize=SIZE, fillColor=MUTED)
    )


def bar_chart(chart: BarChart, width: float) -> Drawing:
    """Horizontal bars on a 0–100 % scale; the figure printed at the end of each bar."""
    register_fonts()
    label_w = width * 0.38
    value_w = max(text_width(bar.text) for bar in chart.bars) + 8 if chart.bars else 40
    value_w = max(value_w, text_width("100 %") / 2 + 4)
    plot_x = label_w + 8
    plot_w = max(width - plot_x - value_w, 40)
    wrapped = [wrap(bar.label, label_w) for bar in chart.bars]
    heights = [max(len(lines) * LEADING, 12) + 6 for lines in wrapped]
    axis_h = SIZE + 6
    height = sum(heights) + axis_h + 4
    drawing = Drawing(width, height)
    top = height - 2
    bottom = axis_h
    ticks = [(percent(v), plot_x + plot_w * v / 100) for v in (0, 25, 50, 75, 100)]
    _axis(drawing, plot_x, top, bottom, ticks)
    y = top
    for bar, lines, row_h in zip(chart.bars, wrapped, heights, strict=True):
        _labels(drawing, lines, 0, y, row_h)
        middle = y - row_h / 2
        if bar.value is None:
            _suppressed(drawing, plot_x + 4, middle)
        else:
            length = plot_w * max(0.0, min(bar.value, 100.0)) / 100
            drawing.add(_rect(plot_x, middle - 5, length, 10, BAR))
            drawing.add(
                String(
                    plot_x + length + 3,
                    middle - SIZE / 3,
                    bar.text,
                    fontName=FONT,
                    fontSize=SIZE,
                    fillColor=TEXT,
                )
            )
        y -= row_h
    return drawing


def _mix(a: str, b: str, t: float) -> str:
    ca, cb = colors.HexColor(a), colors.HexColor(b)
    parts = [x + (y - x) * t for x, y in zip(ca.rgb(), cb.rgb(), strict=True)]
    return "#" + "".join(f"{round(p * 255):02x}" for p in parts)


def palette(k: int) -> list[str]:
    """k fills from the first to the last scale point: dark at both ends, lighter inwards."""
    half = k // 2
    steps = [i / (half - 1) if half > 1 else 0.0 for i in range(half)]
    low = [_mix(LOW, LOW_LIGHT, t) for t in steps]
    high = [_mix(HIGH, HIGH_LIGHT, t) for t in steps][::-1]
    return [*low, *([MIDDLE] if k % 2 else []), *high]


def ink(fill: str) -> colors.Color:
    """White on dark fills, near-black on light ones (relative luminance, WCAG formula)."""
    r, g, b = (
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        for c in colors.HexColor(fill).rgb()
    )
    return colors.white if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.18 else TEXT


def _rect(
    x: float,
    y: float,
    width: float,
    height: float,
    fill: colors.Color,
    stroke: colors.Color | None = None,
    stroke_width: float | None = None,
) -> Rect:
    """A filled rectangle. Its style is set as attributes, which is what Rect's keywords do:
    types-reportlab types those keywords as one TypedDict (no `Unpack`), so they cannot pass."""
    rect = Rect(x, y, width, height)
    rect.fillColor = fill
    rect.strokeColor = stroke
    if stroke_width is not None:
        rect.strokeWidth = stroke_width
    return rect


def _legend(
    drawing_items: list[tuple[str, float, float, str]],
    categories: list[str],
    fills: list[str],
    width: float,
) -> float:
    """Swatches and labels flowing in rows; returns the height used."""
    x = 0.0
    rows: list[list[tuple[float, list[str], str]]] = [[]]
    for label, fill in zip(categories, fills, strict=True):
        lines = wrap(label, width - 14)
        item_w = 12 + max(text_width(line) for line in lines) + 12
        if x and x + item_w > width:
            rows.append([])
            x = 0.0
        rows[-1].append((x, lines, fill))
        x += item_w
    height = 0.0
    for row in rows:
        row_h = max(len(lines) for _, lines, _ in row) * LEADING + 4
        for x, lines, fill in row:
            drawing_items.append(("swatch", x, height, fill))
            for i, line in enumerate(lines):
                drawing_items.append(("text", x + 12, height + i * LEADING, line))
        height += row_h
    return height


def diverging_chart(chart: DivergingChart, width: float) -> Drawing:
    """Stacked bars centred on the middle of the scale: lower half left, upper half right."""
    register_fonts()
    k = len(chart.categories)
    fills = palette(k)
    label_w = width * 0.32
    base_w = max([text_width(row.base) for row in chart.rows] + [20]) + 8
    plot_x = label_w + 8
    plot_w = max(width - plot_x - base_w, 60)
    center = plot_x + plot_w / 2
    scale = plot_w / 200
    legend_items: list = []
    legend_h = _legend(legend_items, list(chart.categories), fills, width)
    wrapped = [wrap(row.label, label_w) for row in chart.rows]
    heights = [max(len(lines) * LEADING, 12) + 6 for lines in wrapped]
    axis_h = SIZE + 6
    height = legend_h + 6 + sum(heights) + axis_h + 4
    drawing = Drawing(width, height)
    for kind, x, offset, value in legend_items:
        y = height - offset - LEADING
        if kind == "swatch":
            fill = colors.HexColor(value)
            drawing.add(_rect(x, y - 1, 9, 9, fill, stroke=TEXT, stroke_width=0.3))
        else:
            drawing.add(String(x, y, value, fontName=FONT, fontSize=SIZE, fillColor=TEXT))
    top = height - legend_h - 6
    bottom = axis_h
    ticks = [
        ("100 %", plot_x),
        ("50 %", center - plot_w / 4),
        ("0", center),
        ("50 %", center + plot_w / 4),
        ("100 %", plot_x + plot_w),
    ]
    _axis(drawing, center, top, bottom, ticks)
    y = top
    for row, lines, row_h in zip(chart.rows, wrapped, heights, strict=True):
        _labels(drawing, lines, 0, y, row_h)
        middle = y - row_h / 2
        if row.shares is None:
            _suppressed(drawing, center + 4, middle)
        else:
            _stack(drawing, row.shares, fills, center, middle, scale)
        drawing.add(
            String(
                plot_x + plot_w + 6,
                middle - SIZE / 3,
                row.base,
                fontName=FONT,
                fontSize=SIZE - 1,
                fillColor=MUTED,
            )
        )
        y -= row_h
    return drawing


def _stack(drawing: Drawing, shares, fills, center: float, middle: float, scale: float) -> None:
    k = len(shares)
    half = k // 2
    segments: list[tuple[float, float, float, str]] = []
    left = center
    for i in range(half - 1, -1, -1):
        w = shares[i] * scale
        segments.append((left - w, w, shares[i], fills[i]))
        left -= w
    right = center
    if k % 2:
        w = shares[half] * scale
        segments.append((center - w / 2, w, shares[half], fills[half]))
        left_shift = w / 2
        segments = [
            (x - left_shift, w_, v, f) if x < center - 1e-9 else (x, w_, v, f)
            for x, w_, v, f in segments[:-1]
        ] + [segments[-1]]
        right = center + w / 2
    for i in range(half + (k % 2), k):
        w = shares[i] * scale
        segments.append((right, w, shares[i], fills[i]))
        right += w
    for x, w, value, fill in segments:
        if w <= 0:
            continue
        drawing.add(_rect(x, middle - 6, w, 12, colors.HexColor(fill)))
        label = f"{value:.0f}"
        if text_width(label, SIZE - 1) + 4 <= w:
            drawing.add(
                String(
                    x + w / 2,
                    middle - SIZE / 3,
                    label,
                    fontName=FONT,
                    fontSize=SIZE - 1,
                    fillColor=ink(fill),
                    textAnchor="middle",
                )
            )


def render(chart: Chart, width: float) -> Drawing:
    """The chart as a ReportLab drawing.

    ReportLab checks every attribute set on a shape against its schema; our shapes are built
    from fixed code paths that the tests render, so the check is switched off while building
    them (it is a third of the time of a chart) and restored afterwards.
    """
    checking = rl_config.shapeChecking
    rl_config.shapeChecking = 0
    try:
        if isinstance(chart, BarChart):
            return bar_chart(chart, width)
        return diverging_chart(chart, width)
    finally:
        rl_config.shapeChecking = checking

"""Tables of the brief and the feedback reports as ReportLab flowables.

The appendix of a large survey holds hundreds of tables, so the layout is computed here rather
than left to ReportLab: every cell is plain text wrapped with the font's metrics, every row's
height is known beforehand, and all cells of a kind share one style. That keeps ReportLab from
measuring each cell twice and from copying its frame for every caption it keeps with a table.

A table wider than the page is not squeezed: its columns are split into consecutive tables that
each repeat the row labels, so no figure is broken across lines and no header is cut into
single letters.
"""

from __future__ import annotations

import math
from functools import cache

from reportlab.platypus import CondPageBreak, Flowable, Preformatted, Spacer, TableStyle
from reportlab.platypus import Table as RLTable
from reportlab.platypus.tables import CellStyle

from evaluation.reports.model import TableRow, TableView
from evaluation.reports.render.charts import FONT, FONT_BOLD, register_fonts, text_width, wrap_lines
from evaluation.reports.render.pdf_styles import INK, RULE, WIDTH, lines

#: A table up to this tall moves to the next page whole rather than being split; a taller one
#: may start wherever its caption, header and first three rows fit.
SHORT_TABLE = 220
#: The row labels always get at least this width (points); the figures share the rest.
STUB_MIN = 110
#: The narrowest figure column, and the widest a header may be before it wraps.
COLUMN_MIN, HEADER_MAX = 34, 60
#: Size of the header row's text; font and size of each kind of table row.
HEAD_SIZE = 7.5
ROW_FONTS = {"head": (FONT_BOLD, HEAD_SIZE), "body": (FONT, 8), "bold": (FONT_BOLD, 8)}
BOLD_ROWS = ("total", "base")
CELL_PADDING, SIDE_PADDING = 2, 6


def table_flowables(view: TableView, styles: dict, number: int | None = None) -> list[Flowable]:
    """Caption, question, the table (in parts if it is too wide) and its footnotes; a caption
    never ends a page."""
    label = f"Tabelle {number}: {view.caption}" if number else view.caption
    caption = [lines(label, styles["h2"])]
    if view.question:
        caption.append(lines(view.question, styles["question"]))
    needs = [_column_need(view, i) for i in range(len(view.header))]
    parts: list[Flowable] = []
    for n, group in enumerate(_column_groups(needs)):
        table, heights = _table(_columns(view, group), [needs[i] for i in group])
        start = sum(heights) if sum(heights) <= SHORT_TABLE else sum(heights[:4])
        if n == 0:
            parts += [keep(caption, start), *caption, table]
        else:
            parts += [Spacer(1, 8), keep([], start), table]
    if view.footnotes:
        parts.append(lines("\n".join(view.footnotes), styles["notes"]))
    return parts


def keep(caption: list[Preformatted], body: float) -> CondPageBreak:
    """Room for a caption and what it belongs to, else a new page.

    ReportLab's keepWithNext would do the same by laying out the caption group (and copying
    the frame) once more for every caption; here the heights are known beforehand.
    """
    return CondPageBreak(sum(_height(part) for part in caption) + body)


def _height(text: Preformatted) -> float:
    return len(text.lines) * text.style.leading + text.style.spaceBefore + text.style.spaceAfter


def _column_need(view: TableView, i: int) -> float:
    """The width a figure column needs: its widest cell, and its header on at most a few lines."""
    head = view.header[i]
    whole = text_width(head, HEAD_SIZE, FONT_BOLD)
    longest_word = max((text_width(w, HEAD_SIZE, FONT_BOLD) for w in head.split()), default=0)
    cells = [
        text_width(row.cells[i], 8, FONT_BOLD if row.kind in BOLD_ROWS else FONT)
        for row in view.rows
    ]
    need = max([*cells, whole if whole <= HEADER_MAX else longest_word]) + 2 * SIDE_PADDING + 2
    return max(need, COLUMN_MIN)


def _column_groups(needs: list[float]) -> list[list[int]]:
    """The figure columns in consecutive groups that each fit beside the row labels, as even in
    width as the columns allow."""
    room = WIDTH - STUB_MIN
    total = sum(needs)
    if total <= room:
        return [list(range(len(needs)))]
    share = total / math.ceil(total / room)
    groups: list[list[int]] = [[]]
    width = 0.0
    for i, need in enumerate(needs):
        if groups[-1] and (width + need > room or width >= share):
            groups.append([])
            width = 0.0
        groups[-1].append(i)
        width += need
    return groups


def _columns(view: TableView, group: list[int]) -> TableView:
    rows = tuple(
        TableRow(row.label, tuple(row.cells[i] for i in group), row.kind) for row in view.rows
    )
    header = tuple(view.header[i] for i in group)
    return TableView(view.caption, view.stub, header, rows, view.footnotes, view.question)


@cache
def _cell_styles() -> dict[tuple[str, str], CellStyle]:
    """One shared style per kind of cell: a table then needs no per-cell style commands, which
    ReportLab would otherwise apply cell by cell for each of the hundreds of appendix tables."""
    register_fonts()
    styles = {}
    for row, (font, size) in ROW_FONTS.items():
        for align in ("LEFT", "RIGHT"):
            style = CellStyle(f"{row}-{align}")
            style.fontname, style.fontsize, style.leading = font, size, size * 1.2
            style.alignment, style.valign, style.color = align, "TOP", INK
            style.topPadding = style.bottomPadding = CELL_PADDING
            style.leftPadding = style.rightPadding = SIDE_PADDING
            styles[row, align] = style
    return styles


def _fit(text: str, width: float, size: float, font: str) -> str:
    if "\n" not in text and text_width(text, size, font) <= width:
        return text
    return "\n".join(wrap_lines(text, width, size, font))


def _row(kind: str, cells: list[str], room: list[float]) -> tuple[list[str], list, float]:
    """Cells wrapped to their columns, their styles and the row's height."""
    font, size = ROW_FONTS[kind]
    wrapped = [_fit(text, width, size, font) for text, width in zip(cells, room, strict=True)]
    styles = _cell_styles()
    height = max(text.count("\n") + 1 for text in wrapped) * size * 1.2 + 2 * CELL_PADDING
    return wrapped, [styles[kind, "LEFT"]] + [styles[kind, "RIGHT"]] * (len(cells) - 1), height


def _widths(needs: list[float]) -> list[float]:
    """The row labels take what the figures leave; figures are narrowed only if a single one
    is wider than the page, which no formatted figure is."""
    room = WIDTH - STUB_MIN
    if sum(needs) > room:
        needs = [w * room / sum(needs) for w in needs]
    return [WIDTH - sum(needs), *needs]


def _table(view: TableView, needs: list[float]) -> tuple[RLTable, list[float]]:
    """The table and the height of each of its rows."""
    widths = _widths(needs)
    room = [w - 2 * SIDE_PADDING for w in widths]
    rows = [_row("head", [view.stub, *view.header], room)]
    commands = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.75, INK),
    ]
    for r, row in enumerate(view.rows, start=1):
        bold = row.kind in BOLD_ROWS
        rows.append(_row("bold" if bold else "body", [row.label, *row.cells], room))
        if bold:
            commands.append(("LINEABOVE", (0, r), (-1, r), 0.4, RULE))
    data, cell_styles, heights = (list(column) for column in zip(*rows, strict=True))
    table = RLTable(
        data,
        colWidths=widths,
        rowHeights=heights,
        repeatRows=1,
        hAlign="LEFT",
        cellStyles=cell_styles,
    )
    table.setStyle(TableStyle(commands))
    return table, heights

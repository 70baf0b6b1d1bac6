"""The neutral document model of the brief: what is said, not how it looks.

`brief.content` builds it from a Dataset (every figure already through disclosure control);
`render.pdf` and `render.html` only lay it out. Keeping the two renderers on one model is what makes
the HTML twin say exactly what the PDF says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

RowKind = Literal["value", "total", "missing", "base", "statistic"]


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: tuple[str, ...]
    kind: RowKind = "value"


@dataclass(frozen=True)
class TableView:
    """A published table as strings: suppressed cells are already "."."""

    caption: str
    stub: str
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    footnotes: tuple[str, ...] = ()
    question: str = ""


@dataclass(frozen=True)
class Bar:
    """One bar. `value` None means the figure is suppressed: no bar is drawn at all."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    note: str = ""


@dataclass(frozen=True)
class DivergingRow:
    """One item of a scale. `shares` (percent per scale point) None: suppressed, no bar."""

    label: str
    shares: tuple[float, ...] | None
    base: str = ""


@dataclass(frozen=True)
class DivergingChart:
    """Stacked bars around the middle of the scale; categories run from the first to the last
    scale point, the lower half left of the axis."""

    title: str
    categories: tuple[str, ...]
    rows: tuple[DivergingRow, ...]
    note: str = ""


Chart = BarChart | DivergingChart


@dataclass(frozen=True)
class Figure:
    """A chart and/or its table, with the text alternative for readers who cannot see it."""

    title: str
    chart: Chart | None
    table: TableView | None
    description: str = ""


@dataclass(frozen=True)
class Paragraph:
    """`kind`: "text" (the researcher's words), "finding" (a generated number sentence),
    "quote" (an approved open answer) or "note"."""

    text: str
    kind: Literal["text", "finding", "quote", "note"] = "text"


Block = Paragraph | Figure


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    subline: str
    date: date | None
    author: str
    subject: str
    lead: tuple[str, ...]
    method: tuple[tuple[str, str], ...]
    response: TableView | None
    sections: tuple[Section, ...]
    conclusions: tuple[str, ...]
    limitations: tuple[str, ...]
    appendix: tuple[TableView, ...]
    keywords: tuple[str, ...] = ()
    #: Of the published tables (`Published.fingerprint`): the brief's release records it.
    fingerprint: str = ""
    #: Of the earlier waves' briefs a comparison was made after, the nearest first.
    earlier_fingerprints: tuple[str, ...] = ()

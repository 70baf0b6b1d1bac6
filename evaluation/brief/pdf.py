"""The brief as PDF (ReportLab platypus): cover with the key figure, method box, sections,
limitations, appendix with every table, page numbers and document metadata.

Same inputs give the same bytes: the document is built with ReportLab's `invariant` flag (fixed
creation date and document ID), fonts ship with ReportLab, and nothing depends on the clock.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Preformatted,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from evaluation.brief.charts import FONT, FONT_BOLD, register_fonts, render, text_width, wrap
from evaluation.brief.model import Document, Figure, Section, TableView
from evaluation.brief.model import Paragraph as Para
from evaluation.brief.sentences import day

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f4e79")
BOX = colors.HexColor("#eef3f8")
RULE = colors.HexColor("#8c8c8c")
MUTED = colors.HexColor("#4d4d4d")


@cache
def brief_styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, textColor=INK)

    def style(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "title": style("title", fontName=FONT_BOLD, fontSize=22, leading=27, textColor=ACCENT),
        "subline": style("subline", fontSize=14, leading=19, spaceBefore=6, spaceAfter=10),
        "meta": style("meta", fontSize=10, textColor=MUTED, spaceAfter=14),
        "lead": style("lead", fontName=FONT_BOLD, fontSize=11, leading=16, spaceAfter=8),
        "h1": style(
            "h1",
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=6,
        ),
        "h2": style(
            "h2",
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "finding": style("finding", fontName=FONT_BOLD, spaceAfter=6),
        "text": style("text", spaceAfter=6),
        "quote": style(
            "quote",
            fontName="BriefSans-Italic",
            leftIndent=14,
            rightIndent=14,
            spaceAfter=6,
            borderPadding=(2, 0, 2, 6),
        ),
        "note": style("note", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=2),
        "notes": style("notes", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=10),
        "question": style(
            "question",
            fontName="BriefSans-Italic",
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "cell": style("cell", fontSize=8, leading=10),
        "cell_bold": style("cell_bold", fontName=FONT_BOLD, fontSize=8, leading=10),
        "head": style("head", fontName=FONT_BOLD, fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "head_left": style("head_left", fontName=FONT_BOLD, fontSize=7.5, leading=9),
        "box_label": style("box_label", fontName=FONT_BOLD, fontSize=9, leading=12),
        "box": style("box", fontSize=9, leading=12),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


class _Heading(Paragraph):
    """A heading that also becomes a PDF bookmark (the outline readers navigate by)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(escape(text), style)
        self.outline = (text, level)


class _Template(BaseDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        outline = getattr(flowable, "outline", None)
        if outline:
            text, level = outline
            key = f"h{self.page}-{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)


def _numbered(title: str):
    """A canvas class that writes "Seite X von Y" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 10 * mm, title)
                page = f"Seite {self._pageNumber} von {total}"
                self.drawRightString(A4[0] - MARGIN, 10 * mm, page)
                super().showPage()
            super().save()

    return NumberedCanvas


def lines(text: str, style: ParagraphStyle, width: float = WIDTH) -> Preformatted:
    """Plain text wrapped with the font's metrics: far cheaper to lay out than a Paragraph,
    which matters for the hundreds of captions and footnotes of a large appendix."""
    wrapped = [
        line
        for part in text.split("\n")
        for line in wrap(part, width, style.fontSize, style.fontName)
    ]
    return Preformatted("\n".join(wrapped), style)


def table_flowables(view: TableView, styles: dict[str, ParagraphStyle], number: int | None = None):
    """Caption, question, the table and its footnotes."""
    label = f"Tabelle {number}: {view.caption}" if number else view.caption
    parts: list[Flowable] = [lines(label, styles["h2"])]
    if view.question:
        parts.append(lines(view.question, styles["question"]))
    parts.append(_table(view, styles))
    if view.footnotes:
        parts.append(lines("\n".join(view.footnotes), styles["notes"]))
    return parts


def _widths(view: TableView, font_size: float) -> list[float]:
    numeric = []
    for i, head in enumerate(view.header):
        cells = [row.cells[i] for row in view.rows]
        whole = text_width(head, 7.5, FONT_BOLD)
        longest_word = max((text_width(w, 7.5, FONT_BOLD) for w in head.split()), default=0)
        head_need = whole if whole <= 60 else longest_word
        need = max([text_width(c, font_size) for c in cells] + [head_need]) + 14
        numeric.append(max(need, 34))
    room = WIDTH - 110
    total = sum(numeric)
    if total > room:
        numeric = [w * room / total for w in numeric]
    return [WIDTH - sum(numeric), *numeric]


def _cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A plain string when it fits on one line (cheap to lay out), else a wrapping Paragraph."""
    if "\n" not in text and text_width(text, style.fontSize, style.fontName) <= width:
        return text
    return para(text, style)


def _table(view: TableView, styles: dict[str, ParagraphStyle]) -> RLTable:
    widths = _widths(view, 8)
    room = [w - 12 for w in widths]
    head = [_cell(view.stub, styles["head_left"], room[0])] + [
        _cell(h, styles["head"], w) for h, w in zip(view.header, room[1:], strict=True)
    ]
    data = [head]
    commands = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 7.5),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.75, INK),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    for r, row in enumerate(view.rows, start=1):
        bold = row.kind in ("total", "base")
        label = _cell(row.label, styles["cell_bold" if bold else "cell"], room[0])
        data.append([label, *row.cells])
        if bold:
            commands.append(("FONT", (0, r), (-1, r), FONT_BOLD, 8))
            commands.append(("LINEABOVE", (0, r), (-1, r), 0.4, RULE))
    table = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _figure(figure: Figure, styles: dict[str, ParagraphStyle], number: int) -> list[Flowable]:
    parts: list[Flowable] = []
    if figure.chart is not None:
        parts.append(para(f"Abbildung {number}: {figure.title}", styles["h2"]))
        parts.append(render(figure.chart, WIDTH))
        if figure.chart.note:
            parts.append(para(figure.chart.note, styles["note"]))
        parts.append(Spacer(1, 4))
    if figure.table is not None:
        table = figure.table
        if figure.chart is not None:
            table = TableView(
                table.caption, table.stub, table.header, table.rows, table.footnotes, ""
            )
        parts += table_flowables(table, styles)
    return parts


def _method_box(document: Document, styles: dict[str, ParagraphStyle]) -> RLTable:
    rows = [[para("Methode", styles["h2"]), ""]]
    rows += [[para(k, styles["box_label"]), para(v, styles["box"])] for k, v in document.method]
    box = RLTable(rows, colWidths=[44 * mm, WIDTH - 44 * mm], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BOX),
                ("BOX", (0, 0), (-1, -1), 0.75, ACCENT),
                ("SPAN", (0, 0), (-1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return box


def _section(section: Section, styles, counter: list[int]) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(60 * mm), _Heading(section.title, styles["h1"], 0)]
    for block in section.blocks:
        if isinstance(block, Para):
            text = f"„{block.text}“" if block.kind == "quote" else block.text
            story.append(para(text, styles[block.kind if block.kind in styles else "text"]))
        else:
            counter[0] += block.chart is not None
            story += _figure(block, styles, counter[0])
    return story


def story(document: Document) -> list[Flowable]:
    """Every flowable of the brief, in reading order."""
    styles = brief_styles()
    parts: list[Flowable] = [_Heading(document.title, styles["title"], 0)]
    parts.append(para(document.subline, styles["subline"]))
    meta = ", ".join(x for x in (document.author, day(document.date)) if x)
    parts.append(para(meta, styles["meta"]))
    parts += [para(text, styles["lead"]) for text in document.lead]
    parts += [Spacer(1, 6), _method_box(document, styles)]
    counter = [0]
    for section in document.sections:
        parts += _section(section, styles, counter)
    if document.conclusions:
        parts.append(_Heading("Fazit", styles["h1"], 0))
        parts += [para(text, styles["text"]) for text in document.conclusions]
    parts.append(_Heading("Grenzen der Aussagekraft und Anonymität", styles["h1"], 0))
    parts += [para(text, styles["text"]) for text in document.limitations]
    if document.response is not None or document.appendix:
        parts += [PageBreak(), _Heading("Anhang: alle Tabellen", styles["h1"], 0)]
        tables = ([document.response] if document.response else []) + list(document.appendix)
        for number, view in enumerate(tables, start=1):
            parts += table_flowables(view, styles, number)
    return parts


def build_pdf(
    flowables: list[Flowable],
    target: str | Path | IO[bytes],
    *,
    title: str,
    author: str,
    subject: str,
    keywords: tuple[str, ...] = (),
) -> None:
    """A4 with page numbers and metadata, built deterministically (`invariant`); shared by the
    brief and the feedback reports."""
    register_fonts()
    frame = Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN, id="body")
    doc = _Template(
        str(target) if isinstance(target, Path) else target,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject=subject,
        keywords=", ".join(keywords),
        creator="evaluation.brief",
        producer="ReportLab",
        invariant=1,
        lang="de-DE",
        displayDocTitle=1,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(flowables, canvasmaker=_numbered(title))


def write_pdf(document: Document, target: str | Path | IO[bytes]) -> None:
    """Lay the document out as A4 PDF into a path or a binary file object."""
    build_pdf(
        story(document),
        target,
        title=document.title,
        author=document.author,
        subject=document.subject,
        keywords=document.keywords,
    )


def pdf_bytes(document: Document) -> bytes:
    buffer = BytesIO()
    write_pdf(document, buffer)
    return buffer.getvalue()

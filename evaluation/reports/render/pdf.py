"""The brief as PDF (ReportLab platypus): cover with the key figure, method box, sections,
limitations, appendix with every table, page numbers and document metadata.

Same inputs give the same bytes: the document is built with ReportLab's `invariant` flag (fixed
creation date and document ID), fonts ship with ReportLab, and nothing depends on the clock.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

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
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from evaluation.german import day
from evaluation.reports.model import Document, Figure, Section, TableView
from evaluation.reports.model import Paragraph as Para
from evaluation.reports.render.charts import FONT, register_fonts, render
from evaluation.reports.render.pdf_styles import (
    ACCENT,
    BOX,
    MARGIN,
    MUTED,
    WIDTH,
    brief_styles,
    lines,
    para,
)
from evaluation.reports.render.pdf_tables import keep, table_flowables


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
            # ReportLab's own recipe for "page X of Y": begin the next page without emitting
            # this one; `_startPage` is not in types-reportlab.
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(FONT, 8)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 10 * mm, title)
                page = f"Seite {self.getPageNumber()} von {total}"
                self.drawRightString(A4[0] - MARGIN, 10 * mm, page)
                super().showPage()
            super().save()

    return NumberedCanvas


def _figure(figure: Figure, styles: dict[str, ParagraphStyle], number: int) -> list[Flowable]:
    parts: list[Flowable] = []
    if figure.chart is not None:
        caption = lines(f"Abbildung {number}: {figure.title}", styles["h2"])
        drawing = render(figure.chart, WIDTH)
        parts += [keep([caption], drawing.height), caption, drawing]
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
        keywords=list(keywords),  # ReportLab joins them with ", "
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

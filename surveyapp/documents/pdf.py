"""A plain printable PDF (ReportLab) from headings, paragraphs and lists.

The questionnaire preview and the copy of the submitted answers are read on paper and passed
round an office, so they are simple: A4, one column, real text (searchable, and readable by
pdftotext), Bitstream Vera for German quotes and dashes. The accessible version of each is
the HTML page beside it: a ReportLab PDF cannot be tagged.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

FONT, FONT_BOLD = "PrintSans", "PrintSans-Bold"


@cache
def _fonts() -> None:
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(folder, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(folder, "VeraBd.ttf")))


def _style(
    name: str,
    size: float,
    bold: bool = False,
    before: float = 0,
    after: float = 3,
    colour: str = "#1a1a1a",
) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=FONT_BOLD if bold else FONT,
        fontSize=size,
        leading=size * 1.3,
        textColor=colors.HexColor(colour),
        spaceBefore=before,
        spaceAfter=after,
    )


@dataclass(frozen=True)
class Block:
    """A heading (`level` 1–3), or a paragraph (`level` 0), with an optional list under it;
    `muted` paragraphs (filters, hints) are printed smaller and grey."""

    text: str
    level: int = 0
    items: tuple[str, ...] = ()
    muted: bool = False


@dataclass
class Document:
    title: str
    author: str
    lang: str = "de"
    blocks: list[Block] = field(default_factory=list)

    def add(
        self, text: str, level: int = 0, items: Iterable[str] = (), muted: bool = False
    ) -> None:
        self.blocks.append(Block(text, level, tuple(items), muted))


def render(document: Document) -> bytes:
    """The document as PDF bytes."""
    _fonts()
    styles = {
        1: _style("h1", 16, True, after=6),
        2: _style("h2", 13, True, before=10, after=4),
        3: _style("h3", 10.5, True, before=6, after=2),
        0: _style("body", 10),
    }
    muted = _style("muted", 9, colour="#4d4d4d")
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=document.title,
        author=document.author,
        lang=document.lang,
    )
    story: list[Flowable] = []
    for block in document.blocks:
        style = muted if block.muted else styles.get(block.level, styles[0])
        parts: list[Flowable] = [Paragraph(escape(block.text), style)] if block.text else []
        if block.items:
            items = [Paragraph(escape(item), styles[0]) for item in block.items]
            parts.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12))
            parts.append(Spacer(1, 2))
        story.append(KeepTogether(parts) if len(parts) != 1 else parts[0])
    pdf.build(story)
    return buffer.getvalue()

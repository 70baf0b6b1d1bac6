"""A plain printable PDF (ReportLab) from headings, paragraphs and lists.

The questionnaire preview and the copy of the submitted answers are read on paper and passed
round an office, so they are simple: A4, one column, real text (searchable, and readable by
pdftotext), Bitstream Vera for German quotes and dashes. The accessible version of each is
the HTML page beside it: a ReportLab PDF cannot be tagged.

What ReportLab does allow is said about languages: the document's language (the catalog's
/Lang), and a block or list item in another one (a German text an English questionnaire has no
translation for) drawn inside a marked-content sequence carrying its /Lang. A German word inside
an English sentence cannot be marked: a paragraph is drawn as one piece.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
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


#: A list item: its text, and its language where it differs from the document's ("" if not).
Item = tuple[str, str]


@dataclass(frozen=True)
class Block:
    """A heading (`level` 1–3), or a paragraph (`level` 0), with an optional list under it;
    `muted` paragraphs (filters, hints) are printed smaller and grey. `lang` is the text's
    language where it differs from the document's ("" where it does not)."""

    text: str
    level: int = 0
    items: tuple[Item, ...] = ()
    muted: bool = False
    lang: str = ""


@dataclass
class Document:
    title: str
    author: str
    lang: str = "de"
    blocks: list[Block] = field(default_factory=list)

    def add(
        self,
        text: str,
        level: int = 0,
        items: Iterable[str | Item] = (),
        muted: bool = False,
        lang: str = "",
    ) -> None:
        listed = tuple((item, "") if isinstance(item, str) else item for item in items)
        self.blocks.append(Block(text, level, listed, muted, lang))


class InLanguage(Flowable):
    """A flowable drawn inside a marked-content sequence `/Span <</Lang (de)>> BDC … EMC`:
    the one way an untagged PDF says that a passage is in another language (PDF 1.7,
    14.9.2)."""

    def __init__(self, inner: Flowable, lang: str) -> None:
        super().__init__()
        self.inner, self.lang = inner, lang

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.inner.split(available_width, available_height)
        return [InLanguage(part, self.lang) for part in parts]

    def getSpaceBefore(self) -> float:  # noqa: N802  (ReportLab's name)
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:  # noqa: N802  (ReportLab's name)
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        self.canv.addLiteral(f"/Span <</Lang ({self.lang})>> BDC")
        self.inner.drawOn(self.canv, 0, 0)
        self.canv.addLiteral("EMC")


def _in(flowable: Flowable, lang: str, document: Document) -> Flowable:
    return InLanguage(flowable, lang) if lang and lang != document.lang else flowable


def _paragraph(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text), style)


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
        parts: list[Flowable] = []
        if block.text:
            parts.append(_in(_paragraph(block.text, style), block.lang, document))
        if block.items:
            items = [_in(_paragraph(text, styles[0]), lang, document) for text, lang in block.items]
            parts.append(ListFlowable(items, bulletType="bullet", start="•", leftIndent=12))
            parts.append(Spacer(1, 2))
        story.append(KeepTogether(parts) if len(parts) != 1 else parts[0])
    pdf.build(story)
    return buffer.getvalue()

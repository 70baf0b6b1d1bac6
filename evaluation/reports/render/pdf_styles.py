"""Page geometry, colours and paragraph styles shared by the brief and the feedback reports."""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Preformatted

from evaluation.reports.render.charts import FONT, FONT_BOLD, register_fonts, wrap_lines

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
        ),
        "box_label": style("box_label", fontName=FONT_BOLD, fontSize=9, leading=12),
        "box": style("box", fontSize=9, leading=12),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def lines(text: str, style: ParagraphStyle, width: float = WIDTH) -> Preformatted:
    """Plain text wrapped with the font's metrics: far cheaper to lay out than a Paragraph,
    which matters for the hundreds of captions and footnotes of a large appendix."""
    wrapped = wrap_lines(text, width, style.fontSize, style.fontName)
    return Preformatted("\n".join(wrapped), style)

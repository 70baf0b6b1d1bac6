"""The accessible HTML twin of the brief: one self-contained file, the same content as the PDF.

ReportLab cannot tag a PDF, so this file is the accessible version: `lang="de"`, a heading
outline, landmarks, tables with caption and header cells (`scope`), and each chart as inline SVG
with `role="img"`, a title and a text alternative, with its data table beside it. Nothing is
loaded from elsewhere: the font (Bitstream Vera, shipped with ReportLab, so the SVG labels have
the metrics they were laid out with) and the styles are embedded.
"""

from __future__ import annotations

import base64
import os
import re
from functools import cache
from html import escape
from pathlib import Path

import reportlab
from reportlab.graphics import renderSVG

from evaluation.german import day
from evaluation.reports.model import Chart, Document, Figure, Paragraph, Section, TableView
from evaluation.reports.render.charts import FONT, register_fonts, render

CHART_WIDTH = 520

CSS = """
@font-face { font-family: BriefSans; src: url(data:font/ttf;base64,%(regular)s); }
@font-face { font-family: BriefSans; font-weight: bold;
  src: url(data:font/ttf;base64,%(bold)s); }
:root { color: #1a1a1a; background: #fff; }
body { font-family: BriefSans, "DejaVu Sans", Verdana, sans-serif; line-height: 1.5;
  margin: 0 auto; max-width: 62rem; padding: 1rem; }
h1 { color: #1f4e79; font-size: 1.8rem; line-height: 1.25; margin-bottom: .25rem; }
h2 { color: #1f4e79; font-size: 1.35rem; margin-top: 2rem; }
.subline { font-size: 1.2rem; margin: .25rem 0; }
.meta, .note, figcaption + p { color: #4d4d4d; }
.lead { font-weight: bold; }
.finding { font-weight: bold; }
.note { font-size: .85rem; margin: .2rem 0; }
blockquote { font-style: italic; border-left: 4px solid #1f4e79; margin: 1rem 0;
  padding: .25rem 1rem; }
.method { background: #eef3f8; border: 1px solid #1f4e79; padding: .5rem 1rem; }
.method dl { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr;
  gap: .25rem 1rem; }
.method dt { font-weight: bold; }
.method dd { margin: 0; }
figure { margin: 1.5rem 0; }
figcaption { font-weight: bold; margin-bottom: .5rem; }
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem;
  align-items: start; }
@media (max-width: 48rem) { .pair { grid-template-columns: minmax(0, 1fr); } }
svg { max-width: 100%%; height: auto; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding-bottom: .25rem; }
th, td { padding: .2rem .5rem; border-bottom: 1px solid #8c8c8c; vertical-align: top; }
thead th { border-bottom: 2px solid #1a1a1a; }
td { text-align: right; white-space: nowrap; }
th[scope=row] { text-align: left; font-weight: normal; }
tr.total th, tr.total td, tr.base th, tr.base td { font-weight: bold; }
tr.missing td, tr.missing th { color: #4d4d4d; }
.table-wrap { overflow-x: auto; }
.table-wrap:focus { outline: 3px solid #1f4e79; outline-offset: 2px; }
"""


@cache
def _font(name: str) -> str:
    path = os.path.join(os.path.dirname(reportlab.__file__), "fonts", name)
    with open(path, "rb") as handle:
        return base64.b64encode(handle.read()).decode("ascii")


def _e(text: str) -> str:
    return escape(text, quote=True)


def svg(figure: Figure, chart: Chart, key: str) -> str:
    """The figure's chart as inline SVG with a unique id set, a title and a text alternative."""
    register_fonts()
    drawing = render(chart, CHART_WIDTH)
    markup = renderSVG.drawToString(drawing)
    markup = markup[markup.index("<svg") :]
    markup = re.sub(r"<title>.*?</title>\s*<desc>.*?</desc>", "", markup, count=1, flags=re.S)
    markup = markup.replace('id="clip"', f'id="{key}-clip"')
    markup = markup.replace("url(#clip)", f"url(#{key}-clip)")
    markup = markup.replace(' id="group"', "")
    markup = markup.replace(f"font-family: {FONT}", f"font-family: {FONT}, sans-serif")
    head = (
        f'<svg role="img" aria-labelledby="{key}-t {key}-d" focusable="false"'
        f'><title id="{key}-t">{_e(figure.title)}</title>'
        f'<desc id="{key}-d">{_e(figure.description)}</desc>'
    )
    return _attach(markup, head)


def _attach(markup: str, head: str) -> str:
    """Put role, labels, title and desc into the opening <svg> tag ReportLab wrote."""
    opening, rest = markup.split(">", 1)
    attributes = opening[len("<svg") :]
    return head.replace("<svg", "<svg" + attributes, 1) + rest


def table_html(view: TableView, number: int | None = None) -> str:
    caption = f"Tabelle {number}: {view.caption}" if number else view.caption
    parts = [
        f'<div class="table-wrap" tabindex="0" role="region" aria-label="{_e(caption)}">'
        f"<table><caption>{_e(caption)}</caption>"
    ]
    parts.append("<thead><tr>")
    parts.append(f'<th scope="col">{_e(view.stub)}</th>')
    parts += [f'<th scope="col">{_e(h)}</th>' for h in view.header]
    parts.append("</tr></thead><tbody>")
    for row in view.rows:
        cells = "".join(f"<td>{_e(c) if c else '&nbsp;'}</td>" for c in row.cells)
        parts.append(f'<tr class="{row.kind}"><th scope="row">{_e(row.label)}</th>{cells}</tr>')
    parts.append("</tbody></table></div>")
    if view.question:
        parts.insert(0, f'<p class="note">Frage: {_e(view.question)}</p>')
    parts += [f'<p class="note">{_e(note)}</p>' for note in view.footnotes]
    return "".join(parts)


def _figure(figure: Figure, number: int) -> str:
    if figure.chart is None:
        return f"<figure>{table_html(figure.table)}</figure>" if figure.table else ""
    key = f"abb{number}"
    parts = [f'<figure aria-labelledby="{key}-cap">']
    parts.append(f'<figcaption id="{key}-cap">Abbildung {number}: {_e(figure.title)}</figcaption>')
    parts.append('<div class="pair"><div>')
    parts.append(svg(figure, figure.chart, key))
    if figure.chart.note:
        parts.append(f'<p class="note">{_e(figure.chart.note)}</p>')
    parts.append("</div><div>")
    if figure.table is not None:
        parts.append(table_html(figure.table))
    parts.append("</div></div></figure>")
    return "".join(parts)


def _paragraph(block: Paragraph) -> str:
    if block.kind == "quote":
        return f"<blockquote><p>„{_e(block.text)}“</p></blockquote>"
    return f'<p class="{block.kind}">{_e(block.text)}</p>'


def _section(section: Section, index: int, counter: list[int]) -> str:
    parts = [f'<section aria-labelledby="s{index}"><h2 id="s{index}">{_e(section.title)}</h2>']
    for block in section.blocks:
        if isinstance(block, Paragraph):
            parts.append(_paragraph(block))
        else:
            counter[0] += block.chart is not None
            parts.append(_figure(block, counter[0]))
    parts.append("</section>")
    return "".join(parts)


def html_document(document: Document) -> str:
    """The whole brief as one HTML string."""
    css = CSS % {"regular": _font("Vera.ttf"), "bold": _font("VeraBd.ttf")}
    out = [
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(document.title)}</title>",
        f'<meta name="author" content="{_e(document.author)}">',
        f'<meta name="description" content="{_e(document.subject)}">',
        f"<style>{css}</style></head><body>",
        f"<header><h1>{_e(document.title)}</h1>",
        f'<p class="subline">{_e(document.subline)}</p>',
    ]
    meta = _e(document.author)
    if document.date:
        meta += f', <time datetime="{document.date.isoformat()}">{day(document.date)}</time>'
    out.append(f'<p class="meta">{meta}</p></header><main>')
    out += [f'<p class="lead">{_e(text)}</p>' for text in document.lead]
    out.append('<aside class="method" aria-labelledby="methode"><h2 id="methode">Methode</h2><dl>')
    out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in document.method]
    out.append("</dl></aside>")
    out.append('<nav aria-label="Inhalt"><h2 id="inhalt">Inhalt</h2><ol>')
    out += [
        f'<li><a href="#s{i}">{_e(section.title)}</a></li>'
        for i, section in enumerate(document.sections, start=1)
    ]
    out.append('<li><a href="#grenzen">Grenzen der Aussagekraft und Anonymität</a></li>')
    if document.appendix or document.response:
        out.append('<li><a href="#anhang">Anhang: alle Tabellen</a></li>')
    out.append("</ol></nav>")
    counter = [0]
    out += [_section(s, i, counter) for i, s in enumerate(document.sections, start=1)]
    if document.conclusions:
        out.append('<section aria-labelledby="fazit"><h2 id="fazit">Fazit</h2>')
        out += [f"<p>{_e(text)}</p>" for text in document.conclusions]
        out.append("</section>")
    out.append('<section aria-labelledby="grenzen">')
    out.append('<h2 id="grenzen">Grenzen der Aussagekraft und Anonymität</h2>')
    out += [f"<p>{_e(text)}</p>" for text in document.limitations]
    out.append("</section>")
    tables = ([document.response] if document.response else []) + list(document.appendix)
    if tables:
        out.append('<section aria-labelledby="anhang"><h2 id="anhang">Anhang: alle Tabellen</h2>')
        out += [table_html(view, n) for n, view in enumerate(tables, start=1)]
        out.append("</section>")
    out.append(f"</main><footer><p>{_e(document.title)} – {_e(document.author)}</p></footer>")
    out.append("</body></html>\n")
    return "".join(out)


def write_html(document: Document, path: str | Path) -> None:
    Path(path).write_text(html_document(document), encoding="utf-8")

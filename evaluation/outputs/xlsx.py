"""A streaming writer of .xlsx files: each sheet's XML goes into the zip as it is made.

The researcher workbook of a national survey holds millions of cells. openpyxl builds an
object per cell and xlsxwriter a call per cell; here a whole column is turned into its cells'
XML at once and the rows are joined from those strings, so a sheet costs little more than
writing its text. Only what the workbook needs is covered: numbers, text (inline strings, so
nothing has to be kept until the end), dates, a few fonts, number formats, wrapping and the
quote prefix; column widths, a frozen header and an autofilter.

Text is written as text whatever it looks like, so a spreadsheet never takes an answer for a
formula; the caller adds the quote prefix (`Style.quote`) where a value would become one when
a researcher edits the cell.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
EPOCH = datetime(1899, 12, 30)
#: Rows joined into one string before they go into the zip.
FLUSH_ROWS = 500


@dataclass(frozen=True)
class Style:
    """How a cell looks: a font, a number format, its alignment and the quote prefix."""

    bold: bool = False
    italic: bool = False
    color: str | None = None
    number_format: str | None = None
    wrap: bool = False
    horizontal: str | None = None
    quote: bool = False


PLAIN = Style()


def column_letter(index: int) -> str:
    """The letters of the 1-based column `index` (1 → A, 27 → AA)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


class Styles:
    """The workbook's styles, each registered once and referred to by its index."""

    def __init__(self) -> None:
        self._xfs: dict[Style, int] = {PLAIN: 0}
        self._fonts: dict[tuple[bool, bool, str | None], int] = {(False, False, None): 0}
        self._formats: dict[str, int] = {}

    def index(self, style: Style) -> int:
        if style not in self._xfs:
            self._fonts.setdefault((style.bold, style.italic, style.color), len(self._fonts))
            if style.number_format is not None:
                self._formats.setdefault(style.number_format, 164 + len(self._formats))
            self._xfs[style] = len(self._xfs)
        return self._xfs[style]

    def xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{_attribute(code)}"/>'
            for code, i in self._formats.items()
        )
        fonts = "".join(
            "<font>"
            + ("<b/>" if bold else "")
            + ("<i/>" if italic else "")
            + '<sz val="11"/>'
            + (f'<color rgb="FF{color}"/>' if color else "")
            + '<name val="Calibri"/><family val="2"/></font>'
            for bold, italic, color in self._fonts
        )
        xfs = "".join(self._xf(style) for style in self._xfs)
        return (
            f'{HEAD}<styleSheet xmlns="{MAIN}">'
            f'<numFmts count="{len(self._formats)}">{formats}</numFmts>'
            f'<fonts count="{len(self._fonts)}">{fonts}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(self._xfs)}">{xfs}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )

    def _xf(self, style: Style) -> str:
        font = self._fonts[(style.bold, style.italic, style.color)]
        number = self._formats.get(style.number_format or "", 0)
        attributes = f'numFmtId="{number}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
        if number:
            attributes += ' applyNumberFormat="1"'
        if font:
            attributes += ' applyFont="1"'
        if style.quote:
            attributes += ' quotePrefix="1"'
        alignment = ""
        if style.wrap or style.horizontal:
            attributes += ' applyAlignment="1"'
            alignment = "<alignment"
            if style.horizontal:
                alignment += f' horizontal="{style.horizontal}"'
            if style.wrap:
                alignment += ' vertical="top" wrapText="1"'
            alignment += "/>"
        return f"<xf {attributes}>{alignment}</xf>" if alignment else f"<xf {attributes}/>"


def cell_xml(reference: str, value: Any, style: int = 0) -> str:
    """One cell; None and empty text are no value (a styled cell keeps its style). Text must
    already be free of characters XML cannot hold."""
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{reference}"{s}/>' if style else ""
    kind = type(value)
    if kind is float or kind is int:
        return f'<c r="{reference}"{s}><v>{value!r}</v></c>'
    if kind is str:
        return (
            f'<c r="{reference}"{s} t="inlineStr"><is><t xml:space="preserve">'
            f"{escape(value)}</t></is></c>"
        )
    if kind is bool:
        return f'<c r="{reference}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        return f'<c r="{reference}"{s}><v>{(value - EPOCH).total_seconds() / 86400!r}</v></c>'
    if isinstance(value, date):
        return f'<c r="{reference}"{s}><v>{(value - EPOCH.date()).days}</v></c>'
    # Other numbers (a subclass of int or float) as numbers, anything else as its text.
    plain = float(value) if isinstance(value, int | float) else str(value)
    return cell_xml(reference, plain, style)


@dataclass(frozen=True)
class Layout:
    """What a sheet shows around its cells."""

    widths: Sequence[float] = ()
    freeze: str | None = None
    autofilter: str | None = None


class SheetStream:
    """One sheet being written: rows of cell XML go straight into its zip entry."""

    def __init__(self, handle: IO[bytes], rows: int, columns: int, layout: Layout) -> None:
        self._handle = handle
        self._pending: list[str] = []
        self._layout = layout
        dimension = f"A1:{column_letter(max(columns, 1))}{max(rows, 1)}"
        self._write(
            f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
            f'<dimension ref="{dimension}"/>{_views(layout.freeze)}'
            f'<sheetFormatPr defaultRowHeight="15"/>{_columns(layout.widths)}<sheetData>'
        )

    def row(self, number: int, cells: Iterable[str]) -> None:
        self._pending.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self._pending) >= FLUSH_ROWS:
            self.flush()

    def rows(self, rows: Iterable[str]) -> None:
        """Rows already made (`<row …>…</row>`)."""
        self.flush()
        self._write("".join(rows))

    def flush(self) -> None:
        if self._pending:
            self._write("".join(self._pending))
            self._pending.clear()

    def close(self) -> None:
        self.flush()
        end = "</sheetData>"
        if self._layout.autofilter:
            end += f'<autoFilter ref="{self._layout.autofilter}"/>'
        self._write(end + "</worksheet>")
        self._handle.close()

    def _write(self, text: str) -> None:
        self._handle.write(text.encode("utf-8"))


def _views(freeze: str | None) -> str:
    if freeze is None:
        return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    letters = freeze.rstrip("0123456789")
    columns = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letters))) - 1
    rows = int(freeze[len(letters) :]) - 1
    pane = "bottomRight" if columns and rows else "bottomLeft" if rows else "topRight"
    split = (f' xSplit="{columns}"' if columns else "") + (f' ySplit="{rows}"' if rows else "")
    return (
        f'<sheetViews><sheetView workbookViewId="0"><pane{split} topLeftCell="{freeze}"'
        f' activePane="{pane}" state="frozen"/>'
        f'<selection pane="{pane}" activeCell="{freeze}" sqref="{freeze}"/></sheetView>'
        "</sheetViews>"
    )


def _columns(widths: Sequence[float]) -> str:
    if not widths:
        return ""
    return (
        "<cols>"
        + "".join(
            f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
            for i, width in enumerate(widths, 1)
        )
        + "</cols>"
    )


class XlsxStream:
    """A workbook written sheet by sheet into a zip; `close` adds the parts that name them."""

    def __init__(self, target: IO[bytes], compresslevel: int = 1) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._sheets: list[tuple[str, str | None]] = []
        self.styles = Styles()

    def sheet(self, title: str, rows: int, columns: int, layout: Layout) -> SheetStream:
        """A new sheet of at most `rows` × `columns` cells; close it before the next one."""
        self._sheets.append((title, layout.autofilter))
        name = f"xl/worksheets/sheet{len(self._sheets)}.xml"
        return SheetStream(self._zip.open(name, "w"), rows, columns, layout)

    def close(self) -> None:
        count = len(self._sheets)
        self._put(
            "[Content_Types].xml",
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, count + 1)
            )
            + '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        )
        self._put(
            "_rels/.rels",
            f'{HEAD}<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        self._put(
            "xl/_rels/workbook.xml.rels",
            f'{HEAD}<Relationships xmlns="{PACKAGE}">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{RELATIONSHIPS}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, count + 1)
            )
            + f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" '
            'Target="styles.xml"/></Relationships>',
        )
        self._put("xl/workbook.xml", self._workbook_xml())
        self._put("xl/styles.xml", self.styles.xml())
        self._zip.close()

    def _workbook_xml(self) -> str:
        sheets = "".join(
            f'<sheet name="{_attribute(title)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (title, _) in enumerate(self._sheets, 1)
        )
        # Excel keeps an autofilter's range under this hidden name as well.
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"'{_attribute(title)}'!{_absolute(ref)}</definedName>"
            for i, (title, ref) in enumerate(self._sheets)
            if ref
        )
        return (
            f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + "</workbook>"
        )

    def _put(self, name: str, text: str) -> None:
        self._zip.writestr(name, text.encode("utf-8"))


def _absolute(reference: str) -> str:
    """A1:B2 → $A$1:$B$2."""
    parts = []
    for corner in reference.split(":"):
        letters = corner.rstrip("0123456789")
        parts.append(f"${letters}${corner[len(letters) :]}")
    return ":".join(parts)

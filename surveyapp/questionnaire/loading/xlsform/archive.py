"""The uploaded workbook as untrusted bytes: bounded and scanned before pyxform opens it.

pyxform reads workbooks with openpyxl, which trusts the file: a zip bomb unpacks in full, a
sheet whose declared size is larger than its filled cells looks huge, a formula without a
stored value reads as an empty cell and a merged cell fills only its first row. So the raw
parts are checked here first, with defusedxml (no DTD, no entities): only filled cells count
towards the limits, and formulas without a value and merged cells in the XLSForm sheets are
refused by row, because reading them as empty would silently drop a condition.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse

from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid

MAX_BYTES = 5 * 1024 * 1024
#: A questionnaire of thousands of rows in several languages unpacks to a few MB.
MAX_UNPACKED = 20 * 1024 * 1024
MAX_MEMBERS = 500
MAX_ROWS = 5000
MAX_COLUMNS = 200

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format
XLSFORM_SHEETS = ("survey", "choices", "settings")
_REFERENCE = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass
class Workbook:
    """The checked bytes, their kind (`xlsx` or `xls`), the file name's stem (pyxform's form id
    when there is no settings sheet) and the problems the scan found."""

    data: bytes
    kind: str
    stem: str | None
    problems: list[Problem] = field(default_factory=list)


def refuse(message: str) -> QuestionnaireInvalid:
    return QuestionnaireInvalid([Problem("", message)])


def read_archive(source: str | bytes | Path) -> Workbook:
    """The workbook's bytes, bounded and scanned; a hostile or broken file raises at once."""
    data, stem = _bytes(source)
    if data.startswith(OLE_MAGIC):
        return Workbook(data, "xls", stem)
    if not data.startswith(ZIP_MAGIC):
        raise refuse("Die Datei ist keine Excel-Arbeitsmappe (.xlsx oder .xls)")
    workbook = Workbook(data, "xlsx", stem)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive)
            for name, part in _sheet_parts(archive).items():
                with archive.open(part) as stream:
                    workbook.problems.extend(_scan_sheet(name, stream))
    except QuestionnaireInvalid:
        raise
    except DefusedXmlException:
        raise refuse(
            "Die Datei enthält XML-Entitäten oder eine DTD und wird aus Sicherheitsgründen nicht "
            "gelesen; speichern Sie sie in Excel oder LibreOffice neu als .xlsx"
        ) from None
    except Exception:  # a broken zip or XML part fails in many ways
        raise refuse("Die Datei ist beschädigt und kann nicht als .xlsx gelesen werden") from None
    return workbook


def _bytes(source: str | bytes | Path) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        _check_size(len(source))
        return source, None
    path = Path(source.strip()) if isinstance(source, str) else source
    try:
        _check_size(path.stat().st_size)
        return path.read_bytes(), path.stem
    except OSError as error:
        reason = "nicht gefunden" if isinstance(error, FileNotFoundError) else "nicht lesbar"
        raise refuse(f"Die Datei {path} ist {reason}") from None


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise refuse(
            f"Die Datei ist zu groß ({size / 1024 / 1024:.1f} MB, höchstens "
            f"{MAX_BYTES // 1024 // 1024} MB)"
        )


def _check_members(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    unpacked = sum(info.file_size for info in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED:
        raise refuse(
            f"Die Datei ist entpackt zu groß (über {MAX_UNPACKED // 1024 // 1024} MB); ein "
            "Fragebogen braucht weit weniger. Ist sie eine gepackte Datei („Zip-Bombe“)?"
        )


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """The parts of the sheets survey, choices and settings, by their lowercased name."""
    book = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    parts: dict[str, str] = {}
    for element in book.iter():
        if _local(element.tag) != "sheet":
            continue
        name = (element.get("name") or "").strip().lower()
        relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
        target = targets.get(relation, "")
        if name in XLSFORM_SHEETS and target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[name] = posixpath.normpath(path)
    return parts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _scan_sheet(name: str, stream: IO[bytes]) -> Iterator[Problem]:
    """Problems of one sheet; more filled rows or columns than allowed raise at once."""
    filled_rows = 0
    for _, element in iterparse(stream, events=("end",)):
        tag = _local(element.tag)
        if tag == "row":
            filled = [cell for cell in element if _local(cell.tag) == "c" and _has_value(cell)]
            if filled:
                filled_rows += 1
                if filled_rows > MAX_ROWS + 1:
                    raise refuse(
                        f"Das Blatt {name} hat zu viele gefüllte Zeilen (höchstens {MAX_ROWS})"
                    )
                _check_columns(name, filled)
            yield from _formulas_without_value(name, element)
            element.clear()
        elif tag == "mergeCell":
            reference = element.get("ref", "")
            first = reference.split(":")[0]
            yield Problem(
                f"{name}[{_row_number(first)}]",
                f"Die Zellen {reference} sind verbunden; pyxform liest nur die erste Zeile. "
                "Heben Sie die Verbindung auf und füllen Sie jede Zeile",
            )


def _has_value(cell: Any) -> bool:
    return any(_local(child.tag) in ("v", "is") and _text(child) for child in cell)


def _text(element: Any) -> str:
    return "".join(element.itertext()).strip()


def _check_columns(name: str, cells: list[Any]) -> None:
    for cell in cells:
        match = _REFERENCE.match(cell.get("r", ""))
        if match and _column_index(match.group(1)) > MAX_COLUMNS:
            raise refuse(
                f"Das Blatt {name} hat zu viele gefüllte Spalten (höchstens {MAX_COLUMNS})"
            )


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _formulas_without_value(name: str, row: Any) -> Iterator[Problem]:
    for cell in row:
        children = {_local(child.tag): child for child in cell}
        if "f" in children and not ("v" in children and _text(children["v"])):
            reference = cell.get("r", "")
            yield Problem(
                f"{name}[{_row_number(reference) or row.get('r', '?')}]",
                f"Die Zelle {reference} enthält eine Formel ohne gespeicherten Wert; ersetzen Sie "
                "die Formel durch ihren Wert (oder speichern Sie die Datei in Excel neu)",
            )


def _row_number(reference: str) -> str:
    match = _REFERENCE.match(reference)
    return match.group(2) if match else "?"

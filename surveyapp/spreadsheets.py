"""Spreadsheets in and out, safely.

In: an .xlsx is a zip, and a zip of a few kilobytes can unpack to gigabytes, so its unpacked
size is checked before anything opens it. Shared by the frame and contact imports and the
XLSForm reader; each says in its own words what a real file of its kind needs.

Out: a name, a free answer or an address that starts with "=", "+", "-", "@", a tab or a
carriage return is a formula to Excel or LibreOffice (CSV injection). Every export of the app
that a spreadsheet opens (the links CSV, the follow-up list, the answer history) passes its
text here; the evaluation package's workbook keeps the same rule for its own cells.
"""

from __future__ import annotations

import io
import zipfile

#: Far more than a frame of every German Gemeinde or a long questionnaire unpacks to.
MAX_UNPACKED = 50 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unpacked_size(data: bytes) -> int | None:
    """The size of every member of the zip once unpacked; None if it is no zip at all."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return None


def looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_START


def spreadsheet_text(value: str | None) -> str:
    """The text for a CSV cell: with a leading apostrophe where it would be a formula."""
    text = value or ""
    return "'" + text if looks_like_formula(text) else text

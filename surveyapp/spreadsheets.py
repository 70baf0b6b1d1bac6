"""Uploaded spreadsheets read safely: an .xlsx is a zip, and a zip of a few kilobytes can
unpack to gigabytes, so its unpacked size is checked before anything opens it.

Shared by the frame and contact imports and the XLSForm reader; each says in its own words
what a real file of its kind needs.
"""

from __future__ import annotations

import io
import zipfile

#: Far more than a frame of every German Gemeinde or a long questionnaire unpacks to.
MAX_UNPACKED = 50 * 1024 * 1024


def unpacked_size(data: bytes) -> int | None:
    """The size of every member of the zip once unpacked; None if it is no zip at all."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return None

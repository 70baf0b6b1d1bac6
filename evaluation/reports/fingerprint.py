"""The fingerprint of a publication: every cell of every table as printed, hashed.

A release records it (`evaluation.reports.release`), and a later wave's brief records its
earlier wave's (`evaluation.reports.waves`), so a rebuild that would print or withhold one cell
differently is told apart from the publication it stands for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from evaluation.tables.table import Table


def fingerprint_of(tables: Iterable[Table]) -> str:
    """Titles, row labels and cells as printed ("." where withheld), in the given order."""
    digest = hashlib.sha256()
    for table in tables:
        digest.update(table.title.encode())
        for row in table.rows:
            cells = "\x1f".join(cell.display() for cell in row.cells)
            digest.update(f"\x1e{row.label}\x1d{cells}".encode())
    return digest.hexdigest()

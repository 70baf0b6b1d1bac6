"""Published tables as strings, compact or complete, with footnotes that leak nothing.

Only tables that went through `evaluation.disclosure.Disclosure` come in here. Dropping rows or
columns of a suppressed table cannot reveal anything, so the compact views are projections of
it. The raw footnotes of a table state its bases as plain numbers that disclosure control does
not see; they are replaced by base notes made from the published cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from evaluation.reports.model import TableRow, TableView
from evaluation.reports.sentences import kommunen
from evaluation.tables.table import Cell, Row, Table

#: Footnotes of `evaluation.tables` that carry counts outside the cells.
_COUNTED = ("Basis", "Ohne ", "Nur Kommunen")
_SHORT_HEADERS = {"Standardabweichung": "Std.-Abw.", "Gültige n": "Gültige n"}


def published(cell: Cell) -> float | int | str | None:
    """The value of a cell as it may be published; None when suppressed or empty."""
    return None if cell.suppressed else cell.value


def published_number(cell: Cell) -> float | None:
    """A published figure as a number (None when suppressed, empty or text)."""
    value = published(cell)
    return None if value is None or isinstance(value, str) else float(value)


def published_count(cell: Cell) -> int | None:
    value = published(cell)
    return None if value is None or isinstance(value, str) else int(round(float(value)))


def column(table: Table, name: str) -> int:
    return table.columns.index(name)


def short_label(table: Table, label: str) -> str:
    """Option and item labels without the question text the codebook puts in front."""
    for prefix in (table.question, table.question.splitlines()[0] if table.question else ""):
        if prefix and label.startswith(prefix + ": "):
            return label[len(prefix) + 2 :]
    return label


def caption(table: Table) -> str:
    return table.title


def base_note(valid: Row | None, shown: Row | None, what: str = "gültiger Antwort") -> str:
    """ "Basis: 14 Kommunen mit gültiger Antwort (Frage gestellt: 15)." from the published
    first cells of the rows of the valid answers and of the units shown the question."""
    valid_n = published_count(valid.cells[0]) if valid is not None else None
    shown_n = published_count(shown.cells[0]) if shown is not None else None
    if valid_n is None:
        return "Basis: gesperrt (zu wenige Kommunen)."
    note = f"Basis: {kommunen(valid_n)} mit {what}"
    if shown_n is not None and shown_n != valid_n:
        note += f" (Frage gestellt: {shown_n})"
    return note + "."


def safe_footnotes(table: Table, extra: Sequence[str] = ()) -> tuple[str, ...]:
    """The table's explanatory footnotes without the raw counts, plus `extra` base notes."""
    kept = [note for note in table.footnotes if not note.startswith(_COUNTED)]
    rule = [note for note in kept if note.startswith("„.“")]
    rest = [note for note in kept if not note.startswith("„.“")]
    return (*extra, *rest, *rule)


def first_row(table: Table, *kinds: str, label: str | None = None) -> Row | None:
    for row in table.rows:
        if row.kind in kinds and (label is None or row.label == label):
            return row
    return None


def view(
    table: Table,
    columns: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
    skip_labels: Sequence[str] = (),
    footnotes: Sequence[str] | None = None,
) -> TableView:
    """A TableView of the chosen columns and row kinds (all by default)."""
    names = list(columns) if columns is not None else list(table.columns)
    indices = [table.columns.index(name) for name in names]
    rows = tuple(
        TableRow(
            short_label(table, row.label),
            tuple(row.cells[i].display() for i in indices),
            row.kind,
        )
        for row in table.rows
        if (kinds is None or row.kind in kinds) and row.label not in skip_labels
    )
    return TableView(
        caption=caption(table),
        stub=_stub(table),
        header=tuple(_SHORT_HEADERS.get(name, name) for name in names),
        rows=rows,
        footnotes=tuple(footnotes) if footnotes is not None else safe_footnotes(table),
        question=table.question if table.question != table.title else "",
    )


def _stub(table: Table) -> str:
    return {
        "frequencies": "Antwort",
        "multiple": "Antwort",
        "scale": "Aussage",
        "numbers": "Kennzahl",
        "text": "Freitext",
        "crosstab": "Antwort",
        "question-crosstab": "Antwort",
        "response": "Land – Typ",
    }.get(table.kind, "")


def appendix_view(table: Table) -> TableView:
    """The complete published table for the appendix, with bases from its published cells."""
    return view(table, footnotes=safe_footnotes(table, _bases(table)))


def _bases(table: Table) -> tuple[str, ...]:
    if table.kind == "frequencies":
        valid = first_row(table, "total", label="Gültige Antworten")
        shown = first_row(table, "base")
        return (base_note(valid, shown),)
    if table.kind == "multiple":
        base = first_row(table, "base", label="Basis: Kommunen mit Angabe")
        shown = first_row(table, "base", label="Basis: Frage gestellt")
        return (base_note(base, shown, "Angabe"),)
    if table.kind in ("numbers", "text"):
        valid = first_row(table, "total")
        shown = first_row(table, "base")
        what = "Text" if table.kind == "text" else "gültiger Angabe"
        return (base_note(valid, shown, what),)
    if table.kind == "scale":
        return ("Basis: je Zeile die Spalte „Gültige n“.",)
    if table.kind == "crosstab":
        return ("Basis: Zeile „Basis (=100 %)“ bzw. „Gültige Antworten (n)“ je Spalte.",)
    if table.kind == "question-crosstab":
        return (
            "Basis: je Spalte die Zeile „Gültige Antworten“ (= 100 %) und „Basis: Frage gestellt“.",
        )
    return ()


def rows_of(table: Table, kind: str) -> list[tuple[int, Row]]:
    return [(i, row) for i, row in enumerate(table.rows) if row.kind == kind]

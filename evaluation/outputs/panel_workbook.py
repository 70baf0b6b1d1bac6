"""The panel workbook: the series' codebook with what changed between waves, and the long and
the wide layout (`evaluation.panel`). Internal, like the researcher workbook: all answers."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import numpy as np
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

from evaluation import german
from evaluation.outputs.workbook import clean_text
from evaluation.panel import Layout, Panel

SHEETS = ("Info", "Codebuch", "Daten_lang", "Daten_breit")
NOTE = "Interne Daten: enthalten Kleinstfallzahlen, nicht zur Veröffentlichung."


def write_panel_workbook(panel: Panel, target: str | Path | IO[bytes]) -> None:
    book = Workbook(write_only=True)
    _info(book.create_sheet("Info"), panel)
    _codebook(book.create_sheet("Codebuch"), panel)
    long, wide = panel.long(), panel.wide()
    _data(book.create_sheet("Daten_lang"), long)
    _data(book.create_sheet("Daten_breit"), wide)
    book.save(target)


def _cell(sheet: Worksheet, value: Any) -> Any:
    """Every text a text cell, so an answer starting with "=" never becomes a formula."""
    if isinstance(value, np.integer | np.floating):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        value = None
    cell = WriteOnlyCell(sheet, value=clean_text(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _row(sheet: Worksheet, values: list[Any]) -> None:
    sheet.append([_cell(sheet, value) for value in values])


def _info(sheet: Worksheet, panel: Panel) -> None:
    _row(sheet, [NOTE])
    _row(sheet, ["Welle", "Befragung", "Titel", "Feldphase", "abgeschickt", "Auswahlgesamtheit"])
    for number, dataset in panel.waves:
        info = dataset.survey
        period = " bis ".join(german.day(d) for d in (info.opens_on, info.closes_on) if d)
        _row(sheet, [number, info.slug, info.title, period, info.submitted, info.frame])
    followed = [c for c in panel.changes if panel.until is None or c.on <= panel.until]
    if followed:
        _row(sheet, [])
        _row(sheet, ["Gebietsänderungen, denen das Panel folgt", "alter Schlüssel", "neuer", "ab"])
        for change in followed:
            _row(sheet, ["", change.old, change.new, german.day(change.on)])


def _codebook(sheet: Worksheet, panel: Panel) -> None:
    _row(sheet, [NOTE])
    _row(sheet, ["Variable", "Label", "Typ", "Wellen", "Geändert zwischen den Wellen"])
    latest = panel.long().codebook
    for name, history in panel.variable_changes().items():
        variable = latest[name]
        waves = ", ".join(str(n) for n in history.waves)
        _row(sheet, [name, variable.label, variable.type, waves, "; ".join(history.notes)])


def _data(sheet: Worksheet, layout: Layout) -> None:
    _row(sheet, list(layout.data.columns))
    for row in layout.data.itertuples(index=False):
        _row(sheet, list(row))

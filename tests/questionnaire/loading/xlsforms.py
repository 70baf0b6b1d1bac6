"""XLSForm workbooks for the loading tests, and the steps every such test repeats: build one
from rows, see what pyxform itself makes of it, write a questionnaire and read it back.

Workbooks are built with openpyxl, never stored in git; `workbook()` takes each sheet as a list
of rows, the first being the header, so the Excel row of an entry is its index + 1.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform
from pyxform.xls2xform import convert

from surveyapp.questionnaire import QuestionnaireInvalid, load_questionnaire
from surveyapp.questionnaire.loading.xlsform.writer import write_xlsform
from surveyapp.questionnaire.model import Questionnaire

SETTINGS = [["form_id", "version", "form_title"], ["Kleine-Umfrage", "2019.1", "Kleine Umfrage"]]
CHOICES = [
    ["list_name", "name", "label", "missing"],
    ["ja_nein", 1, "ja"],
    ["ja_nein", 2, "nein"],
    ["ja_nein", -1, "weiß nicht", "yes"],
    ["fach", 1, "Jugendhilfe"],
    ["fach", 2, "Schule"],
    ["fach", 3, "Kita"],
]


def workbook(survey, choices=CHOICES, settings=SETTINGS, **others) -> bytes:
    """An .xlsx with the given sheets; a sheet given as None is left out."""
    book = openpyxl.Workbook()
    book.active.title = "survey"
    sheets = {"survey": survey, "choices": choices, "settings": settings, **others}
    for name, rows in sheets.items():
        if rows is None:
            continue
        sheet = book["survey"] if name == "survey" else book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def problems_of(data: bytes | Path) -> list[str]:
    """The problems a file that must be refused is refused with, as the researcher reads them."""
    with pytest.raises(QuestionnaireInvalid) as caught:
        load_questionnaire(data)
    return [str(problem) for problem in caught.value.problems]


def pyxform_form(data: bytes | Path, stem: str = "p") -> dict[str, Any]:
    """pyxform's own JSON form of a workbook: what the translation is compared with."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return workbook_to_json(get_xlsform(data), form_name="data", fallback_form_name=stem)


def pyxform_xform(data: bytes) -> str:
    """The XForm pyxform converts a workbook into, as KoboToolbox would."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return convert(xlsform=data, validate=False).xform


def written_and_read_back(questionnaire: Questionnaire) -> tuple[bytes, Questionnaire]:
    """The questionnaire written as an XLSForm, and that workbook read again."""
    data = write_xlsform(questionnaire)
    return data, load_questionnaire(data)

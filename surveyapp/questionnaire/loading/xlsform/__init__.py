"""The XLSForm reader: a workbook (.xlsx or .xls) into the same questionnaire as a YAML file.

Researchers who build forms in Excel (ODK, KoboToolbox, SurveyCTO) upload them as they are.
pyxform, the reference implementation, reads the workbook (`definition`) after the raw file
has been bounded and scanned (`archive`); its JSON form is translated into the source mapping
the schema builds (`translator`), so every rule and message of the YAML format applies
unchanged and the snapshot (`Questionnaire.source`) is an ordinary YAML-style mapping.
Problems point at sheet and row as Excel numbers them (the header is row 1), e.g.
`survey[7].relevant`; problems the YAML rules find in the translation are pointed back at the
row they came from.

Translated: settings (optional: without them the id comes from the file name), groups →
pages (a group in a group → a sub-heading whose condition applies to its questions), questions
outside groups → one page per run, select_one/select_multiple (old spellings too; `or_other`
→ other), integer, decimal, text (multiline → textarea), date, note; label, hint, required,
relevant, constraint + constraint_message, labels in languages with or without a code.
Choice names that are not all integers get codes 1, 2, 3 … in order, the names kept (`name`).
Metadata rows (start, end, deviceid, …), defaults and appearances are left out and named in
`XLSFormReading.summary`; types the web form cannot ask are refused by name and row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.loading.schema import build_questionnaire
from surveyapp.questionnaire.loading.schema.pipes import WHERE_PIPES_GO
from surveyapp.questionnaire.loading.xlsform.archive import OLE_MAGIC, ZIP_MAGIC, read_archive
from surveyapp.questionnaire.loading.xlsform.definition import read_definition
from surveyapp.questionnaire.loading.xlsform.summary import summary_line
from surveyapp.questionnaire.loading.xlsform.translator import XLSFORM_PIPES_GO, Translator
from surveyapp.questionnaire.model import Questionnaire

SUFFIXES = (".xlsx", ".xlsm", ".xls")
SHEET_ORDER = ("survey", "choices", "settings")


def is_xlsform(source: str | bytes | Path) -> bool:
    """True for a path ending in .xlsx, .xlsm or .xls and for Excel bytes."""
    if isinstance(source, Path):
        return source.suffix.lower() in SUFFIXES
    if isinstance(source, str):
        return "\n" not in source and source.strip().lower().endswith(SUFFIXES)
    return source.startswith((ZIP_MAGIC, OLE_MAGIC))


def load_xlsform(source: str | bytes | Path) -> Questionnaire:
    """Read an XLSForm workbook (path or bytes); raises `QuestionnaireInvalid` with every problem.

    The translation is built by the schema that builds YAML files, so both file kinds accept
    and refuse exactly the same questionnaires.
    """
    return read_xlsform(source).questionnaire


@dataclass(frozen=True)
class XLSFormReading:
    """The questionnaire of a workbook and one line saying what was read and left out."""

    questionnaire: Questionnaire
    summary: str


def read_xlsform(source: str | bytes | Path) -> XLSFormReading:
    """Like `load_xlsform`, with the line a check shows the researcher."""
    translation = translate_xlsform(source)
    problems = list(translation.problems)
    questionnaire: Questionnaire | None = None
    try:
        questionnaire = build_questionnaire(translation.data, {})
    except QuestionnaireInvalid as invalid:
        problems.extend(translation.locate(invalid.problems))
    if problems or questionnaire is None:
        # A filter or condition the loader refuses once per option it was spread over comes
        # back to the same cell each time: the researcher reads it once.
        unique = list(dict.fromkeys(problems))
        raise QuestionnaireInvalid(sorted(unique, key=_order))
    return XLSFormReading(questionnaire, summary_line(questionnaire, translation.ignored))


@dataclass
class Translation:
    """The source mapping made from a workbook, the problems found on the way, and for each
    path of the mapping the cell it came from (`pages[0].questions[2].show_if` →
    `survey[5].relevant`)."""

    data: dict[str, Any]
    problems: list[Problem]
    origins: dict[str, str]
    ignored: dict[str, list[int | None]]

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """The loader's problems, pointed at the workbook.

        A cell refused here, or a row refused as a whole, makes the loader stumble over the
        same place again ("Der Schlüssel 'id' fehlt"); those echoes are left out.
        """
        cells = {p.location for p in self.problems}
        rows = {_row_of(p.location) for p in self.problems}
        located: list[Problem] = []
        for problem in problems:
            location = self._origin(problem)
            echo = location in cells or (location == _row_of(location) and location in rows)
            echo = echo or (location == "survey" and bool(self.problems))
            if not echo:
                located.append(Problem(location, self._message(problem.message)))
        return located

    def _message(self, message: str) -> str:
        """`(zuerst bei pages[0].questions[1])` → `(zuerst bei survey[3])`; a pipe where the
        format has none is said in XLSForm's words (`${D1}`, label and hint)."""
        if message.endswith(WHERE_PIPES_GO):
            name = re.match(r"\{\{(.*?)\}\}", message)
            return (
                f"${{{name.group(1) if name else '…'}}} kann hier nicht stehen: {XLSFORM_PIPES_GO}"
            )
        return re.sub(
            r"\bpages\[\d+\](?:\.questions\[\d+\])?",
            lambda match: self.origins.get(match.group(0), match.group(0)),
            message,
        )

    def _origin(self, problem: Problem) -> str:
        path = problem.location
        if not path and problem.message.startswith("…"):
            return path
        while True:
            if path in self.origins:
                return self.origins[path]
            if not path:
                return problem.location
            path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path)


def translate_xlsform(source: str | bytes | Path) -> Translation:
    """Translate a workbook into a source mapping; broken or oversized files raise at once."""
    workbook = read_archive(source)
    if workbook.problems:
        raise QuestionnaireInvalid(sorted(workbook.problems, key=_order))
    translator = Translator(read_definition(workbook), [])
    data = translator.translate()
    return Translation(data, translator.problems, translator.origins, translator.ignored)


def _row_of(location: str) -> str:
    """`survey[7].relevant` → `survey[7]`: problems on one row belong together."""
    match = re.match(r"^[a-z_]+(\[\d+\])?", location)
    return match.group(0) if match else location


def _order(problem: Problem) -> tuple[int, int]:
    match = re.match(r"^([a-z_]+)(?:\[(\d+)\])?", problem.location)
    if not match:
        return (len(SHEET_ORDER) + 1, 0)
    sheet, row = match.group(1), match.group(2)
    position = SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else len(SHEET_ORDER)
    return (position, int(row) if row else 0)

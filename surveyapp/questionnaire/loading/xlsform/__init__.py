"""The XLSForm reader: a workbook (.xlsx) into the same questionnaire as a YAML file.

Researchers who build forms in Excel (ODK, KoBoToolbox, SurveyCTO) upload them as they are. The
workbook is translated into the source mapping the schema builds, so every rule and
message of the YAML format applies unchanged and the snapshot (`Questionnaire.source`) is an
ordinary YAML-style mapping that `questionnaire_from_snapshot` rebuilds. Problems point at sheet,
row (as Excel numbers them: the header is row 1) and column, e.g. `survey[7].relevant`; problems
the YAML rules find in the translation are pointed back at the row they came from.

Translated:
- settings: `form_id` (lowercased) → id, `version`, `form_title` → title, `default_language`.
- survey `type`: `select_one L` / `select_multiple L` (`or_other` → other) → single / multiple
  with the options of list L; integer, decimal, text (appearance multiline → textarea), date,
  note; `begin_group`/`end_group` → a page (name → id, label → title, hint → intro,
  relevant → show_if).
- `label` → text, `hint` → help, `required` (yes/true/1) → required, `relevant` → show_if,
  `constraint` + `constraint_message` → check (expressions: see `expressions`).
- choices: `list_name`, `name` (an integer code), `label`, each list an `option_lists` entry.
  A `missing` column (yes) is this project's addition for answers like "weiß nicht".
- `label::Deutsch (de)` columns (also `hint::`, `constraint_message::`, `form_title::`) →
  languages; a plain `label` column is the default language.

Questions outside any group: each run of them becomes one page titled with the form title, as
Enketo shows a form without groups on one page. Appearances that only change the look
(`minimal`, `likert`, `field-list`, …) are accepted and have no effect: the web form has its own
layout. Everything else (other types, other columns holding a value, other appearances, groups
in groups, functions in expressions) is refused by name and row, never ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.loading.schema import build_questionnaire
from surveyapp.questionnaire.loading.xlsform.translator import Translator
from surveyapp.questionnaire.loading.xlsform.workbook import OLE_MAGIC, SHEET_ORDER, read_workbook
from surveyapp.questionnaire.model import Questionnaire

SUFFIXES = (".xlsx", ".xlsm", ".xls")
ZIP_MAGIC = b"PK\x03\x04"


def is_xlsform(source: str | bytes | Path) -> bool:
    """True for a path ending in .xlsx (or .xls, to refuse it clearly) and for Excel bytes."""
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
    translation = translate_xlsform(source)
    problems = list(translation.problems)
    questionnaire: Questionnaire | None = None
    try:
        questionnaire = build_questionnaire(translation.data, {})
    except QuestionnaireInvalid as invalid:
        problems.extend(translation.locate(invalid.problems))
    if problems or questionnaire is None:
        raise QuestionnaireInvalid(sorted(problems, key=_order))
    return questionnaire


@dataclass
class Translation:
    """The source mapping made from a workbook, the problems found on the way, and for each
    path of the mapping the cell it came from (`pages[0].questions[2].show_if` →
    `survey[5].relevant`)."""

    data: dict[str, Any]
    problems: list[Problem]
    origins: dict[str, str]

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
            if not echo:
                located.append(Problem(location, self._message(problem.message)))
        return located

    def _message(self, message: str) -> str:
        """`(zuerst bei pages[0].questions[1])` → `(zuerst bei survey[3])`."""
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
    sheets, problems = read_workbook(source)
    translator = Translator(sheets, problems)
    return Translation(translator.translate(), problems, translator.origins)


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

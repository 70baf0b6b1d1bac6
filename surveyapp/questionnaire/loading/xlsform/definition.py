"""pyxform's reading of a workbook: its rows (for row numbers) and its JSON form (for meaning).

pyxform is the reference implementation of XLSForm: it knows the aliases (`select one x`,
`list name`, `label:English`), the settings defaults and the structure of groups, so this
project translates pyxform's JSON form instead of reading the sheets itself. The JSON form
keeps no row numbers; the rows pyxform read (empty rows included, as it keeps them so its own
messages count right) give each name its Excel row.

Library warnings (openpyxl's about data validation, pyxform's about style) would reach the
researcher's terminal as English noise; they are silenced here, and pyxform's own refusals
are passed on in a German sentence.
"""

from __future__ import annotations

import importlib
import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.loading.xlsform.archive import Workbook, refuse

#: The name pyxform gives texts written without a language (`label` rather than `label::de`).
DEFAULT_LANGUAGE = "default"
NAME_HEADERS = ("name", "value", "tag")
TYPE_HEADERS = ("type", "command")
_PYXFORM_ROW = re.compile(r"\[row\s*:\s*(\d+)\]\s*")
#: The name pyxform gives a note without one: `generated_note_name_` and its Excel row.
_GENERATED_NOTE = re.compile(r"generated_note_name_(\d+)")
_SHEET_ROW = re.compile(r"^(survey|choices)\[(\d+)\]")
#: What pyxform makes of typographic quotes in every text (for its XPath).
_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class Definition:
    """pyxform's JSON form and the rows it came from."""

    form: Mapping[str, Any]
    survey: Sequence[Mapping[str, Any]]
    choices: Sequence[Mapping[str, Any]]
    settings: Mapping[str, Any] | None
    stem: str | None

    def survey_row(self, name: str, grouping: bool | None = None) -> int | None:
        """The Excel row of the first survey row with this name (the header is row 1), of a
        group or repeat (`grouping`) or not where that is known: a question may be named like
        the repeat around it. A note written without a name has the one pyxform gives it,
        which holds its row."""
        first = None
        for index, row in enumerate(self.survey):
            if _cell(row, NAME_HEADERS) != name:
                continue
            opens = _cell(row, TYPE_HEADERS).lower().startswith("begin")
            if grouping is None or opens == grouping:
                return index + 2
            first = first or index + 2
        generated = _GENERATED_NOTE.fullmatch(name)
        return int(generated.group(1)) if generated else first

    def survey_type(self, name: str, grouping: bool | None = None) -> str:
        row = self.survey_row(name, grouping)
        return _cell(self.survey[row - 2], TYPE_HEADERS) if row else ""

    def as_written(self, location: str, text: str) -> str:
        """The text as the file has it at `location` (`survey[12].label`): pyxform makes the
        closing quote of „Absenden“ and the apostrophe of don’t straight, which changes a
        German text; the row it read still has them."""
        if '"' not in text and "'" not in text:
            return text
        if location.startswith("settings"):
            rows: Sequence[Mapping[str, Any]] = [self.settings] if self.settings else []
        else:
            match = _SHEET_ROW.match(location)
            if match is None:
                return text
            sheet = self.survey if match.group(1) == "survey" else self.choices
            number = int(match.group(2)) - 2
            rows = [sheet[number]] if 0 <= number < len(sheet) else []
        for row in rows:
            for value in row.values():
                if isinstance(value, str) and value.strip().translate(_STRAIGHT) == text:
                    return value.strip()
        return text

    def choice_row(self, list_name: str, name: str, occurrence: int = 0) -> int | None:
        """The Excel row of a choice; `occurrence` counts rows of the same name in the list
        before it (a form may allow duplicates: `allow_choice_duplicates`)."""
        rows = [
            index + 2
            for index, row in enumerate(self.choices)
            if _cell(row, ("list_name", "list name")) == list_name
            and _cell(row, NAME_HEADERS) == name
        ]
        return rows[occurrence] if occurrence < len(rows) else (rows[0] if rows else None)


def _cell(row: Mapping[str, Any], headers: tuple[str, ...]) -> str:
    """A cell by its header in any of pyxform's spellings (`name`, `Name`, `value`)."""
    for header, value in row.items():
        if header.strip().lower() in headers:
            return str(value).strip()
    return ""


def read_definition(workbook: Workbook) -> Definition:
    """Let pyxform read the workbook; its refusal becomes one German message.

    pyxform is imported here, not with the module: it pulls in numpy, lxml and PIL, which a
    process that never reads a workbook (the web app serving pages) should not load.
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json
    from pyxform.xls2json_backends import get_xlsform

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            data = get_xlsform(io.BytesIO(workbook.data), file_type=f".{workbook.kind}")
        except PyXFormError as error:
            raise _german(str(error), workbook) from None
        except Exception:  # pyxform's readers fail on broken files with many kinds of error
            raise refuse("Die Datei ist beschädigt und kann nicht gelesen werden") from None
        try:
            form = workbook_to_json(
                data,
                form_name="data",
                fallback_form_name=workbook.stem,
                default_language=DEFAULT_LANGUAGE,
                warnings=[],
            )
        except PyXFormError as error:
            raise _german(str(error)) from None
        except Exception as error:  # pyxform stumbles over some invalid forms
            raise refuse(
                "Die Datei ist kein gültiges XLSForm; pyxform bricht ab "
                f"({type(error).__name__}: {error})"
            ) from None
    settings = data.settings[0] if data.settings else None
    return Definition(form, data.survey or (), data.choices or (), settings, workbook.stem)


#: pyxform's refusals that real forms run into, in German and at their cell: (pattern, where,
#: message); `{row}` and the pattern's groups are filled in. Anything else is passed on as
#: pyxform words it, behind a German sentence.
_PYXFORM_MESSAGES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern), where, message)
    for pattern, where, message in (
        (
            r"the 'name' value 'meta' is invalid\. The name 'meta' is reserved",
            "survey[{row}].name",
            "Der Name „meta“ ist in XLSForm den Metadaten des Formulars vorbehalten (pyxform "
            "lässt ihn für keine Zeile zu); geben Sie der Zeile einen anderen Namen",
        ),
        (
            r"the 'name' value '([^']*)' is invalid\. Repeat names must not be the same as "
            r"the survey root",
            "survey[{row}].name",
            "Eine Wiederholung darf nicht „{0}“ heißen: so heißt in XLSForm die Wurzel des "
            "Formulars",
        ),
        (
            r"the 'name' value '([^']*)' is invalid\. Questions, groups, and repeats must be "
            r"unique",
            "survey[{row}].name",
            "Der Name „{0}“ kommt in derselben Gruppe schon vor: jede Zeile braucht einen "
            "eigenen Namen",
        ),
        (
            r"On the 'choices' sheet, the 'name' value is invalid\. Choice names must be unique",
            "choices[{row}].name",
            "Der Name kommt in dieser Liste (list_name) schon vor: die Optionen einer Liste "
            "brauchen verschiedene Namen",
        ),
        (
            r"On the 'choices' sheet, the 'name' value is invalid\. Choices must have a name",
            "choices[{row}].name",
            "Die Option hat keinen Namen (Spalte name)",
        ),
        (
            r"On the '(\w+)' sheet, the '([^']+)' value is invalid\. Reference variables must "
            r"contain a name from the 'survey' sheet\. Could not find the name '([^']*)'",
            "{0}[{row}].{1}",
            "${{{2}}} nennt keine Zeile des Blatts survey: eine Bezugnahme braucht den Namen "
            "einer Frage",
        ),
        (
            r"^List name not in choices sheet: (.+)$",
            "survey[{row}].type",
            "Die Liste „{0}“ steht nicht im Blatt choices (Spalte list_name)",
        ),
        (
            r"^Question or group with no name",
            "survey[{row}].name",
            "Die Zeile hat keinen Namen (Spalte name): jede Frage und jede Gruppe braucht einen",
        ),
        (
            r"^Missing calculation",
            "survey[{row}].calculation",
            "Eine Zeile vom Typ calculate braucht eine Formel in der Spalte calculation",
        ),
        (
            r"^Duplicate column header: (.+)$",
            "{sheet}[1]",
            "Die Spalte „{0}“ steht zweimal in der Kopfzeile: jede Spalte darf nur einmal "
            "vorkommen",
        ),
        (
            r"^Invalid headers provided for sheet: '(\w+)'\. One or more required column "
            r"headers were not found: '([^']*)'",
            "{0}[1]",
            "Der Kopfzeile des Blatts {0} fehlt die Spalte „{1}“ (die Kopfzeile ist die erste "
            "Zeile des Blatts)",
        ),
        (
            r"^Invalid headers provided for sheet: '(\w+)'\. Headers that are different names "
            r"for the same column were found: '([^']*)', '([^']*)'",
            "{0}[1]",
            "Die Spalten „{1}“ und „{2}“ meinen in XLSForm dieselbe Spalte: lassen Sie eine "
            "davon weg",
        ),
        (
            r"^There should be a choices sheet in this xlsform",
            "choices",
            "Das Blatt choices fehlt: Auswahlfragen (select_one, select_multiple) brauchen es, "
            "mit den Spalten list_name, name und label",
        ),
        (
            r"^You must have a sheet named 'survey'",
            "survey",
            "Die Arbeitsmappe hat kein Blatt „survey“: dort stehen in XLSForm die Fragen",
        ),
    )
)


def _german(message: str, workbook: Workbook | None = None) -> QuestionnaireInvalid:
    """pyxform's refusal at its cell in German words, or as pyxform words it behind a German
    sentence with its row; pyxform's row numbers are Excel's, as in this reader. A header
    written twice is looked for in the workbook, as pyxform does not say on which sheet."""
    text = message.strip()
    match = _PYXFORM_ROW.search(text)
    row = match.group(1) if match else ""
    text = _PYXFORM_ROW.sub("", text).strip()
    if "not recognized as a supported type" in text or "Error reading" in text:
        return refuse("Die Datei ist keine lesbare Excel-Arbeitsmappe (.xlsx oder .xls)")
    for pattern, where, german in _PYXFORM_MESSAGES:
        found = pattern.search(text)
        if found and (row or "{row}" not in where):
            sheet = ""
            if "{sheet}" in where:
                sheet = _sheet_with_header_twice(workbook, found.group(1)) if workbook else ""
                where = where if sheet else ""
            located = where.format(*found.groups(), row=row, sheet=sheet)
            return QuestionnaireInvalid([Problem(located, german.format(*found.groups()))])
    where = f"Zeile {row}: " if row else ""
    return refuse(f"{where}Die Datei ist kein gültiges XLSForm. pyxform meldet: {text}")


def _sheet_with_header_twice(workbook: Workbook, header: str) -> str:
    """The sheet whose first row names `header` twice (the file is bounded and scanned)."""
    try:
        if workbook.kind == "xls":
            # pyxform's reader of .xls files; its stubs are not installed, as the project
            # touches it only here, to read one row.
            xlrd: Any = importlib.import_module("xlrd")
            book = xlrd.open_workbook(file_contents=workbook.data, on_demand=True)
            sheets = [book.sheet_by_name(name) for name in book.sheet_names()]
            firsts = {sheet.name: sheet.row_values(0) if sheet.nrows else [] for sheet in sheets}
        else:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(workbook.data), read_only=True)
            firsts = {
                sheet.title: next(sheet.iter_rows(max_row=1, values_only=True), ())
                for sheet in book.worksheets
            }
    except Exception:  # the header row is only looked up to name its sheet
        return ""
    for name, cells in firsts.items():
        if [str(cell).strip() for cell in cells if cell is not None].count(header) > 1:
            return name
    return ""

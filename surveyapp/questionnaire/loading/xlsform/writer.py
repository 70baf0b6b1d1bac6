"""A questionnaire written back as an XLSForm workbook, so a survey can move to KoboToolbox and
back.

Every page becomes a group, conditions become XPath with `${name}` references, choice names
are the original names where an XLSForm gave them (`yes`, `no`) and the codes otherwise. What
XLSForm has no column for is written in the project's own columns (`min`, `max`, `unit`,
`decimals`, `max_length`, `exclusive`, `min_choices`, `max_choices`, `other_code`,
`soft_required`, `constraint_soft`, `show`, `prefill`; `intro`, `outro`, `form_titles` (the
title in every language) on settings; `top`, the top of a scale, on its list's first choice),
which pyxform carries along and KoboToolbox ignores. A calculated value is a `calculate` row
whose `calculation` is its formula, an open roster a repeat, a roster per ticked option a
repeat counted by `count-selected()`, a ranking a `rank` row with `ranks`, a grid a group of
row groups marked by the column `grid`, a matrix a `table-list` group of one `select_one` per
item (ODK's way to ask items on one scale) marked by the column `matrix`, a yes/no question a
`select_one` of the list `boolean` (names 1 and 0) marked by the column `boolean`. Reading the
workbook back gives the same questionnaire.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from surveyapp.questionnaire.codes import YES_NO
from surveyapp.questionnaire.conditions.functions import (
    IF,
    CompareTerms,
    CompareToday,
    CountChosen,
    Matches,
    Term,
)
from surveyapp.questionnaire.conditions.tree import (
    And,
    Answered,
    Compare,
    CompareAnswers,
    Condition,
    Contains,
    InList,
    Literal,
    Not,
    Or,
)
from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.loading.xlsform.languages import NAMES
from surveyapp.questionnaire.model import (
    DEFAULT_OTHER_CODE,
    TODAY,
    Question,
    Questionnaire,
    QuestionType,
    Required,
    Text,
)
from surveyapp.questionnaire.piping import PIPE

TYPES = {
    QuestionType.INTEGER: "integer",
    QuestionType.DECIMAL: "decimal",
    QuestionType.TEXT: "text",
    QuestionType.TEXTAREA: "text",
    QuestionType.DATE: "date",
    QuestionType.NOTE: "note",
    QuestionType.CALCULATE: "calculate",
}
SELECTS = {QuestionType.SINGLE: "select_one", QuestionType.MULTIPLE: "select_multiple"}
SURVEY_COLUMNS = ("type", "name")
_REFERENCE = re.compile(r"\$\{([^}]+)\}")
_GERMAN_NAMES = {"de": "Deutsch", "en": "English", "fr": "Français", "es": "Español"}


def write_xlsform(questionnaire: Questionnaire) -> bytes:
    """The workbook (.xlsx bytes); raises `QuestionnaireInvalid` naming each question XLSForm
    cannot hold."""
    writer = _Writer(questionnaire)
    return writer.workbook()


def language_header(code: str) -> str:
    """`de` → `Deutsch (de)`: a name with the code, as XLSForm recommends."""
    english = next((name for name, value in NAMES.items() if value == code), code)
    name = _GERMAN_NAMES.get(code, english.capitalize())
    return f"{name} ({code})"


class _Writer:
    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.languages = questionnaire.languages
        self.problems: list[Problem] = []
        self.kinds = {q.id: q.type for q in questionnaire.questions()}
        self.names = self._choice_names()
        #: A matrix item's variable (`C1_kita`) → its matrix: conditions on it use its names.
        self.matrix_of = {
            q.item_variable(item): q.id
            for q in questionnaire.questions()
            if q.type is QuestionType.MATRIX
            for item in q.items
        }
        self.boolean_list = _free_name(
            "boolean", {q.option_list for q in questionnaire.questions() if q.option_list}
        )

    def _choice_names(self) -> dict[str, dict[int, str]]:
        """For each question, its option codes with the XLSForm names they came from."""
        source = self.questionnaire.source
        lists = source.get("option_lists", {})
        names: dict[str, dict[int, str]] = {}
        for page in source.get("pages", ()):
            for question in page.get("questions", ()):
                options = question.get("options")
                entries = lists.get(options, ()) if isinstance(options, str) else options or ()
                names[question.get("id", "")] = {
                    entry["code"]: str(entry["name"]) for entry in entries if "name" in entry
                }
        return names

    def workbook(self) -> bytes:
        survey = self._survey_rows()
        self._refuse_unknown_names(survey)
        choices = self._choice_rows()
        settings = self._settings_rows()
        if self.problems:
            raise QuestionnaireInvalid(self.problems)
        import openpyxl  # only here: the app should not load it to show a page

        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "survey"
        for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
            target = sheet if title == "survey" else book.create_sheet(title)
            for row in _table(rows):
                target.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    # Sheets ----------------------------------------------------------------------------------

    def _refuse_unknown_names(self, survey: list[dict[str, Any]]) -> None:
        """A `${name}` XLSForm has no row for (a ranking's place `H1_1`, a roster entry's
        `G_1_jahr`) would make pyxform refuse the whole file, so it is refused here by the
        question that names it."""
        names = {str(row["name"]) for row in survey if "name" in row}
        for row in survey:
            written = " ".join(str(value) for value in row.values() if isinstance(value, str))
            unknown = sorted({n for n in _REFERENCE.findall(written) if n not in names})
            if unknown:
                self.problems.append(
                    Problem(
                        str(row.get("name", "")),
                        f"Die Frage {row.get('name')} nennt {', '.join(unknown)}: XLSForm kennt "
                        "nur ganze Fragen, keinen Platz einer Rangfolge und keinen Eintrag eines "
                        "Rosters",
                    )
                )

    def _settings_rows(self) -> list[dict[str, Any]]:
        q = self.questionnaire
        row: dict[str, Any] = {"form_id": q.id, "version": q.version}
        row["form_title"] = q.title.get()
        if len(q.title.values) > 1:  # pyxform's form_title has one language
            row.update(self._texts("form_titles", q.title))
        row["default_language"] = language_header(self.languages[0])
        for key, text in (("intro", q.intro), ("outro", q.outro)):
            if text is not None:
                row.update(self._texts(key, text))
        return [row]

    def _choice_rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        if any(q.type is QuestionType.BOOLEAN for q in self._every_question()):
            for code in (1, 0):
                words = {lang: YES_NO.get(lang, YES_NO["de"])[code] for lang in self.languages}
                answer: dict[str, Any] = {"list_name": self.boolean_list, "name": str(code)}
                answer.update(self._texts("label", Text(words, self.languages[0])))
                rows.append(answer)
        for list_name, question in self._lists().items():
            names = self.names.get(question.id, {})
            first = True
            for option in question.options:
                if option.is_other:
                    continue
                row: dict[str, Any] = {
                    "list_name": list_name,
                    "name": names.get(option.code, str(option.code)),
                }
                row.update(self._texts("label", option.label))
                if option.missing:
                    row["missing"] = "yes"
                if first and question.scale_top is not None:
                    row["top"] = question.scale_top
                first = False
                rows.append(row)
        return rows

    def _lists(self) -> dict[str, Question]:
        """Each choice list with one question that uses it: a shared scale once by its name,
        a question's own options under the question's id."""
        lists: dict[str, Question] = {}
        for question in self._every_question():
            if (
                question.type in SELECTS
                or question.type in (QuestionType.RANKING, QuestionType.MATRIX)
                or question.cell is QuestionType.SINGLE
            ):
                lists.setdefault(self._list_name(question), question)
        return lists

    def _every_question(self) -> Iterator[Question]:
        for outer in self.questionnaire.questions():
            yield outer
            yield from outer.roster

    def _list_name(self, question: Question) -> str:
        return question.option_list or question.id

    def _survey_rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for page in self.questionnaire.pages:
            group: dict[str, Any] = {"type": "begin_group", "name": page.id}
            group.update(self._texts("label", page.title))
            if page.intro is not None:
                group.update(self._texts("hint", page.intro))
            if page.show_if is not None:
                group["relevant"] = self.xpath(page.show_if)
            rows.append(group)
            for question in page.questions:
                if question.type is QuestionType.ROSTER:
                    rows.extend(self._roster(question))
                elif question.type is QuestionType.GRID:
                    rows.extend(self._grid(question))
                elif question.type is QuestionType.MATRIX:
                    rows.extend(self._matrix(question))
                else:
                    rows.append(self._question(question))
            rows.append({"type": "end_group"})
        return rows

    def _question(self, question: Question) -> dict[str, Any]:
        row: dict[str, Any] = {"type": self._type(question), "name": question.id}
        row.update(self._texts("label", question.text))
        if question.help is not None:
            row.update(self._texts("hint", question.help))
        if question.type is QuestionType.TEXTAREA:
            row["appearance"] = "multiline"
        if question.type is QuestionType.BOOLEAN:
            row["boolean"] = "yes"
        row.update(_required(question))
        if question.show_if is not None:
            row["relevant"] = self.xpath(question.show_if)
        if question.filters_options:
            row["choice_filter"] = self._choice_filter(question)
        row.update(self._check(question))
        if question.default is not None:
            row["default"] = self._default(question)
        if question.formula is not None:
            row["calculation"] = _term(question.formula, self.xpath)
        if question.show:
            row["show"] = "yes"
        row.update(_extras(question))
        if question.unit is not None:
            row.update(self._texts("unit", question.unit))
        return row

    def _default(self, question: Question) -> Any:
        """The default as XLSForm writes it: choice names (space-separated for several),
        `today()` for the day the form is opened, numbers and texts as they are."""
        value = question.default
        names = self.names.get(question.id, {})
        if question.type is QuestionType.MULTIPLE:
            return " ".join(names.get(code, str(code)) for code in value)
        if question.type in (QuestionType.SINGLE, QuestionType.BOOLEAN):
            return names.get(value, str(value))
        if value == TODAY:
            return "today()"
        if isinstance(value, date):
            return value.isoformat()
        return _number(value)

    def _choice_filter(self, question: Question) -> str:
        """The options' filters as one `choice_filter` over the choices' names: each choice
        is kept where its own condition holds (`name = 'erz' and (${L1} = 'sn') or …`), which
        ODK and the reader both judge choice by choice."""
        names = self.names.get(question.id, {})
        parts = []
        for option in question.options:
            if option.is_other:
                continue
            part = f"name = {_quoted(names.get(option.code, str(option.code)))}"
            if option.show_if is not None:
                part += f" and ({self.xpath(option.show_if)})"
            parts.append(part)
        return " or ".join(parts)

    def _roster(self, roster: Question) -> list[dict[str, Any]]:
        """An open roster as a repeat: its most entries in the project's column `max` (not
        `repeat_count`, which would make ODK ask for exactly that many), the word of its
        entries ("Bericht" of "Bericht 1") in `entry`, its questions inside. A roster per
        ticked option of E1 is a repeat counted by `count-selected(${E1})`, as ODK forms
        write it."""
        if roster.required is not Required.NO:
            self._refuse(roster, "ist ein Pflicht-Roster (required): XLSForm (noch) nicht")
        row: dict[str, Any] = {"type": "begin_repeat", "name": roster.id}
        row.update(self._texts("label", roster.text))
        if roster.show_if is not None:
            row["relevant"] = self.xpath(roster.show_if)
        if roster.roster_of is not None:
            row["repeat_count"] = f"count-selected(${{{roster.roster_of}}})"
        else:
            row["max"] = roster.roster_max
        if roster.rows and roster.roster_of is None:
            words = {
                code: value.removesuffix(" 1") for code, value in roster.rows[0].text.values.items()
            }
            row.update(self._texts("entry", Text(words, roster.text.default)))
        return [row, *(self._question(sub) for sub in roster.roster), {"type": "end_repeat"}]

    def _grid(self, grid: Question) -> list[dict[str, Any]]:
        """A grid as a group marked by the project's column `grid` (what each cell holds),
        a group per row and a question per cell named by its variable (`D5_sozial_esf`),
        labelled by its column; its totals (`totals`) as calculate rows of the same names,
        so KoboToolbox adds them up too and conditions can name them."""
        row: dict[str, Any] = {"type": "begin_group", "name": grid.id, "grid": str(grid.cell)}
        row.update(self._texts("label", grid.text))
        if grid.help is not None:
            row.update(self._texts("hint", grid.help))
        if grid.show_if is not None:
            row["relevant"] = self.xpath(grid.show_if)
        if grid.totals:
            row["totals"] = " ".join(grid.totals)
        row.update(self._check(grid))
        row.update(_extras(grid))
        if grid.unit is not None:
            row.update(self._texts("unit", grid.unit))
        rows = [row]
        cell_type = self._cell_type(grid)
        for line in grid.rows:
            group: dict[str, Any] = {"type": "begin_group", "name": f"{grid.id}_{line.id}"}
            group.update(self._texts("label", line.text))
            rows.append(group)
            for column in grid.columns:
                cell: dict[str, Any] = {"type": cell_type, "name": grid.cell_variable(line, column)}
                cell.update(self._texts("label", column.text))
                cell.update(_required(grid))
                rows.append(cell)
            rows.append({"type": "end_group"})
        for name, cells in grid.total_variables().items():
            total = " + ".join(f"coalesce(${{{cell}}}, 0)" for cell in cells)
            rows.append({"type": "calculate", "name": name, "calculation": total})
        rows.append({"type": "end_group"})
        return rows

    def _matrix(self, matrix: Question) -> list[dict[str, Any]]:
        """A matrix as ODK forms ask items on one scale: a `table-list` group of one
        `select_one` per item, named by the item's variable (`C1_kita`), marked by the
        project's column `matrix` so that it reads back as one question."""
        row: dict[str, Any] = {
            "type": "begin_group",
            "name": matrix.id,
            "appearance": "table-list",
            "matrix": "yes",
        }
        row.update(self._texts("label", matrix.text))
        if matrix.help is not None:
            row.update(self._texts("hint", matrix.help))
        if matrix.show_if is not None:
            row["relevant"] = self.xpath(matrix.show_if)
        row.update(self._check(matrix))
        row.update(_extras(matrix))
        rows = [row]
        for item in matrix.items:
            cell: dict[str, Any] = {
                "type": f"select_one {self._list_name(matrix)}",
                "name": matrix.item_variable(item),
            }
            cell.update(self._texts("label", item.text))
            cell.update(_required(matrix))
            rows.append(cell)
        rows.append({"type": "end_group"})
        return rows

    def _check(self, question: Question) -> dict[str, Any]:
        """The question's check as `constraint` and its message; XLSForm has one per row."""
        if len(question.checks) > 1:
            self._refuse(question, "hat mehrere Prüfungen (check); XLSForm kennt eine je Frage")
        row: dict[str, Any] = {}
        for check in question.checks:
            row["constraint"] = self.xpath(check.condition)
            row.update(self._texts("constraint_message", check.message))
            if check.soft:
                row["constraint_soft"] = "yes"
        return row

    def _cell_type(self, grid: Question) -> str:
        if grid.cell is QuestionType.SINGLE:
            return f"select_one {self._list_name(grid)}"
        return TYPES.get(grid.cell or QuestionType.TEXT, "text")

    def _type(self, question: Question) -> str:
        if question.type in SELECTS:
            other = " or_other" if question.other else ""
            return f"{SELECTS[question.type]} {self._list_name(question)}{other}"
        if question.type is QuestionType.RANKING:
            return f"rank {self._list_name(question)}"
        if question.type is QuestionType.BOOLEAN:
            return f"select_one {self.boolean_list}"
        if question.type in TYPES:
            return TYPES[question.type]
        self._refuse(question, f"ist vom Typ {question.type}, den XLSForm (noch) nicht kennt")
        return "note"

    def _refuse(self, question: Question, why: str) -> None:
        self.problems.append(Problem(question.id, f"Die Frage {question.id} {why}"))

    def _texts(self, column: str, text: Text) -> dict[str, str]:
        """A text in each language's column; the format's piping (`{{D1}}`) as XLSForm's
        `${D1}`."""
        return {
            f"{column}::{language_header(code)}": PIPE.sub(r"${\1}", value)
            for code, value in text.values.items()
            if code in self.languages
        }

    # Conditions ------------------------------------------------------------------------------

    def xpath(self, condition: Condition) -> str:
        """The XLSForm expression with the same meaning as a condition of this project."""
        if isinstance(condition, And | Or):
            word = " and " if isinstance(condition, And) else " or "
            return word.join(self._wrapped(part) for part in condition.parts)
        if isinstance(condition, Not):
            return f"not({self.xpath(condition.part)})"
        if isinstance(condition, Answered):
            return f"${{{condition.name}}} != ''"
        if isinstance(condition, Contains):
            name = self.names.get(condition.question, {}).get(condition.code, str(condition.code))
            return f"selected(${{{condition.question}}}, {_quoted(name)})"
        if isinstance(condition, CompareAnswers):
            return f"${{{condition.name}}} {_operator(condition.op)} ${{{condition.other}}}"
        if isinstance(condition, Compare):
            value = self._value(condition.name, condition.literal)
            return f"${{{condition.name}}} {_operator(condition.op)} {value}"
        if isinstance(condition, Matches):
            return f"regex(${{{condition.name}}}, {_quoted(condition.pattern)})"
        if isinstance(condition, CountChosen):
            op = _operator(condition.op)
            return f"count-selected(${{{condition.question}}}) {op} {condition.number}"
        if isinstance(condition, CompareToday):
            return f"${{{condition.name}}} {_operator(condition.op)} today()"
        if isinstance(condition, CompareTerms):
            left, right = _term(condition.left, self.xpath), _term(condition.right, self.xpath)
            return f"{left} {_operator(condition.op)} {right}"
        if isinstance(condition, InList):
            op, word = ("!=", " and ") if condition.negated else ("=", " or ")
            return word.join(
                f"${{{condition.name}}} {op} {self._value(condition.name, value)}"
                for value in condition.values
            )
        raise TypeError(f"unknown condition {condition!r}")

    def _wrapped(self, part: Condition) -> str:
        text = self.xpath(part)
        return f"({text})" if isinstance(part, And | Or | InList) else text

    def _value(self, name: str, literal: Literal) -> str:
        """A choice's name, quoted as `select_one` values are; a number or text as written."""
        owner = self.matrix_of.get(name, name)
        kind = self.kinds.get(owner)
        choices = (QuestionType.SINGLE, QuestionType.MATRIX, QuestionType.BOOLEAN)
        if kind in choices and isinstance(literal, int):
            return _quoted(self.names.get(owner, {}).get(literal, str(literal)))
        if isinstance(literal, str):
            return _quoted(literal)
        return str(literal)


def _term(
    term: Term, xpath: Callable[[Condition], str], parent: str | None = None, right: bool = False
) -> str:
    """`(D1 - D2) / 2` as XPath: `(${D1} - ${D2}) div 2`; `if(B1 == 1, D1, 0)` as
    `if(${B1} = '1', ${D1}, 0)`."""
    if term.name is not None:
        return f"${{{term.name}}}"
    if term.op is None or term.left is None or term.right is None:
        return str(term.number)
    if term.op == IF and term.condition is not None:
        then, otherwise = _term(term.left, xpath), _term(term.right, xpath)
        return f"if({xpath(term.condition)}, {then}, {otherwise})"
    left = _term(term.left, xpath, term.op)
    text = f"{left} {_XPATH_OPS[term.op]} {_term(term.right, xpath, term.op, True)}"
    rank, outer = _RANKS[term.op], _RANKS.get(parent or "", 0)
    return f"({text})" if rank < outer or (right and rank == outer) else text


_XPATH_OPS = {"+": "+", "-": "-", "*": "*", "/": "div"}
_RANKS = {"+": 1, "-": 1, "*": 2, "/": 2}


def _operator(op: str) -> str:
    return "=" if op == "==" else op


def _quoted(value: str) -> str:
    return f"'{value}'" if "'" not in value else f'"{value}"'


def _extras(question: Question) -> dict[str, Any]:
    """The project's own columns: what XLSForm has no column for."""
    extras: dict[str, Any] = {}
    for key in ("min", "max"):
        value = getattr(question, key)
        if value is not None:
            extras[key] = value.isoformat() if hasattr(value, "isoformat") else _number(value)
    for key in ("decimals", "max_length", "min_choices", "max_choices", "ranks"):
        if getattr(question, key) is not None:
            extras[key] = getattr(question, key)
    if question.exclusive:
        extras["exclusive"] = " ".join(str(code) for code in question.exclusive)
    if question.other and question.other_code != DEFAULT_OTHER_CODE:
        extras["other_code"] = question.other_code
    if question.prefill:
        extras["prefill"] = question.prefill
    return extras


def _required(question: Question) -> dict[str, str]:
    """`required` (and the project's `soft_required`) of a row, or of each cell of a grid or
    item of a matrix, which XLSForm marks one by one."""
    columns: dict[str, str] = {}
    if question.required is not Required.NO:
        columns["required"] = "yes"
    if question.required is Required.SOFT:
        columns["soft_required"] = "yes"
    return columns


def _free_name(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted_2`, … when a list of the questionnaire is called so."""
    name, number = wanted, 1
    while name in taken:
        number += 1
        name = f"{wanted}_{number}"
    return name


def _number(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The header row (every column any row fills, in a fixed order) and the rows under it."""
    seen: list[str] = []
    for row in rows:
        seen.extend(key for key in row if key not in seen)
    order = {name: index for index, name in enumerate((*SURVEY_COLUMNS, "list_name", "name"))}
    headers = sorted(seen, key=lambda key: (order.get(key, len(order)), seen.index(key)))
    return [headers, *([row.get(header) for header in headers] for row in rows)]

"""The questionnaire as immutable values.

Everything downstream (forms, routing, codebook, storage) reads these classes and never the raw
YAML mapping, so a questionnaire that made it into a `Questionnaire` is known to be valid.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from surveyapp.questionnaire import codes
from surveyapp.questionnaire.conditions import Condition
from surveyapp.questionnaire.conditions.functions import Term

DEFAULT_OTHER_CODE = 99
#: How a file declares the direction of a scale: its first or its last option is the top.
SCALE_TOPS = ("first", "last")


#: A date question's `default` that is the day the page is shown.
TODAY = "today"


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    MATRIX = "matrix"
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    TEXTAREA = "textarea"
    DATE = "date"
    BOOLEAN = "boolean"
    NOTE = "note"
    CALCULATE = "calculate"
    GRID = "grid"
    ROSTER = "roster"
    RANKING = "ranking"


#: What one cell of a grid may hold.
GRID_CELLS = (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.TEXT, QuestionType.SINGLE)
#: What a question asked per item of a roster may be.
ROSTER_QUESTIONS = (
    QuestionType.INTEGER,
    QuestionType.DECIMAL,
    QuestionType.TEXT,
    QuestionType.TEXTAREA,
    QuestionType.DATE,
    QuestionType.SINGLE,
    QuestionType.BOOLEAN,
)
#: The totals a grid of numbers may add: per row, per column (and then the grand total).
GRID_TOTALS = ("rows", "columns")

#: Longest answer a text question takes when its file names no `max_length`.
DEFAULT_MAX_LENGTH = {QuestionType.TEXT: 500, QuestionType.TEXTAREA: 5000}


class Required(StrEnum):
    NO = "no"
    HARD = "hard"
    SOFT = "soft"


@dataclass(frozen=True)
class Text:
    """A user-facing text in one or more languages; `get` falls back to the default language."""

    values: Mapping[str, str]
    default: str = "de"

    def get(self, lang: str | None = None) -> str:
        if lang and lang in self.values:
            return self.values[lang]
        if self.default in self.values:
            return self.values[self.default]
        return next(iter(self.values.values()), "")

    def fallback_language(self, lang: str) -> str:
        """The language `get(lang)` shows when the text has none in `lang` ("" when it has):
        a page in `lang` marks such a text with it (WCAG 3.1.2)."""
        if lang in self.values or not self.values:
            return ""
        return self.default if self.default in self.values else next(iter(self.values))

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Option:
    code: int
    label: Text
    missing: bool = False
    is_other: bool = False
    #: Offered only where this holds (a cascading select): it names answers of earlier pages
    #: only, so the page is built with the options that pass; the code stays the list's code.
    show_if: Condition | None = None


@dataclass(frozen=True)
class MatrixItem:
    id: str
    text: Text


@dataclass(frozen=True)
class Check:
    rule: str
    condition: Condition
    message: Text
    soft: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    text: Text
    help: Text | None = None
    required: Required = Required.NO
    options: tuple[Option, ...] = ()
    other: bool = False
    other_code: int = DEFAULT_OTHER_CODE
    exclusive: tuple[int, ...] = ()
    min_choices: int | None = None
    max_choices: int | None = None
    items: tuple[MatrixItem, ...] = ()
    min: Any = None
    max: Any = None
    decimals: int | None = None
    unit: Text | None = None
    max_length: int | None = None
    show_if: Condition | None = None
    checks: tuple[Check, ...] = ()
    #: Where the question starts in the YAML file: provenance, so not part of equality.
    line: int | None = field(default=None, compare=False)
    #: Name of the `option_lists` entry the options came from (a shared scale), if any.
    option_list: str | None = None
    #: Which end of the substantive options is the top of the scale, as the file declares it
    #: (`first` or `last`); None when it declares none (Top-2 then takes the highest codes).
    scale_top: str | None = None
    #: A `calculate` question's formula (arithmetic on earlier answers) and its text as written.
    formula: Term | None = None
    formula_text: str | None = None
    #: Whether a `calculate` question's value is shown on its page (it is always stored).
    show: bool = False
    #: A grid: its rows and columns, what each cell holds, and the totals it adds up.
    rows: tuple[MatrixItem, ...] = ()
    columns: tuple[MatrixItem, ...] = ()
    cell: QuestionType | None = None
    totals: tuple[str, ...] = ()
    #: A roster: the questions asked per item, and where its items come from: the options of
    #: an earlier multiple-choice question (`roster_of`, one item per option, asked when it is
    #: ticked), or entries the respondent adds, at most `roster_max`. Its items are `rows`.
    roster: tuple[Question, ...] = ()
    roster_of: str | None = None
    roster_max: int | None = None
    #: A ranking: how many places the respondent fills (None: every option gets one).
    ranks: int | None = None
    #: `previous`: in a next wave, the unit's answer of the earlier wave is shown filled in
    #: for checking, and a paradata variable (`prefill_variable`) records what became of it.
    prefill: str | None = None
    #: The answer the page shows filled in until the respondent saves it (`default`): a
    #: number, text, date (or `TODAY`), code, or tuple of codes for multiple choice.
    default: Any = None

    def default_answers(self, today: date) -> dict[str, Any]:
        """The default as stored answers, for the form to show (`TODAY`: the day given)."""
        if self.default is None:
            return {}
        if self.type is QuestionType.MULTIPLE:
            return {self.option_variable(code): 1 for code in self.default}
        if self.default == TODAY:
            return {self.id: today.isoformat()}
        if isinstance(self.default, date):
            return {self.id: self.default.isoformat()}
        return {self.id: self.default}

    @property
    def prefill_variable(self) -> str:
        return codes.prefill_variable(self.id)

    def option_variable(self, code: int) -> str:
        """Variable of one option of a multiple-choice question (`B2_3`, `B2_m1` for -1)."""
        return codes.option_variable(self.id, code)

    def item_variable(self, item: MatrixItem) -> str:
        """Variable of one item (row) of a matrix question (`C4_kita`)."""
        return codes.item_variable(self.id, item.id)

    @property
    def other_variable(self) -> str:
        return codes.other_variable(self.id)

    def other_chosen(self, values: Mapping[str, Any]) -> bool:
        """Whether the answer in `values` picks the "other" option, so its text is asked."""
        others = [o.code for o in self.options if o.is_other]
        if self.type is QuestionType.MULTIPLE:
            return any(values.get(self.option_variable(code)) == 1 for code in others)
        return values.get(self.id) in others

    @property
    def filters_options(self) -> bool:
        return any(o.show_if is not None for o in self.options)

    def offered_options(self, answers: Mapping[str, Any]) -> tuple[Option, ...]:
        """The options whose `show_if` holds for the answers of the earlier pages."""
        return tuple(o for o in self.options if o.show_if is None or o.show_if.evaluate(answers))

    def as_offered(self, answers: Mapping[str, Any]) -> Question:
        """The question as its page offers it: only the options that pass their filter."""
        if not self.filters_options:
            return self
        return replace(self, options=self.offered_options(answers))

    def withdrawn_variables(self, answers: Mapping[str, Any]) -> list[str]:
        """The variables holding an answer its filter no longer offers (an earlier answer
        changed): a single choice's own variable, a multiple choice's option variables."""
        if not self.filters_options:
            return []
        offered = {o.code for o in self.offered_options(answers)}
        if self.type is QuestionType.MULTIPLE:
            return [self.option_variable(o.code) for o in self.options if o.code not in offered]
        value = answers.get(self.id)
        known = {o.code for o in self.options}
        return [self.id] if value in known and value not in offered else []

    def cell_variable(self, row: MatrixItem, column: MatrixItem) -> str:
        """Variable of one cell of a grid (`D_sozial_land`)."""
        return codes.cell_variable(self.id, row.id, column.id)

    def cells(self) -> list[tuple[MatrixItem, MatrixItem, str]]:
        """A grid's cells, row by row: (row, column, variable)."""
        return [(r, c, self.cell_variable(r, c)) for r in self.rows for c in self.columns]

    def total_variables(self) -> dict[str, tuple[str, ...]]:
        """A grid's totals, each with the cells it adds up, in codebook order."""
        totals: dict[str, tuple[str, ...]] = {}
        if "rows" in self.totals:
            for row in self.rows:
                cells = tuple(self.cell_variable(row, c) for c in self.columns)
                totals[codes.row_total_variable(self.id, row.id)] = cells
        if "columns" in self.totals:
            for column in self.columns:
                cells = tuple(self.cell_variable(r, column) for r in self.rows)
                totals[codes.column_total_variable(self.id, column.id)] = cells
        if self.totals:
            totals[codes.grand_total_variable(self.id)] = tuple(v for _, _, v in self.cells())
        return totals

    def item_questions(self, item: MatrixItem) -> list[Question]:
        """A roster's questions for one item, each named by its variable (`F_1_jahr`): what
        the form handlers of their own types read, check and describe."""
        return [
            replace(sub, id=codes.roster_variable(self.id, item.id, sub.id)) for sub in self.roster
        ]

    def active_items(self, answers: Mapping[str, Any]) -> list[MatrixItem]:
        """The items asked for these answers: of a fixed roster those ticked in its question,
        of an open one the entries with any answer."""
        if self.roster_of is not None:
            return [item for item in self.rows if answers.get(f"{self.roster_of}_{item.id}") == 1]
        return [
            item
            for item in self.rows
            if any(
                answers.get(v) not in (None, "") and not codes.is_system_code(answers.get(v))
                for sub in self.item_questions(item)
                for v in sub.variables()
            )
        ]

    def rank_variables(self) -> list[str]:
        """A ranking's variables, one per place (`H1_1` holds the code ranked first)."""
        places = self.ranks or len(self.options)
        return [codes.rank_variable(self.id, place) for place in range(1, places + 1)]

    def variables(self) -> list[str]:
        """The data columns this question makes, in codebook order."""
        if self.type is QuestionType.NOTE:
            return []
        if self.type is QuestionType.RANKING:
            return self.rank_variables()
        if self.type is QuestionType.ROSTER:
            return [
                v
                for item in self.rows
                for sub in self.item_questions(item)
                for v in sub.variables()
            ]
        if self.type is QuestionType.GRID:
            return [v for _, _, v in self.cells()] + list(self.total_variables())
        if self.type is QuestionType.MULTIPLE:
            names = [self.option_variable(o.code) for o in self.options]
        elif self.type is QuestionType.MATRIX:
            names = [self.item_variable(item) for item in self.items]
        else:
            names = [self.id]
        if self.other:
            names.append(self.other_variable)
        return names

    def option(self, code: int) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Page:
    id: str
    title: Text
    questions: tuple[Question, ...]
    intro: Text | None = None
    show_if: Condition | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: str
    title: Text
    pages: tuple[Page, ...]
    languages: tuple[str, ...] = ("de",)
    intro: Text | None = None
    outro: Text | None = None
    #: The validated source mapping, JSON-serialisable: what a survey pins as its snapshot.
    source: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def questions(self) -> Iterator[Question]:
        for page in self.pages:
            yield from page.questions

    def question(self, question_id: str) -> Question:
        for question in self.questions():
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def page(self, page_id: str) -> Page:
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def page_of(self, question_id: str) -> Page:
        for page in self.pages:
            if any(q.id == question_id for q in page.questions):
                return page
        raise KeyError(question_id)

    def variables(self) -> list[str]:
        return [name for q in self.questions() for name in q.variables()]

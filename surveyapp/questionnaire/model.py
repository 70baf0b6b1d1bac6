"""The questionnaire as immutable values.

Everything downstream (forms, routing, codebook, storage) reads these classes and never the raw
YAML mapping, so a questionnaire that made it into a `Questionnaire` is known to be valid.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from surveyapp.questionnaire import codes
from surveyapp.questionnaire.conditions import Condition

DEFAULT_OTHER_CODE = 99
#: How a file declares the direction of a scale: its first or its last option is the top.
SCALE_TOPS = ("first", "last")


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

    def variables(self) -> list[str]:
        """The data columns this question makes, in codebook order."""
        if self.type is QuestionType.NOTE:
            return []
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

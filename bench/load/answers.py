"""What one simulated respondent answers: chosen by their number, so the end check knows, without
asking the app, what each of them typed and what the database must hold.

Each question gets two views of the same answer: the form fields as a browser sends them (codes
as strings, German decimals and dates) and the values as the codebook stores them (the check
compares those). Answers that would fail a hard check of the questionnaire are left empty, as a
careful respondent corrects them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from surveyapp.questionnaire import Question, Questionnaire, QuestionType, failed_checks
from surveyapp.questionnaire.journey import completed

#: Texts with what breaks careless encodings: umlauts, typographic quotes, an ampersand.
TEXTS = (
    "Amt für Soziales, Sachgebiet „Planung & Steuerung“",
    "Die Zusammenarbeit mit dem Jugendamt hat sich bewährt.",
    "Uns fehlen kleinräumige Daten <unterhalb> der Gemeindeebene – leider.",
)
OTHER_TEXT = "Koordinierungsstelle im Dezernat Ü"

FormData = dict[str, str | list[str]]


@dataclass
class Respondent:
    """The answers of respondent `number`, made question by question as the pages show them."""

    number: int
    questionnaire: Questionnaire
    rng: random.Random = field(init=False)
    values: dict[str, Any] = field(default_factory=dict)
    form: dict[str, FormData] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.number)  # noqa: S311  (test data, not security)

    def fields(self, question_ids: list[str], page_id: str) -> FormData:
        """The form fields of the questions a page shows, the same each time it is sent."""
        data: FormData = {}
        for question in self.questionnaire.page(page_id).questions:
            if question.id not in question_ids:
                continue
            if question.id not in self.form:
                self._answer(question)
            data.update(self.form[question.id])
        return data

    def expected(self) -> dict[str, Any]:
        """Every variable as a submitted response must keep it, by the questionnaire's rule."""
        return completed(self.questionnaire, self.values)

    def _answer(self, question: Question) -> None:
        form, values = answer(question, self.rng)
        self.values.update(values)
        if any(not check.soft for check in failed_checks(question, self.values)):
            form = {name: "" for name in form}
            values = dict.fromkeys(values, None)
            self.values.update(values)
        self.form[question.id] = form


def answer(question: Question, rng: random.Random) -> tuple[FormData, dict[str, Any]]:
    """One question's answer: (the fields a browser sends, the stored values)."""
    kind = question.type
    if kind is QuestionType.SINGLE:
        option = rng.choice(question.options)
        form: FormData = {question.id: str(option.code)}
        values: dict[str, Any] = {question.id: option.code}
        if question.other:
            text = OTHER_TEXT if option.is_other else ""
            form[question.other_variable] = text
            values[question.other_variable] = text or None
        return form, values
    if kind is QuestionType.BOOLEAN:
        code = rng.choice([0, 1])
        return {question.id: str(code)}, {question.id: code}
    if kind is QuestionType.MULTIPLE:
        return _multiple(question, rng)
    if kind is QuestionType.MATRIX:
        codes = {
            question.item_variable(item): rng.choice(question.options).code
            for item in question.items
        }
        return {name: str(code) for name, code in codes.items()}, codes
    if kind is QuestionType.INTEGER:
        low = int(question.min if question.min is not None else 0)
        high = int(question.max if question.max is not None else low + 100)
        number = rng.randint(low, min(high, low + 40))
        return {question.id: str(number)}, {question.id: number}
    if kind is QuestionType.DECIMAL:
        decimal = round(rng.uniform(0, 4), question.decimals or 1)
        text = f"{decimal:.{question.decimals or 1}f}".replace(".", ",")
        return {question.id: text}, {question.id: decimal}
    if kind is QuestionType.DATE:
        day = date(2019, 7, 1) + timedelta(days=rng.randint(0, 40))
        return {question.id: day.strftime("%d.%m.%Y")}, {question.id: day.isoformat()}
    if kind in (QuestionType.TEXT, QuestionType.TEXTAREA):
        text = rng.choice(TEXTS) if rng.random() < 0.6 else ""
        return {question.id: text}, {question.id: text or None}
    return {}, {}


def _multiple(question: Question, rng: random.Random) -> tuple[FormData, dict[str, Any]]:
    """A few substantive options, now and then only the exclusive one, now and then nothing."""
    substantive = [o.code for o in question.options if o.code not in question.exclusive]
    draw = rng.random()
    if draw < 0.1:
        chosen: set[int] = set()
    elif draw < 0.2 and question.exclusive:
        chosen = {question.exclusive[0]}
    else:
        most = min(3, question.max_choices or 3, len(substantive))
        chosen = set(rng.sample(substantive, k=rng.randint(1, most)))
    form: FormData = {question.id: [str(o.code) for o in question.options if o.code in chosen]}
    values: dict[str, Any] = {
        question.option_variable(o.code): (int(o.code in chosen) if chosen else None)
        for o in question.options
    }
    if question.other:
        other = any(o.is_other and o.code in chosen for o in question.options)
        form[question.other_variable] = OTHER_TEXT if other else ""
        values[question.other_variable] = OTHER_TEXT if other else None
    return form, values

"""Which follow-up questions the page's script may show and hide in place, and by what rule.

A question whose filter turns on answers of its own page appears as soon as the answer that asks
for it is given, without a round trip. The filter is translated here into a small rule over the
page's inputs, which `static/js/survey.js` evaluates:

- `{"test": "radio", "name": "B1", "values": ["1", "2"]}`: the radio button chosen in group
  `B1` has one of these values ("" stands for none chosen),
- `{"test": "box", "name": "E1", "code": "3", "on": true, "off": false}`: whether the filter
  part holds with checkbox 3 of E1 ticked, and without,
- `{"test": "count", "name": "E1", "holds": [false, true, …]}`: by the number of E1's boxes
  ticked (the last entry for that many or more),
- `{"test": "number", "name": "D1", "kind": "integer", "op": ">=", "values": [2.5]}`: a typed
  number compared (`op` is one of `== != < <= > >= in notin answered`); false while the field
  is empty or holds no number, as on the server,
- `{"test": "all" | "any", "parts": […]}`, `{"test": "not", "part": …}`, and
  `{"test": "const", "value": true}` for a part over earlier pages only.

Every part over a choice is worked out with the condition itself, once per value, so the script
never re-implements the condition language for choices; only a typed number is compared there.
Filters the script cannot judge (text patterns, dates, arithmetic, two typed answers compared)
are left to the server: the page is sent, and the new question is shown, never as an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from surveyapp.forms import PageForm
from surveyapp.questionnaire.conditions import (
    And,
    Answered,
    Compare,
    Condition,
    Contains,
    InList,
    Not,
    Or,
)
from surveyapp.questionnaire.conditions.functions import CountChosen
from surveyapp.questionnaire.model import Question, QuestionType

Rule = dict[str, Any]

#: The comparisons a typed number may be put to in the browser.
_NUMBER_OPS = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class Input:
    """How one variable of the page is entered: `kind` "radio" (a group named `name`, its
    `values`), "box" (checkbox `code` of group `name`), "boxes" (all of a multiple choice's
    checkboxes, their codes as `values`) or "number" (a text field named `name`)."""

    kind: str
    name: str
    question: Question
    code: str = ""
    values: tuple[str, ...] = ()


def page_inputs(questions: tuple[Question, ...]) -> dict[str, Input]:
    """The inputs of the page's questions the script can read, by variable name (and by
    question id for a multiple-choice question, whose boxes `count()` and `answered()` see)."""
    inputs: dict[str, Input] = {}
    for question in questions:
        codes = tuple(str(option.code) for option in question.options)
        if question.type is QuestionType.SINGLE:
            inputs[question.id] = Input("radio", question.id, question, values=codes)
        elif question.type is QuestionType.BOOLEAN:
            inputs[question.id] = Input("radio", question.id, question, values=("1", "0"))
        elif question.type is QuestionType.MATRIX:
            for item in question.items:
                name = question.item_variable(item)
                inputs[name] = Input("radio", name, question, values=codes)
        elif question.type is QuestionType.MULTIPLE:
            inputs[question.id] = Input("boxes", question.id, question, values=codes)
            for option in question.options:
                variable = question.option_variable(option.code)
                inputs[variable] = Input("box", question.id, question, code=str(option.code))
        elif question.type in (QuestionType.INTEGER, QuestionType.DECIMAL):
            inputs[question.id] = Input("number", question.id, question)
    return inputs


def reveal_rules(form: PageForm) -> dict[str, Rule]:
    """For each question of the page whose filter turns on earlier answers of the same page,
    the rule by which the page's script shows it; questions it cannot judge are left out."""
    owners = {}
    for question in form.page.questions:
        owners[question.id] = question
        owners.update(dict.fromkeys(question.variables(), question))
    inputs = page_inputs(form.page.questions)
    merged = form.merged()
    rules: dict[str, Rule] = {}
    for question in form.page.questions:
        condition = question.show_if
        if condition is None:
            continue
        controls = {owners[name].id for name in condition.references() if name in owners}
        if not controls or question.id in controls:
            continue
        rule = _Translation(inputs, owners, merged).rule(condition)
        if rule is not None:
            rules[question.id] = rule
    return rules


@dataclass(frozen=True)
class _Translation:
    inputs: Mapping[str, Input]
    owners: Mapping[str, Question]
    answers: Mapping[str, object]

    def rule(self, condition: Condition) -> Rule | None:
        """The rule of one condition, None where a part of it over the page cannot be judged
        in the browser."""
        if isinstance(condition, And | Or):
            parts = [self.rule(part) for part in condition.parts]
            if any(part is None for part in parts):
                return None
            return {"test": "all" if isinstance(condition, And) else "any", "parts": parts}
        if isinstance(condition, Not):
            part = self.rule(condition.part)
            return None if part is None else {"test": "not", "part": part}
        names = [name for name in condition.references() if name in self.owners]
        if not names:
            return {"test": "const", "value": condition.evaluate(self.answers)}
        if len(names) != 1 or names[0] not in self.inputs:
            return None
        found = self.inputs[names[0]]
        if found.kind == "radio":
            return self._radio(condition, found)
        if found.kind == "box":
            return self._box(condition, found)
        if found.kind == "boxes":
            return self._boxes(condition, found)
        return _number(condition, found)

    def _with(self, values: Mapping[str, object]) -> Mapping[str, object]:
        return {**self.answers, **values}

    def _radio(self, condition: Condition, found: Input) -> Rule:
        shown_for = [
            value
            for value in [*found.values, ""]
            if condition.evaluate(self._with({found.name: int(value) if value else None}))
        ]
        return {"test": "radio", "name": found.name, "values": shown_for}

    def _box(self, condition: Condition, found: Input) -> Rule:
        variable = found.question.option_variable(int(found.code))
        return {
            "test": "box",
            "name": found.name,
            "code": found.code,
            "on": condition.evaluate(self._with({variable: 1})),
            "off": condition.evaluate(self._with({variable: 0})),
        }

    def _boxes(self, condition: Condition, found: Input) -> Rule | None:
        """`count(E1) >= 2`, `answered(E1)` and `3 in E1`; which boxes are ticked does not
        matter to the first two, only how many."""
        if isinstance(condition, Contains):
            return self._box(condition, self.inputs[condition.variable])
        if not isinstance(condition, CountChosen | Answered):
            return None
        variables = [found.question.option_variable(int(code)) for code in found.values]
        holds = [
            condition.evaluate(
                self._with({v: int(place < ticked) for place, v in enumerate(variables)})
            )
            for ticked in range(len(variables) + 1)
        ]
        return {"test": "count", "name": found.name, "holds": holds}


def _number(condition: Condition, found: Input) -> Rule | None:
    """A typed number compared with numbers the file names; anything else the server judges."""
    rule: Rule = {"test": "number", "name": found.name, "kind": found.question.type.value}
    if isinstance(condition, Answered):
        return {**rule, "op": "answered", "values": []}
    if isinstance(condition, Compare) and condition.op in _NUMBER_OPS:
        literals: tuple[object, ...] = (condition.literal,)
        op = condition.op
    elif isinstance(condition, InList):
        literals = condition.values
        op = "notin" if condition.negated else "in"
    else:
        return None
    if not all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in literals):
        return None
    return {**rule, "op": op, "values": [float(v) for v in literals]}  # type: ignore[arg-type]

"""Checking what conditions name, and binding them to the questions they name.

A condition may only look back: at questions on earlier pages, or earlier on the same page (a
check rule also at its own question). What it names must fit the form it is used in: `3 in E1`
needs a multiple-choice E1 with an option 3, `C1_a` a real matrix item, `B1 == 5` an option 5.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from surveyapp.questionnaire.codes import item_variable
from surveyapp.questionnaire.conditions import (
    Answered,
    Compare,
    CompareAnswers,
    Contains,
    InList,
    Literal,
    VariableGroup,
)
from surveyapp.questionnaire.conditions.functions import (
    CompareTerms,
    CompareToday,
    CountChosen,
    Formula,
    Matches,
)
from surveyapp.questionnaire.loading.schema.questions import PendingCondition
from surveyapp.questionnaire.loading.schema.values import Context, listing
from surveyapp.questionnaire.model import Question, QuestionType

TEXT_TYPES = (QuestionType.TEXT, QuestionType.TEXTAREA, QuestionType.DATE)
NUMBER_TYPES = (QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.CALCULATE)


@dataclass(frozen=True)
class Placed:
    """A question with its place: `ordinal` counts questions from the start of the file."""

    question: Question
    ordinal: int
    page_id: str


@dataclass(frozen=True)
class Target:
    """What a name in a condition stands for: a whole question or one of its variables."""

    placed: Placed
    role: str  # "question", "value", "option", "item", "other", "cell", "total"
    code: int | None = None
    #: For a cell of a grid or a roster: what it holds, as a question of its own.
    sub: Question | None = None


def variable_targets(placed: Placed) -> Iterable[tuple[str, Target]]:
    question = placed.question
    if question.type is QuestionType.MULTIPLE:
        for option in question.options:
            yield question.option_variable(option.code), Target(placed, "option", option.code)
    elif question.type is QuestionType.MATRIX:
        for item in question.items:
            yield question.item_variable(item), Target(placed, "item")
    elif question.type is QuestionType.GRID:
        cell = replace(question, type=question.cell or QuestionType.TEXT)
        for _, _, name in question.cells():
            yield name, Target(placed, "cell", sub=cell)
        total = replace(question, type=QuestionType.DECIMAL)
        for name in question.total_variables():
            yield name, Target(placed, "total", sub=total)
    elif question.type is QuestionType.RANKING:
        place = replace(question, type=QuestionType.SINGLE)
        for name in question.rank_variables():
            yield name, Target(placed, "cell", sub=place)
    elif question.type is QuestionType.ROSTER:
        for item in question.rows:
            for sub in question.item_questions(item):
                for name in sub.variables():
                    yield name, Target(placed, "cell", sub=sub)
    if question.other:
        yield question.other_variable, Target(placed, "other")


def groups(questions: Iterable[Question]) -> dict[str, VariableGroup]:
    """What `answered(question)` looks at, for every question that takes an answer."""
    result: dict[str, VariableGroup] = {}
    for question in questions:
        if question.type is QuestionType.MULTIPLE:
            flags = tuple(question.option_variable(o.code) for o in question.options)
            result[question.id] = VariableGroup(flags=flags)
        elif question.type is QuestionType.MATRIX:
            result[question.id] = VariableGroup(values=tuple(question.variables()))
        elif question.type is QuestionType.GRID:
            result[question.id] = VariableGroup(values=tuple(v for _, _, v in question.cells()))
        elif question.type in (QuestionType.ROSTER, QuestionType.RANKING):
            result[question.id] = VariableGroup(values=tuple(question.variables()))
        elif question.type is not QuestionType.NOTE:
            result[question.id] = VariableGroup(values=(question.id,))
    return result


class ReferenceChecker:
    """Reports every name in a condition that is unknown, later, or used the wrong way."""

    def __init__(self, ctx: Context, placed: Iterable[Placed], broken: set[str]) -> None:
        self.ctx = ctx
        self.broken = broken
        self.targets: dict[str, Target] = {}
        for entry in placed:
            self.targets[entry.question.id] = Target(entry, "question")
            for name, target in variable_targets(entry):
                self.targets.setdefault(name, target)

    def check(self, pending: PendingCondition) -> None:
        for node in pending.condition.walk():
            if isinstance(node, Contains):
                self._contains(node, pending)
            elif isinstance(node, Answered):
                target = self._resolve(node.name, pending)
                if target and target.placed.question.type is QuestionType.NOTE:
                    self.ctx.error(pending.path, f"'{node.name}' ist ein Hinweis ohne Antwort")
            elif isinstance(node, Compare):
                self._compare(node.name, (node.literal,), node.op, pending)
            elif isinstance(node, InList):
                self._compare(node.name, node.values, "in", pending)
            elif isinstance(node, CompareAnswers):
                self._compare_answers(node, pending)
            elif isinstance(node, CountChosen):
                self._needs(
                    node.question, node, pending, (QuestionType.MULTIPLE,), "Mehrfachauswahl"
                )
            elif isinstance(node, Matches):
                kinds = (QuestionType.TEXT, QuestionType.TEXTAREA)
                self._needs(node.name, node, pending, kinds, "Textfrage")
            elif isinstance(node, CompareToday):
                self._needs(node.name, node, pending, (QuestionType.DATE,), "Datumsfrage")
            elif isinstance(node, CompareTerms | Formula):
                for name in node._own_names():
                    self._needs(name, node, pending, NUMBER_TYPES, "Zahlenfrage")

    def _needs(
        self,
        name: str,
        node: object,
        pending: PendingCondition,
        kinds: tuple[QuestionType, ...],
        what: str,
    ) -> None:
        """A name in a function or calculation: known, earlier, and of the right kind."""
        target = self._resolve(name, pending)
        if target is None:
            return
        if _kind_of(target) not in kinds:
            self.ctx.error(pending.path, f"'{node}' braucht eine {what}; {name} ist keine")

    def _resolve(self, name: str, pending: PendingCondition) -> Target | None:
        if name in self.broken or any(name.startswith(f"{b}_") for b in self.broken):
            return None
        target = self.targets.get(name)
        if target is None:
            similar = [n for n in self.targets if n.lower() == name.lower()]
            hint = f"; meinten Sie {similar[0]}?" if similar else ""
            self.ctx.error(pending.path, f"Unbekannte Frage oder Variable '{name}'{hint}")
            return None
        placed = target.placed
        if placed.ordinal >= pending.limit and pending.too_late:
            self.ctx.error(pending.path, pending.too_late.format(name=name, page=placed.page_id))
            return None
        if placed.ordinal >= pending.limit:
            if placed.question.id == pending.owner:
                reason = f"Die Frage {name} kann nicht von ihrer eigenen Antwort abhängen"
            else:
                reason = f"'{name}' steht erst weiter hinten (Seite {placed.page_id})"
            self.ctx.error(
                pending.path,
                f"{reason}; eine Bedingung darf nur Fragen auf früheren Seiten oder weiter oben "
                "auf derselben Seite nennen",
            )
            return None
        return target

    def _contains(self, node: Contains, pending: PendingCondition) -> None:
        target = self._resolve(node.question, pending)
        if target is None:
            return
        question = target.placed.question
        if target.role != "question" or question.type is not QuestionType.MULTIPLE:
            self.ctx.error(
                pending.path,
                f"'{node}' geht nur bei Mehrfachauswahl-Fragen; {node.question} ist keine "
                f"(für eine Einfachauswahl schreiben Sie '{node.question} == {node.code}')",
            )
            return
        codes = [o.code for o in question.options]
        if node.code not in codes:
            self.ctx.error(
                pending.path,
                f"{question.id} hat keine Option mit Code {node.code} (Codes: {listing(codes)})",
            )

    def _compare_answers(self, node: CompareAnswers, pending: PendingCondition) -> None:
        sides = [self._single_value(name, pending) for name in (node.name, node.other)]
        if None in sides:
            return
        if len({_is_textual(target) for target in sides if target}) > 1:
            self.ctx.error(
                pending.path,
                f"'{node}' vergleicht eine Textantwort mit einer Zahl; beide Seiten müssen "
                "von derselben Art sein",
            )

    def _single_value(self, name: str, pending: PendingCondition) -> Target | None:
        target = self._resolve(name, pending)
        if target is None:
            return None
        question = target.placed.question
        if target.role == "question" and question.type in (
            QuestionType.MULTIPLE,
            QuestionType.MATRIX,
            QuestionType.GRID,
            QuestionType.ROSTER,
            QuestionType.RANKING,
            QuestionType.NOTE,
        ):
            self.ctx.error(pending.path, _whole_question_hint(question))
            return None
        return target

    def _compare(
        self, name: str, literals: tuple[Literal, ...], op: str, pending: PendingCondition
    ) -> None:
        target = self._single_value(name, pending)
        if target is None:
            return
        message = _literal_problem(name, target, literals, op)
        if message:
            self.ctx.error(pending.path, message)


def _whole_question_hint(question: Question) -> str:
    if question.type is QuestionType.MULTIPLE:
        code = question.options[0].code if question.options else 1
        return (
            f"{question.id} ist eine Mehrfachauswahl: schreiben Sie '{code} in {question.id}' "
            f"oder nennen Sie eine Variable wie {question.option_variable(code)}"
        )
    if question.type is QuestionType.MATRIX:
        example = question.variables()[0] if question.items else item_variable(question.id, "a")
        return f"{question.id} ist eine Matrix: vergleichen Sie ein Item wie {example}"
    if question.type in (QuestionType.GRID, QuestionType.ROSTER, QuestionType.RANKING):
        example = question.variables()[0] if question.variables() else f"{question.id}_a_b"
        what = {
            QuestionType.GRID: "ein Raster",
            QuestionType.ROSTER: "ein Roster",
            QuestionType.RANKING: "eine Rangfolge",
        }[question.type]
        return f"{question.id} ist {what}: nennen Sie eine Zelle wie {example}"
    return f"{question.id} ist ein Hinweis ohne Antwort"


def _kind_of(target: Target) -> QuestionType | None:
    """What a name holds: a question's type, a grid cell's type (a total is a decimal), None
    for the variables of options, items and "other"."""
    if target.role == "question":
        return target.placed.question.type
    return target.sub.type if target.sub is not None else None


def _is_textual(target: Target) -> bool:
    return target.role == "other" or _kind_of(target) in TEXT_TYPES


def _literal_problem(
    name: str, target: Target, literals: tuple[Literal, ...], op: str
) -> str | None:
    question = target.sub or target.placed.question
    if _is_textual(target):
        if not all(isinstance(v, str) for v in literals):
            return f"{name} ist eine Textantwort: vergleichen Sie mit Text in Anführungszeichen"
        if question.type is QuestionType.DATE and target.role != "other":
            for value in literals:
                try:
                    date.fromisoformat(str(value))
                except ValueError:
                    return f"'{value}' ist kein Datum im Format JJJJ-MM-TT"
        return None
    if any(isinstance(v, str) for v in literals):
        return f"{name} hat Zahlen als Antwort: vergleichen Sie ohne Anführungszeichen"
    if op not in ("==", "!=", "in"):
        return None
    if target.role == "option" or question.type is QuestionType.BOOLEAN:
        allowed = [0, 1]
    elif question.type in (QuestionType.SINGLE, QuestionType.MATRIX):
        allowed = [o.code for o in question.options]
    else:
        return None
    wrong = [v for v in literals if v not in allowed]
    if wrong:
        return f"{name} kennt den Wert {wrong[0]} nicht (erlaubt: {listing(allowed)})"
    return None

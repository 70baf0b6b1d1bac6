"""Reading a roster: questions asked once per item, the items being the options ticked in an
earlier multiple-choice question (`for_each: E1`) or entries the respondent adds (`max: 5`).
A roster's question may be `required` (of every item asked); its own `show_if` and `check`
are refused, as they would need names within one item.

Module E of the founding questionnaire asks, for each Fachplanung ticked in E1, whether it is
integrated and since when; module G, for each report, its year and whether it is public. The
questions of one item are variables of their own (`F_3_jahr`: item 3, question jahr).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Protocol

from surveyapp.questionnaire.codes import roster_item
from surveyapp.questionnaire.loading.errors import child_path
from surveyapp.questionnaire.loading.schema.values import (
    Context,
    expect_list,
    integer,
    kind,
    listing,
    optional_text,
)
from surveyapp.questionnaire.model import (
    ROSTER_QUESTIONS,
    MatrixItem,
    Page,
    Question,
    QuestionType,
    Text,
)


class QuestionReader(Protocol):
    """What reads a roster's questions: the schema's reader of any question (passed in, so
    this module and the reader do not import each other)."""

    def read(self, raw: Any, path: str, ordinal: int) -> Question | None: ...


KEYS = ("for_each", "max", "entry", "questions")
#: Open rosters name their entries "Eintrag 1", "Eintrag 2", … unless the file says otherwise.
ENTRY = {"de": "Eintrag", "en": "Entry"}
MAX_ENTRIES = 50


def read_roster(
    ctx: Context, mapping: Mapping[str, Any], path: str, reader: QuestionReader, ordinal: int
) -> dict[str, Any]:
    fields: dict[str, Any] = {"roster": _questions(ctx, mapping, path, reader, ordinal)}
    fixed, open_ = "for_each" in mapping, "max" in mapping
    if fixed == open_:
        ctx.error(
            path,
            "Ein Roster braucht entweder for_each (die Optionen einer früheren Mehrfachauswahl) "
            "oder max (wie viele Einträge die Befragten höchstens anlegen)",
        )
        return fields
    if fixed:
        value = mapping["for_each"]
        if not isinstance(value, str):
            ctx.error(
                child_path(path, "for_each"), f"for_each nennt eine Frage, nicht {kind(value)}"
            )
        else:
            fields["roster_of"] = value
        if "entry" in mapping:
            ctx.error(child_path(path, "entry"), "entry gibt es nur bei Rostern mit max")
        return fields
    most = integer(ctx, mapping, "max", path, 1, MAX_ENTRIES)
    entry = optional_text(ctx, mapping, "entry", path) or Text(dict(ENTRY), ctx.default_language)
    fields["roster_max"] = most
    fields["rows"] = tuple(
        MatrixItem(str(n), Text({lang: f"{word} {n}" for lang, word in entry.values.items()}))
        for n in range(1, (most or 0) + 1)
    )
    return fields


def _questions(
    ctx: Context, mapping: Mapping[str, Any], path: str, reader: QuestionReader, ordinal: int
) -> tuple[Question, ...]:
    where = child_path(path, "questions")
    questions: list[Question] = []
    seen: set[str] = set()
    for index, raw in enumerate(
        expect_list(ctx, mapping.get("questions"), where, "questions") or []
    ):
        q_path = child_path(where, index)
        for key in ("show_if", "check"):
            if isinstance(raw, dict) and key in raw:
                ctx.error(
                    child_path(q_path, key),
                    f"'{key}' geht bei den Fragen eines Rosters (noch) nicht: eine Bedingung je "
                    "Eintrag müsste Fragen desselben Eintrags nennen können; setzen Sie es an das "
                    "Roster selbst (dort nennt es einen Eintrag wie F_1_jahr)",
                )
        if isinstance(raw, dict) and "default" in raw:
            ctx.error(
                child_path(q_path, "default"),
                "'default' geht bei den Fragen eines Rosters (noch) nicht: ein Vorgabewert "
                "stünde in jedem Eintrag, den die Befragten anlegen",
            )
        question = reader.read(raw, q_path, ordinal)
        if question is None:
            continue
        if question.type not in ROSTER_QUESTIONS:
            ctx.error(
                child_path(q_path, "type"),
                f"Im Roster gehen die Fragetypen {listing(t.value for t in ROSTER_QUESTIONS)}, "
                f"nicht {question.type.value}",
            )
        elif question.id in seen:
            ctx.error(child_path(q_path, "id"), f"Die ID '{question.id}' steht doppelt im Roster")
        else:
            seen.add(question.id)
            questions.append(question)
    return tuple(questions)


def resolve_items(ctx: Context, pages: list[Page], paths: Mapping[str, str]) -> list[Page]:
    """Fixed rosters get their items from the question they name, which must be an earlier
    multiple-choice question: one item per option, labelled like it."""
    earlier: dict[str, Question] = {}
    resolved: list[Page] = []
    for page in pages:
        questions = []
        for question in page.questions:
            if question.roster_of is not None:
                question = _with_items(ctx, question, earlier, paths)
            questions.append(question)
            earlier[question.id] = question
        resolved.append(replace(page, questions=tuple(questions)))
    return resolved


def _with_items(
    ctx: Context, question: Question, earlier: Mapping[str, Question], paths: Mapping[str, str]
) -> Question:
    where = child_path(paths.get(question.id, ""), "for_each")
    source = earlier.get(str(question.roster_of))
    if source is None or source.type is not QuestionType.MULTIPLE:
        ctx.error(
            where,
            f"for_each: {question.roster_of} ist keine Mehrfachauswahl-Frage vor diesem Roster",
        )
        return question
    items = tuple(MatrixItem(roster_item(o.code), o.label) for o in source.options)
    return replace(question, rows=items)

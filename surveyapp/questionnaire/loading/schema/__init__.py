"""The schema: one source mapping (from YAML, an XLSForm workbook or a snapshot) checked and
built into an immutable `Questionnaire`.

Every reader feeds this one builder, so a YAML file and a workbook accept and refuse exactly
the same questionnaires with the same messages. The mapping is refused as a whole when anything
is wrong, with every problem listed by location and line, because a researcher should fix a
file in one round, not one error per upload. The validated mapping is kept on the result
(`Questionnaire.source`): a survey pins it as its JSON snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from surveyapp.questionnaire.conditions import VariableGroup
from surveyapp.questionnaire.loading.errors import QuestionnaireInvalid, child_path
from surveyapp.questionnaire.loading.schema import pipes, roster
from surveyapp.questionnaire.loading.schema.options import option_lists
from surveyapp.questionnaire.loading.schema.questions import PendingCondition, QuestionReader
from surveyapp.questionnaire.loading.schema.references import (
    Placed,
    ReferenceChecker,
    Target,
    groups,
    variable_targets,
)
from surveyapp.questionnaire.loading.schema.values import (
    LANGUAGE,
    MAX_ID_LENGTH,
    Context,
    check_id,
    check_keys,
    expect_list,
    expect_mapping,
    is_int,
    kind,
    optional_text,
    parse_condition_at,
    shown,
)
from surveyapp.questionnaire.model import Page, Question, Questionnaire, QuestionType

ROOT_KEYS = (
    "format",
    "id",
    "version",
    "title",
    "languages",
    "intro",
    "outro",
    "option_lists",
    "pages",
)
ROOT_REQUIRED = ("format", "id", "version", "title", "pages")
PAGE_KEYS = ("id", "title", "intro", "show_if", "questions")
QUESTIONNAIRE_ID = re.compile(r"^[a-z0-9-]+$")
PAGE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
MAX_VARIABLE_LENGTH = 64
FORMAT_VERSION = 1


@dataclass
class _Pages:
    pages: list[Page] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    paths: dict[str, str] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)
    pending: list[PendingCondition] = field(default_factory=list)


def build_questionnaire(data: Any, lines: Mapping[str, int]) -> Questionnaire:
    """The questionnaire a source mapping describes; `lines` maps places to YAML lines (if any).

    Raises `QuestionnaireInvalid` listing every problem found, sorted by line.
    """
    ctx = Context(lines)
    if not isinstance(data, dict):
        ctx.error(
            "",
            "Auf oberster Ebene muss eine Zuordnung stehen (format, id, version, title, pages, "
            f"…), nicht {kind(data)}",
        )
        raise QuestionnaireInvalid(ctx.problems)
    check_keys(ctx, data, "", ROOT_KEYS, ROOT_REQUIRED)
    _languages(ctx, data)
    _header(ctx, data)
    title = optional_text(ctx, data, "title", "")
    intro = optional_text(ctx, data, "intro", "")
    outro = optional_text(ctx, data, "outro", "")
    pipes.refuse(ctx, [(title, "title"), (intro, "intro"), (outro, "outro")])
    lists = (
        option_lists(ctx, data["option_lists"], "option_lists") if "option_lists" in data else {}
    )
    reader = QuestionReader(ctx, lists)
    read = _read_pages(ctx, data.get("pages"), reader) if "pages" in data else _Pages()
    _resolve_rosters(ctx, read)
    _check_variables(ctx, read)
    checker = ReferenceChecker(ctx, read.placed, read.broken)
    for pending in [*read.pending, *reader.pending]:
        checker.check(pending)
    if ctx.problems:
        problems = sorted(ctx.problems, key=lambda p: p.line or 0)
        raise QuestionnaireInvalid(problems)
    bound = groups(entry.question for entry in read.placed)
    return Questionnaire(
        id=data["id"],
        version=str(data["version"]),
        title=title,  # type: ignore[arg-type]  # required: a mapping without one was refused
        pages=tuple(_bind_page(page, bound) for page in read.pages),
        languages=ctx.languages,
        intro=intro,
        outro=outro,
        source=data,
    )


def _languages(ctx: Context, data: Mapping[str, Any]) -> None:
    if "languages" not in data:
        return
    value, where = data["languages"], "languages"
    if not isinstance(value, list) or not value:
        ctx.error(
            where, f"languages muss eine nicht leere Liste wie [de, en] sein, nicht {kind(value)}"
        )
        ctx.check_languages = False
        return
    ok = True
    for index, lang in enumerate(value):
        if not isinstance(lang, str) or not LANGUAGE.match(lang):
            ctx.error(
                child_path(where, index),
                f"Ungültiger Sprachcode {kind(lang)}: erwartet werden zwei oder drei "
                "Kleinbuchstaben wie de oder en",
            )
            ok = False
        elif value.index(lang) != index:
            ctx.error(child_path(where, index), f"Die Sprache '{lang}' steht doppelt in der Liste")
            ok = False
    if ok:
        ctx.languages = tuple(value)
    else:
        ctx.check_languages = False


def _header(ctx: Context, data: Mapping[str, Any]) -> None:
    if "format" in data and not (is_int(data["format"]) and data["format"] == FORMAT_VERSION):
        ctx.error(
            "format",
            f"format muss {FORMAT_VERSION} sein (die einzige Fassung dieses Dateiformats), "
            f"nicht {kind(data['format'])}",
        )
    if "id" in data:
        value = data["id"]
        if not isinstance(value, str) or not QUESTIONNAIRE_ID.match(value) or len(value) > 64:
            ctx.error(
                "id",
                f"Die Kennung {shown(value)} ist ungültig: erlaubt sind Kleinbuchstaben, Ziffern "
                "und '-' (höchstens 64 Zeichen), z. B. sozialplanung",
            )
    if "version" in data:
        value = data["version"]
        if isinstance(value, float):
            ctx.error(
                "version",
                f'Schreiben Sie die Version in Anführungszeichen (version: "{value}"), sonst '
                "wird sie als Zahl gelesen und z. B. 2019.10 zu 2019.1",
            )
        elif not (is_int(value) or (isinstance(value, str) and 0 < len(value.strip()) <= 64)):
            ctx.error("version", f"Die Version muss ein kurzer Text sein, nicht {kind(value)}")


def _read_pages(ctx: Context, value: Any, reader: QuestionReader) -> _Pages:
    read = _Pages()
    page_ids: dict[str, str] = {}
    ordinal = 0
    for index, raw in enumerate(expect_list(ctx, value, "pages", "pages") or []):
        path = child_path("pages", index)
        mapping = expect_mapping(ctx, raw, path, "Eine Seite")
        if mapping is None:
            continue
        check_keys(ctx, mapping, path, PAGE_KEYS, ("id", "title", "questions"))
        page_id = mapping.get("id")
        id_path = child_path(path, "id")
        if "id" in mapping and check_id(ctx, page_id, id_path, "Die Seiten-ID", PAGE_ID):
            if page_id in page_ids:
                ctx.error(
                    id_path,
                    f"Die Seiten-ID '{page_id}' kommt doppelt vor (zuerst bei {page_ids[page_id]})",
                )
            page_ids.setdefault(str(page_id), path)
        show_if = None
        if "show_if" in mapping:
            where = child_path(path, "show_if")
            show_if = parse_condition_at(ctx, mapping["show_if"], where)
            if show_if is not None:
                read.pending.append(PendingCondition(where, show_if, ordinal, ""))
        questions: list[Question] = []
        raw_questions = mapping.get("questions")
        if "questions" in mapping:
            raw_questions = expect_list(
                ctx, raw_questions, child_path(path, "questions"), "questions"
            )
        first = ordinal
        for q_index, raw_question in enumerate(raw_questions or []):
            q_path = child_path(child_path(path, "questions"), q_index)
            question = _read_question(ctx, reader, read, raw_question, q_path, ordinal)
            if question is not None:
                questions.append(question)
                read.placed.append(Placed(question, ordinal, str(page_id)))
                read.pending.extend(pipes.question_pipes(question, q_path, ordinal))
                read.pending.extend(_option_filters(ctx, question, q_path, first))
                pipes.refuse_in_question(ctx, question, q_path)
            ordinal += 1
        page = Page(
            id=str(page_id),
            # A page without a title is refused before any page leaves the builder.
            title=optional_text(ctx, mapping, "title", path),  # type: ignore[arg-type]
            questions=tuple(questions),
            intro=optional_text(ctx, mapping, "intro", path),
            show_if=show_if,
            line=ctx.line(path),
        )
        pipes.refuse_in_page(ctx, page, path)
        read.pending.extend(pipes.piped([(page.intro, child_path(path, "intro"))], first, ""))
        read.pages.append(page)
    return read


#: Why an option's filter may not name a question of its own page or a later one.
OPTION_FILTER_TOO_LATE = (
    "Die Auswahl einer Option darf nur von Antworten auf früheren Seiten abhängen: die Seite "
    "bietet die Optionen an, die ihr Filter zulässt, wenn sie aufgebaut wird; '{name}' steht "
    "auf derselben oder einer späteren Seite ({page})"
)
#: The questions whose options may carry a filter.
OPTION_FILTER_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE)


def _option_filters(
    ctx: Context, question: Question, path: str, first: int
) -> list[PendingCondition]:
    """The options' filters, to be checked against the questions of earlier pages; refused on
    a question whose options are a scale or places (matrix, ranking) or in a roster."""
    pending: list[PendingCondition] = []
    filtered = [(i, o.show_if) for i, o in enumerate(question.options) if o.show_if is not None]
    inner = [sub for sub in question.roster if sub.filters_options]
    if inner:
        ctx.error(
            path,
            f"Die Frage {inner[0].id} des Rosters {question.id} hat Optionen mit show_if; in "
            "einem Roster geht das nicht",
        )
    if filtered and question.type not in OPTION_FILTER_TYPES:
        ctx.error(
            path,
            f"Optionen mit show_if gibt es nur bei Einfach- und Mehrfachauswahl, nicht bei "
            f"{question.type.value} ({question.id})",
        )
        return []
    for index, condition in filtered:
        where = child_path(child_path(child_path(path, "options"), index), "show_if")
        pending.append(
            PendingCondition(where, condition, first, question.id, OPTION_FILTER_TOO_LATE)
        )
    return pending


def _read_question(
    ctx: Context, reader: QuestionReader, read: _Pages, raw: Any, path: str, ordinal: int
) -> Question | None:
    question = reader.read(raw, path, ordinal)
    question_id = raw.get("id") if isinstance(raw, dict) else None
    if not isinstance(question_id, str):
        return question
    if question_id in read.paths:
        ctx.error(
            child_path(path, "id"),
            f"Die Frage-ID '{question_id}' kommt doppelt vor "
            f"(zuerst bei {read.paths[question_id]})",
        )
        return None
    read.paths[question_id] = path
    if question is None:
        read.broken.add(question_id)
    return question


def _resolve_rosters(ctx: Context, read: _Pages) -> None:
    read.pages = roster.resolve_items(ctx, read.pages, read.paths)
    current = {q.id: q for page in read.pages for q in page.questions}
    read.placed = [replace(p, question=current[p.question.id]) for p in read.placed]


def _check_variables(ctx: Context, read: _Pages) -> None:
    """Variable names must be unique (ignoring case, as SPSS does) and fit export formats."""
    seen: dict[str, str] = {}
    for entry in read.placed:
        question = entry.question
        path = read.paths[question.id]
        roles = dict(variable_targets(entry))
        for name in question.variables():
            this = _describe(name, roles.get(name), question)
            if len(name) > MAX_VARIABLE_LENGTH:
                ctx.error(
                    path,
                    f"Der Variablenname {name} ({this}) ist zu lang: höchstens "
                    f"{MAX_VARIABLE_LENGTH} Zeichen; kürzen Sie die IDs (Frage-IDs höchstens "
                    f"{MAX_ID_LENGTH} Zeichen)",
                )
            key = name.lower()
            if key in seen:
                ctx.error(
                    path,
                    f"Der Variablenname {name} ({this}) kommt schon vor ({seen[key]}); jede "
                    "Variable braucht einen eigenen Namen, Groß-/Kleinschreibung zählt nicht",
                )
            else:
                seen[key] = this


def _describe(name: str, target: Target | None, question: Question) -> str:
    if target is None:
        return f"Frage {question.id}"
    if target.role == "option":
        return f"Option {target.code} der Mehrfachauswahl {question.id}"
    if target.role == "item":
        return f"Item {name[len(question.id) + 1 :]} der Matrix {question.id}"
    if target.role in ("cell", "total"):
        what = "Zelle" if target.role == "cell" else "Summe"
        owner = {QuestionType.GRID: "des Rasters", QuestionType.RANKING: "der Rangfolge"}.get(
            question.type, "des Rosters"
        )
        return f"{what} {name[len(question.id) + 1 :]} {owner} {question.id}"
    return f"Sonstiges-Text der Frage {question.id}"


def _bind_page(page: Page, bound: Mapping[str, VariableGroup]) -> Page:
    return replace(
        page,
        show_if=page.show_if.bind(bound) if page.show_if else None,
        questions=tuple(_bind_question(q, bound) for q in page.questions),
    )


def _bind_question(question: Question, bound: Mapping[str, VariableGroup]) -> Question:
    return replace(
        question,
        show_if=question.show_if.bind(bound) if question.show_if else None,
        checks=tuple(replace(c, condition=c.condition.bind(bound)) for c in question.checks),
        formula=question.formula.bind(bound) if question.formula else None,
        options=tuple(
            replace(o, show_if=o.show_if.bind(bound)) if o.show_if else o for o in question.options
        ),
    )

"""The whole questionnaire in words, for "Fragebogen ansehen": every section and question with
its answer options and the filters that decide whether it is asked.

Shown before consent, so a contact can print it, gather the figures from colleagues and come
back: as an accessible HTML page and as a PDF of the same content (`documents.pdf`). Filters
and checks are put in words by `questionnaire.explain` in the page's language; a piped answer
(`{{D1}}`) reads "(Ihre Angabe zu D1)", since nothing is answered yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from surveyapp.documents.pdf import Document
from surveyapp.forms.piping import unfilled
from surveyapp.questionnaire.explain import explain
from surveyapp.questionnaire.model import (
    Option,
    Question,
    Questionnaire,
    QuestionType,
    Required,
    Text,
)
from surveyapp.respond.views import text_of


def _piped(text: Text | None, lang: str) -> str:
    return unfilled(text_of(text, lang))


def _kinds() -> dict[QuestionType, str]:
    return {
        QuestionType.SINGLE: _("Bitte eine Antwort wählen"),
        QuestionType.MULTIPLE: _("Mehrfachnennungen möglich"),
        QuestionType.MATRIX: _("Eine Antwort je Zeile"),
        QuestionType.INTEGER: _("Ganze Zahl"),
        QuestionType.DECIMAL: _("Zahl, auch mit Komma"),
        QuestionType.TEXT: _("Kurzer Text"),
        QuestionType.TEXTAREA: _("Längerer Text"),
        QuestionType.DATE: _("Datum (TT.MM.JJJJ)"),
        QuestionType.BOOLEAN: _("Ja oder nein"),
        QuestionType.NOTE: "",
        QuestionType.CALCULATE: _("Wird aus Ihren Angaben berechnet"),
        QuestionType.GRID: _("Tabelle: eine Angabe je Zeile und Spalte"),
        QuestionType.ROSTER: _("Dieselben Fragen für jeden Eintrag"),
        QuestionType.RANKING: _("Rangfolge: die Optionen der Reihe nach ordnen"),
    }


@dataclass(frozen=True)
class OutlineQuestion:
    id: str
    text: str
    help: str
    kind: str
    required: str
    #: When it is asked, in words, or "" when always.
    condition: str
    choices: tuple[str, ...]
    rows: tuple[str, ...]
    checks: tuple[str, ...]


@dataclass(frozen=True)
class OutlinePage:
    letter: str
    number: int
    title: str
    intro: str
    condition: str
    questions: tuple[OutlineQuestion, ...]


def _question(question: Question, questionnaire: Questionnaire, lang: str) -> OutlineQuestion:
    required = {
        Required.HARD: _("Pflichtfrage"),
        Required.SOFT: _("Antwort erbeten"),
    }.get(question.required, "")
    unit = text_of(question.unit, lang)
    kind = _kinds()[question.type]
    if question.type is QuestionType.GRID:
        columns = ", ".join(text_of(column.text, lang) for column in question.columns)
        kind = _("%(kind)s; Spalten: %(columns)s", kind=kind, columns=columns)
    if unit:
        kind = f"{kind} ({unit})"
    lines = question.items
    if question.type is QuestionType.GRID:
        lines = question.rows
    rows = tuple(text_of(line.text, lang) for line in lines)
    if question.type is QuestionType.ROSTER:
        rows = tuple(_piped(sub.text, lang) for sub in question.roster)
    when = explain(question.show_if, questionnaire, lang) if question.show_if else ""
    return OutlineQuestion(
        id=question.id,
        text=_piped(question.text, lang),
        help=_piped(question.help, lang),
        kind=kind,
        required=required,
        condition=_("Wird nur gefragt, wenn %(when)s.", when=when) if when else "",
        choices=tuple(_choice(option, questionnaire, lang) for option in question.options),
        rows=rows,
        checks=tuple(_piped(check.message, lang) for check in question.checks),
    )


def _choice(option: Option, questionnaire: Questionnaire, lang: str) -> str:
    """A choice as the printed questionnaire lists it: with the answers it is offered for,
    where its filter names them (a cascading select)."""
    label = text_of(option.label, lang)
    if option.show_if is None:
        return label
    when = explain(option.show_if, questionnaire, lang)
    return _("%(label)s (nur angeboten, wenn %(when)s)", label=label, when=when)


def outline(questionnaire: Questionnaire, lang: str) -> list[OutlinePage]:
    pages = []
    for number, page in enumerate(questionnaire.pages, start=1):
        when = explain(page.show_if, questionnaire, lang) if page.show_if else ""
        pages.append(
            OutlinePage(
                letter=page.id.upper(),
                number=number,
                title=text_of(page.title, lang),
                intro=_piped(page.intro, lang),
                condition=(
                    _("Dieser Abschnitt wird nur gezeigt, wenn %(when)s.", when=when)
                    if when
                    else ""
                ),
                questions=tuple(
                    _question(q, questionnaire, lang)
                    for q in page.questions
                    if q.type is not QuestionType.CALCULATE or q.show
                ),
            )
        )
    return pages


def outline_document(questionnaire: Questionnaire, lang: str, author: str) -> Document:
    """The outline as a printable document (the PDF beside the HTML page)."""
    title = text_of(questionnaire.title, lang)
    document = Document(title=title, author=author, lang=lang)
    document.add(title, 1)
    document.add(_("Fragebogen zum Ansehen und Ausdrucken. Antworten geben Sie online ein."))
    for page in outline(questionnaire, lang):
        document.add(f"{page.letter}: {page.title}", 2)
        if page.condition:
            document.add(page.condition, muted=True)
        if page.intro:
            document.add(page.intro)
        for question in page.questions:
            document.add(f"{question.id}: {question.text}", 3)
            details = ", ".join(part for part in (question.kind, question.required) if part)
            if question.help:
                document.add(question.help, muted=True)
            if details:
                document.add(details, muted=True)
            if question.condition:
                document.add(question.condition, muted=True)
            if question.rows:
                document.add(_("Zeilen:"), items=question.rows)
            if question.choices:
                document.add(_("Antwortmöglichkeiten:"), items=question.choices)
            for check in question.checks:
                document.add(_("Prüfung: %(message)s", message=check), muted=True)
    return document

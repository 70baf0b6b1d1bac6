"""The whole questionnaire in words, for "Fragebogen ansehen": every section and question with
its answer options and the filters that decide whether it is asked.

Shown before consent, so a contact can print it, gather the figures from colleagues and come
back: as an accessible HTML page and as a PDF of the same content (`documents.pdf`). Filters
and checks are put in words by `questionnaire.explain` in the page's language. Every text the
questionnaire has only in German keeps its language (`Shown`): the English page marks it with
lang="de", inside a filter sentence too; the PDF marks the blocks and items that are German.
A piped answer (`{{D1}}`) reads "(Ihre Angabe zu D1)", since nothing is answered yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from surveyapp.documents.pdf import Document
from surveyapp.forms.piping import unfilled
from surveyapp.questionnaire.explain import Words, explain_parts
from surveyapp.questionnaire.model import (
    Option,
    Question,
    Questionnaire,
    QuestionType,
    Required,
    Text,
)
from surveyapp.respond.views import fallback_language, text_of


@dataclass(frozen=True)
class Shown:
    """Words of the outline, each piece with the language it is in where that is a fallback.
    In a template it writes itself with `<span lang>` around those pieces."""

    parts: tuple[Words, ...] = ()

    @classmethod
    def of(cls, text: Text | None, lang: str) -> Shown:
        value = text_of(text, lang)
        return cls((Words(value, fallback_language(text, lang)),) if value else ())

    @classmethod
    def piped(cls, text: Text | None, lang: str) -> Shown:
        """`of` with every placeholder saying whose answer it stands for."""
        value = unfilled(text_of(text, lang))
        return cls((Words(value, fallback_language(text, lang)),) if value else ())

    @classmethod
    def sentence(cls, phrase: str, when: list[Words]) -> Shown:
        """A translated phrase with `%(when)s` where the filter's words go."""
        before, _sep, after = phrase.partition("%(when)s")
        return cls(tuple(part for part in (Words(before), *when, Words(after)) if part.text))

    @property
    def text(self) -> str:
        return "".join(part.text for part in self.parts)

    @property
    def lang(self) -> str:
        """The language of the whole, where all of it is one fallback ("" otherwise)."""
        return self.parts[0].lang if len(self.parts) == 1 else ""

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return "".join(
            Markup('<span lang="{}">{}</span>').format(part.lang, part.text)
            if part.lang
            else escape(part.text)
            for part in self.parts
        )

    def item(self) -> tuple[str, str]:
        """The text and its fallback language, as a PDF list item."""
        return self.text, self.lang


def _condition(phrase: str, condition: Any, questionnaire: Questionnaire, lang: str) -> Shown:
    if not condition:
        return Shown()
    return Shown.sentence(phrase, explain_parts(condition, questionnaire, lang))


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
    text: Shown
    help: Shown
    kind: str
    required: str
    #: When it is asked, in words, or empty when always.
    condition: Shown
    choices: tuple[Shown, ...]
    rows: tuple[Shown, ...]
    checks: tuple[Shown, ...]


@dataclass(frozen=True)
class OutlinePage:
    letter: str
    number: int
    title: Shown
    intro: Shown
    condition: Shown
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
    rows = tuple(Shown.of(line.text, lang) for line in lines)
    if question.type is QuestionType.ROSTER:
        rows = tuple(Shown.piped(sub.text, lang) for sub in question.roster)
    return OutlineQuestion(
        id=question.id,
        text=Shown.piped(question.text, lang),
        help=Shown.piped(question.help, lang),
        kind=kind,
        required=required,
        condition=_condition(
            _("Wird nur gefragt, wenn %(when)s."), question.show_if, questionnaire, lang
        ),
        choices=tuple(_choice(option, questionnaire, lang) for option in question.options),
        rows=rows,
        checks=tuple(Shown.piped(check.message, lang) for check in question.checks),
    )


def _choice(option: Option, questionnaire: Questionnaire, lang: str) -> Shown:
    """A choice as the printed questionnaire lists it: with the answers it is offered for,
    where its filter names them (a cascading select)."""
    label = Shown.of(option.label, lang)
    if option.show_if is None:
        return label
    phrase = _("%(label)s (nur angeboten, wenn %(when)s)", label="%(label)s", when="%(when)s")
    before, _sep, after = phrase.partition("%(label)s")
    filtered = Shown.sentence(after, explain_parts(option.show_if, questionnaire, lang))
    head = tuple(part for part in (Words(before), *label.parts) if part.text)
    return Shown(head + filtered.parts)


def outline(questionnaire: Questionnaire, lang: str) -> list[OutlinePage]:
    pages = []
    for number, page in enumerate(questionnaire.pages, start=1):
        pages.append(
            OutlinePage(
                letter=page.id.upper(),
                number=number,
                title=Shown.of(page.title, lang),
                intro=Shown.piped(page.intro, lang),
                condition=_condition(
                    _("Dieser Abschnitt wird nur gezeigt, wenn %(when)s."),
                    page.show_if,
                    questionnaire,
                    lang,
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
    title = Shown.of(questionnaire.title, lang)
    document = Document(title=title.text, author=author, lang=lang)
    document.add(title.text, 1, lang=title.lang)
    document.add(_("Fragebogen zum Ansehen und Ausdrucken. Antworten geben Sie online ein."))
    for page in outline(questionnaire, lang):
        document.add(f"{page.letter}: {page.title}", 2, lang=page.title.lang)
        if page.condition:
            document.add(page.condition.text, muted=True)
        if page.intro:
            document.add(page.intro.text, lang=page.intro.lang)
        for question in page.questions:
            document.add(f"{question.id}: {question.text}", 3, lang=question.text.lang)
            details = ", ".join(part for part in (question.kind, question.required) if part)
            if question.help:
                document.add(question.help.text, muted=True, lang=question.help.lang)
            if details:
                document.add(details, muted=True)
            if question.condition:
                document.add(question.condition.text, muted=True)
            if question.rows:
                document.add(_("Zeilen:"), items=[row.item() for row in question.rows])
            if question.choices:
                choices = [choice.item() for choice in question.choices]
                document.add(_("Antwortmöglichkeiten:"), items=choices)
            for check in question.checks:
                document.add(_("Prüfung: %(message)s", message=check.text), muted=True)
    return document

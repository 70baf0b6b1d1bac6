"""What the respondent's templates need, worked out once in Python: each question of a page,
the page itself, and the overview's sections in words.

Templates stay declarative: every id, every `aria-describedby` list and every error list is
prepared here, so the same markup rules hold for every question type.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import url_for
from markdown_it import MarkdownIt
from markupsafe import Markup

from surveyapp.forms import Outcome, PageForm
from surveyapp.forms.answer_text import AnswerText, describe
from surveyapp.forms.handlers import handler_for
from surveyapp.forms.handlers.choice import code_id
from surveyapp.questionnaire.model import (
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Required,
    Text,
)
from surveyapp.responses.session import PageSave, ResponseSession, Section

#: CommonMark without raw HTML: questionnaire authors write Markdown, never markup.
_markdown = MarkdownIt("js-default")


def markdown(text: str | None) -> Markup:
    return Markup(_markdown.render(text or ""))  # noqa: S704  (html is disabled above)


def text_of(text: Text | None, lang: str) -> str:
    return text.get(lang) if text else ""


def estimated_minutes(questionnaire: Questionnaire) -> int:
    """The welcome page's estimate: about 0.6 minutes a question, in steps of five."""
    questions = [q for q in questionnaire.questions() if q.type is not QuestionType.NOTE]
    return max(5, round(len(questions) * 0.6 / 5) * 5)


@dataclass
class QuestionView:
    question: Question
    macro: str
    text: str
    help: str
    lang: str
    required: bool
    errors: Mapping[str, list[str]]
    warnings: list[str]
    saved_by_other: AnswerText | None = None
    extra_hints: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def has_error(self) -> bool:
        return any(self.errors.get(name) for name in self.field_names)

    @property
    def field_names(self) -> list[str]:
        names = [self.question.id, *self.question.variables()]
        return list(dict.fromkeys(names))

    def describedby(self, *extra: str) -> str:
        """Ids describing the question as a whole: hint, error, warning, the colleague's answer."""
        ids = []
        if self.help or self.extra_hints:
            ids.append(f"{self.id}-hint")
        if self.errors.get(self.id):
            ids.append(f"{self.id}-error")
        if self.warnings:
            ids.append(f"{self.id}-warning")
        if self.saved_by_other is not None:
            ids.append(f"{self.id}-saved")
        ids.extend(e for e in extra if e)
        return " ".join(ids)

    def option_id(self, option: Option, name: str | None = None) -> str:
        return code_id(name or self.id, option.code)

    def label(self, text: Text | None) -> str:
        return text.get(self.lang) if text else ""

    def substantive(self) -> list[Option]:
        return [o for o in self.question.options if not o.missing and o.code not in self.exclusive]

    @property
    def exclusive(self) -> tuple[int, ...]:
        return self.question.exclusive

    def separate(self) -> list[Option]:
        """Options shown apart, after the others: exclusive ones and missing-options."""
        return [o for o in self.question.options if o.missing or o.code in self.exclusive]


def _hints(question: Question, help_text: str) -> list[str]:
    """Hints the app adds (format, choices); the first is left out if the help says it already."""
    handler = handler_for(question)
    hints = handler.hints(question)
    if hints and any(word in help_text.lower() for word in handler.already_said):
        hints = hints[1:]
    return hints


def question_views(
    form: PageForm,
    outcome: Outcome | None = None,
    saved_by_other: Mapping[str, Any] | None = None,
) -> list[QuestionView]:
    """The visible questions of a page, ready for the template."""
    views = []
    for question in form.visible():
        help_text = question.help.get(form.lang) if question.help else ""
        other = None
        if saved_by_other is not None and question.type is not QuestionType.NOTE:
            other = describe(question, saved_by_other, form.lang)
        views.append(
            QuestionView(
                question=question,
                macro=handler_for(question).macro,
                text=question.text.get(form.lang),
                help=help_text,
                lang=form.lang,
                required=question.required is Required.HARD,
                errors=outcome.errors if outcome else {},
                warnings=(
                    outcome.warnings.get(question.id, []) if outcome and outcome.soft_only else []
                ),
                saved_by_other=other,
                extra_hints=_hints(question, help_text),
            )
        )
    return views


def page_context(session: ResponseSession, page: Page, saved: PageSave) -> dict[str, Any]:
    """Everything `respond/page.html` shows: a page as loaded, or as sent and shown again."""
    lang = session.language
    outcome = saved.outcome
    return {
        "access": session.access,
        "page": page,
        "form": saved.form,
        "step": saved.journey.step(page.id),
        "survey_title": session.questionnaire.title.get(lang),
        "page_title": page.title.get(lang),
        "intro": markdown(text_of(page.intro, lang)),
        "questions": question_views(saved.form, outcome, saved.saved_by_other),
        "outcome": outcome,
        "revision": saved.revision,
        "conflict": saved.saved_by_other is not None,
        "newly_shown": saved.newly_shown,
        "confirmed": " ".join(sorted(outcome.warning_keys))
        if outcome and outcome.soft_only
        else "",
    }


def sections_in_words(session: ResponseSession, sections: list[Section]) -> list[dict[str, Any]]:
    """The overview's sections: each visible page with its answers in words and its link."""
    lang = session.language
    return [
        {
            "page": section.page,
            "number": section.number,
            "title": section.page.title.get(lang),
            "answers": [
                describe(q, session.answers, lang)
                for q in section.form.visible()
                if q.type is not QuestionType.NOTE
            ],
            "complete": section.complete,
            "unseen": section.unseen,
            "url": url_for("respond.page", token=session.access.token, page_id=section.page.id),
        }
        for section in sections
    ]

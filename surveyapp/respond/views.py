"""What the respondent's templates need, worked out once in Python: each question of a page,
the page itself, and the overview's sections in words.

Templates stay declarative: every id, every `aria-describedby` list and every error list is
prepared here, so the same markup rules hold for every question type.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from babel import dates
from flask import get_template_attribute, url_for
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from surveyapp import clock
from surveyapp.forms import Outcome, PageForm
from surveyapp.forms.answer_text import AnswerText, describe
from surveyapp.forms.handlers import handler_for
from surveyapp.forms.handlers.choice import code_id
from surveyapp.forms.page import stored_any
from surveyapp.forms.parsing import format_number
from surveyapp.forms.piping import Piping, not_given
from surveyapp.questionnaire.codes import (
    PREFILL_CHANGED,
    column_total_variable,
    grand_total_variable,
    is_system_code,
    row_total_variable,
)
from surveyapp.questionnaire.model import (
    Option,
    Page,
    Question,
    Questionnaire,
    QuestionType,
    Required,
    Text,
)
from surveyapp.respond.reveal import reveal_rules
from surveyapp.responses import prefill
from surveyapp.responses.session import PageSave, ResponseSession, Section

#: `?von=ueberblick`: a page opened with "ändern" on the overview, whose "Weiter" returns there.
FROM_OVERVIEW = "ueberblick"

#: CommonMark without raw HTML: questionnaire authors write Markdown, never markup.
_markdown = MarkdownIt("js-default")


def markdown(text: str | None) -> Markup:
    return Markup(_markdown.render(text or ""))  # noqa: S704  (html is disabled above)


def text_of(text: Text | None, lang: str, piping: Piping | None = None) -> str:
    """A text in `lang`, its placeholders (`{{D1}}`) filled when `piping` is given."""
    value = text.get(lang) if text else ""
    return piping.text(value) if piping is not None else value


def fallback_language(text: Text | None, lang: str) -> str:
    """The language a text is shown in when the questionnaire has none in `lang` ("" when it
    has): an English page then marks the German text as German (WCAG 3.1.2)."""
    return text.fallback_language(lang) if text is not None else ""


def in_language(text: Text | None, lang: str, piping: Piping | None = None) -> Markup:
    """A text escaped for a page in `lang`; a fallback in another language is marked with it.
    With `piping`, its placeholders are filled first, so the answers are escaped with it."""
    shown = escape(text_of(text, lang, piping))
    other = fallback_language(text, lang)
    if other and shown:
        return Markup('<span lang="{}">{}</span>').format(other, shown)
    return shown


def markdown_in(text: Text | None, lang: str, piping: Piping | None = None) -> Markup:
    """`markdown` of a text in `lang`; a fallback in another language is marked with it.
    With `piping`, its placeholders are filled with the answers, taken literally."""
    value = text_of(text, lang)
    html = markdown(piping.markdown(value) if piping is not None else value)
    other = fallback_language(text, lang)
    if other and html:
        return Markup('<div lang="{}">{}</div>').format(other, html)
    return html


#: "etwa 20 Minuten", "about 20 minutes": the author's own estimate in the introduction.
_AUTHOR_MINUTES = re.compile(r"(\d{1,3})\s*(?:Minuten|minutes|Min\.|min\b)", re.IGNORECASE)


def estimated_minutes(questionnaire: Questionnaire) -> int:
    """The welcome page's estimate: the author's, where the introduction states one (the page
    must not name two different times), else about 0.6 minutes a question, in steps of five."""
    for text in questionnaire.intro.values.values() if questionnaire.intro else ():
        if found := _AUTHOR_MINUTES.search(text):
            return int(found.group(1))
    questions = [q for q in questionnaire.questions() if q.type is not QuestionType.NOTE]
    return max(5, round(len(questions) * 0.6 / 5) * 5)


#: Days and times as each language writes them; times always in Berlin's, with its zone named.
_DAY_FORMATS = {"de": "dd.MM.yyyy", "en": "d MMMM yyyy"}
_TIME_FORMATS = {"de": "dd.MM.yyyy, HH:mm 'Uhr' (z)", "en": "d MMMM yyyy, HH:mm (zzzz)"}


def local_day(value: date | datetime | None, lang: str) -> str:
    """A calendar day in `lang`; a stored time (UTC) is first taken to Berlin's day."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.local(value).date()
    return dates.format_date(value, _DAY_FORMATS.get(lang, _DAY_FORMATS["de"]), locale=lang)


def local_time(value: datetime | None, lang: str) -> str:
    """A stored time (UTC) in Berlin's time, in `lang`, saying which zone it is."""
    if value is None:
        return ""
    pattern = _TIME_FORMATS.get(lang, _TIME_FORMATS["de"])
    return dates.format_datetime(clock.local(value), pattern, locale=lang)


@dataclass(frozen=True)
class ChoiceView:
    """One option as an input writes it: its value, id and label (escaped once), whether it is
    a missing-option, and the "other" field it opens (else "")."""

    value: str
    id: str
    label: Markup
    missing: bool = False
    controls: str = ""


@dataclass(frozen=True)
class MatrixCell:
    id: str
    value: str
    labelledby: Markup
    label: Markup


@dataclass(frozen=True)
class MatrixRow:
    name: str
    label: Markup
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class GridCell:
    name: str
    label: Markup


@dataclass(frozen=True)
class GridRow:
    """One row of a grid: its own group (a fieldset) on the page, whatever the width."""

    id: str
    label: Markup
    cells: tuple[GridCell, ...]
    total: str = ""


@dataclass(frozen=True)
class Layout:
    """What never changes in a question's markup in one language: the ids, labels and values of
    its options and matrix cells. Worked out once per process (the questionnaire of a survey
    never changes), so a page renders loops over ready strings instead of a macro per option."""

    question: Question
    substantive: tuple[ChoiceView, ...] = ()
    separate: tuple[ChoiceView, ...] = ()
    columns: tuple[ChoiceView, ...] = ()
    rows: tuple[MatrixRow, ...] = ()
    grid_rows: tuple[GridRow, ...] = ()
    #: A grid's column totals and its grand total: (label, variable).
    grid_totals: tuple[tuple[Markup, str], ...] = ()


def _label(text: Text | None, lang: str) -> Markup:
    return in_language(text, lang)


def _choice(question: Question, option: Option, lang: str) -> ChoiceView:
    controls = question.other_variable if question.other and option.is_other else ""
    return ChoiceView(
        str(option.code),
        code_id(question.id, option.code),
        _label(option.label, lang),
        option.missing,
        controls,
    )


def _matrix_rows(question: Question, lang: str) -> tuple[MatrixRow, ...]:
    labels = [_label(option.label, lang) for option in question.options]
    rows = []
    for item in question.items:
        name = f"{question.id}_{item.id}"
        cells = tuple(
            MatrixCell(
                code_id(name, option.code),
                str(option.code),
                escape(f"{name}-label {question.id}-col-{number}"),
                label,
            )
            for number, (option, label) in enumerate(zip(question.options, labels, strict=True), 1)
        )
        rows.append(MatrixRow(name, _label(item.text, lang), cells))
    return tuple(rows)


def _grid_rows(question: Question, lang: str) -> tuple[GridRow, ...]:
    totals = question.total_variables()
    rows = []
    for row in question.rows:
        cells = tuple(
            GridCell(question.cell_variable(row, column), _label(column.text, lang))
            for column in question.columns
        )
        total = row_total_variable(question.id, row.id)
        shown_total = total if total in totals else ""
        rows.append(GridRow(f"{question.id}_{row.id}", _label(row.text, lang), cells, shown_total))
    return tuple(rows)


def _grid_totals(question: Question, lang: str) -> tuple[tuple[Markup, str], ...]:
    totals = question.total_variables()
    columns = [
        (_label(column.text, lang), column_total_variable(question.id, column.id))
        for column in question.columns
    ]
    found = [(label, name) for label, name in columns if name in totals]
    grand = grand_total_variable(question.id)
    if grand in totals:
        found.append((Markup(""), grand))
    return tuple(found)


def _make_layout(question: Question, lang: str) -> Layout:
    exclusive = question.exclusive
    choices = [(o, _choice(question, o, lang)) for o in question.options]
    columns = tuple(
        ChoiceView(str(o.code), f"{question.id}-col-{number}", view.label, o.missing)
        for number, (o, view) in enumerate(choices, start=1)
    )
    return Layout(
        question,
        substantive=tuple(v for o, v in choices if not o.missing and o.code not in exclusive),
        separate=tuple(v for o, v in choices if o.missing or o.code in exclusive),
        columns=columns,
        rows=_matrix_rows(question, lang) if question.type is QuestionType.MATRIX else (),
        grid_rows=_grid_rows(question, lang) if question.type is QuestionType.GRID else (),
        grid_totals=_grid_totals(question, lang) if question.type is QuestionType.GRID else (),
    )


#: Layouts by (id of the question, language). The layout holds its question, so the id cannot
#: be taken by another object while the entry lives; bounded like `questionnaire_of`'s cache.
_layouts: dict[tuple[int, str], Layout] = {}
_LAYOUTS_SIZE = 4096


def layout_of(question: Question, lang: str) -> Layout:
    key = (id(question), lang)
    found = _layouts.get(key)
    if found is None or found.question is not question:
        if len(_layouts) >= _LAYOUTS_SIZE:
            _layouts.pop(next(iter(_layouts)))
        found = _layouts[key] = _make_layout(question, lang)
    return found


@dataclass(frozen=True)
class RosterItemView:
    id: str
    label: Markup
    questions: list[QuestionView]


@dataclass
class QuestionView:
    question: Question
    macro: str
    text: Markup
    help: Markup
    lang: str
    required: bool
    errors: Mapping[str, list[str]]
    warnings: list[str]
    saved_by_other: AnswerText | None = None
    extra_hints: list[str] = field(default_factory=list)
    #: For a question the page's script shows and hides in place: its rule as JSON ("" for
    #: none), and whether it is hidden now.
    reveal: str = ""
    hidden: bool = False
    #: A calculated value as the page shows it (a `calculate` question with `show: true`).
    value_text: str = ""
    #: A grid's totals as the page shows them, by variable.
    totals: Mapping[str, str] = field(default_factory=dict)
    #: A roster's items on the page, each with its questions; whether an open roster has room
    #: for another entry.
    items: list[RosterItemView] = field(default_factory=list)
    can_add: bool = False
    #: Whether the markup depends on other answers (piped texts, a calculated value), so it
    #: is never taken from the cache of markup by entries.
    varies: bool = False
    #: "Angabe aus 2019 – bitte prüfen": the answer is the earlier wave's, filled in.
    prefilled: str = ""

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def layout(self) -> Layout:
        return layout_of(self.question, self.lang)

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
        if self.prefilled:
            ids.append(f"{self.id}-prefilled")
        ids.extend(e for e in extra if e)
        return " ".join(ids)

    def option_id(self, option: Option, name: str | None = None) -> str:
        return code_id(name or self.id, option.code)

    def label(self, text: Text | None) -> Markup:
        return in_language(text, self.lang)

    def substantive(self) -> list[Option]:
        return [o for o in self.question.options if not o.missing and o.code not in self.exclusive]

    @property
    def exclusive(self) -> tuple[int, ...]:
        return self.question.exclusive

    def separate(self) -> list[Option]:
        """Options shown apart, after the others: exclusive ones and missing-options."""
        return [o for o in self.question.options if o.missing or o.code in self.exclusive]


#: A question's markup by (id of the question, language, its fields' data), for the views that
#: show no error, warning or colleague's answer: then the markup depends on nothing else, and
#: a page shown again with the same entries (above all, a page not yet answered) renders no
#: macro. Holds its question, and is bounded, like `_layouts`.
_markup: dict[tuple[int, str, str], tuple[Question, Markup]] = {}
_MARKUP_SIZE = 4096


def _render_macro(view: QuestionView, form: PageForm) -> Markup:
    render = get_template_attribute("respond/_questions.html", "render")
    return Markup(render(view, form))  # noqa: S704  (the macro's autoescaped output)


def render_question(view: QuestionView, form: PageForm) -> Markup:
    """The markup of one question of the page, as the `render` macro of `_questions.html`
    writes it."""
    if (
        view.has_error
        or view.warnings
        or view.saved_by_other is not None
        or view.varies
        or view.prefilled
    ):
        return _render_macro(view, form)
    data = [form[name].data for name in view.field_names if name in form.form]
    key = (id(view.question), view.lang, repr(data))
    found = _markup.get(key)
    if found is not None and found[0] is view.question:
        return found[1]
    markup = _render_macro(view, form)
    if len(_markup) >= _MARKUP_SIZE:
        _markup.pop(next(iter(_markup)))
    _markup[key] = (view.question, markup)
    return markup


def _hints(question: Question, help_text: str) -> list[str]:
    """Hints the app adds (format, choices); the first is left out if the help says it already."""
    handler = handler_for(question)
    hints = handler.hints(question)
    if hints and any(word in help_text.lower() for word in handler.already_said):
        hints = hints[1:]
    return hints


def _shown_on_page(question: Question) -> bool:
    """A calculated value is shown where the file asks for it, or where a check of it can
    fail (the respondent must see what the message is about); other questions always."""
    if question.type is not QuestionType.CALCULATE:
        return True
    return question.show or bool(question.checks)


def _value_text(question: Question, form: PageForm) -> str:
    if question.type is not QuestionType.CALCULATE:
        return ""
    lines = handler_for(question).describe(question, form.merged(), form.lang)
    return ", ".join(lines) if lines else not_given()


def _totals(question: Question, form: PageForm) -> dict[str, str]:
    merged = form.merged()
    shown = {}
    for name in question.total_variables():
        value = merged.get(name)
        number = isinstance(value, int | float) and not is_system_code(value)
        shown[name] = format_number(value, form.lang) if number else "–"  # type: ignore[arg-type]
    return shown


def _sub_view(question: Question, lang: str, outcome: Outcome | None) -> QuestionView:
    """One question of a roster's item, as the macro of its own type renders it."""
    help_text = question.help.get(lang) if question.help else ""
    return QuestionView(
        question=question,
        macro=handler_for(question).macro,
        text=in_language(question.text, lang),
        help=in_language(question.help, lang),
        lang=lang,
        required=False,
        errors=outcome.errors if outcome else {},
        warnings=[],
        extra_hints=_hints(question, help_text),
    )


def _roster_items(
    question: Question, form: PageForm, outcome: Outcome | None
) -> tuple[list[RosterItemView], bool]:
    if question.type is not QuestionType.ROSTER:
        return [], False
    handler = handler_for(question)
    shown = handler.shown_items(question, form.merged())  # type: ignore[attr-defined]
    items = [
        RosterItemView(
            f"{question.id}_{item.id}-item",
            in_language(item.text, form.lang),
            [_sub_view(sub, form.lang, outcome) for sub in question.item_questions(item)],
        )
        for item in shown
    ]
    return items, question.roster_of is None and len(shown) < len(question.rows)


def _varies(question: Question, piping: Piping | None) -> bool:
    if question.type in (QuestionType.CALCULATE, QuestionType.ROSTER) or question.totals:
        return True
    return piping is not None and (piping.fills(question.text) or piping.fills(question.help))


def question_views(
    form: PageForm,
    outcome: Outcome | None = None,
    saved_by_other: Mapping[str, Any] | None = None,
    piping: Piping | None = None,
    prefilled: Mapping[str, str] | None = None,
) -> list[QuestionView]:
    """The questions of the page, ready for the template: the visible ones, and the hidden ones
    the page's script can show in place (marked `hidden`). With `piping`, the questions' texts
    and help show the earlier answers they name."""
    visible = {question.id for question in form.visible()}
    rules = reveal_rules(form)
    views = []
    for question in form.page.questions:
        if question.id not in visible and question.id not in rules:
            continue
        if not _shown_on_page(question):
            continue
        help_text = question.help.get(form.lang) if question.help else ""
        other = None
        if saved_by_other is not None and question.type is not QuestionType.NOTE:
            other = describe(question, saved_by_other, form.lang)
        rule = rules.get(question.id)
        items, can_add = _roster_items(question, form, outcome)
        views.append(
            QuestionView(
                question=question,
                macro=handler_for(question).macro,
                text=in_language(question.text, form.lang, piping),
                help=in_language(question.help, form.lang, piping),
                lang=form.lang,
                required=question.required is Required.HARD,
                errors=outcome.errors if outcome else {},
                warnings=outcome.warnings.get(question.id, []) if outcome else [],
                saved_by_other=other,
                extra_hints=_hints(question, help_text),
                reveal=json.dumps(rule, separators=(",", ":")) if rule else "",
                hidden=question.id not in visible,
                value_text=_value_text(question, form),
                totals=_totals(question, form),
                items=items,
                can_add=can_add,
                varies=_varies(question, piping),
                prefilled=(prefilled or {}).get(question.id, ""),
            )
        )
    return views


def page_context(session: ResponseSession, page: Page, saved: PageSave) -> dict[str, Any]:
    """Everything `respond/page.html` shows: a page as loaded, or as sent and shown again."""
    lang = session.language
    outcome = saved.outcome
    piping = Piping(session.questionnaire, saved.form.merged(), lang)
    return {
        "access": session.access,
        "page": page,
        "form": saved.form,
        "step": saved.journey.step(page.id),
        "survey_title": session.questionnaire.title.get(lang),
        "survey_heading": in_language(session.questionnaire.title, lang),
        "page_title": page.title.get(lang),
        "page_heading": in_language(page.title, lang),
        "intro": markdown_in(page.intro, lang, piping),
        "questions": question_views(
            saved.form, outcome, saved.saved_by_other, piping, prefilled_marks(session, page)
        ),
        "render_question": render_question,
        "outcome": outcome,
        "revision": saved.revision,
        "conflict": saved.saved_by_other is not None,
        "newly_shown": saved.newly_shown,
        "confirmed": " ".join(sorted(saved.confirmed)),
    }


def prefilled_marks(session: ResponseSession, page: Page) -> dict[str, str]:
    """The mark of each question of the page showing an answer the respondent did not give:
    the questionnaire's default until the page is saved, or the earlier wave's answer."""
    marks = {
        question.id: _("Vorgabe – bitte prüfen")
        for question in page.questions
        if question.default is not None and not stored_any(question, session.answers)
    }
    earlier = session.earlier if prefill.of_page(page) else prefill.NOTHING
    marks.update(
        (question.id, _mark(earlier))
        for question in prefill.of_page(page)
        if earlier.has(question)
        and session.answers.get(question.prefill_variable) != PREFILL_CHANGED
    )
    return marks


def _mark(earlier: prefill.Earlier) -> str:
    """Says whose answer is shown when it is a predecessor's (Eisenach's in the Wartburgkreis)."""
    if earlier.source and earlier.year:
        return _(
            "Angabe von %(unit)s aus %(year)s – bitte prüfen",
            unit=earlier.source,
            year=earlier.year,
        )
    if earlier.source:
        return _(
            "Angabe von %(unit)s aus der früheren Befragung – bitte prüfen", unit=earlier.source
        )
    if earlier.year:
        return _("Angabe aus %(year)s – bitte prüfen", year=earlier.year)
    return _("Angabe aus der früheren Befragung – bitte prüfen")


def unsaved_answers(page: Page, lang: str, formdata: MultiDict) -> list[AnswerText]:
    """What the respondent sent for `page` in words, when it could not be stored: they see
    what was lost and can note it down before anything else happens."""
    entered = PageForm(page, lang, {}, formdata).entered()
    answers = [
        describe(question, entered, lang)
        for question in page.questions
        if question.type is not QuestionType.NOTE
    ]
    return [answer for answer in answers if answer.answered]


def _piped(answer: AnswerText, piping: Piping) -> AnswerText:
    """An answer on the overview, its question's text with the answers it pipes."""
    return replace(answer, text=piping.text(answer.text))


def sections_in_words(session: ResponseSession, sections: list[Section]) -> list[dict[str, Any]]:
    """The overview's sections: each visible page with its answers in words and its link."""
    lang = session.language
    piping = Piping(session.questionnaire, session.answers, lang)
    return [
        {
            "page": section.page,
            "number": section.number,
            "title": section.page.title.get(lang),
            "title_lang": section.page.title.fallback_language(lang),
            "answers": [
                _piped(describe(q, session.answers, lang), piping)
                for q in section.form.visible()
                if q.type is not QuestionType.NOTE
            ],
            "complete": section.complete,
            "unseen": section.unseen,
            "url": url_for("respond.page", token=session.access.token, page_id=section.page.id),
            "change_url": url_for(
                "respond.page",
                token=session.access.token,
                page_id=section.page.id,
                von=FROM_OVERVIEW,
            ),
        }
        for section in sections
    ]

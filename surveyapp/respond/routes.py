"""The respondent's journey: welcome and consent, the pages, the overview, submit, thank-you.

The token stays in every URL (no cookie), so colleagues holding the same link work on the same
response independently. Every page is saved when it is left; the response remembers where the
respondent was, so a closed browser loses nothing.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.answers import (
    PageConflict,
    ResponseLocked,
    find_response,
    load_answers,
    page_revision,
    record_consent,
    response_for,
    save_page,
    set_current_page,
    submit,
)
from surveyapp.extensions import limiter
from surveyapp.forms import Outcome, PageForm
from surveyapp.forms.answer_text import describe, not_answered
from surveyapp.models import Response
from surveyapp.questionnaire.model import Page, QuestionType
from surveyapp.respond import bp, journey
from surveyapp.respond.access import Access, resolve
from surveyapp.respond.views import markdown, question_views

ACTIONS = ("weiter", "zurueck", "speichern")


def _link_limit() -> str:
    return current_app.config["RESPONDENT_LINK_LIMIT"]


def _failed(response: HttpResponse) -> bool:
    """Only failed look-ups count against the limit: guessing links is slowed down, while a
    Kommune whose colleagues share one address never trips over it."""
    return response.status_code in (403, 404, 410)


limited = limiter.limit(_link_limit, deduct_when=_failed)


@bp.before_app_request
def remember_language() -> None:
    """`?lang=en` switches the language for the rest of the visit (strictly necessary cookie)."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen


def lang() -> str:
    return str(get_locale() or "de")


def _resume_url(access: Access, response: Response, answers: dict[str, Any]) -> str:
    target = response.current_page
    if target == journey.OVERVIEW:
        return url_for("respond.overview", token=access.token)
    if target is None or not journey.is_visible(access.questionnaire, answers, target):
        target = journey.next_page(access.questionnaire, answers, target or "")
        if target == journey.OVERVIEW:
            return url_for("respond.overview", token=access.token)
    return url_for("respond.page", token=access.token, page_id=target)


def _page_url(access: Access, page_id: str | None) -> str:
    if page_id is None:
        return url_for("respond.start", token=access.token)
    if page_id == journey.OVERVIEW:
        return url_for("respond.overview", token=access.token)
    return url_for("respond.page", token=access.token, page_id=page_id)


def _locked(access: Access, response: Response) -> tuple[str, int]:
    """A change to a submitted response: nothing happens, and the respondent is told so."""
    return render_template("respond/locked.html", access=access, response=response), 409


def _estimated_minutes(access: Access) -> int:
    questions = [q for q in access.questionnaire.questions() if q.type is not QuestionType.NOTE]
    return max(5, round(len(questions) * 0.6 / 5) * 5)


@bp.route("/r/<token>", methods=["GET", "POST"])
@limited
def start(token: str) -> Any:
    access = resolve(token)
    response = find_response(access.invitation)
    if response is not None and response.status == "submitted":
        if request.method == "POST":
            return _locked(access, response)
        return redirect(url_for("respond.thanks", token=token))
    consent_missing = False
    if request.method == "POST":
        if request.form.get("consent") == "ja":
            response = response or response_for(access.invitation, access.questionnaire)
            answers = load_answers(response)
            record_consent(response, journey.first_page(access.questionnaire, answers), lang())
            return redirect(_resume_url(access, response, answers))
        consent_missing = True
    started = response is not None and response.consent_at is not None
    resume = _resume_url(access, response, load_answers(response)) if started else None
    return render_template(
        "respond/welcome.html",
        access=access,
        response=response,
        started=started,
        resume_url=resume,
        consent_missing=consent_missing,
        minutes=_estimated_minutes(access),
        intro=markdown(
            access.questionnaire.intro.get(lang()) if access.questionnaire.intro else ""
        ),
        title=access.questionnaire.title.get(lang()),
        format_datetime=format_datetime,
    )


def _started_response(access: Access) -> Response | None:
    response = find_response(access.invitation)
    if response is None or response.consent_at is None:
        return None
    return response


def _draft(token: str) -> tuple[Access, Response]:
    """The link's started, not yet submitted response; else off to the start or thanks page."""
    access = resolve(token)
    response = _started_response(access)
    if response is None:
        abort(redirect(url_for("respond.start", token=token)))
    if response.status == "submitted":
        abort(redirect(url_for("respond.thanks", token=token)))
    return access, response


def _render_page(
    access: Access,
    page: Page,
    form: PageForm,
    answers: dict[str, Any],
    revision: int,
    outcome: Outcome | None = None,
    saved_by_other: dict[str, Any] | None = None,
    newly_shown: bool = False,
) -> str:
    step = journey.step(access.questionnaire, form.merged(), page.id)
    return render_template(
        "respond/page.html",
        access=access,
        page=page,
        form=form,
        step=step,
        survey_title=access.questionnaire.title.get(lang()),
        page_title=page.title.get(lang()),
        intro=markdown(page.intro.get(lang()) if page.intro else ""),
        questions=question_views(form, outcome, saved_by_other),
        outcome=outcome,
        revision=revision,
        conflict=saved_by_other is not None,
        newly_shown=newly_shown,
        confirmed=" ".join(sorted(outcome.warning_keys)) if outcome and outcome.soft_only else "",
    )


@bp.route("/r/<token>/seite/<page_id>", methods=["GET", "POST"])
@limited
def page(token: str, page_id: str) -> Any:
    access = resolve(token)
    response = _started_response(access)
    if response is None:
        return redirect(url_for("respond.start", token=token))
    try:
        page = access.questionnaire.page(page_id)
    except KeyError:
        return render_template("errors/404.html", code=404), 404
    if response.status == "submitted":
        if request.method == "POST":
            return _locked(access, response)
        return redirect(url_for("respond.thanks", token=token))
    answers = load_answers(response)
    if not journey.is_visible(access.questionnaire, answers, page_id):
        next_id = journey.next_page(access.questionnaire, answers, page_id)
        return redirect(_page_url(access, next_id))
    if request.method == "POST":
        return _save(access, response, page, answers)
    if response.current_page != page_id:
        set_current_page(response, page_id)
    form = PageForm(page, lang(), answers)
    return _render_page(access, page, form, answers, page_revision(response, page_id))


def _save(access: Access, response: Response, page: Page, answers: dict[str, Any]) -> Any:
    form = PageForm(page, lang(), answers, request.form)
    action = request.form.get("action", "weiter")
    action = action if action in ACTIONS else "weiter"
    loaded = _int(request.form.get("revision"))
    shown = set(request.form.get("shown", "").split())
    confirmed = set(request.form.get("confirmed", "").split())
    format_check = form.validate(strict=False)
    if not format_check.ok:
        return _render_page(access, page, form, answers, loaded, format_check)
    values = form.values_to_save()
    merged = {**answers, **values}
    questionnaire = access.questionnaire
    stay = action == "speichern"
    newly_shown = False
    outcome = None
    if action == "weiter":
        outcome = form.validate(strict=True, confirmed=confirmed)
        newly_shown = bool({q.id for q in form.visible()} - shown) and bool(shown)
        stay = not outcome.ok or newly_shown
    if stay:
        destination: str | None = page.id
    elif action == "zurueck":
        destination = journey.previous_page(questionnaire, merged, page.id)
    else:
        destination = journey.next_page(questionnaire, merged, page.id)
    try:
        revision = save_page(
            response, questionnaire, page.id, values, loaded, next_page=destination or page.id
        )
    except PageConflict:
        fresh = load_answers(response)
        revision = page_revision(response, page.id)
        return _render_page(access, page, form, answers, revision, saved_by_other=fresh)
    except ResponseLocked:
        return _locked(access, response)
    if action == "speichern":
        flash(_("Ihre Angaben auf dieser Seite wurden gespeichert."), "saved")
        return redirect(_page_url(access, page.id))
    if stay:
        return _render_page(access, page, form, answers, revision, outcome, newly_shown=newly_shown)
    return redirect(_page_url(access, destination))


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _sections(access: Access, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The visible pages with their answers in words, and whether hard problems remain."""
    sections = []
    pages = journey.path(access.questionnaire, answers)
    for number, page in enumerate(pages, start=1):
        form = PageForm(page, lang(), answers)
        outcome = form.validate(strict=True, ignore_soft=True)
        items = [
            describe(q, answers, lang()) for q in form.visible() if q.type is not QuestionType.NOTE
        ]
        sections.append(
            {
                "page": page,
                "number": number,
                "title": page.title.get(lang()),
                "answers": items,
                "complete": outcome.ok,
                "url": url_for("respond.page", token=access.token, page_id=page.id),
            }
        )
    return sections


@bp.route("/r/<token>/ueberblick")
@limited
def overview(token: str) -> Any:
    access, response = _draft(token)
    answers = load_answers(response)
    if response.current_page != journey.OVERVIEW:
        set_current_page(response, journey.OVERVIEW)
    sections = _sections(access, answers)
    return render_template(
        "respond/overview.html",
        access=access,
        sections=sections,
        incomplete=[s for s in sections if not s["complete"]],
        survey_title=access.questionnaire.title.get(lang()),
        not_answered=not_answered(),
    )


@bp.route("/r/<token>/absenden", methods=["POST"])
@limited
def send(token: str) -> Any:
    access, response = _draft(token)
    answers = load_answers(response)
    if any(not s["complete"] for s in _sections(access, answers)):
        return redirect(url_for("respond.overview", token=token))
    submit(response, access.questionnaire)
    return redirect(url_for("respond.thanks", token=token))


@bp.route("/r/<token>/danke")
@limited
def thanks(token: str) -> Any:
    access = resolve(token)
    response = _started_response(access)
    if response is None or response.status != "submitted":
        return redirect(url_for("respond.start", token=token))
    answers = load_answers(response)
    outro = access.questionnaire.outro
    return render_template(
        "respond/thanks.html",
        access=access,
        response=response,
        sections=_sections(access, answers),
        survey_title=access.questionnaire.title.get(lang()),
        outro=markdown(outro.get(lang()) if outro else ""),
        submitted_at=format_datetime(response.submitted_at, "dd.MM.yyyy, HH:mm")
        if response.submitted_at
        else "",
        not_answered=not_answered(),
    )

"""A page sent that cannot be stored: nothing typed is lost without the respondent knowing.

Two requests fail before the page's view runs: a form whose CSRF token no longer matches the
session cookie (the cookie was deleted, the browser restarted, a researcher logged out in the
same browser, or cookies are blocked), and any request after the field period ended. Both are
answered here, on the respondent's blueprint: the page comes back with what was sent in its
fields and a plain explanation, or the closed survey's page lists what was not saved.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from surveyapp.respond.blueprint import bp
from surveyapp.respond.routes import hidden_page, posted_revision, render_page, welcome
from surveyapp.respond.views import unsaved_answers
from surveyapp.responses.session import ResponseSession, SurveyClosed, SurveyContact
from surveyapp.surveys.lifecycle import questionnaire_of
from surveyapp.web.language import current_language

#: The hidden field of a page shown again after a lost cookie: if the next try fails too, the
#: browser does not keep the cookie at all, and the advice changes.
RETRY_FIELD = "cookie_retry"


def _cookie_problem() -> str:
    """Lost the first time; blocked when the page shown again after it failed as well."""
    return "blocked" if request.form.get(RETRY_FIELD) else "lost"


def _sent_again(token: str, page_id: str | None) -> Any:
    """The page (or the welcome page) as it was sent, unsaved; None where nothing was typed."""
    session = ResponseSession.open(token, current_language(), page_id)
    problem = _cookie_problem()
    if page_id is None:
        if session.submitted:
            return None
        given = request.form.get("consent") == "ja"
        return welcome(session, cookie=problem, consent_given=given), 400
    if not session.started or session.submitted:
        return None
    try:
        page = session.questionnaire.page(page_id)
    except KeyError:
        return None
    if not session.journey.is_visible(page_id):
        return hidden_page(session, page)
    confirmed = set(request.form.get("confirmed", "").split())
    saved = session.unsent(page, request.form, posted_revision(), confirmed)
    return render_page(session, page, saved, cookie=problem), 400


@bp.errorhandler(CSRFError)
def form_expired(error: CSRFError) -> Any:
    args = request.view_args or {}
    shown = None
    if request.endpoint in ("respond.page", "respond.start"):
        try:
            shown = _sent_again(str(args.get("token", "")), args.get("page_id"))
        except SurveyClosed as closed:
            return survey_closed(closed)
        except HTTPException:
            shown = None  # a link that no longer opens: the form's own error page says enough
    if shown is not None:
        return shown
    contact = _contact(str(args["token"])) if "token" in args else None
    return render_template(
        "errors/400.html", code=400, csrf=True, survey=contact, legal_survey=contact
    ), 400


def _contact(token: str) -> SurveyContact | None:
    """Whom the expired form's page names for questions, when its link still opens."""
    try:
        return ResponseSession.open(token, current_language()).access.contact
    except HTTPException:
        return None


@bp.errorhandler(SurveyClosed)
def survey_closed(error: SurveyClosed) -> Any:
    """The closed survey's page; for a page sent after the end, with what was not saved."""
    unsaved = []
    page_id = (request.view_args or {}).get("page_id")
    if request.method == "POST" and request.endpoint == "respond.page" and page_id:
        try:
            page = questionnaire_of(error.survey).page(page_id)
        except KeyError:
            page = None
        if page is not None:
            unsaved = unsaved_answers(page, current_language(), request.form)
    return render_template(
        "errors/403.html",
        code=403,
        survey=error.survey,
        not_yet_open=error.not_yet_open,
        starts_on=error.starts_on,
        unsaved=unsaved,
    ), 403

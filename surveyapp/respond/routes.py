"""The respondent's journey: welcome and consent, the pages, the overview, submit, thank-you.

The token stays in every URL (no cookie), so colleagues holding the same link work on the same
response independently. Each route parses the request, asks the `ResponseSession` of the link
and renders; what may happen and what is stored is decided there.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.extensions import limiter
from surveyapp.forms.answer_text import not_answered
from surveyapp.questionnaire.journey import OVERVIEW
from surveyapp.questionnaire.model import Page
from surveyapp.respond.blueprint import bp
from surveyapp.respond.hub import hub_entries
from surveyapp.respond.views import (
    FROM_OVERVIEW,
    estimated_minutes,
    in_language,
    local_day,
    local_time,
    markdown_in,
    page_context,
    sections_in_words,
    unsaved_answers,
)
from surveyapp.responses.session import ACTIONS, PageSave, ResponseSession, SectionNotShared
from surveyapp.web.errors import error_page
from surveyapp.web.language import current_language


@bp.app_template_filter("local_day")
def _local_day(value: Any) -> str:
    """A day in the page's language (dates of the field period, of consent)."""
    return local_day(value, current_language())


def _link_limit() -> str:
    return current_app.config["RESPONDENT_LINK_LIMIT"]


def _failed(response: HttpResponse) -> bool:
    """Only failed look-ups count against the limit: guessing links is slowed down, while a
    Kommune whose colleagues share one address never trips over it. A section link asking
    for a section it was not given is a known link, not a guess (`section_not_shared`)."""
    return response.status_code in (403, 404, 410) and not request.environ.get(KNOWN_LINK)


limited = limiter.limit(_link_limit, deduct_when=_failed)
#: Noted on the request (not on `g`, which a test's app context carries over to the next
#: request) when its link was found.
KNOWN_LINK = "surveyapp.known_link"


@bp.errorhandler(SectionNotShared)
def section_not_shared(error: SectionNotShared) -> tuple[str, int]:
    """The 403 naming the link's sections, not counted against the link limit."""
    request.environ[KNOWN_LINK] = True
    return error_page(error)


def _session(token: str, page_id: str | None = None) -> ResponseSession:
    return ResponseSession.open(token, current_language(), page_id)


def _page_url(token: str, page_id: str | None, **query: Any) -> str:
    if page_id == HUB:
        return url_for("respond.hub", token=token, **query)
    if page_id is None:
        return url_for("respond.start", token=token, **query)
    if page_id == OVERVIEW:
        return url_for("respond.overview", token=token, **query)
    return url_for("respond.page", token=token, page_id=page_id, **query)


#: Where a section link goes instead of a page it does not open: the section overview.
HUB = "abschnitte"


def _within(
    session: ResponseSession, target: str | None, *, resume: bool = False, back: bool = False
) -> str | None:
    """`target`, or where a section link goes instead of a page it does not open: its next
    visible page from there on (from its first, when it resumes; none on the way back), else
    the section overview (never the overview with its submit button)."""
    access = session.access
    if access.may_submit or target is None:
        return target
    if target != OVERVIEW and access.may_open(target):
        return target
    if back:
        return HUB
    pages = [page.id for page in session.journey.pages]
    start = 0 if resume or target not in pages else pages.index(target)
    return next((page for page in pages[start:] if access.may_open(page)), HUB)


def _chosen_language() -> dict[str, str]:
    """`?lang=` of a page sent by the language switch, kept on the way on: the choice then
    holds even where no cookie is kept."""
    chosen = request.args.get("lang", "")
    return {"lang": chosen} if chosen in current_app.config["LANGUAGES"] else {}


def _locked(session: ResponseSession, page: Page | None = None) -> tuple[str, int]:
    """A change to a submitted response: nothing happens, and the respondent is told so, with
    what they sent for the page in words."""
    unsaved = unsaved_answers(page, session.language, request.form) if page else []
    return render_template(
        "respond/locked.html", access=session.access, response=session.response, unsaved=unsaved
    ), 409


def hidden_page(session: ResponseSession, page: Page) -> tuple[str, int]:
    """A page sent after a colleague's changed answer took it off the path: nothing is stored,
    and the respondent learns why and sees what they had entered."""
    lang = session.language
    return render_template(
        "respond/page_hidden.html",
        access=session.access,
        survey_title=session.questionnaire.title.get(lang),
        page_title=page.title.get(lang),
        unsaved=unsaved_answers(page, lang, request.form),
        next_url=_page_url(
            session.access.token, _within(session, session.journey.next_page(page.id))
        ),
    ), 409


@bp.route("/r/<token>", methods=["GET", "POST"])
@limited
def start(token: str) -> Any:
    session = _session(token)
    if session.submitted:
        if request.method == "POST":
            return _locked(session)
        return redirect(url_for("respond.thanks", token=token))
    consent_missing = False
    if request.method == "POST":
        if request.form.get("consent") == "ja":
            session.consent()
            return redirect(
                _page_url(token, _within(session, session.resume_target(), resume=True))
            )
        consent_missing = True
    return welcome(session, consent_missing=consent_missing)


def welcome(session: ResponseSession, **state: Any) -> str:
    """The welcome page with consent; `state` says what went wrong with a consent sent."""
    questionnaire = session.questionnaire
    token = session.access.token
    return render_template(
        "respond/welcome.html",
        access=session.access,
        response=session.response,
        started=session.started,
        resume_url=_page_url(token, _within(session, session.resume_target(), resume=True))
        if session.started
        else None,
        minutes=estimated_minutes(questionnaire),
        intro=markdown_in(questionnaire.intro, session.language),
        title=questionnaire.title.get(session.language),
        heading=in_language(questionnaire.title, session.language),
        **state,
    )


def draft_of(token: str) -> ResponseSession:
    """The link's started, not yet submitted response; else off to the start or thanks page."""
    session = _session(token)
    if not session.started:
        abort(redirect(url_for("respond.start", token=token)))
    if session.submitted:
        abort(redirect(url_for("respond.thanks", token=token)))
    return session


def _from_overview() -> bool:
    return request.values.get("von") == FROM_OVERVIEW


def render_page(session: ResponseSession, page: Page, saved: PageSave, **state: Any) -> str:
    """The page as loaded or sent; `state` says why a page sent is shown again unsaved."""
    return render_template(
        "respond/page.html",
        **page_context(session, page, saved),
        from_overview=_from_overview(),
        **state,
    )


@bp.route("/r/<token>/seite/<page_id>", methods=["GET", "POST"])
@limited
def page(token: str, page_id: str) -> Any:
    session = _session(token, page_id)
    if not session.started:
        return redirect(url_for("respond.start", token=token))
    try:
        page = session.questionnaire.page(page_id)
    except KeyError:
        return render_template("errors/404.html", code=404), 404
    if session.submitted:
        if request.method == "POST":
            return _locked(session, page)
        return redirect(url_for("respond.thanks", token=token))
    if not session.access.may_open(page_id):
        raise session.access.not_shared()
    if not session.journey.is_visible(page_id):
        if request.method == "POST":
            return hidden_page(session, page)
        return redirect(_page_url(token, _within(session, session.journey.next_page(page_id))))
    if request.method == "POST":
        return _save(session, page)
    # The revision was read with the link, before the visit commits: the commit expires the
    # response, and reading it again would cost a round trip.
    shown = PageSave(
        session.page_form(page),
        session.journey,
        session.revision(page_id),
        confirmed=session.reminded,
    )
    session.visit(page_id)
    return render_page(session, page, shown)


def _save(session: ResponseSession, page: Page) -> Any:
    action = request.form.get("action", "weiter")
    saved = session.save_page(
        page,
        request.form,
        action=action if action in ACTIONS else "weiter",
        loaded=posted_revision(),
        shown=set(request.form.get("shown", "").split()),
        confirmed=set(request.form.get("confirmed", "").split()),
        to_overview=_from_overview(),
    )
    if saved.locked:
        return _locked(session, page)
    if saved.show_again:
        return render_page(session, page, saved)
    if saved.kept:
        flash(_("Ihre Angaben auf dieser Seite wurden gespeichert."), "saved")
    query = _chosen_language()
    if saved.kept and _from_overview():
        query["von"] = FROM_OVERVIEW
    destination = _within(session, saved.destination, back=action == "zurueck")
    return redirect(_page_url(session.access.token, destination, **query))


#: A page's revision is a small counter; anything outside this range was not sent by the page.
MAX_REVISION = 2**31 - 1


def posted_revision() -> int:
    """The revision the page was loaded with; a tampered one (-1) matches no saved revision, so
    the save is treated like a colleague's conflict instead of reaching the database."""
    try:
        value = int(request.form.get("revision") or 0)
    except ValueError:
        return 0
    return value if 0 <= value <= MAX_REVISION else -1


@bp.route("/r/<token>/abschnitte")
@limited
def hub(token: str) -> Any:
    """The section overview: every section's status, when and by whom it was saved last."""
    session = draft_of(token)
    return render_template(
        "respond/hub.html",
        access=session.access,
        entries=hub_entries(session, session.progress()),
        survey_title=session.questionnaire.title.get(session.language),
        survey_heading=in_language(session.questionnaire.title, session.language),
    )


@bp.route("/r/<token>/ueberblick")
@limited
def overview(token: str) -> Any:
    session = draft_of(token)
    if not session.access.may_submit:
        return redirect(url_for("respond.hub", token=token))
    sections = sections_in_words(session, session.visit_overview())
    saved = {entry.letter: entry for entry in hub_entries(session, session.progress())}
    return render_template(
        "respond/overview.html",
        access=session.access,
        sections=sections,
        saved=saved,
        incomplete=[s for s in sections if not s["complete"]],
        unseen=[s for s in sections if s["unseen"]],
        survey_title=session.questionnaire.title.get(session.language),
        not_answered=not_answered(),
    )


@bp.route("/r/<token>/absenden", methods=["POST"])
@limited
def send(token: str) -> Any:
    if not draft_of(token).submit():
        return redirect(url_for("respond.overview", token=token))
    return redirect(url_for("respond.thanks", token=token))


@bp.route("/r/<token>/danke")
@limited
def thanks(token: str) -> Any:
    session = _session(token)
    if not session.started or not session.submitted or session.response is None:
        return redirect(url_for("respond.start", token=token))
    response = session.response
    return render_template(
        "respond/thanks.html",
        access=session.access,
        response=response,
        sections=sections_in_words(session, session.sections()),
        survey_title=session.questionnaire.title.get(session.language),
        outro=markdown_in(session.questionnaire.outro, session.language),
        submitted_at=local_time(response.submitted_at, session.language),
        not_answered=not_answered(),
        may_confirm=session.access.may_submit
        and any(contact.status == "active" for contact in session.access.invitation.contacts),
    )

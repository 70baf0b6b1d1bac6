"""Hand-off to colleagues: the lead contact makes, lists and revokes section links.

Only the unit's own link reaches these pages; a section link gets the 403 that names its
sections. Rate-limited like every page of a link (failed look-ups count).
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from surveyapp.field import section_links
from surveyapp.field.section_links import LinkRefused, Refusal
from surveyapp.respond.blueprint import bp
from surveyapp.respond.routes import draft_of, limited
from surveyapp.respond.views import in_language
from surveyapp.responses.session import ResponseSession


def refusal_text(refusal: Refusal) -> str:
    return {
        Refusal.NO_NAME: _("Bitte geben Sie einen Namen für den Link an, z. B. „Jugendamt“."),
        Refusal.NAME_TOO_LONG: _("Der Name darf höchstens %(n)s Zeichen lang sein.", n=100),
        Refusal.NO_SECTION: _("Bitte wählen Sie mindestens einen Abschnitt."),
        Refusal.UNKNOWN_SECTION: _("Ein gewählter Abschnitt gehört nicht zu diesem Fragebogen."),
        Refusal.TOO_MANY: _(
            "Ihre Kommune hat schon %(n)s Links; bitte sperren Sie zuerst einen, den niemand "
            "mehr braucht.",
            n=section_links.MAX_LINKS,
        ),
    }[refusal]


def _lead(token: str) -> ResponseSession:
    session = draft_of(token)
    if session.access.section_link is not None:
        raise session.access.not_shared()
    return session


def _page(session: ResponseSession, refusals: list[Refusal] | None = None) -> str:
    lang = session.language
    titles = {page.id: in_language(page.title, lang) for page in session.questionnaire.pages}
    links = [
        {
            "link": link,
            "url": section_links.url_of(link),
            "sections": [f"{page_id.upper()}: {titles[page_id]}" for page_id in link.page_ids],
        }
        for link in section_links.active_links(session.access.invitation)
    ]
    return render_template(
        "respond/handoff.html",
        access=session.access,
        sections=[(page.id, titles[page.id]) for page in session.journey.pages],
        links=links,
        errors=[refusal_text(refusal) for refusal in refusals or []],
        refusals=refusals or [],
        name=request.form.get("name", ""),
        chosen=set(request.form.getlist("abschnitt")),
        survey_title=session.questionnaire.title.get(lang),
        survey_heading=in_language(session.questionnaire.title, lang),
    )


@bp.route("/r/<token>/weitergeben", methods=["GET", "POST"])
@limited
def handoff(token: str) -> Any:
    session = _lead(token)
    if request.method == "GET":
        return _page(session)
    invitation = session.access.invitation
    if request.form.get("action") == "sperren":
        link_id = request.form.get("link", "")
        if link_id.isdigit() and section_links.revoke(invitation, int(link_id)):
            flash(_("Der Link wurde gesperrt. Was darüber gespeichert wurde, bleibt erhalten."))
        return redirect(url_for("respond.handoff", token=token))
    pages = [page.id for page in session.questionnaire.pages]
    try:
        link = section_links.create(
            invitation, request.form.get("name", ""), request.form.getlist("abschnitt"), pages
        )
    except LinkRefused as refused:
        return _page(session, refused.refusals), 422
    flash(_("Der Link „%(name)s“ wurde erstellt.", name=link.name))
    return redirect(url_for("respond.handoff", token=token))

"""Monitoring: the dashboard of a survey and the page of one unit in it."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import invitation_or_404, survey_or_404
from surveyapp.admin.forms import ActionForm, ContactForm
from surveyapp.field import mail, mail_queue, monitoring
from surveyapp.field.contacts import CONTACT_STATES
from surveyapp.field.invitations import link_of
from surveyapp.responses.lifecycle import response_of

SORT_LABELS = {
    "ags": "Schlüssel",
    "name": "Kommune",
    "land": "Land",
    "type": "Typ",
    "status": "Status",
    "contacts": "Kontakte",
    "activity": "Letzte Aktivität",
}


@bp.route("/befragungen/<slug>/monitoring")
def dashboard(slug: str) -> str:
    survey = survey_or_404(slug)
    summary = monitoring.overview(survey)
    table = monitoring.units(survey, monitoring.UnitFilter.from_args(request.args))
    peak = max((day.started for day in summary.timeline), default=0)
    return render_template(
        "admin/dashboard.html",
        survey=survey,
        summary=summary,
        table=table,
        statuses=monitoring.STATUSES,
        sort_labels=SORT_LABELS,
        peak=max(peak, 1),
    )


@bp.route("/befragungen/<slug>/kommunen/<ags>")
def unit_detail(slug: str, ags: str) -> str:
    survey = survey_or_404(slug)
    invitation = invitation_or_404(survey, ags)
    return render_template(
        "admin/unit.html",
        survey=survey,
        invitation=invitation,
        unit=invitation.member or invitation.unit,
        response=response_of(invitation),
        link=link_of(invitation) if current_user.is_admin and not invitation.revoked_at else None,
        action_form=ActionForm(),
        contact_form=ContactForm(),
        messages=mail_queue.messages_of(invitation) if current_user.is_admin else [],
        mail_states=mail_queue.STATES,
        contact_states=CONTACT_STATES,
        languages=mail.LANGUAGES,
    )

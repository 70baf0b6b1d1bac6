"""Response management: view a unit's answers, reopen or delete a response; the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveyapp import audit
from surveyapp.admin import answer_view, bp
from surveyapp.admin.common import invitation_or_404, survey_or_404
from surveyapp.admin.forms import AuditFilterForm, ReasonForm
from surveyapp.auth import admin_required
from surveyapp.extensions import db
from surveyapp.models import Invitation, Response, Survey
from surveyapp.responses.store import load_answers
from surveyapp.surveys import questionnaire_of


def _response_or_404(survey: Survey, invitation: Invitation) -> Response:
    response = db.session.scalar(
        db.select(Response).filter_by(survey_id=survey.id, unit_id=invitation.unit_id)
    )
    if response is None:
        abort(404)
    return response


@bp.route("/befragungen/<slug>/kommunen/<ags>/antworten")
def response_view(slug: str, ags: str) -> str:
    survey = survey_or_404(slug)
    invitation = invitation_or_404(survey, ags)
    response = _response_or_404(survey, invitation)
    audit.record("response_viewed", f"{survey.slug}/{ags}")
    return render_template(
        "admin/response.html",
        survey=survey,
        unit=invitation.unit,
        response=response,
        pages=answer_view.pages(questionnaire_of(survey), load_answers(response)),
    )


@bp.route("/befragungen/<slug>/kommunen/<ags>/antworten/<action>", methods=["GET", "POST"])
@admin_required
def response_action(slug: str, ags: str, action: str) -> str | HttpResponse:
    """Reopen a submitted response, or delete one on the unit's request: both need a reason."""
    if action not in ("wieder-oeffnen", "loeschen"):
        abort(404)
    survey = survey_or_404(slug)
    invitation = invitation_or_404(survey, ags)
    response = _response_or_404(survey, invitation)
    if action == "wieder-oeffnen" and response.status != "submitted":
        flash("Die Antwort ist nicht abgeschickt und muss nicht wieder geöffnet werden.", "info")
        return redirect(url_for("admin.unit_detail", slug=slug, ags=ags))
    form = ReasonForm()
    if form.validate_on_submit():
        target = f"{survey.slug}/{ags}"
        if action == "wieder-oeffnen":
            response.status, response.submitted_at = "draft", None
            audit.record("response_reopened", target, reason=form.reason.data)
            flash(
                "Die Antwort ist wieder geöffnet und kann über den Link ergänzt werden.", "success"
            )
        else:
            db.session.delete(response)
            audit.record("response_deleted", target, reason=form.reason.data)
            flash("Die Antwort ist gelöscht.", "success")
        return redirect(url_for("admin.unit_detail", slug=slug, ags=ags))
    return render_template(
        "admin/response_action.html",
        survey=survey,
        unit=invitation.unit,
        response=response,
        action=action,
        form=form,
    )


@bp.route("/protokoll")
@admin_required
def audit_log() -> str:
    try:
        page = max(1, int(request.args.get("seite", 1)))
    except ValueError:
        page = 1
    form = AuditFilterForm(formdata=request.args, actions=audit.ACTIONS)
    valid = form.validate() if request.args else True
    search = audit.Search()
    if valid:
        search = audit.Search(
            action=form.aktion.data or None,
            since=form.von.data,
            until=form.bis.data,
            who=form.wer.data or None,
            target=form.objekt.data or None,
        )
    query = {key: value for key, value in request.args.items() if key != "seite" and value}
    return render_template(
        "admin/audit.html",
        events=audit.recent(page=page, search=search) if valid else [],
        page=page,
        actions=audit.ACTIONS,
        form=form,
        query=query,
        valid=valid,
    )

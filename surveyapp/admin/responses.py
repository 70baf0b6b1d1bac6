"""Response management: view a unit's answers, reopen or delete a response; the audit log."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, stream_with_context, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.accounts import audit
from surveyapp.accounts.auth import admin_required
from surveyapp.admin import answer_view
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import invitation_or_404, survey_or_404
from surveyapp.admin.forms import AuditFilterForm, ReasonForm
from surveyapp.models import Invitation, Response
from surveyapp.responses import history, lifecycle
from surveyapp.surveys.lifecycle import questionnaire_of


def _response_or_404(invitation: Invitation) -> Response:
    response = lifecycle.response_of(invitation)
    if response is None:
        abort(404)
    return response


@bp.route("/befragungen/<slug>/kommunen/<ags>/antworten")
def response_view(slug: str, ags: str) -> str:
    survey = survey_or_404(slug)
    invitation = invitation_or_404(survey, ags)
    response = _response_or_404(invitation)
    questionnaire = questionnaire_of(survey)
    changes, changes_total = history.changes_of(
        response, questionnaire, history.codebook_of(survey)
    )
    return render_template(
        "admin/response.html",
        survey=survey,
        unit=invitation.unit,
        response=response,
        pages=answer_view.pages(questionnaire, lifecycle.review(response)),
        changes=changes,
        changes_total=changes_total,
    )


@bp.route("/befragungen/<slug>/aenderungsverlauf.csv")
@admin_required
def answer_history_csv(slug: str) -> HttpResponse:
    """The audit export: every change of every answer of the survey, with who made it. The
    one way the history leaves the system, logged like every other export."""
    survey = survey_or_404(slug)
    return HttpResponse(
        stream_with_context(history.export_csv(survey)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="aenderungsverlauf-{survey.slug}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/befragungen/<slug>/kommunen/<ags>/antworten/<action>", methods=["GET", "POST"])
@admin_required
def response_action(slug: str, ags: str, action: str) -> str | HttpResponse:
    """Reopen a submitted response, or delete one on the unit's request: both need a reason."""
    if action not in ("wieder-oeffnen", "loeschen"):
        abort(404)
    survey = survey_or_404(slug)
    invitation = invitation_or_404(survey, ags)
    response = _response_or_404(invitation)
    if action == "wieder-oeffnen" and not lifecycle.can_reopen(response):
        flash(str(lifecycle.NotSubmitted()), "info")
        return redirect(url_for("admin.unit_detail", slug=slug, ags=ags))
    form = ReasonForm()
    if form.validate_on_submit():
        if action == "wieder-oeffnen":
            lifecycle.reopen(response, form.reason.data)
            flash(
                "Die Antwort ist wieder geöffnet und kann über den Link ergänzt werden.", "success"
            )
        else:
            lifecycle.delete(response, form.reason.data)
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

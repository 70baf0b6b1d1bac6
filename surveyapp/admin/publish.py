"""The findings brief in the researcher area: build it, preview it, publish it, take it down.

Researchers may build and preview a draft (that is evaluating, not publishing); only admins
publish or withdraw, because that is what the public sees. The publish button names the draft
version it was shown beside, so an admin never publishes a draft someone rebuilt meanwhile
without having seen it. Every step is an audit event.
"""

from __future__ import annotations

import io
import logging

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from markupsafe import escape
from werkzeug.wrappers import Response

from evaluation import EvaluationError
from surveyapp.accounts.auth import admin_required
from surveyapp.admin.blueprint import bp
from surveyapp.admin.common import survey_or_404
from surveyapp.admin.forms import ActionForm
from surveyapp.jobs import submit
from surveyapp.models import Publication, Survey
from surveyapp.publishing import briefs
from surveyapp.publishing.publications import BRIEF_CSP, NoResponses, with_links

log = logging.getLogger(__name__)


class BriefForm(FlaskForm):
    config = FileField(
        "brief.yaml (optional)",
        validators=[FileAllowed(["yaml", "yml"], "Bitte eine YAML-Datei (.yaml, .yml) wählen.")],
    )


class PublishForm(FlaskForm):
    """Only the CSRF token; the draft version travels as a plain hidden field."""


def _page(survey: Survey, form: BriefForm | None = None, problems: list[str] | None = None) -> str:
    return render_template(
        "admin/brief.html",
        survey=survey,
        draft=briefs.draft_of(survey),
        public=briefs.public_of(survey),
        form=form or BriefForm(),
        action_form=ActionForm(),
        publish_form=PublishForm(),
        problems=problems or [],
    )


@bp.route("/befragungen/<slug>/bericht")
def brief(slug: str) -> str:
    return _page(survey_or_404(slug))


@bp.route("/befragungen/<slug>/bericht/erstellen", methods=["POST"])
def brief_build(slug: str) -> str | Response:
    survey = survey_or_404(slug)
    form = BriefForm()
    if not form.validate_on_submit():
        return _page(survey, form)
    upload = form.config.data
    try:
        text, name = briefs.chosen_config(
            upload if upload else None,
            upload.filename if upload else None,
            bool(request.form.get("standard")),
            briefs.draft_of(survey),
        )
        briefs.check_buildable(survey, text, name)
    except NoResponses as error:
        flash(str(error), "info")
        return redirect(url_for("admin.brief", slug=slug))
    except EvaluationError as error:
        # A brief.yaml that does not fit: German messages from evaluation, nothing stored.
        log.info("Brief of %s not built: %s", slug, error)
        return _page(survey, form, [str(error)])
    job = submit.start(
        "brief_draft",
        survey,
        current_user.user_id,
        {"config": text, "config_name": name, "by": current_user.email},
    )
    return redirect(url_for("admin.job", job_id=job.id))


def _draft_or_redirect(survey: Survey) -> Publication | Response:
    draft = briefs.draft_of(survey)
    if draft is None:
        flash("Es gibt noch keinen Entwurf. Bitte erstellen Sie zuerst den Bericht.", "info")
        return redirect(url_for("admin.brief", slug=survey.slug))
    return draft


@bp.route("/befragungen/<slug>/bericht/vorschau")
def brief_preview(slug: str) -> Response:
    """The draft's HTML twin as its own document, exactly as the public page will show it,
    with a banner saying it is a preview (and the brief's own CSP, see `BRIEF_CSP`)."""
    survey = survey_or_404(slug)
    draft = _draft_or_redirect(survey)
    if isinstance(draft, Response):
        return draft
    html = briefs.preview(draft, survey)
    banner = (
        f'<p class="meta"><strong>Vorschau: Entwurf, Fassung {draft.version}, '
        "nicht veröffentlicht.</strong> "
        f'<a href="{escape(url_for("admin.brief", slug=slug))}">'
        "Zurück zum Forschungsbereich</a></p>"
    )
    response = Response(with_links(html, banner), mimetype="text/html")
    response.headers["Content-Security-Policy"] = BRIEF_CSP
    return response


@bp.route("/befragungen/<slug>/bericht/entwurf.pdf")
def brief_draft_pdf(slug: str) -> Response:
    survey = survey_or_404(slug)
    draft = _draft_or_redirect(survey)
    if isinstance(draft, Response):
        return draft
    pdf = briefs.draft_pdf(draft, survey)
    response = send_file(
        io.BytesIO(pdf.content), mimetype=pdf.mimetype, as_attachment=True, download_name=pdf.name
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/befragungen/<slug>/bericht/veroeffentlichen", methods=["POST"])
@admin_required
def brief_publish(slug: str) -> Response:
    survey = survey_or_404(slug)
    if not PublishForm().validate_on_submit():
        flash("Das Formular war abgelaufen. Bitte versuchen Sie es noch einmal.", "error")
        return redirect(url_for("admin.brief", slug=slug))
    draft = _draft_or_redirect(survey)
    if isinstance(draft, Response):
        return draft
    try:
        public = briefs.publish_draft(
            survey, draft, request.form.get("version"), current_user.email
        )
    except briefs.DraftChanged as error:
        flash(str(error), "error")
        return redirect(url_for("admin.brief", slug=slug))
    flash(f"Fassung {public.version} ist veröffentlicht.", "success")
    return redirect(url_for("admin.brief", slug=slug))


@bp.route("/befragungen/<slug>/bericht/zuruecknehmen", methods=["POST"])
@admin_required
def brief_unpublish(slug: str) -> Response:
    survey = survey_or_404(slug)
    if not ActionForm().validate_on_submit():
        flash("Das Formular war abgelaufen. Bitte versuchen Sie es noch einmal.", "error")
        return redirect(url_for("admin.brief", slug=slug))
    if briefs.take_down(survey) is None:
        flash("Es ist nichts veröffentlicht.", "info")
    else:
        flash("Die Ergebnisseite ist offline; der Entwurf bleibt erhalten.", "success")
    return redirect(url_for("admin.brief", slug=slug))

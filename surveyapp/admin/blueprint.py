"""The researchers' blueprint itself, which its views register on: its login check and its
error pages."""

from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user

from surveyapp.accounts import auth
from surveyapp.publishing import briefs
from surveyapp.surveys.lifecycle import STATUS_LABELS

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
bp.before_request(auth.require_login)


@bp.context_processor
def _researcher_names() -> dict[str, Any]:
    """What every researcher page may show: who is logged in, the German names of survey
    states, and whether a survey's results are public (the survey page shows it without its
    view knowing)."""
    return {
        "current_user": current_user,
        "admin_status_labels": STATUS_LABELS,
        "brief_publication": briefs.public_of,
    }


@bp.errorhandler(403)
def _forbidden(_error: Exception) -> tuple[str, int]:
    return render_template("admin/error.html", status=403), 403


@bp.errorhandler(404)
def _not_found(_error: Exception) -> tuple[str, int]:
    return render_template("admin/error.html", status=404), 404


@bp.errorhandler(429)
def _too_many(_error: Exception) -> tuple[str, int]:
    return render_template("admin/error.html", status=429), 429

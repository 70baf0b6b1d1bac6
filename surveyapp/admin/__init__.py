"""The researchers' side: surveys, frame, invitations, monitoring, response management.

Every page needs a login (checked once for the whole blueprint); pages that change anything
are for admins only (`auth.admin_required`). Respondent links give no access here: a respondent
has no account, so the login check turns them away like any stranger.
"""

from flask import Blueprint, render_template

from surveyapp.accounts import auth

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
bp.before_request(auth.require_login)


@bp.errorhandler(403)
def _forbidden(_error: Exception) -> tuple[str, int]:
    return render_template("admin/error.html", status=403), 403


@bp.errorhandler(404)
def _not_found(_error: Exception) -> tuple[str, int]:
    return render_template("admin/error.html", status=404), 404


@bp.errorhandler(429)
def _too_many(_error: Exception) -> tuple[str, int]:
    return render_template("admin/error.html", status=429), 429


from surveyapp.admin import (  # noqa: E402, F401  (the views register themselves on bp)
    access,
    accounts,
    dashboard,
    downloads,
    field,
    publish,
    responses,
    surveys,
)

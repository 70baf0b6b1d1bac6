"""The results blueprint itself and its page for a survey with nothing published."""

from flask import Blueprint, render_template

bp = Blueprint("results", __name__, url_prefix="/ergebnisse", template_folder="templates")


@bp.errorhandler(404)
def _not_published(_error: Exception) -> tuple[str, int]:
    return render_template("results/not_published.html", code=404), 404

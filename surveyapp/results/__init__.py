"""The public results page of a survey: the published findings brief, no login.

`/ergebnisse/<slug>` shows the brief's accessible HTML twin and offers its PDF; a survey that
has nothing published (or does not exist: the two look alike) gets a friendly 404 page.
The researcher area builds, previews and publishes the brief (`surveyapp.admin.publish`, with
the services of `surveyapp.publishing`).
"""

from flask import Blueprint, render_template

bp = Blueprint("results", __name__, url_prefix="/ergebnisse", template_folder="templates")


@bp.errorhandler(404)
def _not_published(_error: Exception) -> tuple[str, int]:
    return render_template("results/not_published.html", code=404), 404


from surveyapp.results import views  # noqa: E402, F401  (the views register themselves on bp)

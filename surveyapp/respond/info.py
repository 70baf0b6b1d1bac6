"""Pages every respondent can reach from the footer: accessibility statement, legal notice;
opened from a survey's pages, with that survey's own details (`surveys.legal`)."""

from __future__ import annotations

from flask import render_template, request

from surveyapp.models import Survey
from surveyapp.respond.blueprint import bp
from surveyapp.surveys.legal import published_survey


def _legal_survey() -> Survey | None:
    """`?befragung=<slug>`: the pages opened from a survey show that survey's own texts."""
    return published_survey(request.args.get("befragung"))


@bp.route("/barrierefreiheit")
def accessibility() -> str:
    return render_template("info/accessibility.html", legal_survey=_legal_survey())


@bp.route("/impressum-datenschutz")
def imprint() -> str:
    return render_template("info/imprint.html", legal_survey=_legal_survey())

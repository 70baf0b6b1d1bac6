"""Pages every respondent can reach from the footer: accessibility statement, legal notice."""

from __future__ import annotations

from flask import render_template

from surveyapp.respond.blueprint import bp


@bp.route("/barrierefreiheit")
def accessibility() -> str:
    return render_template("info/accessibility.html")


@bp.route("/impressum-datenschutz")
def imprint() -> str:
    return render_template("info/imprint.html")

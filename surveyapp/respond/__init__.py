"""The respondent's side: a Kommune's contact answers the questionnaire through a personal link."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from surveyapp.respond import info, routes  # noqa: E402, F401

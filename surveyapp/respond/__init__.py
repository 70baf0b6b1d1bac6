"""The respondent's side: a Kommune's contact answers the questionnaire through a personal link."""

from flask import Blueprint

bp = Blueprint("respond", __name__)

from surveyapp.respond import errors, info, routes, templating  # noqa: E402, F401

# The error pages serve the whole application, not just this blueprint.
bp.record_once(lambda state: errors.init_app(state.app))

"""The respondent's side: a Kommune's contact answers the questionnaire through a personal link."""

from surveyapp.respond import access, handoff, info, optout, preview, routes, unsaved  # noqa: F401  (the views register themselves on bp)
from surveyapp.respond.blueprint import bp

__all__ = ["bp"]

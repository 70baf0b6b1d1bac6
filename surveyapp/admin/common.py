"""Small helpers shared by the researcher views: finding what a URL names, reading typed keys."""

from __future__ import annotations

import re

from flask import abort

from surveyapp.field.invitations import invitation_of
from surveyapp.models import Invitation, Survey
from surveyapp.surveys.lifecycle import survey_by_slug


def survey_or_404(slug: str) -> Survey:
    survey = survey_by_slug(slug)
    if survey is None:
        abort(404)
    return survey


def invitation_or_404(survey: Survey, ags: str) -> Invitation:
    invitation = invitation_of(survey, ags)
    if invitation is None:
        abort(404)
    return invitation


def parse_keys(text: str | None) -> list[str]:
    """AGS keys typed or pasted by a researcher: any mix of commas, semicolons and whitespace."""
    return [key for key in re.split(r"[\s,;]+", text or "") if key]

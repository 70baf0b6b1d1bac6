"""From a token in the URL to the invitation, survey and questionnaire it opens, or the right
error: unknown → 404, revoked → 410, closed or not yet open → 403 with the survey's contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort

from surveyapp.field.invitations import find_by_token
from surveyapp.models import Invitation, Survey
from surveyapp.questionnaire.model import Questionnaire
from surveyapp.respond.errors import SurveyClosed
from surveyapp.surveys.lifecycle import is_open, questionnaire_of


@dataclass(frozen=True)
class Access:
    token: str
    invitation: Invitation
    survey: Survey
    questionnaire: Questionnaire


def resolve(token: str) -> Access:
    invitation = find_by_token(token)
    if invitation is None:
        abort(404)
    if invitation.revoked_at is not None:
        abort(410)
    survey = invitation.survey
    if not is_open(survey):
        not_yet = survey.opens_on is not None and date.today() < survey.opens_on
        raise SurveyClosed(survey, not_yet_open=not_yet)
    return Access(token, invitation, survey, questionnaire_of(survey))

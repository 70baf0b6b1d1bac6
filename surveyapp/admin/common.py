"""Small helpers shared by the researcher views."""

from __future__ import annotations

import re

from flask import abort

from evaluation import german
from surveyapp.extensions import db
from surveyapp.models import Invitation, Survey, Unit

STATUS_LABELS = {"draft": "Entwurf", "open": "offen", "closed": "geschlossen"}


def survey_or_404(slug: str) -> Survey:
    survey = db.session.scalar(db.select(Survey).filter_by(slug=slug))
    if survey is None:
        abort(404)
    return survey


def invitation_or_404(survey: Survey, ags: str) -> Invitation:
    invitation = db.session.scalar(
        db.select(Invitation)
        .join(Unit, Unit.id == Invitation.unit_id)
        .where(Invitation.survey_id == survey.id, Unit.ags == ags)
    )
    if invitation is None:
        abort(404)
    return invitation


def parse_keys(text: str | None) -> list[str]:
    """AGS keys typed or pasted by a researcher: any mix of commas, semicolons and whitespace."""
    return [key for key in re.split(r"[\s,;]+", text or "") if key]


def german_date(value: object) -> str:
    """TT.MM.JJJJ (and the time for datetimes), as German readers expect."""
    if value is None:
        return "–"
    if hasattr(value, "hour"):
        return value.strftime("%d.%m.%Y, %H:%M Uhr")  # type: ignore[union-attr]
    return value.strftime("%d.%m.%Y")  # type: ignore[attr-defined]


def german_number(value: float, decimals: int = 0) -> str:
    """11.000, 2014 and 12,5: the same German number style as every published table."""
    return german.number(value, decimals)


def percent(part: int, whole: int) -> str:
    """'12,5 %' with the space German typography wants; a dash for an empty base."""
    if not whole:
        return "–"
    return f"{german_number(100 * part / whole, 1)}\u00a0%"

"""A survey's own legal texts: what its privacy information says, its Impressum, and its
accessibility statement's date and feedback contact.

Each survey has its own provider, purpose and promises (one gives every Kommune a feedback
report, another does not), so none of this may be the same text for every survey. Empty
fields fall back to neutral wording that promises nothing the survey has not said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.transaction import unit_of_work


@dataclass(frozen=True)
class LegalTexts:
    privacy_purpose: str | None
    imprint_address: str | None
    imprint_representative: str | None
    accessibility_reviewed_on: date | None
    accessibility_contact: str | None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def change_legal_texts(survey: Survey, texts: LegalTexts) -> None:
    """Stores the survey's legal texts as edited by a researcher, logged."""
    with unit_of_work():
        survey.privacy_purpose = _clean(texts.privacy_purpose)
        survey.imprint_address = _clean(texts.imprint_address)
        survey.imprint_representative = _clean(texts.imprint_representative)
        survey.accessibility_reviewed_on = texts.accessibility_reviewed_on
        survey.accessibility_contact = _clean(texts.accessibility_contact)
        audit.record("survey_legal_texts_updated", survey.slug)


def published_survey(slug: str | None) -> Survey | None:
    """The survey a respondent's legal page is about (`?befragung=<slug>`), unless a draft:
    a draft's texts are not public yet."""
    if not slug or len(slug) > 60:
        return None
    survey = db.session.scalar(db.select(Survey).filter_by(slug=slug))
    return survey if survey is not None and survey.status != "draft" else None

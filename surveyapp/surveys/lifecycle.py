"""A survey's life cycle: a wave that pins one questionnaire snapshot and its codebook, opened,
closed, its field period changed."""

from __future__ import annotations

import re
import tempfile
from datetime import date
from pathlib import Path

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.questionnaire import (
    Questionnaire,
    build_codebook,
    load_questionnaire,
    questionnaire_from_snapshot,
)
from surveyapp.transaction import unit_of_work

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")
STATUS_LABELS = {"draft": "Entwurf", "open": "offen", "closed": "geschlossen"}


class SurveyError(ValueError):
    """A request about surveys that cannot be carried out; the message is for the user."""


def create_survey(
    source: Path | str | bytes,
    slug: str,
    opens_on: date | None = None,
    closes_on: date | None = None,
) -> Survey:
    """From the command line and the demo: not logged."""
    with unit_of_work():
        return _new_survey(source, slug, opens_on, closes_on)


def create_from_upload(
    filename: str,
    content: bytes,
    slug: str,
    opens_on: date | None = None,
    closes_on: date | None = None,
    contact_name: str | None = None,
    contact_email: str | None = None,
) -> Survey:
    """A researcher's upload, logged; the loader tells YAML from XLSForm by the suffix."""
    suffix = Path(filename).suffix.lower() or ".yaml"
    with tempfile.TemporaryDirectory() as folder, unit_of_work():
        path = Path(folder) / f"fragebogen{suffix}"
        path.write_bytes(content)
        survey = _new_survey(path, slug, opens_on, closes_on)
        survey.contact_name = contact_name or None
        survey.contact_email = contact_email or None
        audit.record("survey_created", survey.slug, title=survey.title)
    return survey


def _new_survey(
    source: Path | str | bytes, slug: str, opens_on: date | None, closes_on: date | None
) -> Survey:
    if not SLUG_PATTERN.match(slug):
        raise SurveyError(
            f"Kurzname „{slug}“: nur Kleinbuchstaben, Ziffern und Bindestriche, 2 bis 60 Zeichen."
        )
    if db.session.scalar(db.select(Survey).filter_by(slug=slug)) is not None:
        raise SurveyError(f"Eine Befragung mit dem Kurznamen „{slug}“ gibt es schon.")
    if opens_on and closes_on and closes_on < opens_on:
        raise SurveyError("Das Ende der Feldphase liegt vor ihrem Beginn.")
    questionnaire = load_questionnaire(source)
    survey = Survey(
        slug=slug,
        title=questionnaire.title.get(),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire=dict(questionnaire.source),
        codebook=build_codebook(questionnaire),
        status="open" if opens_on is None or opens_on <= date.today() else "draft",
        opens_on=opens_on,
        closes_on=closes_on,
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def all_surveys() -> list[Survey]:
    return list(db.session.scalars(db.select(Survey).order_by(Survey.created_at.desc())))


def survey_by_slug(slug: str) -> Survey | None:
    return db.session.scalar(db.select(Survey).filter_by(slug=slug))


def set_status(survey: Survey, status: str) -> None:
    with unit_of_work():
        survey.status = status
        audit.record("survey_opened" if status == "open" else "survey_closed", survey.slug)


def change_settings(
    survey: Survey,
    opens_on: date | None,
    closes_on: date | None,
    contact_name: str | None,
    contact_email: str | None,
) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise SurveyError("Das Ende der Feldphase liegt vor ihrem Beginn.")
    with unit_of_work():
        survey.opens_on, survey.closes_on = opens_on, closes_on
        survey.contact_name = contact_name or None
        survey.contact_email = contact_email or None
        audit.record("survey_updated", survey.slug)


_cache: dict[tuple[object, ...], Questionnaire] = {}
_CACHE_SIZE = 32


def questionnaire_of(survey: Survey) -> Questionnaire:
    """The pinned questionnaire, parsed once per process: a snapshot never changes.

    The key names the survey row beyond its id (ids repeat across databases, e.g. after a
    restore or between test runs), so one process never serves another survey's questionnaire.
    """
    key = (survey.id, survey.created_at, survey.questionnaire_id, survey.questionnaire_version)
    if key not in _cache:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = questionnaire_from_snapshot(survey.questionnaire)
    return _cache[key]


def is_open(survey: Survey, today: date | None = None) -> bool:
    today = today or date.today()
    if survey.status != "open":
        return False
    if survey.opens_on and today < survey.opens_on:
        return False
    return not (survey.closes_on and today > survey.closes_on)

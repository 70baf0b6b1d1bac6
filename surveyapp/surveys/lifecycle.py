"""A survey's life cycle: a wave that pins one questionnaire snapshot and its codebook, and
one state machine for its field phase.

    draft ──open──> scheduled ──start day (clock)──> open ──end day passed (clock)──> closed
      └────────open (start day reached)─────────────────┘ <──────────reopen──────────┘

"Befragung öffnen" before the start day schedules the survey; the clock (`advance`, every
minute in a job worker) opens it on its start day and closes it after its last day, both
reckoned in Berlin's calendar (`surveyapp.clock`). Respondents can answer only while it is
open; nothing is sent for a draft or a closed survey.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult

from surveyapp import clock
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
DRAFT, SCHEDULED, OPEN, CLOSED = "draft", "scheduled", "open", "closed"
STATUS_LABELS = {DRAFT: "Entwurf", SCHEDULED: "geplant", OPEN: "offen", CLOSED: "geschlossen"}


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
    check_new(slug, opens_on, closes_on)
    questionnaire = load_questionnaire(source)
    survey = Survey(
        slug=slug,
        title=questionnaire.title.get(),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire=dict(questionnaire.source),
        codebook=build_codebook(questionnaire),
        status=first_status(opens_on),
        opens_on=opens_on,
        closes_on=closes_on,
    )
    db.session.add(survey)
    db.session.flush()
    return survey


def check_new(slug: str, opens_on: date | None, closes_on: date | None) -> None:
    """What every new survey must meet (a first one or a next wave): a free, well-formed short
    name and a field period that ends after it begins."""
    if not SLUG_PATTERN.match(slug):
        raise SurveyError(
            f"Kurzname „{slug}“: nur Kleinbuchstaben, Ziffern und Bindestriche, 2 bis 60 Zeichen."
        )
    if db.session.scalar(db.select(Survey).filter_by(slug=slug)) is not None:
        raise SurveyError(f"Eine Befragung mit dem Kurznamen „{slug}“ gibt es schon.")
    if opens_on and closes_on and closes_on < opens_on:
        raise SurveyError("Das Ende der Feldphase liegt vor ihrem Beginn.")


def first_status(opens_on: date | None) -> str:
    """A start day still to come schedules a new survey: the clock opens it on that day."""
    return OPEN if opens_on is None or opens_on <= clock.today() else SCHEDULED


def all_surveys() -> list[Survey]:
    return list(db.session.scalars(db.select(Survey).order_by(Survey.created_at.desc())))


def survey_by_slug(slug: str) -> Survey | None:
    return db.session.scalar(db.select(Survey).filter_by(slug=slug))


def open_survey(survey: Survey, today: date | None = None) -> None:
    """Open now, or schedule for the start day; refused once the field period is over."""
    today = today or clock.today()
    if survey.closes_on and survey.closes_on < today:
        raise SurveyError(
            "Die Feldphase ist schon vorbei. Bitte verlängern Sie erst das Ende der Feldphase."
        )
    status = SCHEDULED if survey.opens_on and survey.opens_on > today else OPEN
    with unit_of_work():
        survey.status = status
        audit.record("survey_opened" if status == OPEN else "survey_scheduled", survey.slug)


def close_survey(survey: Survey) -> None:
    with unit_of_work():
        survey.status = CLOSED
        audit.record("survey_closed", survey.slug)


def set_status(survey: Survey, status: str) -> None:
    """The researcher's buttons: "öffnen" (which schedules before the start day), "schließen"."""
    if status == OPEN:
        open_survey(survey)
    else:
        close_survey(survey)


def advance(now: datetime | None = None) -> list[str]:
    """The clock's part: scheduled surveys whose start day has come open, open surveys whose
    last day has passed close. Returns the slugs it changed. Safe to run twice at once: each
    change is a conditional UPDATE, logged only by the run that made it."""
    today = clock.today(now)
    changed = []
    with unit_of_work():
        for survey in db.session.scalars(
            db.select(Survey).where(Survey.status.in_((SCHEDULED, OPEN)))
        ):
            if survey.status == SCHEDULED and survey.opens_on and survey.opens_on <= today:
                target, action = OPEN, "survey_opened"
            elif survey.closes_on and survey.closes_on < today:
                target, action = CLOSED, "survey_closed"
            else:
                continue
            won = db.session.execute(
                db.update(Survey)
                .where(Survey.id == survey.id, Survey.status == survey.status)
                .values(status=target)
                .execution_options(synchronize_session=False)
            )
            if cast("CursorResult[Any]", won).rowcount == 1:
                audit.record(action, survey.slug, user_email=CLOCK_USER)
                changed.append(survey.slug)
    return changed


#: How the audit log names the clock.
CLOCK_USER = "Zeitplan"


def change_settings(
    survey: Survey,
    opens_on: date | None,
    closes_on: date | None,
    contact_name: str | None,
    contact_email: str | None,
    reminder_after_days: int | None = None,
    reminder_max: int = 0,
) -> None:
    """The field period, the contact for questions and the reminder plan. Moving the start of
    a scheduled survey moves its opening with it (the clock reads the date)."""
    if opens_on and closes_on and closes_on < opens_on:
        raise SurveyError("Das Ende der Feldphase liegt vor ihrem Beginn.")
    with unit_of_work():
        survey.opens_on, survey.closes_on = opens_on, closes_on
        survey.contact_name = contact_name or None
        survey.contact_email = contact_email or None
        survey.reminder_after_days = reminder_after_days or None
        survey.reminder_max = reminder_max if reminder_after_days else 0
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
    """Whether respondents can answer now: open (or scheduled with its start day come, in the
    minute before the clock opens it) and within the field period."""
    today = today or clock.today()
    if survey.status not in (OPEN, SCHEDULED):
        return False
    if survey.opens_on and today < survey.opens_on:
        return False
    if survey.status == SCHEDULED and not survey.opens_on:
        return False
    return not (survey.closes_on and today > survey.closes_on)


def not_yet_open(survey: Survey, today: date | None = None) -> bool:
    """Before the field phase (a draft, or before the start day): the link says when it
    begins rather than that it is over."""
    today = today or clock.today()
    if survey.status == DRAFT or survey.status == SCHEDULED:
        return True
    return bool(survey.opens_on and today < survey.opens_on)

"""Waves of a series: a survey made from an earlier one, and the questions a series answers.

A series is named by the slug of its first wave; each wave knows the one it was made from
(`Survey.previous_id`). A next wave takes the earlier one's questionnaire (the same pinned
snapshot, or a new version of the same questionnaire, so the variable names match and units can
be compared across waves), its mail texts, its contact for questions and reminder plan, and its
frame, or a newer frame read from a file. Invitations and contacts are the field's part
(`field.next_wave`), which calls `new_wave` inside its own unit of work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from surveyapp.extensions import db
from surveyapp.models import MailTemplate, Survey, SurveyUnit
from surveyapp.questionnaire import build_codebook, load_questionnaire
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import SurveyError, check_new, first_status


def new_wave(
    previous: Survey,
    slug: str,
    *,
    questionnaire: Path | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    frame_file: frame.FrameFile | None = None,
) -> Survey:
    """The next wave of `previous`'s series with its frame and mail texts, added to the
    session; the caller's unit of work commits it.

    `questionnaire`: a new version of the same questionnaire (its `id` must match), else the
    earlier wave's snapshot. `frame_file`: a newer frame, read and validated (`gv100ad.read_frame`),
    else the earlier wave's frame with the attributes and the source it had there."""
    check_new(slug, opens_on, closes_on)
    if previous.series is None:
        previous.series, previous.wave = previous.slug, 1
    survey = Survey(
        slug=slug,
        status=first_status(opens_on),
        opens_on=opens_on,
        closes_on=closes_on,
        contact_name=previous.contact_name,
        contact_email=previous.contact_email,
        reminder_after_days=previous.reminder_after_days,
        reminder_max=previous.reminder_max,
        series=previous.series,
        wave=_last_wave(previous.series) + 1,
        previous_id=previous.id,
        **_questionnaire_of(previous, questionnaire),
    )
    db.session.add(survey)
    db.session.flush()
    for template in db.session.scalars(db.select(MailTemplate).filter_by(survey_id=previous.id)):
        db.session.add(
            MailTemplate(
                survey_id=survey.id,
                kind=template.kind,
                language=template.language,
                subject=template.subject,
                body=template.body,
            )
        )
    if frame_file is None:
        survey.frame_file, survey.frame_as_of = previous.frame_file, previous.frame_as_of
        _copy_frame(previous, survey)
    else:
        frame.fill(survey, frame_file)
    db.session.flush()
    return survey


def _questionnaire_of(previous: Survey, source: Path | None) -> dict[str, Any]:
    if source is None:
        return {
            "title": previous.title,
            "questionnaire_id": previous.questionnaire_id,
            "questionnaire_version": previous.questionnaire_version,
            "questionnaire": previous.questionnaire,
            "codebook": previous.codebook,
        }
    questionnaire = load_questionnaire(source)
    if questionnaire.id != previous.questionnaire_id:
        raise SurveyError(
            f"Der Fragebogen „{questionnaire.id}“ ist nicht der der früheren Welle "
            f"(„{previous.questionnaire_id}“): eine neue Welle braucht eine neue Fassung "
            "desselben Fragebogens, damit die Variablen zueinander passen."
        )
    return {
        "title": questionnaire.title.get(),
        "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "questionnaire": dict(questionnaire.source),
        "codebook": build_codebook(questionnaire),
    }


def _last_wave(series: str) -> int:
    return db.session.scalar(db.select(db.func.max(Survey.wave)).filter_by(series=series)) or 1


def _copy_frame(previous: Survey, survey: Survey) -> None:
    for member in db.session.scalars(db.select(SurveyUnit).filter_by(survey_id=previous.id)):
        db.session.add(
            SurveyUnit(
                survey_id=survey.id,
                unit_id=member.unit_id,
                **{field: getattr(member, field) for field in frame.SURVEY_ATTRIBUTES},
            )
        )


def waves_of(survey: Survey) -> list[Survey]:
    """Every wave of the survey's series, first wave first; the survey alone if it has none."""
    if survey.series is None:
        return [survey]
    query = db.select(Survey).filter_by(series=survey.series).order_by(Survey.wave, Survey.id)
    return list(db.session.scalars(query))


def previous_of(survey: Survey) -> Survey | None:
    """The wave this survey was made from, if any."""
    return db.session.get(Survey, survey.previous_id) if survey.previous_id else None

"""The demo's second wave, so `make run` shows a series: made from the first as a researcher
makes one („Als nächste Welle anlegen“), with a new version of the questionnaire that fills in
two of the first wave's answers for checking (A1, A2: `prefill: previous`), eight Kommunen that
confirmed or changed them, and both waves' briefs published, the second comparing with the
first (`compare`), so its feedback reports are built after both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import yaml

from surveyapp.demo.answers import add_sample_responses
from surveyapp.demo.survey import DATA
from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations, link_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import Invitation, Response, Survey
from surveyapp.publishing import briefs
from surveyapp.responses.prefill import earlier_answers
from surveyapp.surveys.lifecycle import questionnaire_of

SECOND_SLUG = "sozialplanung-demo-2"
SECOND_SUBMITTED = 8
PREFILLED = ("A1", "A2")
USER = "demo"


@dataclass(frozen=True)
class SecondWave:
    survey: Survey
    #: A Kommune that answered the first wave and has not begun the second: its link shows the
    #: earlier answers filled in.
    invitation: Invitation

    def link(self) -> str:
        return link_of(self.invitation)


def questionnaire_with_prefill() -> bytes:
    """The demo questionnaire as its next version: the same questions, A1 and A2 filled in
    from the earlier wave for checking."""
    source = yaml.safe_load((DATA / "demo-questionnaire.yaml").read_text(encoding="utf-8"))
    source["version"] = f"{source['version']}-w2"
    for page in source["pages"]:
        for question in page["questions"]:
            if question["id"] in PREFILLED:
                question["prefill"] = "previous"
    return yaml.safe_dump(source, allow_unicode=True, sort_keys=False).encode("utf-8")


def add_second_wave(first: Survey, today: date | None = None) -> SecondWave:
    """The second wave of the demo survey, once; a second run finds it."""
    second = db.session.scalar(db.select(Survey).filter_by(slug=SECOND_SLUG))
    if second is None:
        second = _make(first, today or date.today())
    return SecondWave(second, _showcase(first, second))


def _make(first: Survey, today: date) -> Survey:
    _publish(first, None)
    second = create_next_wave(
        first,
        SECOND_SLUG,
        questionnaire=("demo-questionnaire.yaml", questionnaire_with_prefill()),
        opens_on=today,
        closes_on=today + timedelta(days=60),
        user_email=USER,
    ).survey
    questionnaire = questionnaire_of(second)
    showcase = _showcase(first, second)
    others = [i for i in create_invitations(second) if i.id != showcase.id]
    add_sample_responses(
        questionnaire,
        others,
        SECOND_SUBMITTED,
        seed=2026,
        earlier=lambda invitation: earlier_answers(invitation, second, questionnaire),
    )
    config = (DATA / "brief-demo-welle-2.yaml").read_text(encoding="utf-8")
    _publish(second, config)
    return second


def _publish(survey: Survey, config: str | None) -> None:
    name = "brief-demo-welle-2.yaml" if config else None
    draft = briefs.build_draft(survey, config, name, USER)
    briefs.publish_draft(survey, draft, str(draft.version), USER)


def _showcase(first: Survey, second: Survey) -> Invitation:
    """The first invitation of the second wave whose Kommune submitted in the first."""
    answered = db.select(Response.unit_id).filter_by(survey_id=first.id, status="submitted")
    return db.session.scalars(
        db.select(Invitation)
        .filter_by(survey_id=second.id)
        .where(Invitation.unit_id.in_(answered))
        .order_by(Invitation.id)
        .limit(1)
    ).one()

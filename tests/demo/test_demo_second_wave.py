"""The demo's second wave: made from the first, the first wave's answers filled in for
checking, and a brief that compares both waves, with its feedback reports."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from respondent import Respondent

from evaluation.reports.brief.config import parse_config_text
from evaluation.reports.brief.content import published_tables
from evaluation.reports.waves import PublishedWave
from surveyapp.demo.second_wave import SECOND_SUBMITTED, add_second_wave
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.models import Answer, Response, Survey
from surveyapp.publishing.briefs import public_of
from surveyapp.publishing.downloads import feedback_reports
from surveyapp.publishing.publications import load_wave
from surveyapp.questionnaire.codes import PREFILL_CHANGED, PREFILL_CONFIRMED, PREFILL_NEW


def _second(app):  # noqa: ANN001, ANN202
    first = load_demo(with_responses=True).survey
    return first, add_second_wave(first, date.today())


def test_the_second_waves_link_shows_the_first_waves_answers_to_check(app):  # noqa: ANN001
    first, second = _second(app)
    assert second.survey.previous_id == first.id
    person = Respondent(app.test_client(), second.link().removeprefix("http://localhost"))
    person.consent()
    page = person.client.get(person.url("a")).get_data(as_text=True)
    assert f"Angabe aus {first.opens_on.year} – bitte prüfen" in page


def test_the_second_waves_answers_record_what_became_of_the_prefilled_ones(app):  # noqa: ANN001
    _, second = _second(app)
    submitted = db.select(Response.id).filter_by(survey_id=second.survey.id, status="submitted")
    assert len(db.session.scalars(submitted).all()) == SECOND_SUBMITTED
    codes = db.session.scalars(
        db.select(Answer.number).where(
            Answer.response_id.in_(submitted), Answer.variable == "A2_prefill"
        )
    ).all()
    assert len(codes) == SECOND_SUBMITTED
    assert set(codes) <= {PREFILL_CONFIRMED, PREFILL_CHANGED, PREFILL_NEW}
    assert PREFILL_CONFIRMED in codes


def test_both_briefs_are_public_and_the_second_compares_with_the_first(app):  # noqa: ANN001
    first, second = _second(app)
    assert public_of(first) is not None
    public = public_of(second.survey)
    assert public is not None and public.earlier_release is not None
    assert "Im Vergleich zur ersten Welle" in public.html
    earlier = first.opens_on.strftime("%d.%m.%Y")
    assert f"{earlier}: " in public.html
    download = feedback_reports(second.survey, lambda done, total: None)
    assert len(zipfile.ZipFile(io.BytesIO(download.content)).namelist()) == SECOND_SUBMITTED


def test_a_second_run_finds_the_second_wave(app):  # noqa: ANN001
    first, second = _second(app)
    again = add_second_wave(first)
    assert again.survey.id == second.survey.id
    assert again.invitation.id == second.invitation.id
    assert db.session.scalar(db.select(db.func.count(Survey.id))) == 2


def _printed(tables) -> list[list[str]]:  # noqa: ANN001
    return [[f"{row.label}: {c.display()}" for row in t.rows for c in row.cells] for t in tables]


def test_the_comparison_holds_the_first_wave_as_its_brief_printed_it(app):  # noqa: ANN001
    first, second = _second(app)
    public, later = public_of(first), public_of(second.survey)
    assert public is not None and later is not None
    own = published_tables(load_wave(first.slug), parse_config_text(public.config))
    wave = PublishedWave(load_wave(first.slug), public.config, public.fingerprint)
    comparing = published_tables(
        load_wave(second.survey.slug), parse_config_text(later.config), wave
    )
    assert comparing.earlier is not None
    assert _printed(comparing.earlier.disclosure.tables) == _printed(own.all())
    shown = comparing.earlier_table("B1")
    assert shown.cell("Insgesamt", "Anzahl").display() == str(len(own.dataset.data))

"""The app builds a brief that compares a wave with the one it was made from."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import yaml
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from evaluation.errors import EvaluationError
from evaluation.reports.brief.config import ConfigError, parse_config
from surveyapp.demo.answers import add_sample_responses
from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import Invitation, Response, Survey
from surveyapp.publishing import briefs
from surveyapp.publishing.downloads import feedback_reports
from surveyapp.publishing.publications import build_brief
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey, questionnaire_of

CONFIG = {
    "appendix": False,
    "compare": {
        "title": "Im Vergleich zu 2019",
        "questions": [{"question": "B1", "codes": [1, 2], "text": "haben eine Sozialplanung"}],
    },
}


def test_the_brief_of_the_next_wave_compares_with_the_earlier_one(app):  # noqa: ANN001
    first = create_survey(DEMO_QUESTIONNAIRE, "welle-2019", date(2019, 7, 1), date(2019, 8, 31))
    frame.import_file(FRAME, first)
    add_sample_responses(questionnaire_of(first), create_invitations(first), 14)
    second = create_next_wave(first, "welle-2024").survey
    add_sample_responses(questionnaire_of(second), create_invitations(second), 20, seed=2024)

    built = build_brief(second, parse_config(CONFIG))

    assert "Im Vergleich zu 2019" in built.html
    assert "2019: " in built.html
    with pytest.raises(ConfigError, match="compare braucht die frühere Welle"):
        build_brief(first, parse_config(CONFIG))


def test_the_comparison_keeps_the_earlier_briefs_own_brief_yaml(app):  # noqa: ANN001
    """The 2019 brief was published with a laxer rule (a figure may rest on one Kommune): the
    comparison prints its 2019 figure as that brief did, where a default brief withholds it."""
    first = create_survey(DEMO_QUESTIONNAIRE, "welle-2019", date(2019, 7, 1), date(2019, 8, 31))
    frame.import_file(FRAME, first)
    add_sample_responses(questionnaire_of(first), create_invitations(first), 14)
    second = create_next_wave(first, "welle-2024").survey
    add_sample_responses(questionnaire_of(second), create_invitations(second), 20, seed=2024)
    assert "2019: nicht ausweisbar" in build_brief(second, parse_config(CONFIG)).html

    draft = briefs.build_draft(first, "disclosure: {min_units: 1}\n", "brief-2019.yaml", "test")
    briefs.publish_draft(first, draft, str(draft.version), "test")

    html = build_brief(second, parse_config(CONFIG)).html
    assert "2019: nicht ausweisbar" not in html
    assert "2019: " in html


def _two_waves() -> tuple[Survey, Survey]:
    """Wave 2019 (14 of the frame submitted) and wave 2024 made from it (20 submitted)."""
    first = create_survey(DEMO_QUESTIONNAIRE, "welle-2019", date(2019, 7, 1), date(2019, 8, 31))
    frame.import_file(FRAME, first)
    add_sample_responses(questionnaire_of(first), create_invitations(first), 14)
    second = create_next_wave(first, "welle-2024").survey
    add_sample_responses(questionnaire_of(second), create_invitations(second), 20, seed=2024)
    return first, second


def _publish(survey: Survey, config: str) -> None:
    draft = briefs.build_draft(survey, config, "brief.yaml", "test")
    briefs.publish_draft(survey, draft, str(draft.version), "test")


def test_feedback_reports_of_a_wave_whose_brief_compares(app):  # noqa: ANN001
    """The 2024 brief compares with 2019: its feedback reports are built with the same
    disclosure, both waves included, and come as one PDF per responding Kommune."""
    first, second = _two_waves()
    _publish(first, "disclosure: {min_units: 1}\n")
    _publish(second, yaml.safe_dump(CONFIG))

    download = feedback_reports(second, lambda done, total: None)

    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert len(names) == 20
    assert all(name.startswith("rueckmeldung-") for name in names)


def test_the_earlier_wave_kept_as_the_comparison_was_built(app):  # noqa: ANN001
    """2019's brief is published again with another brief.yaml after the 2024 brief: the 2024
    reports are still built after the 2019 brief the comparison was made with."""
    first, second = _two_waves()
    _publish(first, "disclosure: {min_units: 1}\n")
    _publish(second, yaml.safe_dump(CONFIG))
    _publish(first, "disclosure: {min_units: 5}\n")

    download = feedback_reports(second, lambda done, total: None)

    assert len(zipfile.ZipFile(io.BytesIO(download.content)).namelist()) == 20


def test_a_comparison_with_answers_changed_since_the_earlier_brief_is_refused(app):  # noqa: ANN001
    first, second = _two_waves()
    _publish(first, "disclosure: {min_units: 1}\n")
    answered = set(db.session.scalars(db.select(Response.unit_id).filter_by(survey_id=first.id)))
    late = [i for i in db.session.scalars(db.select(Invitation).filter_by(survey_id=first.id))]
    late = [i for i in late if i.unit_id not in answered]
    add_sample_responses(questionnaire_of(first), late, 1, seed=7)

    with pytest.raises(EvaluationError, match="frühere Welle welle-2019 ergibt nicht mehr"):
        build_brief(second, parse_config(CONFIG))


def test_a_third_wave_compares_with_both_earlier_waves(app):  # noqa: ANN001
    """welle-2026 made from welle-2024 made from 2019, whose brief compared with nothing: the
    third brief shows all three waves, and its feedback reports are built after both earlier
    briefs."""
    first, second = _two_waves()
    third = create_next_wave(second, "welle-2026").survey
    add_sample_responses(questionnaire_of(third), create_invitations(third), 12, seed=2026)
    _publish(first, "disclosure: {min_units: 1}\n")
    _publish(second, "appendix: false\n")
    config = {**CONFIG, "compare": {**CONFIG["compare"], "waves": 2}}

    _publish(third, yaml.safe_dump(config))

    public = briefs.public_of(third)
    assert public is not None
    assert "2019: " in public.html
    assert "; welle-2024: " in public.html and "; welle-2026: " in public.html
    download = feedback_reports(third, lambda done, total: None)
    assert len(zipfile.ZipFile(io.BytesIO(download.content)).namelist()) == 12

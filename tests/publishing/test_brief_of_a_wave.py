"""The app builds a brief that compares a wave with the one it was made from."""

from __future__ import annotations

from datetime import date

import pytest
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from evaluation.reports.brief.config import ConfigError, parse_config
from surveyapp.demo.answers import add_sample_responses
from surveyapp.field.invitations import create_invitations
from surveyapp.field.next_wave import create_next_wave
from surveyapp.publishing import briefs
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

import copy

import pytest
import yaml

from surveyapp.questionnaire import QuestionnaireInvalid, load_questionnaire

SMALL = {
    "format": 1,
    "id": "kleine-umfrage",
    "version": "1",
    "title": {"de": "Kleine Umfrage", "en": "Small survey"},
    "languages": ["de", "en"],
    "option_lists": {
        "zustimmung": [
            {"code": 1, "label": "trifft zu"},
            {"code": 2, "label": "trifft nicht zu"},
            {"code": -1, "label": "weiß nicht", "missing": True},
        ]
    },
    "pages": [
        {
            "id": "a",
            "title": "Start",
            "questions": [
                {
                    "id": "B1",
                    "type": "single",
                    "text": "Gibt es eine Sozialplanung?",
                    "options": [
                        {"code": 1, "label": "ja"},
                        {"code": 2, "label": "im Aufbau"},
                        {"code": 3, "label": "nein"},
                    ],
                },
                {
                    "id": "E1",
                    "type": "multiple",
                    "text": "Welche Fachplanungen?",
                    "options": [
                        {"code": 1, "label": "Jugendhilfe"},
                        {"code": 2, "label": "Schule"},
                        {"code": -2, "label": "keine Angabe", "missing": True},
                    ],
                    "other": True,
                },
            ],
        },
        {
            "id": "b",
            "title": "Mehr",
            "show_if": "B1 in [1, 2]",
            "questions": [
                {
                    "id": "C1",
                    "type": "matrix",
                    "text": "Wie eng?",
                    "items": [{"id": "a", "text": "Schule"}, {"id": "b", "text": "Kita"}],
                    "options": "zustimmung",
                },
                {"id": "D1", "type": "integer", "text": "Stellen", "show_if": "2 in E1 or 1 in E1"},
            ],
        },
    ],
}


@pytest.fixture
def small():
    """A small valid questionnaire as a mapping; tests break it in one place."""
    return copy.deepcopy(SMALL)


@pytest.fixture
def problems():
    """Load a mapping or YAML text that must be refused; return its problems."""

    def load(source):
        text = source if isinstance(source, str) else yaml.safe_dump(source, allow_unicode=True)
        with pytest.raises(QuestionnaireInvalid) as caught:
            load_questionnaire(text)
        return caught.value.problems

    return load

"""A researcher reads the filters of a questionnaire in words in the preview."""

import yaml

from surveyapp.questionnaire import load_questionnaire, parse_condition
from surveyapp.questionnaire.explain import Words, explain, explain_parts


def test_filters_read_as_german_sentences_with_the_option_labels(small):
    questionnaire = load_questionnaire(yaml.safe_dump(small, allow_unicode=True))

    def said(text):
        return explain(parse_condition(text), questionnaire)

    assert said("B1 in [1, 2]") == "bei B1 »ja« oder »im Aufbau« gewählt wurde"
    assert said("B1 != 3") == "bei B1 »nein« nicht gewählt wurde"
    assert said("2 in E1") == "bei E1 »Schule« angekreuzt wurde"
    assert said("C1_b == 1") == "bei C1_b »trifft zu« gewählt wurde"
    assert said("D1 >= 2.5") == "die Antwort auf D1 ist mindestens 2,5"
    assert said("not answered(D1)") == "nicht gilt: D1 beantwortet wurde"
    assert said("B1 == 1 or 1 in E1") == (
        "entweder bei B1 »ja« gewählt wurde oder bei E1 »Jugendhilfe« angekreuzt wurde"
    )


def test_filters_read_as_english_sentences_with_english_labels_where_there_are_any(small):
    small["pages"][0]["questions"][0]["options"][0]["label"] = {"de": "ja", "en": "yes"}
    questionnaire = load_questionnaire(yaml.safe_dump(small, allow_unicode=True))

    def said(text):
        return explain(parse_condition(text), questionnaire, "en")

    assert said("B1 in [1, 2]") == "“yes” or “im Aufbau” was chosen at B1"
    assert said("B1 != 3") == "“nein” was not chosen at B1"
    assert said("2 in E1") == "“Schule” was ticked at E1"
    assert said("D1 >= 2.5") == "the answer to D1 is at least 2.5"
    assert said("not answered(D1)") == "it does not hold that D1 was answered"
    assert said("B1 == 1 and answered(D1)") == "“yes” was chosen at B1 and D1 was answered"


def test_german_labels_in_an_english_sentence_are_told_apart(small):
    """A page marks them as German: only the labels the questionnaire has no English for."""
    small["pages"][0]["questions"][0]["options"][0]["label"] = {"de": "ja", "en": "yes"}
    questionnaire = load_questionnaire(yaml.safe_dump(small, allow_unicode=True))
    parts = explain_parts(parse_condition("B1 in [1, 2] and C1_b == 1"), questionnaire, "en")
    assert parts == [
        Words("“yes” or “"),
        Words("im Aufbau", "de"),
        Words("” was chosen at B1 and “"),
        Words("trifft zu", "de"),
        Words("” was chosen at C1_b"),
    ]
    german = explain_parts(parse_condition("B1 in [1, 2]"), questionnaire, "de")
    assert german == [Words("bei B1 »ja« oder »im Aufbau« gewählt wurde")]


def test_a_yes_no_question_reads_as_yes_or_no_not_as_its_code(small):
    """Stored as 1 ja / 0 nein, but the respondent chose a label: the filter names it."""
    small["pages"][0]["questions"].append({"id": "F1", "type": "boolean", "text": "Monitoring?"})
    questionnaire = load_questionnaire(yaml.safe_dump(small, allow_unicode=True))

    def said(text, lang):
        return explain(parse_condition(text), questionnaire, lang)

    assert said("F1 == 1", "de") == "bei F1 »ja« gewählt wurde"
    assert said("F1 != 0", "de") == "bei F1 »nein« nicht gewählt wurde"
    assert said("F1 in [0]", "de") == "bei F1 »nein« gewählt wurde"
    assert said("F1 == 1", "en") == "“yes” was chosen at F1"
    assert said("F1 == 0", "en") == "“no” was chosen at F1"
    assert said("F1 in [1]", "en") == "“yes” was chosen at F1"
    assert "1" not in said("F1 == 1", "en").replace("F1", "")

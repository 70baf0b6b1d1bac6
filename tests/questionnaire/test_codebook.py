import json
from pathlib import Path

import pytest

from surveyapp.questionnaire import build_codebook, load_questionnaire, summarize

KEYS = {
    "name", "label", "question", "question_id", "page", "page_title", "type", "value_labels",
    "missing_codes", "group", "option_code", "item", "unit", "decimals", "measure", "scale_top",
    "formula",
    "paradata",
}  # fmt: skip
EVERY_KEY = (Path(__file__).parent / "every-key.yaml").read_text(encoding="utf-8")
SYSTEM = {"-77": "nicht gestellt (Filter)", "-88": "keine Antwort"}


@pytest.fixture(scope="module")
def q():
    return load_questionnaire(EVERY_KEY)


@pytest.fixture(scope="module")
def rows(q):
    return {row["name"]: row for row in build_codebook(q)}


def test_codebook_has_one_row_per_variable_in_questionnaire_order(q):
    codebook = build_codebook(q)
    assert [row["name"] for row in codebook] == q.variables()
    assert all(set(row) == KEYS for row in codebook)
    json.dumps(codebook)


def test_single_choice_row_labels_substantive_options_and_missing_codes(rows):
    assert rows["B1"] == {
        "name": "B1",
        "label": "Gibt es eine Sozialplanung?",
        "question": "Gibt es eine Sozialplanung?",
        "question_id": "B1",
        "page": "b",
        "page_title": "Stand der Sozialplanung",
        "type": "single",
        "value_labels": {"1": "ja, etabliert", "2": "im Aufbau", "3": "nein", "98": "Sonstiges"},
        "missing_codes": SYSTEM,
        "group": None,
        "option_code": None,
        "item": None,
        "unit": None,
        "decimals": None,
        "measure": "nominal",
        "scale_top": None,
        "formula": None,
        "paradata": False,
    }


def test_other_text_belongs_to_its_question(rows):
    row = rows["B1_other"]
    assert row["type"] == "other"
    assert row["label"] == "Gibt es eine Sozialplanung?: Sonstiges (Text)"
    assert (row["group"], row["value_labels"], row["measure"]) == ("B1", {}, "nominal")


def test_multiple_choice_makes_one_mentioned_variable_per_option(rows):
    row = rows["E1_2"]
    assert row["label"] == "Welche?: zwei"
    assert row["value_labels"] == {"1": "genannt", "0": "nicht genannt"}
    assert (row["group"], row["option_code"], row["type"]) == ("E1", 2, "multiple")
    assert rows["E1_m1"]["option_code"] == -1
    assert rows["E1_m1"]["missing_codes"] == {"-1": "weiß nicht"} | SYSTEM
    assert rows["E1_99"]["label"] == "Welche?: Sonstiges"


def test_matrix_items_share_the_scale_and_are_ordinal(rows):
    row = rows["C1_b"]
    assert row["label"] == "Wie sehr?: Kita"
    assert (row["group"], row["item"], row["measure"], row["type"]) == (
        "C1",
        "b",
        "ordinal",
        "matrix",
    )
    assert list(row["value_labels"]) == ["1", "2", "3", "4"]
    assert row["missing_codes"] == {"-1": "weiß nicht"} | SYSTEM


def test_numbers_carry_unit_decimals_and_scale_level(rows):
    assert (rows["D1"]["unit"], rows["D1"]["decimals"], rows["D1"]["measure"]) == (
        "VZÄ",
        1,
        "scale",
    )
    assert (rows["B2"]["unit"], rows["B2"]["decimals"], rows["B2"]["measure"]) == (
        "Jahr",
        0,
        "scale",
    )


def test_text_date_and_boolean_rows(rows):
    assert rows["N1"]["type"] == "text" and rows["N1"]["value_labels"] == {}
    assert rows["N2"]["type"] == "textarea"
    assert rows["A3"]["type"] == "date" and rows["A3"]["measure"] == "nominal"
    assert rows["K1"]["value_labels"] == {"1": "ja", "0": "nein"}
    assert rows["K1"]["missing_codes"] == SYSTEM
    assert "H0" not in rows


def test_codebook_in_english_uses_the_translations(q):
    rows = {row["name"]: row for row in build_codebook(q, lang="en")}
    assert rows["B1"]["question"] == "Is there social planning?"
    assert rows["B1"]["value_labels"]["98"] == "Other"
    assert rows["B1"]["missing_codes"]["-77"] == "not asked (filter)"
    assert rows["K1"]["value_labels"] == {"1": "yes", "0": "no"}


def test_single_choice_on_a_shared_scale_is_ordinal():
    text = EVERY_KEY.replace(
        "      - {id: H0,",
        "      - {id: S1, type: single, text: Skala, options: zustimmung4}\n      - {id: H0,",
    )
    rows = {row["name"]: row for row in build_codebook(load_questionnaire(text))}
    assert rows["S1"]["measure"] == "ordinal"


def test_summary_counts_pages_questions_and_variables(q):
    assert summarize(q) == "alle-schluessel 2019.1: 2 Seiten, 10 Fragen, 17 Variablen"

"""Rosters in the YAML format: modules E and G of the founding questionnaire, the questions
asked once per Fachplanung ticked and once per report entered."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from surveyapp.questionnaire import QuestionnaireInvalid, build_codebook
from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.journey import completed
from surveyapp.questionnaire.loading.schema import build_questionnaire

ROSTERS = yaml.safe_load((Path(__file__).parent / "roster-modules-e-g.yaml").read_text("utf-8"))


def build(changes=None):
    data = copy.deepcopy(ROSTERS)
    if changes:
        changes(data["pages"])
    return build_questionnaire(data, {})


def problems_of(changes) -> str:
    with pytest.raises(QuestionnaireInvalid) as raised:
        build(changes)
    return str(raised.value)


def test_variables_are_named_by_item_then_question():
    q = build()
    assert q.question("F").variables()[:4] == [
        "F_1_integriert",
        "F_1_rolle",
        "F_1_jahr",
        "F_2_integriert",
    ]
    assert q.question("G").variables() == [
        "G_1_titel", "G_1_jahr", "G_2_titel", "G_2_jahr", "G_3_titel", "G_3_jahr",
    ]  # fmt: skip


def test_an_item_not_ticked_and_an_entry_not_made_are_not_asked():
    answers = completed(
        build(), {"E1_1": 1, "E1_2": 0, "E1_3": 1, "F_1_jahr": 1995, "G_1_titel": "Bericht"}
    )
    assert (answers["F_1_jahr"], answers["F_1_rolle"], answers["F_3_jahr"]) == (
        1995,
        NO_ANSWER,
        NO_ANSWER,
    )
    assert answers["F_2_jahr"] == NOT_SHOWN
    assert (answers["G_1_jahr"], answers["G_2_titel"]) == (NO_ANSWER, NOT_SHOWN)


def test_a_later_condition_and_a_pipe_name_one_item_s_answer():
    answers = completed(build(), {"E1_1": 1, "F_1_jahr": 1995, "G_1_jahr": 2021})
    assert answers["G9"] == NO_ANSWER
    assert completed(build(), {"E1_1": 1, "F_1_jahr": 2005, "G_1_jahr": 2021})["G9"] == NOT_SHOWN


def test_the_codebook_labels_each_variable_with_item_and_question():
    rows = {row["name"]: row for row in build_codebook(build())}
    row = rows["F_3_rolle"]
    assert row["label"] == "Angaben je Fachplanung: Altenhilfeplanung – Rolle der Sozialplanung"
    assert (row["type"], row["item"], row["question_id"]) == ("single", "3", "F")
    assert row["value_labels"] == {"1": "federführend", "2": "beteiligt"}
    assert rows["G_2_jahr"]["label"] == (
        "Welche Berichte hat Ihre Verwaltung veröffentlicht?: Bericht 2 – Jahr"
    )
    english = {row["name"]: row for row in build_codebook(build(), "en")}
    assert english["G_2_jahr"]["label"].endswith("Report 2 – Year")


def test_a_fixed_roster_needs_an_earlier_multiple_choice_question():
    def later(pages):
        pages[1]["questions"][0]["for_each"] = "G9"

    assert "for_each: G9 ist keine Mehrfachauswahl-Frage vor diesem Roster" in problems_of(later)


def test_a_roster_is_either_fixed_or_open_and_asks_simple_questions():
    def both(pages):
        pages[1]["questions"][0]["max"] = 3

    assert "Ein Roster braucht entweder for_each" in problems_of(both)

    def nested(pages):
        pages[2]["questions"][0]["questions"].append(
            {"id": "art", "type": "multiple", "text": "Art", "options": [{"code": 1, "label": "a"}]}
        )

    assert "Im Roster gehen die Fragetypen" in problems_of(nested)

    def filtered(pages):
        pages[2]["questions"][0]["questions"][0]["show_if"] = "E1_1 == 1"

    assert "'show_if' geht bei den Fragen eines Rosters (noch) nicht" in problems_of(filtered)

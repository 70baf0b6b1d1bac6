"""A questionnaire written as an XLSForm moves to KoboToolbox (pyxform converts it) and back
(reading it gives the same questionnaire)."""

import io
from pathlib import Path

import openpyxl
import pytest
from testsupport import DEMO_QUESTIONNAIRE

from surveyapp.questionnaire import QuestionnaireInvalid, load_questionnaire
from surveyapp.questionnaire.loading.xlsform import read_xlsform
from surveyapp.questionnaire.loading.xlsform.writer import write_xlsform
from tests.questionnaire.loading.xlsforms import pyxform_xform, workbook, written_and_read_back

ROSTERS = Path(__file__).parents[2] / "roster-modules-e-g.yaml"
GRIDS = Path(__file__).parents[2] / "grid-module-d.yaml"
QUESTIONNAIRE = """
format: 1
id: rundreise
version: "2026.1"
title: {de: "Rundreise", en: "Round trip"}
languages: [de, en]
intro: {de: "Willkommen", en: "Welcome"}
outro: {de: "Danke", en: "Thanks"}
option_lists:
  zustimmung:
    - {code: 1, label: {de: "ja", en: "yes"}}
    - {code: 2, label: {de: "nein", en: "no"}}
    - {code: -1, label: {de: "weiß nicht", en: "don't know"}, missing: true}
pages:
  - id: a
    title: {de: "Allgemein", en: "General"}
    intro: {de: "Zuerst", en: "First"}
    questions:
      - id: A1
        type: single
        text: {de: "Planen Sie?", en: "Do you plan?"}
        help: {de: "Eine Antwort", en: "One answer"}
        required: true
        options: zustimmung
      - id: A2
        type: integer
        text: {de: "Seit wann?", en: "Since when?"}
        min: 1990
        max: 2030
        unit: {de: "Jahr", en: "year"}
        show_if: "A1 in [1, 2]"
        required: soft
      - id: A3
        type: multiple
        text: {de: "Welche?", en: "Which?"}
        options:
          - {code: 1, label: {de: "Kita", en: "Day care"}}
          - {code: 2, label: {de: "Schule", en: "School"}}
          - {code: 3, label: {de: "keine", en: "none"}}
        exclusive: [3]
        other: true
        max_choices: 2
  - id: b
    title: {de: "Zahlen", en: "Figures"}
    show_if: "answered(A1) and not A1 == -1"
    questions:
      - id: B1
        type: decimal
        text: {de: "Anteil", en: "Share"}
        decimals: 1
        show_if: "2 in A3 or A2 >= 2000"
      - id: B2
        type: decimal
        text: {de: "Davon", en: "Of which"}
        check:
          - rule: "B2 <= B1"
            message: {de: "Nicht mehr als B1", en: "Not more than B1"}
            soft: true
      - id: B3
        type: textarea
        text: {de: "Bemerkungen", en: "Remarks"}
        max_length: 800
      - id: B4
        type: date
        text: {de: "Stichtag", en: "Date"}
        min: "2020-01-01"
      - id: B5
        type: note
        text: {de: "Fast fertig", en: "Almost done"}
"""


def test_a_questionnaire_written_as_xlsform_reads_back_the_same():
    original = load_questionnaire(QUESTIONNAIRE)

    data, again = written_and_read_back(original)

    assert again == original
    assert read_xlsform(data).questionnaire == original


def test_pyxform_converts_the_written_workbook_to_an_xform():
    xform = pyxform_xform(write_xlsform(load_questionnaire(QUESTIONNAIRE)))

    assert "<h:title>Rundreise</h:title>" in xform
    assert "selected( /data/a/A3 , '2')" in xform


PIPED = """
format: 1
id: nachfrage
version: "1"
title: "Nachfrage"
pages:
  - id: a
    title: "Start"
    questions:
      - {id: A0, type: text, text: "Stelle"}
      - id: A1
        type: integer
        text: "Stellen"
        check: [{rule: "A1 <= 50", message: "{{A1}} Stellen bei {{A0}}?"}]
      - {id: A2, type: text, text: "Warum {{A1}} Stellen?", help: "Bei {{A0}}"}
"""


def test_piping_is_written_as_xlsform_s_own_and_reads_back_the_same():
    original = load_questionnaire(PIPED)
    data, again = written_and_read_back(original)
    assert again == original
    xform = pyxform_xform(data)
    assert '<output value=" /data/a/A1 "/>' in xform
    assert '<output value=" /data/a/A1 "/> Stellen bei <output value=" /data/a/A0 "/>?' in xform


CALCULATED = """
format: 1
id: anteil
version: "1"
title: "Anteil"
pages:
  - id: d
    title: "Personal"
    questions:
      - {id: D1, type: integer, text: "VZÄ"}
      - {id: D2, type: integer, text: "befristet"}
      - id: D3
        type: calculate
        text: "Anteil befristeter VZÄ"
        formula: "D2 / D1 * 100"
        decimals: 1
        unit: "%"
        show: true
        check: [{rule: "D3 <= 100", message: "Mehr befristete als alle VZÄ?"}]
      - {id: D4, type: calculate, text: "Unbefristet", formula: "(D1 - D2) * 2"}
"""


def test_a_calculated_value_is_written_as_a_calculate_row_and_reads_back_the_same():
    original = load_questionnaire(CALCULATED)
    data, again = written_and_read_back(original)
    assert again == original
    xform = pyxform_xform(data)
    assert 'calculate=" /data/d/D2  div  /data/d/D1  * 100"' in xform


ROSTER = """
format: 1
id: berichte
version: "1"
title: {de: "Berichte", en: "Reports"}
languages: [de, en]
pages:
  - id: g
    title: {de: "Berichte", en: "Reports"}
    questions:
      - {id: G0, type: integer, text: {de: "Wie viele?", en: "How many?"}}
      - id: G
        type: roster
        max: 3
        show_if: "G0 > 0"
        entry: {de: "Bericht", en: "Report"}
        text: {de: "Welche Berichte?", en: "Which reports?"}
        questions:
          - {id: titel, type: text, required: true, text: {de: "Titel", en: "Title"}}
          - {id: jahr, type: integer, min: 1990, max: 2030, text: {de: "Jahr", en: "Year"}}
          - id: art
            type: single
            text: {de: "Art", en: "Kind"}
            options:
              - {code: 1, label: {de: "gedruckt", en: "printed"}}
              - {code: 2, label: {de: "online", en: "online"}}
"""


def test_an_open_roster_is_written_as_a_repeat_and_reads_back_the_same():
    original = load_questionnaire(ROSTER)
    data, again = written_and_read_back(original)
    assert again == original
    assert [item.text.get("en") for item in original.question("G").rows] == [
        "Report 1",
        "Report 2",
        "Report 3",
    ]
    xform = pyxform_xform(data)
    assert 'nodeset="/data/g/G"' in xform
    assert "/data/g/G/jahr" in xform
    assert '<bind nodeset="/data/g/G/titel" type="string" required="true()"/>' in xform


RANKED = """
format: 1
id: ziele
version: "1"
title: "Ziele"
pages:
  - id: h
    title: "Ziele"
    questions:
      - id: H1
        type: ranking
        ranks: 2
        text: "Welche Ziele sind Ihnen am wichtigsten?"
        options:
          - {code: 1, label: "Armut vermeiden"}
          - {code: 2, label: "Bildung stärken"}
          - {code: 3, label: "Pflege sichern"}
"""


def test_a_ranking_is_written_as_a_rank_row_and_reads_back_the_same():
    original = load_questionnaire(RANKED)
    data, again = written_and_read_back(original)
    assert again == original
    xform = pyxform_xform(data)
    assert '<bind nodeset="/data/h/H1" type="odk:rank"/>' in xform


def test_a_condition_on_a_ranking_s_place_is_refused_by_the_question_that_names_it():
    named = RANKED + '      - {id: H2, type: text, show_if: "H1_1 == 2", text: "Warum?"}\n'
    with pytest.raises(QuestionnaireInvalid) as caught:
        write_xlsform(load_questionnaire(named))
    assert [str(problem) for problem in caught.value.problems] == [
        "H2: Die Frage H2 nennt H1_1: XLSForm kennt nur ganze Fragen, keinen Platz einer "
        "Rangfolge und keinen Eintrag eines Rosters"
    ]


PER_OPTION = """
format: 1
id: fachplanungen
version: "1"
title: "Fachplanungen"
pages:
  - id: e
    title: "Fachplanungen"
    questions:
      - id: E1
        type: multiple
        text: "Welche Fachplanungen gibt es?"
        options:
          - {code: 1, label: "Jugendhilfeplanung"}
          - {code: 3, label: "Altenhilfeplanung"}
      - id: F
        type: roster
        for_each: E1
        text: "Angaben je Fachplanung"
        questions:
          - {id: jahr, type: integer, min: 1990, max: 2030, text: "seit dem Jahr"}
"""


def test_a_roster_per_ticked_option_is_written_as_a_repeat_over_the_chosen_options():
    original = load_questionnaire(PER_OPTION)

    data, again = written_and_read_back(original)

    assert again == original
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert {row["name"]: row.get("repeat_count") for row in rows(book["survey"])}["F"] == (
        "count-selected(${E1})"
    )
    assert 'jr:count=" /data/e/F_count "' in pyxform_xform(data)


def test_a_required_roster_is_refused_by_its_id():
    original = load_questionnaire(ROSTERS.read_text(encoding="utf-8"))
    with pytest.raises(QuestionnaireInvalid) as caught:
        write_xlsform(original)
    found = [str(problem) for problem in caught.value.problems]
    assert "F: Die Frage F ist ein Pflicht-Roster (required): XLSForm (noch) nicht" in found


def test_a_grid_is_written_as_a_group_of_rows_and_reads_back_the_same():
    original = load_questionnaire(GRIDS.read_text(encoding="utf-8"))

    data, again = written_and_read_back(original)

    assert again == original
    survey = {row["name"]: row for row in rows(openpyxl.load_workbook(io.BytesIO(data))["survey"])}
    assert (survey["D5"]["type"], survey["D5"]["grid"], survey["D5"]["totals"]) == (
        "begin_group",
        "decimal",
        "rows columns",
    )
    assert survey["D5_sozial"]["label::Deutsch (de)"] == "Sozialplanung"
    assert (survey["D5_sozial_esf"]["type"], survey["D5_sozial_esf"]["label::English (en)"]) == (
        "decimal",
        "ESF",
    )
    assert survey["D5_sum_esf"]["calculation"] == (
        "coalesce(${D5_sozial_esf}, 0) + coalesce(${D5_bildung_esf}, 0)"
    )
    assert survey["D6_sozial_ende"]["type"] == "select_one D6"
    xform = pyxform_xform(data)
    assert '<bind nodeset="/data/d/D5/D5_sozial/D5_sozial_esf" type="decimal"/>' in xform
    assert "/data/d/D5/D5_sum  =  /data/d/D1" in xform


def test_a_required_grid_of_texts_says_so_in_every_cell():
    original = load_questionnaire(
        """
format: 1
id: g
version: "1"
title: G
pages:
  - id: p
    title: P
    questions:
      - id: K1
        type: grid
        required: soft
        text: Wer ist zuständig?
        help: Je Aufgabe und Ebene
        rows: [{id: plan, text: Planung}, {id: bericht, text: Bericht}]
        columns: [{id: amt, text: Amt}]
        cell: text
        max_length: 80
"""
    )

    data, again = written_and_read_back(original)

    assert again == original
    survey = rows(openpyxl.load_workbook(io.BytesIO(data))["survey"])
    cells = [row for row in survey if row["type"] == "text"]
    assert [(c["name"], c["required"], c["soft_required"]) for c in cells] == [
        ("K1_plan_amt", "yes", "yes"),
        ("K1_bericht_amt", "yes", "yes"),
    ]


def test_text_choice_names_are_written_back():
    choices = [["list_name", "name", "label"], ["jn", "yes", "ja"], ["jn", "no", "nein"]]
    survey = [
        ["type", "name", "label", "relevant"],
        ["select_one jn", "B1", "Planen Sie?"],
        ["integer", "B2", "Seit wann?", "${B1} = 'yes'"],
    ]
    first = load_questionnaire(workbook(survey, choices))

    again = write_xlsform(first)
    book = openpyxl.load_workbook(io.BytesIO(again))

    assert [row["name"] for row in rows(book["choices"])] == ["yes", "no"]
    assert {row["name"]: row.get("relevant") for row in rows(book["survey"])}["B2"] == (
        "${B1} = 'yes'"
    )
    assert load_questionnaire(again) == first


def rows(sheet):
    header, *body = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in body]


_rows_of = rows


MATRIX_AND_YES_NO = """
format: 1
id: matrix
version: "1"
title: {de: "Zufriedenheit", en: "Satisfaction"}
languages: [de, en]
option_lists:
  zufrieden:
    top: first
    options:
      - {code: 1, label: {de: "sehr zufrieden", en: "very satisfied"}}
      - {code: 2, label: {de: "eher zufrieden", en: "rather satisfied"}}
      - {code: 3, label: {de: "unzufrieden", en: "dissatisfied"}}
      - {code: -1, label: {de: "weiß nicht", en: "don't know"}, missing: true}
pages:
  - id: p
    title: {de: "Bewertung", en: "Rating"}
    questions:
      - id: A1
        type: boolean
        text: {de: "Gibt es eine Sozialplanung?", en: "Is there social planning?"}
        required: true
      - id: C1
        type: matrix
        text: {de: "Wie zufrieden sind Sie?", en: "How satisfied are you?"}
        help: {de: "Je Zeile eine Antwort", en: "One answer per row"}
        items:
          - {id: kita, text: {de: "Kita", en: "Day care"}}
          - {id: schule, text: {de: "Schule", en: "School"}}
        options: zufrieden
        required: soft
        show_if: "A1 == 1"
      - id: C2
        type: matrix
        text: {de: "Und im Vorjahr?", en: "And the year before?"}
        items: [{id: kita, text: {de: "Kita", en: "Day care"}}]
        options:
          top: last
          options:
            - {code: 1, label: {de: "schlechter", en: "worse"}}
            - {code: 2, label: {de: "besser", en: "better"}}
        show_if: "C1_kita in [1, 2] or A1 == 0"
      - id: C3
        type: text
        text: {de: "Warum unzufrieden?", en: "Why dissatisfied?"}
        show_if: "C1_schule == 3"
"""


def test_a_matrix_and_a_yes_no_question_are_written_as_odk_asks_them_and_read_back():
    original = load_questionnaire(MATRIX_AND_YES_NO)

    data, again = written_and_read_back(original)

    assert again == original
    assert read_xlsform(data).summary.endswith("4 Fragen auf 1 Seite; nichts ausgelassen.")
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = {row["name"]: row for row in _rows_of(book["survey"]) if row.get("name")}
    assert rows["A1"]["type"] == "select_one boolean" and rows["A1"]["boolean"] == "yes"
    assert (rows["C1"]["type"], rows["C1"]["appearance"]) == ("begin_group", "table-list")
    assert rows["C1_kita"]["type"] == "select_one zufrieden"
    assert rows["C3"]["relevant"] == "${C1_schule} = '3'"
    choices = [
        (r["list_name"], r["name"], r["label::Deutsch (de)"]) for r in _rows_of(book["choices"])
    ]
    assert ("boolean", "1", "ja") in choices and ("boolean", "0", "nein") in choices
    tops = {(r["list_name"], r["name"]): r["top"] for r in _rows_of(book["choices"]) if r["top"]}
    assert tops == {("zufrieden", "1"): "first", ("C2", "1"): "last"}
    assert (again.question("C1").scale_top, again.question("C2").scale_top) == ("first", "last")
    xform = pyxform_xform(data)
    assert 'appearance="list-nolabel"' in xform
    assert "/data/p/C1/C1_kita" in xform


def test_the_yes_no_list_takes_another_name_when_a_scale_is_called_boolean():
    text = MATRIX_AND_YES_NO.replace("  zufrieden:", "  boolean:").replace(
        "options: zufrieden", "options: boolean"
    )
    original = load_questionnaire(text)
    data, again = written_and_read_back(original)
    assert again == original
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = {row["name"]: row for row in _rows_of(book["survey"]) if row.get("name")}
    assert rows["A1"]["type"] == "select_one boolean_2"


def test_a_yes_no_column_on_another_list_is_refused_by_its_row():
    survey = [
        ["type", "name", "label", "boolean"],
        ["select_one ja_nein", "A1", "Planen Sie?", "yes"],
    ]
    with pytest.raises(QuestionnaireInvalid, match=r"survey\[2\].*select_one mit den Auswahlen 1"):
        load_questionnaire(workbook(survey))


def test_the_demo_questionnaire_goes_to_xlsform_and_back_unchanged():
    original = load_questionnaire(DEMO_QUESTIONNAIRE)

    data, again = written_and_read_back(original)

    assert again == original
    assert (
        again.question("N4").text.get().endswith("Mit „Absenden“ schließen Sie die Befragung ab.")
    )
    assert "<h:title>" in pyxform_xform(data)


def test_typographic_quotes_of_a_form_are_kept_where_pyxform_makes_them_straight():
    survey = [
        ["type", "name", "label::Deutsch (de)", "label::English (en)"],
        ["text", "A1", "Was heißt „integriert“?", "What’s “integrated”?"],
    ]
    read = load_questionnaire(workbook(survey, choices=None, settings=None))
    assert read.question("A1").text.values == {
        "de": "Was heißt „integriert“?",
        "en": "What’s “integrated”?",
    }


def test_the_command_writes_the_xlsform_and_refuses_what_xlsform_cannot_hold(runner, tmp_path):
    written = tmp_path / "demo.xlsx"
    done = runner.invoke(args=["questionnaire", "xlsform", str(DEMO_QUESTIONNAIRE), str(written)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("demo.xlsx: ")
    assert load_questionnaire(written) == load_questionnaire(DEMO_QUESTIONNAIRE)

    every_key = Path(__file__).parents[2] / "every-key.yaml"
    refused = runner.invoke(
        args=["questionnaire", "xlsform", str(every_key), str(tmp_path / "x.xlsx")]
    )
    assert refused.exit_code == 1
    assert "D2: Die Frage D2 hat mehrere Prüfungen (check)" in refused.output
    assert not (tmp_path / "x.xlsx").exists()

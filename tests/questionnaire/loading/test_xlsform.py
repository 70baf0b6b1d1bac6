"""A researcher uploads an XLSForm workbook instead of a YAML file (built from rows by
`xlsforms.workbook`, never stored in git)."""

import io
import json
import zipfile

import openpyxl
import pytest
import yaml

from surveyapp.questionnaire import (
    build_codebook,
    failed_checks,
    load_questionnaire,
    load_xlsform,
    questionnaire_from_snapshot,
)
from surveyapp.questionnaire.codes import NO_ANSWER
from surveyapp.questionnaire.journey import completed
from surveyapp.questionnaire.loading.xlsform import archive as reading
from surveyapp.questionnaire.loading.xlsform import read_xlsform
from tests.questionnaire.loading.xlsforms import (
    CHOICES,
    problems_of,
    pyxform_form,
    workbook,
    written_and_read_back,
)


def test_a_workbook_equal_to_a_yaml_file_gives_the_same_questionnaire(tmp_path):
    source = {
        "format": 1,
        "id": "kleine-umfrage",
        "version": "2019.1",
        "title": "Kleine Umfrage",
        "option_lists": {
            "ja_nein": [
                {"code": 1, "label": "ja"},
                {"code": 2, "label": "nein"},
                {"code": -1, "label": "weiß nicht", "missing": True},
            ],
            "fach": [
                {"code": 1, "label": "Jugendhilfe"},
                {"code": 2, "label": "Schule"},
                {"code": 3, "label": "Kita"},
            ],
        },
        "pages": [
            {
                "id": "b",
                "title": "Stand der Sozialplanung",
                "questions": [
                    {
                        "id": "B1",
                        "type": "single",
                        "text": "Gibt es eine Sozialplanung?",
                        "help": "Gemeint ist die Verwaltung.",
                        "required": True,
                        "options": "ja_nein",
                    },
                    {
                        "id": "E1",
                        "type": "multiple",
                        "text": "Welche Fachplanungen?",
                        "options": "fach",
                        "other": True,
                    },
                    {"id": "D1", "type": "integer", "text": "Stellen insgesamt"},
                    {
                        "id": "D2",
                        "type": "decimal",
                        "text": "Davon befristet",
                        "show_if": "B1 == 1",
                        "check": [{"rule": "D2 <= D1", "message": "Nicht mehr als alle"}],
                    },
                ],
            },
            {
                "id": "n",
                "title": "Zum Schluss",
                "questions": [
                    {"id": "N0", "type": "note", "text": "Fast geschafft."},
                    {"id": "N1", "type": "textarea", "text": "Anmerkungen"},
                    {"id": "N2", "type": "text", "text": "Ihr Name"},
                    {"id": "N3", "type": "date", "text": "Datum"},
                ],
            },
        ],
    }
    survey = [
        ["type", "name", "label", "hint", "required", "relevant", "constraint"]
        + ["constraint_message", "appearance"],
        ["begin_group", "b", "Stand der Sozialplanung", None, None, None, None, None, "field-list"],
        ["select_one ja_nein", "B1", "Gibt es eine Sozialplanung?", "Gemeint ist die Verwaltung."]
        + ["yes"],
        ["select_multiple fach or_other", "E1", "Welche Fachplanungen?"],
        ["integer", "D1", "Stellen insgesamt"],
        ["decimal", "D2", "Davon befristet", None, "no", "${B1} = '1'", ". <= ${D1}"]
        + ["Nicht mehr als alle"],
        ["end_group"],
        ["begin group", "n", "Zum Schluss"],
        ["note", "N0", "Fast geschafft."],
        ["text", "N1", "Anmerkungen", None, None, None, None, None, "multiline"],
        ["text", "N2", "Ihr Name"],
        ["date", "N3", "Datum"],
        ["end group"],
    ]
    from_yaml = load_questionnaire(yaml.safe_dump(source, allow_unicode=True))
    data = workbook(survey)

    uploaded = load_questionnaire(data)
    path = tmp_path / "fragebogen.xlsx"
    path.write_bytes(data)

    assert uploaded == from_yaml
    assert load_questionnaire(path) == from_yaml
    assert load_questionnaire(str(path)) == from_yaml
    assert load_xlsform(data) == from_yaml
    pinned = json.loads(json.dumps(uploaded.source))
    assert questionnaire_from_snapshot(pinned) == from_yaml


def test_groups_become_pages_and_questions_outside_groups_share_a_page():
    survey = [
        ["type", "name", "label", "hint", "relevant"],
        ["integer", "A1", "Einwohner"],
        ["integer", "A2", "Fläche"],
        ["begin_group", "b", "Planung", "Fragen zur Planung", "${A1} > 1000"],
        ["integer", "B1", "Seit wann?"],
        ["end_group"],
        ["text", "Z1", "Anmerkungen"],
    ]

    questionnaire = load_questionnaire(workbook(survey))

    assert [page.id for page in questionnaire.pages] == ["seite-1", "b", "seite-2"]
    first, planning, last = questionnaire.pages
    assert [q.id for q in first.questions] == ["A1", "A2"]
    assert str(first.title) == str(last.title) == "Kleine Umfrage"
    assert str(planning.title) == "Planung"
    assert str(planning.intro) == "Fragen zur Planung"
    assert planning.show_if.evaluate({"A1": 5000})
    assert not planning.show_if.evaluate({"A1": 10})


def test_relevant_becomes_a_condition_that_evaluates_as_in_xlsform():
    survey = [
        ["type", "name", "label", "relevant"],
        ["select_one ja_nein", "B1", "Sozialplanung?"],
        ["select_multiple fach", "E1", "Fachplanungen?"],
        ["integer", "D1", "Stellen", "${B1} = 1 or selected(${E1}, '3')"],
        ["integer", "D2", "Befristet", "not(${B1} != '1') and ${D1} >= 2"],
        ["text", "D3", "Warum?", "${D1} != '' and (selected(${B1}, '2') or ${D1} < 1)"],
    ]

    questionnaire = load_questionnaire(workbook(survey))

    d1 = questionnaire.question("D1").show_if
    assert d1.evaluate({"B1": 1})
    assert d1.evaluate({"B1": 2, "E1_3": 1})
    assert not d1.evaluate({"B1": 2, "E1_1": 1, "E1_3": 0})
    assert not d1.evaluate({})
    d2 = questionnaire.question("D2").show_if
    assert d2.evaluate({"B1": 1, "D1": 2})
    assert not d2.evaluate({"B1": 1, "D1": 1})
    d3 = questionnaire.question("D3").show_if
    assert d3.evaluate({"B1": 2, "D1": 4})
    assert d3.evaluate({"B1": 1, "D1": 0})
    assert not d3.evaluate({"B1": 1, "D1": 4})
    assert not d3.evaluate({"B1": 2})
    assert questionnaire.source["pages"][0]["questions"][2]["show_if"] == "B1 == 1 or 3 in E1"


def test_a_constraint_becomes_a_check_with_its_message_in_both_languages():
    survey = [
        ["type", "name", "label::Deutsch (de)", "label::English (en)", "constraint"]
        + ["constraint_message::Deutsch (de)", "constraint_message::English (en)"],
        ["integer", "D1", "Stellen insgesamt", "All posts"],
        ["integer", "D2", "Davon befristet", "Fixed-term", ". <= ${D1}"]
        + ["Nicht mehr als alle Stellen.", "No more than all posts."],
    ]

    question = load_questionnaire(workbook(survey)).question("D2")

    (check,) = question.checks
    assert check.rule == "D2 <= D1"
    assert check.message.get("de") == "Nicht mehr als alle Stellen."
    assert check.message.get("en") == "No more than all posts."
    assert failed_checks(question, {"D1": 3, "D2": 5}) == [check]
    assert failed_checks(question, {"D1": 3, "D2": 2}) == []


def test_or_other_adds_other_with_its_text_field():
    survey = [
        ["type", "name", "label", "relevant"],
        ["select_multiple fach or_other", "E1", "Fachplanungen?"],
        ["integer", "E2", "Wie viele andere?", "selected(${E1}, 'other')"],
    ]

    questionnaire = load_questionnaire(workbook(survey))

    e1 = questionnaire.question("E1")
    assert e1.other
    assert e1.variables() == ["E1_1", "E1_2", "E1_3", "E1_99", "E1_other"]
    assert questionnaire.question("E2").show_if.evaluate({"E1_99": 1})


def test_labels_hints_and_choices_in_several_languages():
    survey = [
        ["type", "name", "label::English (en)", "label::Deutsch (de)", "hint::Deutsch (de)"],
        ["select_one ja_nein", "B1", "Planning?", "Sozialplanung?", "Eine Antwort"],
    ]
    choices = [
        ["list_name", "name", "label::Deutsch (de)", "label::English (en)"],
        ["ja_nein", 1, "ja", "yes"],
        ["ja_nein", 2, "nein", "no"],
    ]
    settings = [
        ["form_id", "version", "form_title::Deutsch (de)", "form_title::English (en)"]
        + ["default_language"],
        ["sozial", 3, "Sozialplanung", "Social planning", "Deutsch (de)"],
    ]

    questionnaire = load_questionnaire(workbook(survey, choices, settings))

    assert questionnaire.languages == ("de", "en")
    assert questionnaire.version == "3"
    assert questionnaire.title.get("en") == "Social planning"
    question = questionnaire.question("B1")
    assert question.text.get("de") == "Sozialplanung?"
    assert question.text.get("en") == "Planning?"
    assert question.help.get("en") == "Eine Antwort"  # falls back to the default language
    assert [o.label.get("en") for o in question.options] == ["yes", "no"]


def test_a_plain_label_column_is_the_default_language():
    survey = [["type", "name", "label", "label::English (en)"], ["integer", "A1", "Zahl", "Number"]]
    settings = [["form_id", "version", "form_title", "default_language"], ["x", "1", "X", "de"]]

    question = load_questionnaire(workbook(survey, settings=settings)).question("A1")

    assert question.text.values == {"de": "Zahl", "en": "Number"}


def test_every_unsupported_feature_is_refused_by_name_and_row():
    survey = [
        ["type", "name", "label", "relevant", "constraint", "constraint_message", "choice_filter"]
        + ["repeat_count", "calculation"],
        ["integer", "A1", "Zahl"],
        ["geopoint", "ort", "Wo?"],
        ["calculate", "summe", None, None, None, None, None, None, "round(${A1}, 1)"],
        ["begin_repeat", "kinder", "Kinder", None, None, None, None, "${A1}"],
        ["integer", "alter", "Alter"],
        ["end_repeat"],
        ["select_one_from_file orte.csv", "O1", "Ort"],
        ["audio", "R1", "Aufnahme"],
        ["select_one ja_nein", "S1", "Auswahl", None, None, None, "${A1} > 2"],
        ["integer", "C1", "Wie viele?", "count-selected(${S1}) > 1"],
        ["text", "C2", "Kennung", None, "if(. = '1', 1, 0) = 1", "Nur Ziffern"],
        ["integer", "C3", "Noch eine", "${ort} = 1"],
        ["time", "T1", "Uhrzeit"],
        ["image", "F1", "Foto"],
        ["barcode", "F2", "Code"],
        ["note", "N1", "Sie sind ${A1} Jahre alt"],
    ]
    cannot = "kann das Webformular nicht fragen (möglich: text, integer, decimal, date, note, "
    cannot += "select_one, select_multiple, calculate, rank)"

    found = problems_of(workbook(survey))

    assert found == [
        f"survey[3].type: Typ „geopoint“ {cannot}",
        "survey[4].calculation: Die Funktion „round()“ wird nicht unterstützt "
        "(in „round(${A1}, 1)“)",
        "survey[5].repeat_count: Eine Wiederholung braucht eine feste Höchstzahl (repeat_count "
        "als Zahl oder die Spalte max) oder läuft über die gewählten Optionen einer "
        "Mehrfachauswahl (count-selected(${E1})); eine andere Anzahl aus einer Antwort wird "
        "nicht unterstützt",
        f"survey[8].type: Typ „select_one_from_file orte.csv“ {cannot}",
        f"survey[9].type: Typ „audio“ {cannot}",
        "survey[10].choice_filter: Unerwartet im Filter: „>“; erwartet wird „=“ oder „!=“ "
        "zwischen einer Spalte und einem Text oder einer früheren Antwort (in „${A1} > 2“)",
        "survey[11].relevant: count-selected() braucht eine Mehrfachauswahl (select_multiple) "
        "(in „count-selected(${S1}) > 1“)",
        "survey[12].constraint: Die Funktion „if()“ wird nicht unterstützt "
        "(in „if(. = '1', 1, 0) = 1“)",
        "survey[13].relevant: ${ort} ist eine Frage eines nicht unterstützten Typs und kann "
        "hier nicht vorkommen (in „${ort} = 1“)",
        f"survey[14].type: Typ „time“ {cannot}",
        f"survey[15].type: Typ „image“ {cannot}",
        f"survey[16].type: Typ „barcode“ {cannot}",
    ]


def test_an_answer_in_a_label_or_hint_is_piped_as_pyxform_reads_it():
    survey = [
        ["type", "name", "label::Deutsch (de)", "label::English (en)", "hint::Deutsch (de)"],
        ["begin_group", "a", "Start", "Start"],
        ["integer", "A1", "Alter", "Age"],
        ["select_one ja_nein", "B1", "Ja?", "Yes?"],
        ["text", "A2", "Sie sind ${A1} Jahre alt", "You are ${A1} years old", "Antwort: ${B1}"],
        ["end_group"],
    ]
    data = workbook(survey)
    form = pyxform_form(data)
    theirs = form["children"][0]["children"][2]
    assert theirs["label"]["Deutsch (de)"] == "Sie sind ${A1} Jahre alt"
    question = load_questionnaire(data).question("A2")
    assert question.text.values == {
        "de": "Sie sind {{A1}} Jahre alt",
        "en": "You are {{A1}} years old",
    }
    assert question.help is not None and question.help.values == {"de": "Antwort: {{B1}}"}


def test_an_answer_piped_into_a_choice_label_is_refused_by_its_row():
    choices = [*CHOICES, ["fach", 4, "Wie ${A1}"]]
    survey = [
        ["type", "name", "label"],
        ["integer", "A1", "Zahl"],
        ["select_one fach", "B1", "Fach"],
    ]
    found = problems_of(workbook(survey, choices=choices))
    assert found[0].startswith("choices[8].label: ${A1} kann hier nicht stehen"), found


def test_a_calculate_row_is_a_calculated_value_with_pyxform_s_formula():
    survey = [
        ["type", "name", "label", "calculation", "decimals", "show", "constraint"],
        ["begin_group", "d", "Personal"],
        ["integer", "D1", "VZÄ"],
        ["integer", "D2", "befristet"],
        ["calculate", "D3", "Anteil", "${D2} div ${D1} * 100", 1, "yes", ". <= 100"],
        ["calculate", "D4", None, "(${D1} - ${D2}) * 2"],
        ["integer", "D5", "Noch", None, None, None, ". <= ${D3}"],
        ["end_group"],
    ]
    data = workbook(survey)
    form = pyxform_form(data)
    theirs = {child["name"]: child for child in form["children"][0]["children"]}
    assert theirs["D3"]["type"] == theirs["D4"]["type"] == "calculate"
    assert theirs["D3"]["bind"]["calculate"] == "${D2} div ${D1} * 100"

    questionnaire = load_questionnaire(data)

    share = questionnaire.question("D3")
    assert (share.type, share.formula_text, share.decimals, share.show) == (
        "calculate",
        "D2 / D1 * 100",
        1,
        True,
    )
    assert share.text.values == {"de": "Anteil"}
    assert [check.condition for check in share.checks] != []
    twice = questionnaire.question("D4")
    assert (twice.formula_text, twice.text.values, twice.show) == (
        "(D1 - D2) * 2",
        {"de": "D4"},
        False,
    )


def test_if_in_a_calculation_chooses_between_two_numbers_as_in_odk():
    choices = [["list_name", "name", "label"], ["jn", "yes", "ja"], ["jn", "no", "nein"]]
    survey = [
        ["type", "name", "label", "calculation"],
        ["select_one jn", "B1", "Sozialplanung?"],
        ["integer", "D1", "VZÄ"],
        ["calculate", "D2", None, "if(${B1} = 'yes' and ${D1} > 0, ${D1} * 2, 0)"],
    ]
    data = workbook(survey, choices)
    theirs = pyxform_form(data)["children"][2]

    questionnaire = load_questionnaire(data)

    assert theirs["bind"]["calculate"] == "if(${B1} = 'yes' and ${D1} > 0, ${D1} * 2, 0)"
    assert questionnaire.question("D2").formula_text == "if(B1 == 1 and D1 > 0, D1 * 2, 0)"
    assert completed(questionnaire, {"B1": 1, "D1": 3})["D2"] == 6
    assert completed(questionnaire, {"B1": 2, "D1": 3})["D2"] == 0
    assert written_and_read_back(questionnaire)[1] == questionnaire


def test_if_with_text_results_or_in_a_condition_is_refused_by_its_row():
    survey = [
        ["type", "name", "label", "calculation", "relevant"],
        ["integer", "D1", "VZÄ"],
        ["calculate", "D2", None, "if(${D1} > 1, 'viel', 'wenig')"],
        ["integer", "D3", "Noch", None, "if(${D1} > 1, 1, 0) = 1"],
    ]

    assert problems_of(workbook(survey)) == [
        "survey[3].calculation: if() in einer Berechnung braucht in beiden Zweigen Zahlen oder "
        "Zahlenfragen; ein Text als Ergebnis wird nicht unterstützt (in „if(${D1} > 1, 'viel', "
        "'wenig')“)",
        "survey[4].relevant: Die Funktion „if()“ wird nicht unterstützt (in „if(${D1} > 1, 1, "
        "0) = 1“)",
    ]


def test_a_calculate_row_on_a_text_question_is_refused_by_its_row():
    survey = [
        ["type", "name", "label", "calculation"],
        ["text", "A1", "Name"],
        ["calculate", "A2", None, "${A1} + 1"],
    ]
    found = problems_of(workbook(survey))
    assert found[0].startswith("survey[3].calculation: ${A1} ist keine Zahlenfrage"), found
    empty = problems_of(workbook([*survey[:2], ["calculate", "A3", None, ""]]))
    assert empty == [
        "survey[3].calculation: Eine Zeile vom Typ calculate braucht eine Formel in der Spalte "
        "calculation"
    ]


def test_a_repeat_is_an_open_roster_with_pyxform_s_questions_and_count():
    survey = [
        ["type", "name", "label", "repeat_count", "max"],
        ["begin_group", "g", "Berichte"],
        ["begin_repeat", "G", "Welche Berichte?", 3],
        ["text", "titel", "Titel"],
        ["integer", "jahr", "Jahr"],
        ["end_repeat"],
        ["begin_repeat", "H", "Weitere", None, 5],
        ["date", "datum", "Datum"],
        ["end_repeat"],
        ["end_group"],
    ]
    data = workbook(survey)
    form = pyxform_form(data)
    theirs = [c for c in form["children"][0]["children"] if c["type"] == "repeat"]

    page = load_questionnaire(data).pages[0]

    assert [(q.id, q.type) for q in page.questions] == [(r["name"], "roster") for r in theirs]
    reports, more = page.questions
    assert [(q.id, q.type) for q in reports.roster] == [
        (c["name"], c["type"]) for c in theirs[0]["children"]
    ]
    assert (reports.roster_max, reports.roster_of, reports.text.values) == (
        3,
        None,
        {"de": "Welche Berichte?"},
    )
    assert (more.roster_max, [q.type for q in more.roster]) == (5, ["date"])


def test_a_repeat_over_the_options_ticked_is_a_roster_per_option():
    survey = [
        ["type", "name", "label", "repeat_count"],
        ["select_multiple fach", "E1", "Welche Fachplanungen?"],
        ["begin_repeat", "F", "Je Fachplanung", "count-selected(${E1})"],
        ["integer", "jahr", "Seit wann?"],
        ["end_repeat"],
    ]
    data = workbook(survey)
    theirs = pyxform_form(data)["children"]

    questionnaire = load_questionnaire(data)

    assert theirs[1]["bind"]["calculate"] == "count-selected(${E1})"
    roster = questionnaire.question("F")
    assert (roster.roster_of, roster.roster_max) == ("E1", None)
    assert [(item.id, item.text.get()) for item in roster.rows] == [
        ("1", "Jugendhilfe"),
        ("2", "Schule"),
        ("3", "Kita"),
    ]
    answers = completed(questionnaire, {"E1_1": 0, "E1_2": 1, "E1_3": 1, "F_2_jahr": 2010})
    assert (answers["F_1_jahr"], answers["F_2_jahr"], answers["F_3_jahr"]) == (-77, 2010, -88)
    assert "F_3_jahr" in [row["name"] for row in build_codebook(questionnaire)]
    counted = [*survey[:2], ["begin_repeat", "F", "Je", "${E1}"], *survey[3:5]]
    assert problems_of(workbook(counted))[0].startswith(
        "survey[3].repeat_count: Eine Wiederholung braucht eine feste Höchstzahl"
    )


def test_a_group_marked_as_grid_that_is_not_one_is_refused_by_its_rows():
    survey = [
        ["type", "name", "label", "grid", "required", "calculation"],
        ["begin_group", "D5", "Stellen", "integer"],
        ["integer", "D5_lose", "Keine Zeile"],
        ["begin_group", "D5_sozial", "Sozialplanung"],
        ["integer", "D5_sozial_eigen", "Eigenmittel", None, "yes"],
        ["integer", "andere", "ESF"],
        ["integer", "D5_sozial_land", "Land"],
        ["end_group"],
        ["calculate", "D5_doppelt", None, None, None, "${D5_sozial_land} * 2"],
        ["end_group"],
    ]

    assert problems_of(workbook(survey)) == [
        "survey[2].required: In einem Raster sind alle Zellen Pflicht oder keine (required je "
        "Zelle)",
        "survey[3].type: Ein Raster (Spalte grid) enthält nur Gruppen, eine je Zeile, namens "
        "D5_<Zeile>, und seine Summen",
        "survey[6].name: Eine Zelle des Rasters D5 heißt D5_sozial_<Spalte>, nicht andere",
        "survey[9].calculation: Im Raster D5 stehen als Berechnungen nur seine Summen (Spalte "
        "totals: keine), nicht D5_doppelt",
    ]


def test_a_question_in_a_repeat_with_its_own_condition_is_refused_by_its_row():
    survey = [
        ["type", "name", "label", "repeat_count", "relevant"],
        ["integer", "A1", "Zahl"],
        ["begin_repeat", "G", "Berichte", 3],
        ["integer", "jahr", "Jahr", None, "${A1} > 1"],
        ["end_repeat"],
    ]
    found = problems_of(workbook(survey))
    assert "survey[4].relevant: Fragen einer Wiederholung haben noch kein eigenes relevant" in found


def test_a_rank_row_is_a_ranking_of_pyxform_s_choices():
    survey = [["type", "name", "label", "ranks"], ["rank fach", "R1", "Rangfolge", 2]]
    data = workbook(survey)
    form = pyxform_form(data)
    theirs = form["children"][0]

    ranking = load_questionnaire(data).question("R1")

    assert (theirs["type"], ranking.type, ranking.ranks) == ("rank", "ranking", 2)
    assert [str(o.code) for o in ranking.options] == [c["name"] for c in theirs["choices"]]
    assert [o.label.get() for o in ranking.options] == [c["label"] for c in theirs["choices"]]


def test_a_group_in_a_group_becomes_a_sub_heading_whose_condition_its_questions_share():
    survey = [
        ["type", "name", "label", "appearance", "relevant", "constraint"],
        ["integer", "A0", "Vorab"],
        ["begin_group", "a", "Außen"],
        ["begin_group", "b", "Innen", None, "${A0} > 1"],
        ["integer", "A1", "Zahl", "thousands-sep"],
        ["end_group"],
        ["integer", "A3", "Ohne Meldung", None, None, ". > 0"],
        ["end_group"],
    ]

    reading = read_xlsform(workbook(survey))

    first, outer = reading.questionnaire.pages
    assert [q.id for q in first.questions] == ["A0"]
    assert [(q.id, q.type) for q in outer.questions] == [
        ("b", "note"),
        ("A1", "integer"),
        ("A3", "integer"),
    ]
    assert outer.questions[0].text.get() == "Innen"
    assert outer.questions[1].show_if is not None
    assert outer.questions[1].show_if.evaluate({"A0": 2})
    assert not outer.questions[1].show_if.evaluate({"A0": 1})
    assert outer.questions[2].show_if is None
    assert failed_checks(outer.questions[2], {"A3": 0})
    assert reading.summary == (
        "XLSForm gelesen (pyxform 4.5.0): 3 Fragen auf 2 Seiten. Nicht übernommen: "
        "Darstellung „thousands-sep“ (Zeile 5)."
    )


def test_a_default_where_the_format_has_none_is_refused_by_its_row_not_dropped():
    survey = [
        ["type", "name", "label", "default"],
        ["integer", "A1", "Einwohner"],
        ["note", "B1", "Danke", "1"],
    ]

    assert problems_of(workbook(survey)) == [
        "survey[3].default: Ein Vorgabewert (default „1“) ist hier nicht möglich: nur bei Fragen "
        "nach einer Zahl, einem Text, einem Datum, einer Auswahl oder ja/nein"
    ]


def test_a_fixed_choice_filter_gives_the_question_the_choices_it_keeps():
    choices = [
        ["list_name", "name", "label", "gruppe", "aktiv"],
        ["fach", "jh", "Jugendhilfe", "a", "ja"],
        ["fach", "sch", "Schule", "b", "ja"],
        ["fach", "kita", "Kita", "a", "nein"],
    ]
    survey = [
        ["type", "name", "label", "choice_filter", "relevant"],
        ["select_one fach", "S1", "Alle Fächer"],
        ["select_multiple fach", "S2", "Einige", "gruppe = 'a' and aktiv != 'nein' or gruppe='b'"],
        ["integer", "S3", "Seit wann?", None, "selected(${S2}, 'sch')"],
    ]

    reading = read_xlsform(workbook(survey, choices))

    questionnaire = reading.questionnaire
    assert [o.label.get() for o in questionnaire.question("S1").options] == [
        "Jugendhilfe",
        "Schule",
        "Kita",
    ]
    assert [(o.code, o.label.get()) for o in questionnaire.question("S2").options] == [
        (1, "Jugendhilfe"),
        (2, "Schule"),
    ]
    assert questionnaire.question("S3").show_if.evaluate({"S2_2": 1})
    assert "gruppe" not in reading.summary
    assert written_and_read_back(questionnaire)[1].question("S2") == questionnaire.question("S2")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("${S1} = gruppe", "${S1} hat keine Antwort mit dem Namen „a“"),
        ("${S1} = ${S1}", "Ein Filter vergleicht eine Antwort mit einer Spalte"),
        (". = 'a'", "„.“ ist in einem choice_filter die Frage selbst"),
        ("gruppe = a", "„a“ ist keine Spalte des Blatts choices (Spalten: gruppe, name)"),
        ("gruppe = 'z'", "Der Filter „gruppe = 'z'“ lässt keine Auswahl übrig"),
    ],
)
def test_a_choice_filter_that_cannot_be_worked_out_once_is_refused_by_its_row(written, message):
    choices = [["list_name", "name", "label", "gruppe"], ["fach", 1, "Jugendhilfe", "a"]]
    survey = [
        ["type", "name", "label", "choice_filter"],
        ["select_one fach", "S1", "Fach"],
        ["select_one fach", "S2", "Noch ein Fach", written],
    ]

    (problem,) = problems_of(workbook(survey, choices))

    assert problem.startswith(f"survey[3].choice_filter: {message}"), problem


def test_a_required_condition_is_refused_not_dropped():
    survey = [["type", "name", "label", "required"], ["integer", "A1", "Zahl", "${A1} > 1"]]

    assert problems_of(workbook(survey)) == [
        "survey[2].required: required erlaubt yes oder no, nicht „${A1} > 1“ (eine Pflicht "
        "unter einer Bedingung wird nicht unterstützt)"
    ]


def test_text_choice_names_get_codes_in_order_and_keep_their_names():
    choices = [
        ["list_name", "name", "label"],
        ["ja_nein", "yes", "ja"],
        ["ja_nein", "no", "nein"],
        ["ja_nein", "dont_know", "weiß nicht"],
    ]
    survey = [
        ["type", "name", "label", "relevant"],
        ["select one ja_nein", "B1", "Sozialplanung?"],
        ["integer", "B2", "Seit wann?", "selected(${B1}, 'yes')"],
        ["integer", "B3", "Warum nicht?", "${B1} = 'no'"],
        ["integer", "B4", "Wann?", "${B1} = 'vielleicht'"],
    ]

    found = problems_of(workbook(survey, choices))
    survey.pop()
    questionnaire = load_questionnaire(workbook(survey, choices))

    assert found == [
        "survey[5].relevant: ${B1} hat keine Antwort mit dem Namen „vielleicht“ "
        "(in „${B1} = 'vielleicht'“)"
    ]
    assert [(o.code, o.label.get()) for o in questionnaire.question("B1").options] == [
        (1, "ja"),
        (2, "nein"),
        (3, "weiß nicht"),
    ]
    assert [o["name"] for o in questionnaire.source["option_lists"]["ja_nein"]] == [
        "yes",
        "no",
        "dont_know",
    ]
    assert questionnaire.question("B2").show_if.evaluate({"B1": 1})
    assert questionnaire.question("B3").show_if.evaluate({"B1": 2})
    assert not questionnaire.question("B3").show_if.evaluate({"B1": 1})


def test_a_text_question_is_not_compared_with_less_than():
    survey = [
        ["type", "name", "label", "relevant"],
        ["text", "T1", "Wie viele?"],
        ["integer", "T2", "Mehr?", "${T1} > 5"],
    ]

    assert problems_of(workbook(survey)) == [
        "survey[3].relevant: ${T1} ist eine Textfrage: ODK vergleicht „>“ als Zahl, hier ginge "
        "es nach dem Alphabet; stellen Sie die Frage als integer oder decimal (in „${T1} > 5“)"
    ]


def test_the_yaml_rules_still_apply_and_point_at_the_excel_row():
    survey = [
        ["type", "name", "label::Deutsch (de)", "label::English (en)", "relevant"],
        ["select_one ja_nein", "B1", "Sozialplanung?", "Planning?", "${B2} = 1"],
        ["integer", "B2", "Seit wann?", "Since?", "${B1} = 7"],
        ["integer", "B3", None, "Only English"],
    ]
    choices = [
        ["list_name", "name", "label::Deutsch (de)"],
        ["ja_nein", 1, "ja"],
        ["ja_nein", 2, "nein"],
        ["ja_nein", "-77", "nicht"],
    ]
    settings = [["form_id", "version", "form_title"], ["Sozial Planung", "1", "Titel"]]

    found = problems_of(workbook(survey, choices, settings))

    assert found == [
        "survey[2].relevant: 'B2' steht erst weiter hinten (Seite seite-1); eine Bedingung darf "
        "nur Fragen auf früheren Seiten oder weiter oben auf derselben Seite nennen",
        "survey[3].relevant: ${B1} hat keine Antwort mit dem Namen „7“ (in „${B1} = 7“)",
        "survey[4].label: Die Fassung in der Standardsprache 'de' fehlt",
        "choices[4].name: Der Code -77 ist für 'nicht gestellt (Filter)' reserviert; -77 und "
        "-88 vergibt das System",
    ]


def test_without_settings_the_file_name_gives_the_id_and_the_check_says_so(tmp_path, runner):
    path = tmp_path / "Haushalt_Befragung.xlsx"
    survey = [
        ["type", "name", "label::English", "label::Deutsch (de)"],
        ["start", "start"],
        ["deviceid", "geraet"],
        ["integer", "A1", "How many?", "Wie viele?"],
    ]
    path.write_bytes(workbook(survey, choices=None, settings=None))

    reading = read_xlsform(path)
    checked = runner.invoke(args=["questionnaire", "check", str(path)])

    assert reading.questionnaire.id == "haushalt-befragung"
    assert reading.questionnaire.languages == ("en", "de")
    assert reading.questionnaire.question("A1").text.get("de") == "Wie viele?"
    assert reading.summary == (
        "XLSForm gelesen (pyxform 4.5.0): 1 Frage auf 1 Seite. Nicht übernommen: kein Blatt "
        "settings: Kennung aus dem Dateinamen, Fassung 1; Metadaten „start“ (Zeile 2); "
        "Metadaten „deviceid“ (Zeile 3)."
    )
    assert checked.exit_code == 0, checked.output
    assert reading.summary in checked.output


def test_a_missing_label_is_named_by_row():
    survey = [["type", "name", "label"], ["integer", "A2"]]

    assert problems_of(workbook(survey, choices=None, settings=None)) == [
        "survey[2].label: label fehlt: der Text der Frage"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04kaputt", "Die Datei ist beschädigt und kann nicht als .xlsx gelesen werden"),
        (b"\xd0\xcf\x11\xe0" + bytes(100), "Die Datei ist keine lesbare Excel-Arbeitsmappe"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(data, message):
    (problem,) = problems_of(data)
    assert problem.startswith(message)


def test_a_zip_that_is_no_workbook_and_a_workbook_without_survey_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hallo.txt", "kein Excel")
    other = openpyxl.Workbook()
    other.active.title = "Tabelle1"
    other.create_sheet("Tabelle2")
    sheet_only = io.BytesIO()
    other.save(sheet_only)

    assert problems_of(buffer.getvalue()) == [
        "Die Datei ist beschädigt und kann nicht als .xlsx gelesen werden"
    ]
    (problem,) = problems_of(sheet_only.getvalue())
    assert (
        problem
        == "survey: Die Arbeitsmappe hat kein Blatt „survey“: dort stehen in XLSForm die Fragen"
    )


def test_huge_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 20)  # the real 5000 make a slow test
    rows = [["type", "name", "label"]] + [["integer", f"Q{n}", "Zahl"] for n in range(21)]
    too_big = tmp_path / "riesig.xlsx"
    too_big.write_bytes(b"PK\x03\x04" + bytes(6 * 1024 * 1024))

    assert load_questionnaire(workbook(rows[:21])).question("Q19")
    assert problems_of(workbook(rows)) == [
        "Das Blatt survey hat zu viele gefüllte Zeilen (höchstens 20)"
    ]
    assert problems_of(too_big) == ["Die Datei ist zu groß (6.0 MB, höchstens 5 MB)"]
    assert problems_of(tmp_path / "fehlt.xlsx") == [
        f"Die Datei {tmp_path / 'fehlt.xlsx'} ist nicht gefunden"
    ]


def test_the_cli_checks_a_workbook(runner, tmp_path):
    good = tmp_path / "fragebogen.xlsx"
    good.write_bytes(workbook([["type", "name", "label"], ["integer", "A1", "Zahl"]]))
    bad = tmp_path / "kaputt.xlsx"
    bad.write_bytes(workbook([["type", "name", "label"], ["geopoint", "A1", "Ort"]]))

    ok = runner.invoke(args=["questionnaire", "check", str(good)])
    refused = runner.invoke(args=["questionnaire", "check", str(bad)])

    assert ok.exit_code == 0, ok.output
    assert "kleine-umfrage" in ok.output
    assert refused.exit_code == 1
    assert "survey[2].type: Typ „geopoint“ kann das Webformular nicht fragen" in refused.output


CASCADE_CHOICES = [
    ["list_name", "name", "label", "land"],
    ["land", "sn", "Sachsen", None],
    ["land", "th", "Thüringen", None],
    ["kreis", "erz", "Erzgebirgskreis", "sn"],
    ["kreis", "got", "Gotha", "th"],
    ["kreis", "ka", "keine Angabe", None],
]


def test_a_choice_filter_on_an_earlier_page_s_answer_gives_each_choice_its_condition():
    survey = [
        ["type", "name", "label", "choice_filter"],
        ["begin_group", "a", "Land"],
        ["select_one land", "L1", "Land"],
        ["end_group"],
        ["begin_group", "b", "Kreis"],
        ["select_one kreis", "K1", "Kreis", "land = ${L1} or name = 'ka'"],
        ["end_group"],
    ]

    questionnaire = load_questionnaire(workbook(survey, CASCADE_CHOICES))

    kreis = questionnaire.question("K1")
    assert [o.label.get() for o in kreis.options] == ["Erzgebirgskreis", "Gotha", "keine Angabe"]
    assert [o.code for o in kreis.offered_options({"L1": 2})] == [2, 3]
    assert [o.code for o in kreis.offered_options({"L1": 1})] == [1, 3]
    assert kreis.options[2].show_if is None
    assert completed(questionnaire, {"L1": 2, "K1": 1})["K1"] == NO_ANSWER


def test_a_choice_filtered_by_an_answer_of_its_group_moves_to_a_page_of_its_own():
    survey = [
        ["type", "name", "label", "choice_filter", "relevant"],
        ["select_one land", "L0", "Land (Vorfrage)"],
        ["begin_group", "a", "Land und Kreis", None, "${L0} = 'sn' or ${L0} = 'th'"],
        ["note", "N1", "Bitte prüfen Sie Land und Kreis."],
        ["select_one land", "L1", "Land"],
        ["select_one kreis", "K1", "Kreis", "land = ${L1}"],
        ["text", "K2", "Warum dieser Kreis?"],
        ["end_group"],
    ]

    pages = load_questionnaire(workbook(survey, CASCADE_CHOICES)).pages

    assert [(p.id, [q.id for q in p.questions]) for p in pages] == [
        ("seite-1", ["L0"]),
        ("a", ["N1", "L1"]),
        ("a-2", ["K1", "K2"]),
    ]
    assert pages[2].title == pages[1].title and pages[2].show_if == pages[1].show_if
    assert all(o.show_if is not None for o in pages[2].questions[0].options)


def test_a_problem_of_a_moved_question_still_names_its_row():
    survey = [
        ["type", "name", "label", "choice_filter", "constraint"],
        ["begin_group", "a", "Land und Kreis", None],
        ["select_one land", "L1", "Land"],
        ["select_one kreis", "K1", "Kreis", "land = ${L1}"],
        ["integer", "K2", "Einwohner", None, ". > ${K3}"],
        ["integer", "K3", "Einwohner 2020"],
        ["end_group"],
    ]

    found = problems_of(workbook(survey, CASCADE_CHOICES))

    assert found and all(problem.startswith("survey[5].constraint") for problem in found), found


def test_the_options_filters_are_written_as_a_choice_filter_and_read_back_the_same():
    survey = [
        ["type", "name", "label", "choice_filter"],
        ["begin_group", "a", "Land"],
        ["select_one land", "L1", "Land"],
        ["end_group"],
        ["begin_group", "b", "Kreis"],
        ["select_multiple kreis", "K1", "Kreise", "land = ${L1} or name = 'ka'"],
        ["end_group"],
    ]
    questionnaire = load_questionnaire(workbook(survey, CASCADE_CHOICES))

    data, back = written_and_read_back(questionnaire)

    assert back.question("K1") == questionnaire.question("K1")
    assert pyxform_form(data)["children"][1]["children"][0]["choice_filter"].startswith(
        "name = 'erz' and (${L1} = 'sn') or "
    )

"""What pyxform itself refuses reaches the researcher in German at its sheet and row, and a
problem is named once, however many options it was spread over; a language header without a
code is looked up among CLDR's names (all found in the real forms of xlsform/corpus)."""

from surveyapp.questionnaire.loading.xlsform import read_xlsform
from tests.questionnaire.loading.xlsforms import CHOICES, problems_of, workbook

SURVEY = [["type", "name", "label"], ["integer", "A1", "Wie viele?"]]


def test_a_row_named_meta_is_refused_at_its_row_in_german():
    survey = [*SURVEY, ["begin_group", "meta", "Verborgen"], ["text", "A2", "Text"], ["end_group"]]

    assert problems_of(workbook(survey)) == [
        "survey[3].name: Der Name „meta“ ist in XLSForm den Metadaten des Formulars vorbehalten "
        "(pyxform lässt ihn für keine Zeile zu); geben Sie der Zeile einen anderen Namen"
    ]


def test_a_choice_name_twice_in_a_list_and_a_row_without_name_are_refused_by_row():
    choices = [*CHOICES, ["fach", 2, "Schule, noch einmal"]]
    nameless = [*SURVEY, ["text", None, "Ohne Namen"]]

    assert problems_of(workbook(SURVEY, choices=choices)) == [
        "choices[8].name: Der Name kommt in dieser Liste (list_name) schon vor: die Optionen "
        "einer Liste brauchen verschiedene Namen"
    ]
    assert problems_of(workbook(nameless)) == [
        "survey[3].name: Die Zeile hat keinen Namen (Spalte name): jede Frage und jede Gruppe "
        "braucht einen"
    ]


def test_a_missing_type_column_and_two_spellings_of_one_column_are_named():
    no_type = [["name", "label"], ["A1", "Wie viele?"]]
    twice = [["type", "name", "label", "relevant", "bind:relevant"], ["integer", "A1", "Zahl"]]

    assert problems_of(workbook(no_type)) == [
        "survey[1]: Der Kopfzeile des Blatts survey fehlt die Spalte „type“ (die Kopfzeile ist "
        "die erste Zeile des Blatts)"
    ]
    assert problems_of(workbook(twice)) == [
        "survey[1]: Die Spalten „relevant“ und „bind:relevant“ meinen in XLSForm dieselbe "
        "Spalte: lassen Sie eine davon weg"
    ]


def test_a_note_without_name_is_pointed_at_by_its_row():
    survey = [
        ["type", "name", "label", "relevant"],
        ["integer", "A1", "Wie viele?"],
        ["note", None, "Danke", "${A1} > 0 and ${A1} < "],
    ]

    (problem,) = problems_of(workbook(survey))

    assert problem.startswith("survey[3].relevant: "), problem


def test_a_filter_refused_for_every_option_is_named_once():
    survey = [
        ["type", "name", "label", "choice_filter"],
        ["begin_group", "S", "Seite"],
        ["select_one fach", "L2", "Fach?", "land = ${L1}"],
        ["end_group"],
        ["begin_group", "T", "Später"],
        ["select_one ja_nein", "L1", "Land?"],
        ["end_group"],
    ]
    choices = [
        ["list_name", "name", "label", "land"],
        ["ja_nein", 1, "ja"],
        ["ja_nein", 2, "nein"],
        ["fach", 1, "Jugendhilfe", 1],
        ["fach", 2, "Schule", 1],
        ["fach", 3, "Kita", 2],
    ]

    found = problems_of(workbook(survey, choices=choices))

    assert len(found) == 1, found
    assert found[0].startswith("survey[3].choice_filter: Die Auswahl einer Option darf nur von")


def test_a_language_named_without_code_is_found_among_the_cldr_names():
    survey = [
        ["type", "name", "label::Tetun", "label::Tigrinya"],
        ["integer", "A1", "Hira?", "ክንደይ?"],
    ]
    unknown = [["type", "name", "label::Amtsdeutsch"], ["integer", "A1", "Wie viele?"]]

    reading = read_xlsform(workbook(survey))

    assert reading.questionnaire.source["pages"][0]["questions"][0]["text"] == {
        "tet": "Hira?",
        "ti": "ክንደይ?",
    }
    assert problems_of(workbook(unknown))[0].startswith(
        "survey[1]: Die Sprache „Amtsdeutsch“ hat keinen bekannten Sprachcode"
    )


def test_an_answer_piped_where_xlsform_cannot_show_it_is_refused_in_xlsform_words():
    choices = [["list_name", "name", "label"], ["namen", "a", "${A1}"], ["namen", "b", "B"]]
    in_option = [*SURVEY, ["select_one namen", "A2", "Welcher?"]]
    in_page = [*SURVEY, ["begin_group", "G", "Zu ${A1}"], ["integer", "A3", "Zahl"], ["end_group"]]
    where = (
        "kann hier nicht stehen: eine frühere Antwort lässt sich in label und hint einer "
        "Frage, in der constraint_message und im hint einer Gruppe einsetzen, nicht in Optionen "
        "und nicht im label einer Gruppe, die eine Seite ist"
    )

    assert problems_of(workbook(in_option, choices=choices)) == [
        f"choices[2].label: ${{A1}} {where}"
    ]
    assert problems_of(workbook(in_page)) == [f"survey[3].label: ${{A1}} {where}"]


def test_a_list_missing_from_choices_and_a_reference_to_no_row_are_named_by_row():
    no_list = [*SURVEY, ["select_one ja_nein_vielleicht", "A2", "Ja?"]]
    no_row = [["type", "name", "label", "calculation"], ["calculate", "A2", None, "${A9} * 2"]]

    assert problems_of(workbook(no_list)) == [
        "survey[3].type: Die Liste „ja_nein_vielleicht“ steht nicht im Blatt choices (Spalte "
        "list_name)"
    ]
    assert problems_of(workbook(no_row)) == [
        "survey[2].calculation: ${A9} nennt keine Zeile des Blatts survey: eine Bezugnahme "
        "braucht den Namen einer Frage"
    ]


def test_a_condition_on_a_metadata_row_says_the_row_is_not_taken_over():
    survey = [
        ["type", "name", "label", "relevant"],
        ["username", "benutzer"],
        ["integer", "A1", "Zahl", "${benutzer} != 'x'"],
    ]

    assert problems_of(workbook(survey)) == [
        "survey[3].relevant: ${benutzer} ist eine Zeile mit Metadaten, die ODK selbst festhält "
        "und die nicht übernommen wird: nichts kann hier von ihr abhängen (in „${benutzer} != "
        "'x'“)"
    ]


def test_after_a_page_of_metadata_only_a_problem_points_at_its_own_row():
    survey = [
        ["type", "name", "label"],
        ["start", "beginn"],
        ["begin_group", "G", "Seite"],
        ["integer", "A1", "Zahl"],
        ["integer", "A-2", "Zahl"],
        ["end_group"],
    ]

    (problem,) = problems_of(workbook(survey))

    assert problem.startswith("survey[5].name: Die Frage-ID 'A-2' ist ungültig"), problem


def test_a_condition_naming_a_question_whose_name_has_a_dot_says_so_in_xlsform_words():
    survey = [
        ["type", "name", "label", "relevant"],
        ["integer", "b2.1", "Zahl"],
        ["integer", "A2", "Zahl", "${b2.1} > 1"],
    ]

    assert problems_of(workbook(survey)) == [
        "survey[2].name: Die Frage-ID 'b2.1' ist ungültig: sie muss mit einem Buchstaben "
        "beginnen, dann Buchstaben, Ziffern oder '_'",
        "survey[3].relevant: ${b2.1} nennt eine Frage, deren Name hier nicht gilt (er muss mit "
        "einem Buchstaben beginnen, dann Buchstaben, Ziffern oder '_'; ein Punkt geht nicht) "
        "(in „${b2.1} > 1“)",
    ]


def test_a_header_written_twice_is_named_with_its_sheet():
    choices = [["list_name", "name", "label", "label"], ["fach", 1, "Jugendhilfe", "Jugend"]]

    assert problems_of(workbook(SURVEY, choices=choices)) == [
        "choices[1]: Die Spalte „label“ steht zweimal in der Kopfzeile: jede Spalte darf nur "
        "einmal vorkommen"
    ]

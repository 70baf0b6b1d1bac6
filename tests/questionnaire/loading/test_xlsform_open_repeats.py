"""Repeats as real forms write them (xlsform/corpus): most give no count at all, ODK then lets
the respondent add entries without end."""

from surveyapp.questionnaire.loading.schema.roster import MAX_ENTRIES
from surveyapp.questionnaire.loading.xlsform import read_xlsform
from tests.questionnaire.loading.xlsforms import problems_of, workbook


def test_a_repeat_without_count_is_an_open_roster_as_long_as_a_roster_may_be():
    survey = [
        ["type", "name", "label"],
        ["begin_repeat", "H", "Haushaltsmitglieder"],
        ["text", "vorname", "Vorname"],
        ["integer", "alter", "Alter"],
        ["end_repeat"],
    ]

    reading = read_xlsform(workbook(survey))

    roster = reading.questionnaire.question("H")
    assert (roster.roster_max, [q.id for q in roster.roster]) == (MAX_ENTRIES, ["vorname", "alter"])
    assert reading.summary.endswith(
        f"Nicht übernommen: Wiederholung ohne Höchstzahl: höchstens {MAX_ENTRIES} Einträge "
        "(Zeile 2)."
    )


def test_a_repeat_of_nothing_askable_is_refused_by_the_rows_that_cannot_be_asked():
    photos = [
        ["type", "name", "label"],
        ["integer", "A1", "Zahl"],
        ["begin_repeat", "F", "Fotos"],
        ["image", "foto", "Foto"],
        ["end_repeat"],
    ]
    empty = [*photos[:3], ["start", "beginn"], photos[4]]

    assert [p.split(" (")[0] for p in problems_of(workbook(photos))] == [
        "survey[4].type: Typ „image“ kann das Webformular nicht fragen"
    ]
    assert problems_of(workbook(empty)) == [
        "survey[3].type: Die Wiederholung enthält keine Frage, die das Webformular stellen kann"
    ]


def test_a_question_named_like_its_repeat_is_pointed_at_by_its_own_row():
    survey = [
        ["type", "name", "label"],
        ["begin_repeat", "ort", "Orte"],
        ["geopoint", "ort", "Ort"],
        ["text", "info", "Info"],
        ["end_repeat"],
    ]

    (problem,) = problems_of(workbook(survey))

    assert problem.startswith("survey[3].type: Typ „geopoint“ kann das Webformular nicht fragen")

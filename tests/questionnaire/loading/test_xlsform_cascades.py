"""Cascading selects as real forms write them (xlsform/corpus): outside groups, where ODK asks
each question on a screen of its own, with choice names repeated across a cascade, and with
XPath's constants."""

from surveyapp.questionnaire.loading.xlsform import read_xlsform
from tests.questionnaire.loading.xlsforms import SETTINGS, problems_of, workbook

CHOICES = [
    ["list_name", "name", "label", "land"],
    ["laender", "sn", "Sachsen"],
    ["laender", "by", "Bayern"],
    ["kreise", "l", "Leipzig", "sn"],
    ["kreise", "m", "München", "by"],
]
SURVEY = [
    ["type", "name", "label", "choice_filter"],
    ["select_one laender", "L1", "Land?"],
    ["select_one kreise", "L2", "Kreis?", "land = ${L1}"],
    ["integer", "L3", "Wie viele Einwohner?"],
]


def test_a_cascade_outside_groups_asks_the_filtered_question_on_the_next_page():
    reading = read_xlsform(workbook(SURVEY, choices=CHOICES))

    pages = reading.questionnaire.source["pages"]
    assert [(page["id"], [q["id"] for q in page["questions"]]) for page in pages] == [
        ("seite-1", ["L1"]),
        ("seite-2", ["L2", "L3"]),
    ]
    assert [(o["name"], o["show_if"]) for o in pages[1]["questions"][0]["options"]] == [
        ("l", "L1 == 1"),
        ("m", "L1 == 2"),
    ]


def test_a_choice_name_repeated_in_a_list_is_refused_at_its_second_row():
    choices = [*CHOICES, ["kreise", "l", "Landshut", "by"]]
    settings = [[*SETTINGS[0], "allow_choice_duplicates"], [*SETTINGS[1], "yes"]]

    assert problems_of(workbook(SURVEY, choices=choices, settings=settings)) == [
        "choices[6].name: Der Name „l“ steht in der Liste kreise schon in Zeile 4: ODK speichert "
        "für beide dieselbe Antwort, hier wären es zwei verschiedene; geben Sie jeder Option "
        "einer Liste einen eigenen Namen"
    ]


def test_true_and_false_in_a_filter_are_xpath_s_constants():
    header = ["type", "name", "label", "choice_filter"]

    def kept(choice_filter):
        row = ["select_one laender", "L1", "Land?", choice_filter]
        reading = read_xlsform(workbook([header, row], choices=CHOICES))
        return [
            o["name"] for o in reading.questionnaire.source["pages"][0]["questions"][0]["options"]
        ]

    assert kept("true()") == ["sn", "by"]
    assert kept("true() and not(name = 'by')") == ["sn"]
    assert problems_of(
        workbook([header, ["select_one laender", "L1", "Land?", "false()"]], choices=CHOICES)
    ) == ["survey[2].choice_filter: Der Filter „false()“ lässt keine Auswahl übrig"]

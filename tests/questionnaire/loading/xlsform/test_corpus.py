"""Real XLSForm files written by others (see corpus/README.md): each is read or refused by row.

For a form that is read, its pages, questions, types and option names are compared with
pyxform's own reading of the same file, so the translation cannot quietly drop or invent a
question.
"""

from pathlib import Path

import pytest

from surveyapp.questionnaire import QuestionnaireInvalid
from surveyapp.questionnaire.loading.xlsform import read_xlsform
from tests.questionnaire.loading.xlsforms import pyxform_form

CORPUS = Path(__file__).parent / "corpus"
ASKED = {
    "text": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "select one": "single",
    "select all that apply": "multiple",
}
ACCEPTED = [
    "choice_filter_test.xlsx",
    "extra_columns.xlsx",
    "field-list.xlsx",
    "specify_other.xlsx",
    "style_settings.xls",
    "table-list.xls",
    "text_and_integer.xlsx",
    "yes_or_no_question.xlsx",
]
REFUSED = {
    "calculate.xls": "survey[4].calculation: ${calculate_test_output} ist ein Hinweis (note) ohne "
    "Antwort",
    "gps.xls": "survey[2].type: Typ „gps“ kann das Webformular nicht fragen",
    "group.xlsx": "survey[4].type: Typ „phone number“ kann das Webformular nicht fragen",
    "or_other.xlsx": "survey[3].choice_filter: „yes“ ist keine Spalte des Blatts choices",
    "tutorial.xls": "survey[2].repeat_count: Eine Wiederholung braucht eine feste Höchstzahl",
    "widgets.xls": "survey[6].type: Typ „time“ kann das Webformular nicht fragen",
    "duplicate_columns.xlsx": "Die Datei ist kein gültiges XLSForm. pyxform meldet: Duplicate "
    "column header: label",
}


def test_the_corpus_is_small_and_every_file_is_listed():
    files = {path.name for path in CORPUS.glob("*.xls*")}
    assert files == set(ACCEPTED) | set(REFUSED)
    assert sum(path.stat().st_size for path in CORPUS.iterdir()) < 1024 * 1024


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_form_the_web_form_cannot_ask_is_refused_by_row(name):
    with pytest.raises(QuestionnaireInvalid) as caught:
        read_xlsform(CORPUS / name)

    messages = [str(problem) for problem in caught.value.problems]
    assert messages[0].startswith(REFUSED[name])
    assert not any("zu groß" in m or "zu viele" in m for m in messages)


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_form_that_is_read_agrees_with_pyxform(name):
    reading = read_xlsform(CORPUS / name)
    expected = _pyxform_questions(CORPUS / name)

    asked = {e[0] for e in expected}
    got = [
        (q.id, q.type, q.show_if is not None, bool(q.checks))
        for page in reading.questionnaire.pages
        for q in page.questions
        if not (q.type == "note" and q.id not in asked)
    ]
    assert got == [(i, t, relevant, constraint) for i, t, _, relevant, constraint in expected]
    source_names = {
        q["id"]: [o.get("name", str(o["code"])) for o in _options(reading, q)]
        for page in reading.questionnaire.source["pages"]
        for q in page["questions"]
        if "options" in q
    }
    for question, _, names, _, _ in expected:
        if names:
            assert source_names[question] == names
    assert reading.summary.startswith("XLSForm gelesen (pyxform 4.5.0): ")


def _options(reading, question):
    options = question["options"]
    if isinstance(options, str):
        return reading.questionnaire.source["option_lists"][options]
    return options


def _pyxform_questions(path):
    """The questions pyxform reads, in order, with their option names, whether a condition
    (their own or a nested group's) and a constraint apply (pyxform's `or_other` choice and
    its text question left out: the model adds "Sonstiges" itself)."""
    form = pyxform_form(path, path.stem)
    found = []

    def walk(children, inherited=False, top=True):
        names = {child.get("name") for child in children}
        for child in children:
            name = child.get("name", "")
            bind = child.get("bind", {})
            if child.get("type") == "group" and name != "meta":
                nested = inherited or (not top and bool(bind.get("relevant")))
                walk(child.get("children", ()), nested, top=False)
            elif child.get("type") in ASKED and not name.startswith("reserved_name_for_"):
                base = name.removesuffix("_other")
                if name.endswith("_other") and base in names:
                    continue
                choices = [c["name"] for c in child.get("choices", ()) if c["name"] != "other"]
                kind = ASKED[child["type"]]
                if kind == "text" and "multiline" in str(child.get("control", {})):
                    kind = "textarea"
                relevant = inherited or bool(bind.get("relevant"))
                found.append((name, kind, choices, relevant, bool(bind.get("constraint"))))

    walk(form["children"])
    return found

"""Real XLSForm files written by others (see corpus/README.md): each is read or refused by row.

For a form that is read, its pages, questions, types and option names are compared with
pyxform's own reading of the same file, so the translation cannot quietly drop or invent a
question.
"""

import re
from pathlib import Path

import pytest

from surveyapp.questionnaire import QuestionnaireInvalid
from surveyapp.questionnaire.loading.xlsform import read_xlsform
from tests.questionnaire.loading.xlsforms import pyxform_form

CORPUS = Path(__file__).parent / "corpus"
#: Where a problem is: a sheet's row (its cell), or a whole sheet that is missing.
PLACED = re.compile(r"^(survey|choices|settings|entities)(\[\d+\])?[.:]")
ASKED = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
    "select one": "single",
    "select all that apply": "multiple",
    "calculate": "calculate",
    "rank": "ranking",
}
ACCEPTED = [
    "cht-core-dynamic-url-widget.xlsx",
    "cht-core-repeat-translation-button.xlsx",
    "cht-core-repeat-translation-select.xlsx",
    "extra_columns.xlsx",
    "field-list.xlsx",
    "formpack-library-locking-example.xls",
    "formpack-library-locking-example.xlsx",
    "kpi-battery-life.xls",
    "kpi-form-with-unicode-in-relevant-column.xlsx",
    "kpi-mch-v1.xls",
    "kpi-name-survey.xls",
    "kpi-sample-accent.xlsx",
    "kpi-survey-names.xls",
    "onadata-age-decimal.xlsx",
    "onadata-battery-life.xlsx",
    "onadata-cascading.xlsx",
    "onadata-dhisform.xlsx",
    "onadata-hxl-example.xlsx",
    "onadata-hxl-test-hxl-example.xlsx",
    "onadata-infinity.xlsx",
    "onadata-multi-lingual-form.xlsx",
    "onadata-name-survey.xlsx",
    "onadata-sample-accent.xlsx",
    "onadata-survey-names.xlsx",
    "pyxform-allow-comment-rows-test.xls",
    "pyxform-badly-named-choices-sheet.xls",
    "pyxform-blank-second-row.xls",
    "pyxform-choice-name-same-as-select-name.xls",
    "pyxform-extra-columns.xls",
    "pyxform-extra-sheet-names.xlsx",
    "pyxform-ict-survey-fails.xls",
    "pyxform-spaces-in-choices-header.xls",
    "pyxform-specify-other.xls",
    "pyxform-survey-no-name.xlsx",
    "pyxform-text-and-integer.xls",
    "pyxform-xml-escaping.xls",
    "pyxform-yes-or-no-question.xls",
    "specify_other.xlsx",
    "style_settings.xls",
    "table-list.xls",
    "text_and_integer.xlsx",
    "yes_or_no_question.xlsx",
]
REFUSED = {
    "calculate.xls": "survey[4].calculation: ${calculate_test_output} ist ein Hinweis (note) ohne "
    "Antwort (in",
    "choice_filter_test.xlsx": "choices[6].name: Der Name „king“ steht in der Liste counties "
    "schon in Zeile 4: ODK speichert für",
    "cht-core-dates.xlsx": "survey[9].calculation: Die Funktion „cht:difference-in-days()“ wird "
    "nicht unterstützt (in",
    "cht-core-db-object-form.xlsx": "survey[2].relevant: Die Funktion „false()“ wird nicht "
    "unterstützt (in „false()“)",
    "cht-core-draw-widget.xlsx": "survey[3].type: Typ „image“ kann das Webformular nicht fragen "
    "(möglich: text, integer, decimal,",
    "cht-core-enketo-widgets-test.xlsx": "survey[18].relevant: XPath-Pfade („/…“) werden nicht "
    "unterstützt; nennen Sie Fragen als ${name} (in",
    "cht-core-file-upload.xlsx": "survey[4].type: Typ „image“ kann das Webformular nicht fragen "
    "(möglich: text, integer, decimal,",
    "cht-core-large-cha.xlsx": "survey[2].relevant: XPath-Pfade („/…“) werden nicht unterstützt; "
    "nennen Sie Fragen als ${name} (in",
    "cht-core-ngo-create.xlsx": "survey[52].name: Der Name „meta“ ist in XLSForm den Metadaten "
    "des Formulars vorbehalten (pyxform",
    "cht-core-person-create-2.xlsx": "survey[45].name: Der Name „meta“ ist in XLSForm den "
    "Metadaten des Formulars vorbehalten (pyxform",
    "cht-core-phone-widget.xlsx": "survey[3].type: Typ „tel“ kann das Webformular nicht fragen "
    "(möglich: text, integer, decimal, date,",
    "cht-core-repeat-translation-count.xlsx": "survey[6].repeat_count: Eine Wiederholung braucht "
    "eine feste Höchstzahl (repeat_count als Zahl oder",
    "cht-core-select-from-file.xlsx": "survey[3].type: Typ „select_one_from_file colors.xml“ kann "
    "das Webformular nicht fragen (möglich:",
    "cht-core-training-admin-welcome.xlsx": "survey[4].label: label fehlt: der Text der Frage",
    "duplicate_columns.xlsx": "survey[1]: Die Spalte „label“ steht zweimal in der Kopfzeile: jede "
    "Spalte darf nur einmal vorkommen",
    "gps.xls": "survey[2].type: Typ „gps“ kann das Webformular nicht fragen (möglich: text, "
    "integer, decimal, date,",
    "group.xlsx": "survey[4].type: Typ „phone number“ kann das Webformular nicht fragen (möglich: "
    "text, integer,",
    "kpi-alf54mbs5yrnqjwpklkdms.xlsx": "survey[2].type: Typ „audio“ kann das Webformular nicht "
    "fragen (möglich: text, integer, decimal,",
    "kpi-cascading-selects-new-cascading-select.xls": "choices[6].name: Der Name „king“ steht in "
    "der Liste counties schon in Zeile 4: ODK speichert für",
    "kpi-csv-export-double-repeat.xls": "survey[3].type: Eine Gruppe oder Wiederholung in einer "
    "Wiederholung wird nicht unterstützt",
    "kpi-enumerator-training-practice-survey.xls": "survey[11].type: Typ „photo“ kann das "
    "Webformular nicht fragen (möglich: text, integer, decimal,",
    "kpi-enumerator-weekly.xls": "survey[1]: Die Spalte „label“ steht zweimal in der Kopfzeile: "
    "jede Spalte darf nur einmal vorkommen",
    "kpi-exp.xlsx": "survey[13].type: Typ „image“ kann das Webformular nicht fragen (möglich: "
    "text, integer, decimal,",
    "kpi-gps.xls": "survey[2].type: Typ „geopoint“ kann das Webformular nicht fragen (möglich: "
    "text, integer, decimal,",
    "kpi-new-cascading-select.xls": "choices[6].name: Der Name „king“ steht in der Liste counties "
    "schon in Zeile 4: ODK speichert für",
    "kpi-repeat-child-name-matches-repeat.xls": "survey[3].type: Typ „geopoint“ kann das "
    "Webformular nicht fragen (möglich: text, integer, decimal,",
    "kpi-transportation-bad-id.xls": "survey[5].name: Die Zeile hat keinen Namen (Spalte name): "
    "jede Frage und jede Gruppe braucht einen",
    "kpi-transportation-export.xls": "survey[1]: Der Kopfzeile des Blatts survey fehlt die Spalte "
    "„type“ (die Kopfzeile ist die erste",
    "kpi-transportation-export.xlsx": "survey[1]: Der Kopfzeile des Blatts survey fehlt die "
    "Spalte „type“ (die Kopfzeile ist die erste",
    "kpi-transportation-mongo-transportation-with-dirty-mongo-ids.xls": "survey[3].name: Die "
    "Seiten-ID 'trans.port' ist ungültig: sie muss aus Buchstaben, Ziffern und '_'",
    "kpi-transportation-no-choices.xls": "choices: Das Blatt choices fehlt: Auswahlfragen "
    "(select_one, select_multiple) brauchen es, mit den",
    "kpi-transportation-updated.xls": "survey[4].name: Die Frage-ID "
    "'available_transportation_types_to_referral_facility' ist zu lang",
    "kpi-transportation-with-attachment.xls": "survey[4].name: Die Frage-ID "
    "'available_transportation_types_to_referral_facility' ist zu lang",
    "kpi-userone-with-dot-name-fields.xls": "survey[2].name: Die Frage-ID 'Q1.1' ist ungültig: "
    "sie muss mit einem Buchstaben beginnen, dann",
    "onadata-cascading-selects-duplicate-choice-form.xlsx": "choices[6].name: Der Name kommt in "
    "dieser Liste (list_name) schon vor: die Optionen einer Liste",
    "onadata-double-image-field-form-data.xlsx": "survey[1]: Der Kopfzeile des Blatts survey "
    "fehlt die Spalte „type“ (die Kopfzeile ist die erste",
    "onadata-double-image-form.xlsx": "survey[4].type: Typ „image“ kann das Webformular nicht "
    "fragen (möglich: text, integer, decimal,",
    "onadata-encrypted-form.xlsx": "survey[4].type: Typ „start-geopoint“ kann das Webformular "
    "nicht fragen (möglich: text, integer,",
    "onadata-enumerator-training-practice-survey.xlsx": "survey[11].type: Typ „photo“ kann das "
    "Webformular nicht fragen (möglich: text, integer, decimal,",
    "onadata-enumerator-weekly.xlsx": "survey[1]: Die Spalte „label“ steht zweimal in der "
    "Kopfzeile: jede Spalte darf nur einmal vorkommen",
    "onadata-external-choice-form-v3.xlsx": "survey[8].type: Typ „select_one_external kecamatan“ "
    "kann das Webformular nicht fragen (möglich:",
    "onadata-gps.xlsx": "survey[2].type: Typ „geopoint“ kann das Webformular nicht fragen "
    "(möglich: text, integer, decimal,",
    "onadata-group-names-must-be-unique.xlsx": "survey[2].name: Eine Wiederholung darf nicht "
    "„data“ heißen: so heißt in XLSForm die Wurzel des",
    "onadata-kml-export-double-repeat.xlsx": "survey[3].type: Eine Gruppe oder Wiederholung in "
    "einer Wiederholung wird nicht unterstützt",
    "onadata-mali-health.xlsx": "survey[14].name: Die Frage-ID 'location.longitude' ist ungültig: "
    "sie muss mit einem Buchstaben",
    "onadata-mch-v1.xlsx": "survey[17].type: Typ „Select one from source“ kann das Webformular "
    "nicht fragen (möglich: text,",
    "onadata-repeat-child-name-matches-repeat.xlsx": "survey[3].type: Typ „geopoint“ kann das "
    "Webformular nicht fragen (möglich: text, integer, decimal,",
    "onadata-select-one-choices-test.xlsx": "survey[11].name: Die Frage-ID 'Section_1.1' ist "
    "ungültig: sie muss mit einem Buchstaben beginnen,",
    "onadata-select-one-external.xlsx": "survey[3].type: Typ „select_one_external counties“ kann "
    "das Webformular nicht fragen (möglich:",
    "onadata-transportation-error-test-form.xlsx": "survey[5].calculation: Der Ausdruck endet zu "
    "früh: erwartet wird „)“ (in „if(${num}<1,0,1“)",
    "onadata-transportation-export.xlsx": "survey[1]: Der Kopfzeile des Blatts survey fehlt die "
    "Spalte „type“ (die Kopfzeile ist die erste",
    "onadata-transportation-id-starts-with-num.xlsx": "survey[4].name: Die Frage-ID "
    "'available_transportation_types_to_referral_facility' ist zu lang",
    "onadata-transportation-mongo-transportation-with-dirty-mongo-ids.xlsx": "survey[3].name: Die "
    "Seiten-ID 'trans.port' ist ungültig: sie muss aus Buchstaben, Ziffern und '_'",
    "onadata-transportation-no-choices.xlsx": "choices: Das Blatt choices fehlt: Auswahlfragen "
    "(select_one, select_multiple) brauchen es, mit den",
    "onadata-transportation-with-long-id-string.xlsx": "survey[4].name: Die Frage-ID "
    "'available_transportation_types_to_referral_facility' ist zu lang",
    "onadata-userone-with-dot-name-fields.xlsx": "survey[2].name: Die Frage-ID 'Q1.1' ist "
    "ungültig: sie muss mit einem Buchstaben beginnen, dann",
    "onadata-xlsx-output.xlsx": "survey[8].type: Typ „set form title“ kann das Webformular nicht "
    "fragen (möglich: text, integer,",
    "or_other.xlsx": "survey[3].choice_filter: „yes“ ist keine Spalte des Blatts choices "
    "(Spalten: name, pastel); ein",
    "osm-fieldwork-archived-cemeteries.xls": "survey[9].relevant: ${username} ist eine Zeile mit "
    "Metadaten, die ODK selbst festhält und die nicht",
    "osm-fieldwork-archived-entities-registration.xls": "survey[2].type: Typ "
    "„select_one_from_file features.csv“ kann das Webformular nicht fragen (möglich:",
    "osm-fieldwork-archived-health.xls": "survey[9].relevant: ${username} ist eine Zeile mit "
    "Metadaten, die ODK selbst festhält und die nicht",
    "osm-fieldwork-archived-highways.xls": "survey[9].type: Typ „start-geopoint“ kann das "
    "Webformular nicht fragen (möglich: text, integer,",
    "osm-fieldwork-archived-historical.xls": "survey[10].type: Typ „start-geopoint“ kann das "
    "Webformular nicht fragen (möglich: text, integer,",
    "osm-fieldwork-archived-hotspring.xls": "survey[21].type: Die Liste „amenity“ steht nicht im "
    "Blatt choices (Spalte list_name)",
    "osm-fieldwork-archived-landusage.xls": "survey[9].relevant: ${username} ist eine Zeile mit "
    "Metadaten, die ODK selbst festhält und die nicht",
    "osm-fieldwork-archived-nature.xls": "survey[9].relevant: ${username} ist eine Zeile mit "
    "Metadaten, die ODK selbst festhält und die nicht",
    "osm-fieldwork-archived-transportation.xls": "survey[9].relevant: ${username} ist eine Zeile "
    "mit Metadaten, die ODK selbst festhält und die nicht",
    "osm-fieldwork-archived-waste-collection.xlsx": "survey[12].default: „Fixme: I need this "
    "list“ ist keine Auswahl der Frage",
    "osm-fieldwork-buildings.xls": "survey[34].type: Die Liste „yes_no“ steht nicht im Blatt "
    "choices (Spalte list_name)",
    "osm-fieldwork-common-digitisation-fields.xls": "survey[3].type: Die Liste „yes_no“ steht "
    "nicht im Blatt choices (Spalte list_name)",
    "osm-fieldwork-common-mandatory-fields.xls": "survey[21].calculation: ${digitisation_correct} "
    "nennt keine Zeile des Blatts survey: eine",
    "osm-fieldwork-health.xls": "survey[8].type: Die Liste „yes_no“ steht nicht im Blatt choices "
    "(Spalte list_name)",
    "osm-fieldwork-test-form-for-mandatory-fields.xls": "entities[2].entity_id: ${existing} nennt "
    "keine Zeile des Blatts survey: eine Bezugnahme braucht den",
    "pyxform-attribute-columns-test.xlsx": "survey[6].hint: Die Fassung in der Standardsprache "
    "'en' fehlt",
    "pyxform-bad-calc.xlsx": "survey[2].calculation: Der Text in Anführungszeichen wird nicht "
    "geschlossen (in „because pyxform",
    "pyxform-calculate-without-calculation.xls": "survey[34].calculation: Eine Zeile vom Typ "
    "calculate braucht eine Formel in der Spalte calculation",
    "pyxform-cascading-select-test-equivalent.xls": "survey[5].calculation: "
    "${mylga_state_in_zone_1} ist keine Zahlenfrage (integer, decimal): damit",
    "pyxform-case-insensitivity.xls": "survey[3].type: Typ „select_one_external c1“ kann das "
    "Webformular nicht fragen (möglich: text,",
    "pyxform-choice-name-as-type.xls": "survey[3].type: Typ „select_one_external type“ kann das "
    "Webformular nicht fragen (möglich: text,",
    "pyxform-default-time-demo.xls": "survey[2].type: Typ „time“ kann das Webformular nicht "
    "fragen (möglich: text, integer, decimal,",
    "pyxform-flat-xlsform-test.xlsx": "survey[8].hint: Die Fassung in der Standardsprache 'en' "
    "fehlt",
    "pyxform-group-name-test.xls": "survey[3].name: Die Zeile hat keinen Namen (Spalte name): "
    "jede Frage und jede Gruppe braucht einen",
    "pyxform-group.xls": "survey[4].type: Typ „phone number“ kann das Webformular nicht fragen "
    "(möglich: text, integer,",
    "pyxform-hidden.xls": "survey[2].type: Typ „hidden“ kann das Webformular nicht fragen "
    "(möglich: text, integer, decimal,",
    "pyxform-include-json.xls": "survey[2].type: Typ „include“ kann das Webformular nicht fragen "
    "(möglich: text, integer, decimal,",
    "pyxform-loop.xls": "survey[3].type: Typ „begin loop over toilet_type“ kann das Webformular "
    "nicht fragen (möglich: text,",
    "pyxform-pull-data.xlsx": "survey[2].calculation: Die Funktion „pulldata()“ wird nicht "
    "unterstützt (in „pulldata('fruits',",
    "pyxform-repeat-date-test.xls": "survey[4].repeat_count: Eine Wiederholung braucht eine feste "
    "Höchstzahl (repeat_count als Zahl oder",
    "pyxform-simple-loop.xls": "survey[2].type: Typ „begin loop over my_columns“ kann das "
    "Webformular nicht fragen (möglich: text,",
    "pyxform-sms-info.xls": "survey[9].type: Typ „image“ kann das Webformular nicht fragen "
    "(möglich: text, integer, decimal,",
    "pyxform-ucl-biomass-plot-form.xlsx": "survey[16].type: Typ „select_one_from_file "
    "UCL_regions.csv“ kann das Webformular nicht fragen",
    "pyxform-unknown-question-type.xls": "survey[1]: Die Spalten „bind:relevant“ und „relevance“ "
    "meinen in XLSForm dieselbe Spalte: lassen",
    "pyxform-xl-date-ambiguous-v1.xlsx": "survey[6].default: Als Vorgabewert (default) passt ein "
    "Datum im Format JJJJ-MM-TT oder today, nicht",
    "pyxform-xl-date-ambiguous.xlsx": "survey[4].relevant: Der Ausdruck endet zu früh: erwartet "
    "wird ein Vergleich (=, !=, <, <=, >, >=)",
    "tutorial.xls": "survey[9].relevant: Fragen einer Wiederholung haben noch kein eigenes "
    "relevant",
    "widgets.xls": "survey[6].type: Typ „time“ kann das Webformular nicht fragen (möglich: text, "
    "integer, decimal,",
}


def test_the_corpus_is_small_and_every_file_is_listed():
    files = {path.name for path in CORPUS.glob("*.xls*")}
    assert files == set(ACCEPTED) | set(REFUSED)
    assert sum(path.stat().st_size for path in CORPUS.iterdir()) < 4 * 1024 * 1024


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_form_the_web_form_cannot_ask_is_refused_by_row(name):
    with pytest.raises(QuestionnaireInvalid) as caught:
        read_xlsform(CORPUS / name)

    messages = [str(problem) for problem in caught.value.problems]
    assert messages[0].startswith(REFUSED[name])
    assert not any("zu groß" in m or "zu viele" in m for m in messages)
    assert not any("pyxform meldet" in m or "pyxform bricht" in m for m in messages), messages
    assert len(messages) == len(set(messages))
    unplaced = [m for m in messages if not PLACED.match(m) and not m.startswith("… und ")]
    assert not unplaced, unplaced


@pytest.mark.parametrize("name", ACCEPTED)
def test_a_form_that_is_read_agrees_with_pyxform(name):
    reading = read_xlsform(CORPUS / name)
    expected = _pyxform_questions(CORPUS / name)

    asked = {e[0] for e in expected}
    got = [
        (f"{prefix}{q.id}", q.type, q.show_if is not None, bool(q.checks))
        for page in reading.questionnaire.pages
        for prefix, q in _with_roster_questions(page.questions, lambda q: (q.id, q.roster))
        if not (q.type == "note" and f"{prefix}{q.id}" not in asked)
    ]
    assert got == [(i, t, relevant, constraint) for i, t, _, relevant, constraint in expected]
    source_names = {
        f"{prefix}{q['id']}": [o.get("name", str(o["code"])) for o in _options(reading, q)]
        for page in reading.questionnaire.source["pages"]
        for prefix, q in _with_roster_questions(
            page["questions"], lambda q: (q["id"], q.get("questions"))
        )
        if "options" in q
    }
    for question, _, names, _, _ in expected:
        if names:
            assert source_names[question] == names
    filtered_on = {
        q["id"]: {
            word
            for o in _options(reading, q)
            for word in re.findall(r"[A-Za-z_][\w-]*", o.get("show_if", ""))
        }
        for page in reading.questionnaire.source["pages"]
        for q in page["questions"]
        if "options" in q
    }
    for question, answers in _pyxform_cascades(CORPUS / name).items():
        assert answers <= filtered_on[question], (question, answers)
    assert reading.summary.startswith("XLSForm gelesen (pyxform 4.5.0): ")


def _with_roster_questions(questions, parts):
    """Each question, and after a roster its own questions as `roster/question`."""
    for question in questions:
        yield "", question
        roster_id, inner = parts(question)
        for child in inner or ():
            yield f"{roster_id}/", child


def _options(reading, question):
    options = question["options"]
    if isinstance(options, str):
        return reading.questionnaire.source["option_lists"][options]
    return options


def _pyxform_cascades(path):
    """The answers each question's `choice_filter` names (a cascading select): its options
    must be shown by conditions on those answers."""
    found = {}

    def walk(children):
        for child in children:
            named = set(re.findall(r"\$\{([^}]+)\}", str(child.get("choice_filter", ""))))
            if named:
                found[child["name"]] = named
            walk(child.get("children", ()))

    walk(pyxform_form(path, path.stem)["children"])
    return found


def _pyxform_questions(path):
    """The questions pyxform reads, in order, with their option names, whether a condition
    (their own or a nested group's) and a constraint apply (pyxform's `or_other` choice and
    its text question left out: the model adds "Sonstiges" itself; a choice named `other` of
    a list without them is an ordinary option); a repeat is a roster, its questions named
    `roster/question`."""
    form = pyxform_form(path, path.stem)
    found = []

    def walk(children, inherited=False, top=True, prefix=""):
        names = {child.get("name") for child in children}
        counts = {
            count
            for child in children
            for count in re.findall(r"\$\{([^}]+)\}", str(child.get("control", {}).get("jr:count")))
        }
        for child in children:
            name = child.get("name", "")
            bind = child.get("bind", {})
            if child.get("type") == "group" and name != "meta":
                nested = inherited or (not top and bool(bind.get("relevant")))
                walk(child.get("children", ()), nested, top=False, prefix=prefix)
            elif child.get("type") == "repeat":
                relevant = inherited or bool(bind.get("relevant"))
                found.append((f"{prefix}{name}", "roster", [], relevant, False))
                walk(child.get("children", ()), top=False, prefix=f"{name}/")
            elif child.get("type") == "calculate" and name in counts:
                continue  # pyxform's own row for a repeat_count: the roster's count
            elif child.get("type") in ASKED and not name.startswith("reserved_name_for_"):
                base = name.removesuffix("_other")
                if name.endswith("_other") and base in names:
                    continue
                added = {"other"} if f"{name}_other" in names else set()
                choices = [c["name"] for c in child.get("choices", ()) if c["name"] not in added]
                kind = ASKED[child["type"]]
                if kind == "text" and "multiline" in str(child.get("control", {})):
                    kind = "textarea"
                relevant = inherited or bool(bind.get("relevant"))
                constraint = bool(bind.get("constraint"))
                found.append((f"{prefix}{name}", kind, choices, relevant, constraint))

    walk(form["children"])
    return found

"""Each question type: how it is rendered, what it accepts, and what it refuses in German."""

from __future__ import annotations

import re

from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN


def errors_of(outcome, field):
    return " ".join(outcome.errors.get(field, []))


def test_single_choice_is_a_fieldset_of_radios_with_the_question_as_legend(make_form, render):
    html = render(make_form())
    group = re.search(r'<fieldset[^>]*id="S1-group".*?</fieldset>', html, re.S).group(0)
    assert re.search(r"<legend[^>]*>Welche Funktion haben Sie\?", group)
    assert "(Pflichtfeld)" in group
    assert 'type="radio" id="S1-1" name="S1" value="1"' in group
    assert '<label class="kern-label" for="S1-m1">keine Angabe</label>' in group
    assert '<label class="kern-label" for="S1_other">Sonstiges, bitte angeben</label>' in group


def test_single_choice_stores_the_code_and_missing_options_count_as_answers(make_form):
    form = make_form({"S1": "-1", "X1_a": "1", "X1_b": "1"})
    assert form.validate(strict=True).errors.get("S1") is None
    assert form.values_to_save()["S1"] == -1


def test_required_single_choice_blocks_with_the_pflichtfeld_message(make_form):
    outcome = make_form({"X1_a": "1", "X1_b": "2"}).validate(strict=True)
    assert "Pflichtfeld" in errors_of(outcome, "S1")
    assert outcome.summary[0].anchor == "S1-1"


def test_required_is_not_checked_when_saving_in_between(make_form):
    assert make_form({}).validate(strict=False).ok


def test_other_needs_its_text_and_text_needs_the_option(make_form):
    chosen = make_form({"S1": "99", "X1_a": "1", "X1_b": "1"}).validate(strict=True)
    assert "bitte geben sie an" in errors_of(chosen, "S1_other").lower()
    typed = make_form({"S1": "1", "S1_other": "Stabsstelle"}).validate(strict=False)
    assert "Sonstiges" in errors_of(typed, "S1_other")
    form = make_form({"S1": "99", "S1_other": "Stabsstelle"})
    assert form.values_to_save()["S1_other"] == "Stabsstelle"
    assert make_form({"S1": "1"}).values_to_save()["S1_other"] == NOT_SHOWN


def test_a_tampered_choice_is_refused(make_form):
    outcome = make_form({"S1": "7"}).validate(strict=False)
    assert "angebotenen Antworten" in errors_of(outcome, "S1")


def test_multiple_choice_is_checkboxes_saying_several_answers_are_possible(make_form, render):
    html = render(make_form())
    group = re.search(r'<fieldset[^>]*id="M1-group".*?</fieldset>', html, re.S).group(0)
    assert "<legend" in group and "Mehrfachnennungen möglich" in group
    assert group.count('type="checkbox"') == 6  # with "Sonstiges"
    assert 'aria-describedby="M1-hint"' in group


def test_multiple_choice_makes_one_0_1_variable_per_option(make_form):
    values = make_form({"M1": ["1", "3"]}).values_to_save()
    assert (values["M1_1"], values["M1_2"], values["M1_3"], values["M1_9"]) == (1, 0, 1, 0)
    untouched = make_form({}).values_to_save()
    assert untouched["M1_1"] == NO_ANSWER


def test_multiple_choice_enforces_exclusive_and_min_max(make_form):
    exclusive = make_form({"M1": ["1", "9"]}).validate(strict=False)
    assert "„keine davon“ kann nicht zusammen" in errors_of(exclusive, "M1")
    assert "mindestens 2" in errors_of(make_form({"M1": ["1"]}).validate(strict=False), "M1")
    too_many = make_form({"M1": ["1", "2", "3", "4"]}).validate(strict=False)
    assert "höchstens 3" in errors_of(too_many, "M1")
    assert make_form({"M1": ["9"]}).validate(strict=False).ok


def test_matrix_is_a_table_with_header_cells_and_one_radio_group_per_row(make_form, render):
    html = render(make_form())
    table = re.search(r"<table.*?</table>", html, re.S).group(0)
    assert '<th scope="col"' in table and '<th scope="row"' in table
    assert 'name="X1_a"' in table and 'name="X1_b"' in table
    assert 'aria-labelledby="X1_a-label X1-col-1"' in table


def test_matrix_required_means_every_row(make_form):
    outcome = make_form({"S1": "1", "X1_a": "1"}).validate(strict=True)
    assert "jede Zeile" in errors_of(outcome, "X1")
    values = make_form({"X1_a": "2", "X1_b": "-1"}).values_to_save()
    assert (values["X1_a"], values["X1_b"]) == (2, -1)


def test_integer_accepts_grouping_and_refuses_out_of_range_in_german(make_form):
    assert make_form({"N1": "2019"}).values_to_save()["N1"] == 2019
    outcome = make_form({"N1": "1800"}).validate(strict=False)
    assert errors_of(outcome, "N1") == "Bitte geben Sie eine Zahl zwischen 1990 und 2030 ein."
    assert "ganze Zahl" in errors_of(make_form({"N1": "20,5"}).validate(strict=False), "N1")


def test_decimal_accepts_comma_and_point_and_shows_a_comma(make_form, render):
    assert make_form({"N2": "1,5"}).values_to_save()["N2"] == 1.5
    assert make_form({"N2": "1.5"}).values_to_save()["N2"] == 1.5
    assert "1 Nachkommastellen" in errors_of(make_form({"N2": "1,25"}).validate(False), "N2")
    assert "zwischen 0 und 20" in errors_of(make_form({"N2": "20,5"}).validate(False), "N2")
    assert "Zahl ein" in errors_of(make_form({"N2": "viel"}).validate(False), "N2")
    html = render(make_form(answers={"N2": 0.5}))
    assert 'id="N2" name="N2" value="0,5"' in html
    assert 'inputmode="decimal"' in html and ">VZÄ</span>" in html


def test_a_decimal_ambiguous_in_german_is_refused_with_how_to_write_it(make_form):
    outcome = make_form({"N2": "1.500"}).validate(False)
    assert errors_of(outcome, "N2") == (
        "„1.500“ ist nicht eindeutig. Schreiben Sie 1500 ohne Punkt, wenn Sie 1500 meinen, "
        "oder 1,500 mit Komma für eine Dezimalzahl."
    )
    assert make_form({"N2": "1.500"}).values_to_save()["N2"] != 1.5
    assert make_form({"N2": "1.50"}).values_to_save()["N2"] == 1.5


def test_what_was_typed_is_kept_when_it_is_refused(make_form, render):
    form = make_form({"N2": "zwei Komma fünf"})
    outcome = form.validate(strict=False)
    html = render(form, outcome)
    assert 'value="zwei Komma fünf"' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="N2-hint N2-error N2-unit"' in html


def test_text_max_length_gives_a_message_instead_of_cutting(make_form, render):
    outcome = make_form({"T1": "Sozialplanung"}).validate(strict=False)
    assert "höchstens 10 Zeichen (jetzt 13 Zeichen)" in errors_of(outcome, "T1")
    html = render(make_form())
    assert "maxlength" not in html
    assert re.search(r'<textarea[^>]*id="T2"', html)


def test_date_accepts_german_and_iso_and_is_shown_as_tt_mm_jjjj(make_form, render):
    assert make_form({"DT": "31.1.2024"}).values_to_save()["DT"] == "2024-01-31"
    assert make_form({"DT": "2024-01-31"}).values_to_save()["DT"] == "2024-01-31"
    assert "TT.MM.JJJJ" in errors_of(make_form({"DT": "31.02.2024"}).validate(False), "DT")
    outcome = make_form({"DT": "01.01.1999"}).validate(False)
    assert "zwischen 01.01.2000 und 31.12.2030" in errors_of(outcome, "DT")
    assert 'value="31.01.2024"' in render(make_form(answers={"DT": "2024-01-31"}))


def test_boolean_is_two_radios_ja_nein(make_form, render):
    html = render(make_form())
    assert '<label class="kern-label" for="B1-1">ja</label>' in html
    assert '<label class="kern-label" for="B1-0">nein</label>' in html
    assert make_form({"B1": "0"}).values_to_save()["B1"] == 0


def test_note_is_text_only(make_form, render):
    html = render(make_form())
    assert "Vielen Dank für diese Angaben." in html
    assert 'name="Z1"' not in html


def test_english_labels_come_from_the_questionnaire_and_messages_from_babel(
    form_app, make_form, render
):
    with form_app.app_context(), form_app.test_request_context("/?lang=en"):
        form = make_form({"N1": "1800"}, lang="en")
        outcome = form.validate(strict=False)
        html = render(form, outcome)
    assert "What is your role?" in html
    assert "Please enter a number between 1990 and 2030." in errors_of(outcome, "N1")
    # A label the questionnaire has only in German is marked as German (WCAG 3.1.2).
    assert '<span lang="de">Bildungsmanagement</span>' in html
    assert '<span lang="de">Social planning' not in html and ">Social planning</label>" in html


def test_each_type_says_how_to_answer_it_below_the_question(make_form, render):
    html = render(make_form())
    assert "Bitte wählen Sie 2 bis 3 Antworten." in html
    assert "Format: TT.MM.JJJJ, zum Beispiel 31.01.2024." in html
    assert "Dezimalzahlen mit Komma, zum Beispiel 1,5." in html
    assert "Höchstens 10 Zeichen." in html
    assert html.count("Dezimalzahlen mit Komma") == 1  # the integer question gets no such hint


def test_a_hint_the_questionnaires_own_help_already_gives_is_left_out(form_app):
    from surveyapp.forms import PageForm
    from surveyapp.questionnaire import load_questionnaire
    from surveyapp.respond.views import question_views

    questionnaire = load_questionnaire(
        'format: 1\nid: h\nversion: "1"\ntitle: "H"\npages:\n  - id: p\n    title: "P"\n'
        "    questions:\n"
        '      - {id: D1, type: date, text: "Stichtag", help: "Bitte als TT.MM.JJJJ."}\n'
        '      - {id: D2, type: date, text: "Beginn"}\n'
    )
    views = question_views(PageForm(questionnaire.pages[0], "de", {}, None))
    assert [view.extra_hints for view in views] == [
        [],
        ["Format: TT.MM.JJJJ, zum Beispiel 31.01.2024."],
    ]

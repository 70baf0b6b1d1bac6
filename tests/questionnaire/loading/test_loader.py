import json
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from surveyapp.questionnaire.loading import load_questionnaire, questionnaire_from_snapshot
from surveyapp.questionnaire.loading import yaml as yaml_reader
from surveyapp.questionnaire.loading.errors import MAX_PROBLEMS, Problem, QuestionnaireInvalid
from surveyapp.questionnaire.model import QuestionType, Required

EVERY_KEY = (Path(__file__).parents[1] / "every-key.yaml").read_text(encoding="utf-8")


def test_every_key_of_the_contract_is_accepted():
    text = EVERY_KEY
    q = load_questionnaire(text)
    assert q.languages == ("de", "en")
    assert q.version == "2019.1"
    assert "**vielen Dank**" in q.intro.get()
    b1 = q.question("B1")
    assert b1.required is Required.HARD
    assert b1.help.get() == "Hilfe"
    assert b1.text.get("en") == "Is there social planning?"
    assert [o.code for o in b1.options] == [1, 2, 3, 98]
    assert b1.options[-1].is_other and b1.options[-1].label.get("en") == "Other"
    assert q.question("B2").required is Required.SOFT
    assert q.question("B2").min == 1990
    e1 = q.question("E1")
    assert [o.code for o in e1.options] == [1, 2, 9, 99, -1]
    assert e1.exclusive == (9, -1)
    assert (e1.min_choices, e1.max_choices) == (1, 3)
    assert q.question("C1").option_list == "zustimmung4"
    d1 = q.question("D1")
    assert (d1.min, d1.max, d1.decimals, d1.unit.get()) == (0, Decimal("99.5"), 1, "VZÄ")
    assert [c.soft for c in q.question("D2").checks] == [False, True]
    assert q.question("N1").max_length == 80
    assert q.question("N2").max_length == 5000
    assert q.question("A3").min == date(2019, 1, 1)
    assert q.question("A3").max == date(2030, 12, 31)
    assert q.question("K1").type is QuestionType.BOOLEAN
    assert q.question("H0").variables() == []
    assert q.variables() == [
        "B1", "B1_other", "B2", "E1_1", "E1_2", "E1_9", "E1_99", "E1_m1", "E1_other",
        "C1_a", "C1_b", "D1", "D2", "N1", "N2", "A3", "K1",
    ]  # fmt: skip


def test_question_lines_point_into_the_file():
    text = EVERY_KEY
    q = load_questionnaire(text)
    lines = text.splitlines()
    assert lines[q.question("B1").line - 1].strip() == "- id: B1"
    assert lines[q.page("c").line - 1].strip() == "- id: c"


def test_snapshot_survives_a_json_round_trip_unchanged():
    text = EVERY_KEY
    q = load_questionnaire(text)
    stored = json.loads(json.dumps(q.source))
    again = questionnaire_from_snapshot(stored)
    assert again == q
    assert again.pages[1].show_if.evaluate({"B1": 1, "B2": 2000})


def test_a_file_path_given_as_text_or_path_is_read(tmp_path, small):
    path = tmp_path / "umfrage.yaml"
    path.write_text(yaml.safe_dump(small, allow_unicode=True), encoding="utf-8")
    assert load_questionnaire(path).id == "kleine-umfrage"
    assert load_questionnaire(str(path)).id == "kleine-umfrage"
    assert load_questionnaire(path.read_bytes()).id == "kleine-umfrage"


def test_a_missing_file_is_reported_not_parsed_as_yaml(tmp_path):
    with pytest.raises(QuestionnaireInvalid, match="nicht gefunden"):
        load_questionnaire(str(tmp_path / "fehlt.yaml"))


def test_conditions_in_a_loaded_file_know_the_questions_they_name(small):
    small["pages"][1]["show_if"] = "answered(E1)"
    q = load_questionnaire(yaml.safe_dump(small))
    condition = q.page("b").show_if
    assert not condition.evaluate({"E1_1": 0, "E1_2": 0, "E1_m2": 0})
    assert condition.evaluate({"E1_1": 0, "E1_2": 0, "E1_m2": 1})


def test_problem_reads_location_message_and_line():
    problem = Problem("pages[2].questions[0].options", "Optionen fehlen", 12)
    assert str(problem) == "pages[2].questions[0].options: Optionen fehlen (Zeile 12)"
    assert str(Problem("", "Leer")) == "Leer"
    error = QuestionnaireInvalid([problem, Problem("id", "falsch")])
    assert str(error).splitlines()[1:] == [f"- {problem}", "- id: falsch"]


def test_researcher_sees_every_error_at_once_with_location_and_line(problems):
    text = textwrap.dedent(
        """\
        format: 1
        id: drei-fehler
        version: "1"
        title: Drei Fehler
        pages:
          - id: a
            title: A
            questions:
              - id: B1
                type: single
                text: Frage
                options:
                  - {code: 1, label: ja}
                  - {code: 1, label: nein}
              - id: B2
                type: integer
                text: Jahr
                min: 2030
                max: 1990
              - id: B3
                type: text
                text: Name
                colour: red
        """
    )
    found = problems(text)
    assert [(p.location, p.line) for p in found] == [
        ("pages[0].questions[0].options[1].code", 14),
        ("pages[0].questions[1].min", 18),
        ("pages[0].questions[2].colour", 23),
    ]
    assert "doppelt" in found[0].message
    assert "größer" in found[1].message
    assert "colour" in found[2].message and "max_length" in found[2].message


def only(found):
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- 1\n- 2\n", "Zuordnung"),
        ("nur text", "Zuordnung"),
        ("", "Zuordnung"),
        ("a: [1, 2\n", "kein gültiges YAML"),
        ("a: !!python/object/apply:os.system ['echo x']\n", "nicht erlaubt"),
    ],
)
def test_files_that_are_not_a_questionnaire_mapping_are_refused(problems, text, message):
    assert message in only(problems(text)).message


def test_unknown_keys_are_errors_naming_the_allowed_keys(problems, small):
    small["pages"][0]["questions"][0]["colour"] = "rot"
    problem = only(problems(small))
    assert problem.location == "pages[0].questions[0].colour"
    assert "options, other, other_code" in problem.message


def test_a_key_of_another_question_type_says_where_it_belongs(problems, small):
    small["pages"][0]["questions"][0]["items"] = [{"id": "a", "text": "x"}]
    problem = only(problems(small))
    assert problem.location == "pages[0].questions[0].items"
    assert "nur bei matrix" in problem.message


def test_duplicate_keys_in_yaml_are_not_silently_overwritten(problems):
    text = "format: 1\nformat: 1\n"
    found = problems(text)
    assert any(p.location == "format" and p.line == 2 and "doppelt" in p.message for p in found)


def test_duplicate_page_ids_are_refused(problems, small):
    small["pages"][1]["id"] = "a"
    assert only(problems(small)).location == "pages[1].id"


def test_duplicate_question_ids_are_refused(problems, small):
    small["pages"][1]["questions"][1]["id"] = "B1"
    problem = only(problems(small))
    assert problem.location == "pages[1].questions[1].id"
    assert "pages[0].questions[0]" in problem.message


def test_a_question_named_like_an_option_variable_collides(problems, small):
    small["pages"][1]["questions"][1]["id"] = "E1_1"
    problem = only(problems(small))
    assert problem.location == "pages[1].questions[1]"
    assert "E1_1" in problem.message and "Mehrfachauswahl E1" in problem.message


def test_variable_names_differing_only_in_case_collide(problems, small):
    small["pages"][1]["questions"][1]["id"] = "b1"
    assert "b1" in only(problems(small)).message


def test_generated_variable_names_longer_than_64_are_refused(problems, small):
    question = small["pages"][1]["questions"][0]
    question["id"] = "C" * 32
    question["items"][0]["id"] = "x" * 32
    assert "zu lang" in only(problems(small)).message


@pytest.mark.parametrize("code", [-77, -88])
def test_option_codes_may_not_be_system_codes(problems, small, code):
    small["pages"][0]["questions"][0]["options"][0]["code"] = code
    problem = only(problems(small))
    assert problem.location == "pages[0].questions[0].options[0].code"
    assert "reserviert" in problem.message


def test_duplicate_option_codes_are_refused(problems, small):
    small["option_lists"]["zustimmung"][1]["code"] = 1
    assert only(problems(small)).location == "option_lists.zustimmung[1].code"


def test_other_code_colliding_with_an_option_is_refused(problems, small):
    small["pages"][0]["questions"][1]["other_code"] = 2
    assert only(problems(small)).location == "pages[0].questions[1].other_code"


@pytest.mark.parametrize(
    ("question_id", "message"),
    [
        ("1B", "Buchstaben beginnen"),
        ("B-1", "Buchstaben beginnen"),
        ("B" * 33, "zu lang"),
        ("and", "Bedingungssprache"),
        (12, "ungültig"),
    ],
)
def test_question_ids_must_follow_the_naming_rule(problems, small, question_id, message):
    small["pages"][0]["questions"][0]["id"] = question_id
    small["pages"][1]["show_if"] = "1 in E1"
    problem = only(problems(small))
    assert problem.location == "pages[0].questions[0].id"
    assert message in problem.message


@pytest.mark.parametrize("value", ["Sozial_Planung", "ÄÖÜ", "", 7])
def test_questionnaire_id_is_lowercase_letters_digits_and_dashes(problems, small, value):
    small["id"] = value
    assert only(problems(small)).location == "id"


@pytest.mark.parametrize("value", [2, "1", True])
def test_format_must_be_one(problems, small, value):
    small["format"] = value
    assert only(problems(small)).location == "format"


def test_an_unquoted_decimal_version_gets_a_hint(problems, small):
    small["version"] = 2019.1
    assert "Anführungszeichen" in only(problems(small)).message


def test_unknown_option_list_names_the_known_lists(problems, small):
    small["pages"][1]["questions"][0]["options"] = "zustimmung5"
    problem = only(problems(small))
    assert problem.location == "pages[1].questions[0].options"
    assert "zustimmung" in problem.message


@pytest.mark.parametrize(("low", "high"), [(10, 5), (2, 1)])
def test_min_above_max_is_refused(problems, small, low, high):
    small["pages"][1]["questions"][1].update({"min": low, "max": high})
    assert only(problems(small)).location == "pages[1].questions[1].min"


def test_min_choices_above_max_choices_is_refused(problems, small):
    small["pages"][0]["questions"][1].update({"min_choices": 3, "max_choices": 2})
    assert only(problems(small)).location == "pages[0].questions[1].min_choices"


def test_exclusive_codes_must_be_options(problems, small):
    small["pages"][0]["questions"][1]["exclusive"] = [-2, 7]
    problem = only(problems(small))
    assert problem.location == "pages[0].questions[1].exclusive[1]"
    assert "Codes: 1, 2, 99, -2" in problem.message


@pytest.mark.parametrize("value", ["yes please", 1, "hard", None])
def test_required_is_true_false_or_soft(problems, small, value):
    small["pages"][0]["questions"][0]["required"] = value
    problem = only(problems(small))
    assert problem.location == "pages[0].questions[0].required"
    assert "true, false oder soft" in problem.message


def test_a_language_used_but_not_declared_is_refused(problems, small):
    small["pages"][0]["title"] = {"de": "Start", "fr": "Début"}
    problem = only(problems(small))
    assert problem.location == "pages[0].title.fr"
    assert "de, en" in problem.message


def test_a_translated_text_needs_the_default_language(problems, small):
    small["pages"][0]["title"] = {"en": "Start"}
    assert "Standardsprache 'de'" in only(problems(small)).message


def test_an_unknown_question_type_lists_the_types(problems, small):
    small["pages"][0]["questions"][0]["type"] = "radio"
    assert "single, multiple, matrix" in only(problems(small)).message


def test_missing_required_keys_are_named(problems, small):
    del small["pages"][1]["questions"][0]["items"]
    problem = only(problems(small))
    assert problem.location == "pages[1].questions[0]"
    assert "'items' fehlt" in problem.message


def test_a_condition_that_is_code_is_a_syntax_error_in_the_file(problems, small):
    small["pages"][1]["show_if"] = "__import__('os').system('x')"
    problem = only(problems(small))
    assert problem.location == "pages[1].show_if"
    assert "Unerwartetes Zeichen" in problem.message


def test_a_very_long_condition_is_refused(problems, small):
    small["pages"][1]["show_if"] = " or ".join(["B1 == 1"] * 400)
    assert "zu lang" in only(problems(small)).message


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("B9 == 1", "Unbekannte Frage oder Variable 'B9'"),
        ("b1 == 1", "meinten Sie B1"),
        ("C1_a == 1", "erst weiter hinten"),
        ("answered(D1)", "erst weiter hinten"),
        ("3 in E1", "keine Option mit Code 3"),
        ("1 in B1", "nur bei Mehrfachauswahl"),
        ("E1 == 1", "Mehrfachauswahl"),
        ("B1 == 4", "kennt den Wert 4"),
        ("E1_1 == 2", "kennt den Wert 2"),
        ("B1 == 'ja'", "ohne Anführungszeichen"),
        ("E1_other == 1", "Textantwort"),
    ],
)
def test_conditions_may_only_name_earlier_questions_the_right_way(
    problems, small, condition, message
):
    small["pages"][1]["show_if"] = condition
    problem = only(problems(small))
    assert problem.location == "pages[1].show_if"
    assert message in problem.message


def test_a_question_cannot_be_filtered_by_its_own_answer(problems, small):
    small["pages"][0]["questions"][0]["show_if"] = "B1 == 1"
    assert "eigenen Antwort" in only(problems(small)).message


def test_a_question_may_be_filtered_by_an_earlier_question_on_its_page(small):
    small["pages"][0]["questions"][1]["show_if"] = "B1 == 1"
    load_questionnaire(yaml.safe_dump(small))


def test_a_check_may_name_its_own_question_but_not_a_later_one(problems, small):
    questions = small["pages"][1]["questions"]
    questions[1]["check"] = [{"rule": "D1 >= 0 and C1_a != 2", "message": "ok"}]
    load_questionnaire(yaml.safe_dump(small))
    questions[0]["check"] = [{"rule": "D1 >= 0", "message": "zu früh"}]
    problem = only(problems(small))
    assert problem.location == "pages[1].questions[0].check[0].rule"


def test_matrix_items_must_exist(problems, small):
    small["pages"][1]["questions"][1]["show_if"] = "C1_z == 1"
    assert "C1_z" in only(problems(small)).message


def test_file_over_two_megabytes_is_refused_before_parsing():
    text = "a: " + "x" * (3 * 1024 * 1024)
    with pytest.raises(QuestionnaireInvalid, match="zu groß"):
        load_questionnaire(text)
    with pytest.raises(QuestionnaireInvalid, match="zu groß"):
        load_questionnaire(text.encode())


def test_big_file_on_disk_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "gross.yaml"
    path.write_bytes(b"#" * (3 * 1024 * 1024))
    with pytest.raises(QuestionnaireInvalid, match="zu groß"):
        load_questionnaire(path)


@pytest.fixture(params=["libyaml", "python"])
def yaml_engine(request, monkeypatch):
    """Hostile input must be refused with and without the C parser installed."""
    if request.param == "python":
        monkeypatch.setattr(yaml_reader, "_FAST_LOADER", None)
    return request.param


def test_deeply_nested_yaml_is_refused(yaml_engine):
    text = "a: " + "[" * 200 + "]" * 200
    with pytest.raises(QuestionnaireInvalid, match="verschachtelt"):
        load_questionnaire(text)


def test_billion_laughs_aliases_are_refused(yaml_engine):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    with pytest.raises(QuestionnaireInvalid, match="Aliase") as caught:
        load_questionnaire("\n".join(lines))
    assert caught.value.problems[0].line == 2


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(QuestionnaireInvalid, match="UTF-8"):
        load_questionnaire("title: Gr\xfc\xdfe\n".encode("latin-1"))


def test_a_snapshot_that_is_not_json_is_refused(small):
    small["pages"][0]["title"] = {1, 2}
    with pytest.raises(QuestionnaireInvalid, match="JSON"):
        questionnaire_from_snapshot(small)


def test_yaml_booleans_in_a_text_get_a_quoting_hint(problems, small):
    small["pages"][0]["questions"][0]["options"][0]["label"] = True
    assert "Anführungszeichen" in only(problems(small)).message


def test_a_file_with_thousands_of_errors_lists_the_first_hundred(problems):
    found = problems("".join(f"x{i}: 1\n" for i in range(5000)))
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].message.startswith("… und")


def test_deep_nesting_in_a_flow_list_is_refused_quickly(yaml_engine):
    with pytest.raises(QuestionnaireInvalid):
        load_questionnaire("a: " + "[" * 100_000)


def test_python_tags_are_refused_by_both_engines(problems, yaml_engine):
    found = problems("a: !!python/object/apply:os.system ['echo x']\n")
    assert "nicht erlaubt" in only(found).message


def test_a_rule_comparing_text_with_a_number_is_refused(problems, small):
    small["pages"][1]["questions"][1]["check"] = [{"rule": "D1 > E1_other", "message": "x"}]
    problem = only(problems(small))
    assert problem.location == "pages[1].questions[1].check[0].rule"
    assert "Textantwort mit einer Zahl" in problem.message


def test_an_option_s_filter_offers_it_by_an_earlier_page_s_answer():
    e1 = load_questionnaire(EVERY_KEY).question("E1")
    assert [o.code for o in e1.offered_options({"B1": 1})] == [1, 2, 9, 99, -1]
    assert [o.code for o in e1.offered_options({"B1": 2})] == [1, 9, 99, -1]


def test_an_option_s_filter_on_the_same_page_is_refused_with_the_reason(problems, small):
    small["pages"][0]["questions"][1]["options"][1]["show_if"] = "B1 == 1"
    problem = only(problems(small))
    assert problem.location == "pages[0].questions[1].options[1].show_if"
    assert "nur von Antworten auf früheren Seiten abhängen" in problem.message
    assert "'B1' steht auf derselben oder einer späteren Seite (a)" in problem.message


def test_a_filter_on_the_options_of_a_scale_is_refused(problems, small):
    small["pages"][1]["questions"][0]["options"] = [
        {"code": 1, "label": "eng", "show_if": "B1 == 1"},
        {"code": 2, "label": "lose"},
    ]
    problem = only(problems(small))
    assert problem.location == "pages[1].questions[0]"
    assert "nur bei Einfach- und Mehrfachauswahl, nicht bei matrix (C1)" in problem.message

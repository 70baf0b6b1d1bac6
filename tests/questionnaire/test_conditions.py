from decimal import Decimal

import pytest

from surveyapp.questionnaire.codes import NO_ANSWER, NOT_SHOWN
from surveyapp.questionnaire.conditions import (
    MAX_DEPTH,
    Answered,
    ConditionSyntaxError,
    VariableGroup,
    parse_condition,
)


def holds(text, **answers):
    return parse_condition(text).evaluate(answers)


def test_researcher_compares_a_single_choice_answer_with_a_code():
    assert holds("B1 == 1", B1=1)
    assert not holds("B1 == 1", B1=2)
    assert holds("B1 != 3", B1=1)
    assert holds("B1 == -1", B1=-1)


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("D1 >= 2.5", 2.5, True),
        ("D1 >= 2.5", Decimal("2.4"), False),
        ("D1 > 2", 3, True),
        ("D1 < 2", 3, False),
        ("D1 <= 0.1", 0.1, True),
        ("D1 == 1.5", "1,5", True),
    ],
)
def test_numbers_compare_exactly_whether_given_as_int_float_decimal_or_text(text, value, expected):
    assert holds(text, D1=value) is expected


def test_text_and_date_answers_compare_with_quoted_literals():
    assert holds('N1 == "ja"', N1="ja")
    assert holds("A3 >= '2019-07-01'", A3="2019-08-15")
    assert not holds("A3 >= '2019-07-01'", A3="2019-06-30")
    assert not holds('N1 == "1"', N1=1)


@pytest.mark.parametrize(
    "text",
    [
        "B1 == 1",
        "B1 != 1",
        "B1 < 1",
        "B1 <= 1",
        "B1 > 1",
        "B1 >= 1",
        "B1 in [1]",
        "B1 not in [1]",
        'B1 != "x"',
    ],
)
@pytest.mark.parametrize("missing", [None, NOT_SHOWN, NO_ANSWER, "", "absent"])
def test_an_unanswered_question_compares_false_with_everything(text, missing):
    answers = {} if missing == "absent" else {"B1": missing}
    assert parse_condition(text).evaluate(answers) is False


def test_membership_in_a_list_of_codes():
    assert holds("B1 in [1, 2]", B1=2)
    assert not holds("B1 in [1, 2]", B1=3)
    assert holds("B1 not in [3]", B1=1)
    assert not holds("B1 not in [3]", B1=3)


def test_option_chosen_in_a_multiple_choice_question():
    assert holds("3 in E1", E1_3=1)
    assert not holds("3 in E1", E1_3=0)
    assert not holds("3 in E1", E1_3=NOT_SHOWN)
    assert holds("-1 in E1", E1_m1=1)


def test_one_item_of_a_matrix_is_a_variable_of_its_own():
    assert holds("C1_a == 1", C1_a=1, C1_b=2)
    assert not holds("C1_b == 1", C1_a=1, C1_b=2)


def test_answered_counts_a_missing_option_as_an_answer():
    assert holds("answered(B2)", B2=-1)
    assert not holds("answered(B2)", B2=NO_ANSWER)
    assert not holds("answered(B2)")


def test_answered_on_a_bound_multiple_choice_question_needs_one_ticked_option():
    condition = parse_condition("answered(E1)").bind(
        {"E1": VariableGroup(flags=("E1_1", "E1_2", "E1_m2"))}
    )
    assert not condition.evaluate({"E1_1": 0, "E1_2": 0, "E1_m2": 0})
    assert condition.evaluate({"E1_1": 0, "E1_2": 0, "E1_m2": 1})
    assert condition == Answered("E1", VariableGroup(flags=("E1_1", "E1_2", "E1_m2")))


def test_answered_on_a_bound_matrix_needs_one_answered_item():
    condition = parse_condition("not answered(C1)").bind(
        {"C1": VariableGroup(values=("C1_a", "C1_b"))}
    )
    assert condition.evaluate({"C1_a": NO_ANSWER})
    assert not condition.evaluate({"C1_a": NO_ANSWER, "C1_b": 0})


def test_and_binds_tighter_than_or():
    condition = parse_condition("A == 1 or B == 1 and C == 1")
    assert condition.evaluate({"A": 1, "B": 0, "C": 0})
    assert not condition.evaluate({"A": 0, "B": 1, "C": 0})
    assert not parse_condition("(A == 1 or B == 1) and C == 1").evaluate({"A": 1, "C": 0})


def test_not_negates_and_parentheses_group():
    assert holds("not B1 == 1", B1=2)
    assert holds("not (B1 == 1 or B1 == 2)", B1=3)
    assert holds("not not B1 == 1", B1=1)


def test_references_name_every_question_and_variable():
    condition = parse_condition("B1 in [1, 2] and (3 in E1 or answered(D2)) and C1_a > 1")
    assert condition.references() == frozenset({"B1", "E1", "D2", "C1_a"})


def test_printing_a_condition_gives_text_that_parses_to_the_same_tree():
    text = 'not (B1 in [1, 2] or N1 == "x") and -1 in E1 and D1 >= 2.5 and B2 not in [3]'
    condition = parse_condition(text)
    assert parse_condition(str(condition)) == condition


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('x')",
        "os.system('rm -rf /')",
        "B1 = 1",
        "B1 == ",
        "B1 1",
        "(B1 == 1",
        "B1 == 1)",
        "B1 in 1, 2",
        "B1 in []",
        "1.5 in E1",
        "3 in",
        "answered B1",
        "and == 1",
        "B1 == 1 and",
        "B1 == 'x",
        "B1 == 1,5",
        "lambda: 1",
        "B1 == 1; import os",
        "",
        "   ",
    ],
)
def test_anything_outside_the_language_is_a_syntax_error_not_code(text):
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(text)
    assert caught.value.message
    assert 0 <= caught.value.position <= len(text)


def test_syntax_error_says_where_and_what_in_german():
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition("B1 == 1 und B2 == 2")
    assert caught.value.position == 8
    assert "erwartet" in str(caught.value)
    assert "an Stelle 9" in str(caught.value)


def test_a_very_long_condition_is_refused_with_a_clear_message():
    text = " or ".join(["B1 == 1"] * 400)
    with pytest.raises(ConditionSyntaxError, match="zu lang"):
        parse_condition(text)


def test_deep_nesting_is_refused_before_python_recursion_hurts():
    text = "(" * (MAX_DEPTH + 1) + "B1 == 1" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(ConditionSyntaxError, match="verschachtelt"):
        parse_condition(text)
    with pytest.raises(ConditionSyntaxError, match="verschachtelt"):
        parse_condition("not " * (MAX_DEPTH + 1) + "B1 == 1")


def test_a_long_flat_chain_evaluates_without_deep_recursion():
    condition = parse_condition(" or ".join(f"B{i} == 1" for i in range(150)))
    assert condition.evaluate({"B149": 1})


def test_a_check_rule_compares_two_answers():
    assert holds("D2 <= D1", D1=2.5, D2=1)
    assert not holds("D2 <= D1", D1=1, D2=Decimal("1.5"))
    assert not holds("D2 <= D1", D2=1)
    assert holds("A4 >= A3", A3="2019-07-01", A4="2019-08-01")
    assert parse_condition("D2 <= D1").references() == frozenset({"D1", "D2"})

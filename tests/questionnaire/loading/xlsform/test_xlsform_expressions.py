"""XLSForm `relevant` and `constraint` expressions become conditions of the project's language."""

import pytest

from surveyapp.questionnaire.loading.xlsform.expressions import translate_expression


@pytest.mark.parametrize(
    ("expression", "condition"),
    [
        ("${B1} = 1 or selected(${E1}, '3')", "B1 == 1 or 3 in E1"),
        ("${B1}='2' and not(${D1} > 3 or ${D2}<=${D1})", "B1 == 2 and not (D1 > 3 or D2 <= D1)"),
        ("1 = ${B1}", "B1 == 1"),
        ("5 < ${D1}", "D1 > 5"),
        ("selected(${B1}, '-1')", "B1 == -1"),
        ("${D1} >= '2.50'", "D1 >= 2.50"),
        ("${N1} = 12", 'N1 == "12"'),
        ('${N1} = "it\'s"', 'N1 == "it\'s"'),
        ("${N3} > '2020-01-01'", 'N3 > "2020-01-01"'),
        ("${D1} != ''", "answered(D1)"),
        ("${E1} = ''", "not answered(E1)"),
        ("(${B1} = 1 and ${D1} = 2) or ${D2} = 3", "(B1 == 1 and D1 == 2) or D2 == 3"),
    ],
)
def test_relevant_forms_translate_as_documented(expression, condition):
    kinds = {"B1": "single", "E1": "multiple", "D1": "integer", "D2": "decimal"}
    kinds |= {"N1": "text", "N3": "date"}

    assert translate_expression(expression, kinds) == condition

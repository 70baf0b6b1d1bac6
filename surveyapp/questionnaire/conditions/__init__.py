"""Filter and check conditions: a tiny expression language, parsed by hand, never `eval`-ed.

Researchers write `show_if: "B1 in [1, 2]"` or `rule: "D2 <= D1"`. The text is turned into a
small tree of frozen dataclasses (`tree`) by a tokenizer and a recursive-descent parser
(`parser`) that know only the forms of the contract, so nothing a file says can reach Python
itself. Besides the contract's forms, two answers may be compared (`D2 <= D1`), as check rules
do, and `functions` adds what XLSForms use: `matches()`, `count()`, `today()`, arithmetic.
"""

from surveyapp.questionnaire.conditions.parser import (
    KEYWORDS,
    MAX_DEPTH,
    MAX_LENGTH,
    ConditionSyntaxError,
    parse_condition,
    parse_formula,
)
from surveyapp.questionnaire.conditions.tree import (
    And,
    Answered,
    Compare,
    CompareAnswers,
    Condition,
    Contains,
    InList,
    Literal,
    Not,
    Or,
    VariableGroup,
    compared_variables,
    is_answered,
)

__all__ = [
    "KEYWORDS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "And",
    "Answered",
    "Compare",
    "CompareAnswers",
    "Condition",
    "ConditionSyntaxError",
    "Contains",
    "InList",
    "Literal",
    "Not",
    "Or",
    "VariableGroup",
    "compared_variables",
    "is_answered",
    "parse_condition",
    "parse_formula",
]

"""Filters and checks in words, for the read-only preview of a questionnaire.

A researcher reviewing a questionnaire should read "wird nur gezeigt, wenn bei B1 »ja,
etabliert« oder »im Aufbau« gewählt wurde", not `B1 in [1, 2]`. Codes are looked up in the
question's options; a condition form this module does not know falls back to its own text, so
the preview never fails on a new kind of condition.

The engine has no Flask, so the caller passes the page's language; the phrases of each language
live in `PHRASES` (German and English), and option labels are taken in that language where the
questionnaire has them.
"""

from __future__ import annotations

from typing import Any

from surveyapp.questionnaire.model import Question, Questionnaire

PHRASES: dict[str, dict[str, str]] = {
    "de": {
        "==": "ist",
        "!=": "ist nicht",
        "<": "ist kleiner als",
        "<=": "ist höchstens",
        ">": "ist größer als",
        ">=": "ist mindestens",
        "answer_to": "die Antwort auf {name}",
        "row": " (Zeile „{item}“)",
        "chosen": "bei {name} {values} gewählt wurde",
        "not_chosen": "bei {name} {values} nicht gewählt wurde",
        "given": "bei {name} {values} angegeben wurde",
        "not_given": "bei {name} {values} nicht angegeben wurde",
        "ticked": "bei {name} {value} angekreuzt wurde",
        "compare_answers": "die Antwort auf {name} {op} die auf {other}",
        "answered": "{name} beantwortet wurde",
        "not": "nicht gilt: {part}",
        "and": " und ",
        "or": " oder ",
        "either": "entweder ",
        "decimal_mark": ",",
    },
    "en": {
        "==": "is",
        "!=": "is not",
        "<": "is less than",
        "<=": "is at most",
        ">": "is greater than",
        ">=": "is at least",
        "answer_to": "the answer to {name}",
        "row": " (row “{item}”)",
        "chosen": "{values} was chosen at {name}",
        "not_chosen": "{values} was not chosen at {name}",
        "given": "{values} was given at {name}",
        "not_given": "{values} was not given at {name}",
        "ticked": "{value} was ticked at {name}",
        "compare_answers": "the answer to {name} {op} the one to {other}",
        "answered": "{name} was answered",
        "not": "it does not hold that {part}",
        "and": " and ",
        "or": " or ",
        "either": "either ",
        "decimal_mark": ".",
    },
}


def explain(condition: Any, questionnaire: Questionnaire, lang: str = "de") -> str:
    """Sentence part for a parsed condition (without the leading "wenn"/"if") in `lang`;
    a language without phrases reads German."""
    words = PHRASES.get(lang, PHRASES["de"])
    kind = type(condition).__name__
    explainer = _EXPLAINERS.get(kind)
    if explainer is None:
        return _quoted(condition, words)
    try:
        return explainer(condition, questionnaire, words, lang)
    except (AttributeError, KeyError, TypeError):
        return _quoted(condition, words)


def _quoted(condition: Any, words: dict[str, str]) -> str:
    return f"„{condition}“" if words is PHRASES["de"] else f"“{condition}”"


def _question_for(
    name: str, questionnaire: Questionnaire, lang: str
) -> tuple[Question | None, str]:
    """The question a variable belongs to, and the item part for matrices (`C1_a` → C1, a)."""
    for question in questionnaire.questions():
        if question.id == name:
            return question, ""
        for item in question.items:
            if question.item_variable(item) == name:
                return question, item.text.get(lang)
    return None, ""


def _value(question: Question | None, literal: Any, words: dict[str, str], lang: str) -> str:
    if question is not None and question.options and isinstance(literal, int):
        option = question.option(literal)
        if option is not None:
            return f"»{option.label.get(lang)}«"
    if isinstance(literal, str):
        return f"»{literal}«"
    return str(literal).replace(".", words["decimal_mark"])


def _subject(
    name: str, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> tuple[Question | None, str]:
    question, item = _question_for(name, questionnaire, lang)
    label = words["answer_to"].format(name=question.id if question is not None and item else name)
    if item:
        label += words["row"].format(item=item)
    return question, label


def _compare(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> str:
    question, subject = _subject(condition.name, questionnaire, words, lang)
    value = _value(question, condition.literal, words, lang)
    if question is not None and question.options and condition.op in ("==", "!="):
        phrase = words["chosen"] if condition.op == "==" else words["not_chosen"]
        return phrase.format(name=condition.name, values=value)
    return f"{subject} {words[condition.op]} {value}"


def _compare_answers(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> str:
    return words["compare_answers"].format(
        name=condition.name, op=words[condition.op], other=condition.other
    )


def _in_list(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> str:
    question, _ = _subject(condition.name, questionnaire, words, lang)
    values = words["or"].join(_value(question, v, words, lang) for v in condition.values)
    phrase = words["not_chosen"] if condition.negated else words["chosen"]
    if question is None or not question.options:
        phrase = words["not_given"] if condition.negated else words["given"]
    return phrase.format(name=condition.name, values=values)


def _contains(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> str:
    question, _ = _question_for(condition.question, questionnaire, lang)
    value = _value(question, condition.code, words, lang)
    return words["ticked"].format(name=condition.question, value=value)


def _answered(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> str:
    return words["answered"].format(name=condition.name)


def _not(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> str:
    return words["not"].format(part=explain(condition.part, questionnaire, lang))


def _and(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> str:
    return words["and"].join(explain(part, questionnaire, lang) for part in condition.parts)


def _or(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> str:
    parts = [explain(part, questionnaire, lang) for part in condition.parts]
    return words["either"] + words["or"].join(parts) if len(parts) > 1 else parts[0]


_EXPLAINERS = {
    "Compare": _compare,
    "CompareAnswers": _compare_answers,
    "InList": _in_list,
    "Contains": _contains,
    "Answered": _answered,
    "Not": _not,
    "And": _and,
    "Or": _or,
}

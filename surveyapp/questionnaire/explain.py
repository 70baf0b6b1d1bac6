"""Filters and checks in words, for the read-only preview of a questionnaire.

A researcher reviewing a questionnaire should read "wird nur gezeigt, wenn bei B1 »ja,
etabliert« oder »im Aufbau« gewählt wurde", not `B1 in [1, 2]`. Codes are looked up in the
question's options; a condition form this module does not know falls back to its own text, so
the preview never fails on a new kind of condition.

The engine has no Flask, so the caller passes the page's language; the phrases of each language
live in `PHRASES` (German and English), and option labels and row texts are taken in that
language where the questionnaire has them. Where it has not, `explain_parts` says which words of
the sentence are in the other language, so a page can mark them (WCAG 3.1.2).
"""

from __future__ import annotations

from string import Formatter
from typing import Any, NamedTuple

from surveyapp.questionnaire.model import Question, Questionnaire, QuestionType, Text


class Words(NamedTuple):
    """A piece of a sentence, and the language it is in where that is not the sentence's own
    (a label the questionnaire has only in German, in an English sentence); "" otherwise."""

    text: str
    lang: str = ""


Parts = list[Words]

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
        "quote": "»{}«",
        "yes": "ja",
        "no": "nein",
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
        "quote": "“{}”",
        "yes": "yes",
        "no": "no",
    },
}


def explain(condition: Any, questionnaire: Questionnaire, lang: str = "de") -> str:
    """Sentence part for a parsed condition (without the leading "wenn"/"if") in `lang`;
    a language without phrases reads German."""
    return "".join(words.text for words in explain_parts(condition, questionnaire, lang))


def explain_parts(condition: Any, questionnaire: Questionnaire, lang: str = "de") -> Parts:
    """`explain` in pieces, each fallback label or row text apart with its language."""
    words = PHRASES.get(lang, PHRASES["de"])
    kind = type(condition).__name__
    explainer = _EXPLAINERS.get(kind)
    if explainer is None:
        return _quoted(condition, words)
    try:
        return _merged(explainer(condition, questionnaire, words, lang))
    except (AttributeError, KeyError, TypeError):
        return _quoted(condition, words)


def _merged(parts: Parts) -> Parts:
    """Neighbours in the same language joined, empty pieces left out."""
    merged: Parts = []
    for part in parts:
        if not part.text:
            continue
        if merged and merged[-1].lang == part.lang:
            merged[-1] = Words(merged[-1].text + part.text, part.lang)
        else:
            merged.append(part)
    return merged


def _fill(phrase: str, **values: Parts | str) -> Parts:
    """A phrase with its `{names}` replaced by pieces (or plain words in its language)."""
    parts: Parts = []
    for literal, name, _spec, _conversion in Formatter().parse(phrase):
        parts.append(Words(literal))
        if name is not None:
            value = values[name]
            parts.extend([Words(value)] if isinstance(value, str) else value)
    return parts


def _label(text: Text, lang: str) -> Words:
    return Words(text.get(lang), text.fallback_language(lang))


def _quoted(condition: Any, words: dict[str, str]) -> Parts:
    return [Words(("„{}“" if words is PHRASES["de"] else "“{}”").format(condition))]


def _question_for(
    name: str, questionnaire: Questionnaire, lang: str
) -> tuple[Question | None, Words | None]:
    """The question a variable belongs to, and the item's text for matrices (`C1_a` → C1, a)."""
    for question in questionnaire.questions():
        if question.id == name:
            return question, None
        for item in question.items:
            if question.item_variable(item) == name:
                return question, _label(item.text, lang)
    return None, None


def _chosen_from_labels(question: Question | None) -> bool:
    """Whether the respondent picks the answer from labels: options, or yes/no (1 ja / 0 nein),
    so a filter names the label the respondent saw rather than its code."""
    return question is not None and (
        bool(question.options) or question.type is QuestionType.BOOLEAN
    )


def _value(question: Question | None, literal: Any, words: dict[str, str], lang: str) -> Parts:
    before, after = words["quote"].split("{}")
    if question is not None and question.options and isinstance(literal, int):
        option = question.option(literal)
        if option is not None:
            return [Words(before), _label(option.label, lang), Words(after)]
    if question is not None and question.type is QuestionType.BOOLEAN and literal in (0, 1):
        return [Words(before + words["yes" if literal == 1 else "no"] + after)]
    if isinstance(literal, str):
        return [Words(before + literal + after)]
    return [Words(str(literal).replace(".", words["decimal_mark"]))]


def _subject(
    name: str, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> tuple[Question | None, Parts]:
    question, item = _question_for(name, questionnaire, lang)
    label = _fill(words["answer_to"], name=question.id if question is not None and item else name)
    if item:
        label += _fill(words["row"], item=[item])
    return question, label


def _compare(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> Parts:
    question, subject = _subject(condition.name, questionnaire, words, lang)
    value = _value(question, condition.literal, words, lang)
    if _chosen_from_labels(question) and condition.op in ("==", "!="):
        phrase = words["chosen"] if condition.op == "==" else words["not_chosen"]
        return _fill(phrase, name=condition.name, values=value)
    return [*subject, Words(f" {words[condition.op]} "), *value]


def _compare_answers(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> Parts:
    return _fill(
        words["compare_answers"], name=condition.name, op=words[condition.op], other=condition.other
    )


def _joined(pieces: list[Parts], separator: str) -> Parts:
    parts: Parts = []
    for number, piece in enumerate(pieces):
        if number:
            parts.append(Words(separator))
        parts.extend(piece)
    return parts


def _in_list(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> Parts:
    question, _ = _subject(condition.name, questionnaire, words, lang)
    values = _joined([_value(question, v, words, lang) for v in condition.values], words["or"])
    phrase = words["not_chosen"] if condition.negated else words["chosen"]
    if not _chosen_from_labels(question):
        phrase = words["not_given"] if condition.negated else words["given"]
    return _fill(phrase, name=condition.name, values=values)


def _contains(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> Parts:
    question, _ = _question_for(condition.question, questionnaire, lang)
    value = _value(question, condition.code, words, lang)
    return _fill(words["ticked"], name=condition.question, value=value)


def _answered(
    condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str
) -> Parts:
    return _fill(words["answered"], name=condition.name)


def _not(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> Parts:
    return _fill(words["not"], part=explain_parts(condition.part, questionnaire, lang))


def _and(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> Parts:
    parts = [explain_parts(part, questionnaire, lang) for part in condition.parts]
    return _joined(parts, words["and"])


def _or(condition: Any, questionnaire: Questionnaire, words: dict[str, str], lang: str) -> Parts:
    parts = [explain_parts(part, questionnaire, lang) for part in condition.parts]
    if len(parts) > 1:
        return [Words(words["either"]), *_joined(parts, words["or"])]
    return parts[0]


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

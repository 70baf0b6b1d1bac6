"""Piping: `{{D1}}` in a text stands for the answer to an earlier question.

"Sie haben {{D1}} VZÄ angegeben" reads back what the respondent said. This module only finds
the names a text pipes and puts values in their place; which answer words stand for a name
(the label of a chosen option, a number in German) is the respondent pages' business, and
the schema checks when the file loads that every piped name was asked before the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from surveyapp.questionnaire.model import Text

PIPE = re.compile(r"\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}")


def piped_names(text: Text | None) -> list[str]:
    """The names `text` pipes, in every language, each once, in order of appearance."""
    if text is None:
        return []
    found = (match.group(1) for value in text.values.values() for match in PIPE.finditer(value))
    return list(dict.fromkeys(found))


def has_pipes(texts: Iterable[Text | None]) -> bool:
    return any(piped_names(text) for text in texts)


def fill(value: str, answer: Callable[[str], str]) -> str:
    """`value` with each `{{name}}` replaced by `answer(name)`."""
    return PIPE.sub(lambda match: answer(match.group(1)), value)

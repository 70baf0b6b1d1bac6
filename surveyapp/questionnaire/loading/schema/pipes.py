"""Where a file may pipe an earlier answer (`{{D1}}`), and that it names one.

A question's `text` and `help` and a page's `intro` may pipe; the name must be a question (or
one of its variables) asked before the text, checked like a condition's names. A check's
`message` may pipe too (it is shown when the page is left, with the answers it was judged on),
and may name the question itself, as its rule may. Other texts (titles, option labels, items,
units) are read in places that do not know the answers, such as the overview headings, the
codebook and the exports: a placeholder there would be shown as written, so it is refused
rather than left literal.
"""

from __future__ import annotations

from collections.abc import Iterable

from surveyapp.questionnaire.conditions import Answered
from surveyapp.questionnaire.loading.errors import child_path
from surveyapp.questionnaire.loading.schema.questions import PendingCondition
from surveyapp.questionnaire.loading.schema.values import Context
from surveyapp.questionnaire.model import Page, Question, Text
from surveyapp.questionnaire.piping import piped_names

WHERE_PIPES_GO = (
    "Platzhalter wie {{D1}} gehen nur in text und help einer Frage, in der message einer "
    "Prüfung (check) und im intro einer Seite"
)


def piped(
    texts: Iterable[tuple[Text | None, str]], limit: int, owner: str
) -> list[PendingCondition]:
    """Each name the texts pipe, as an `answered(name)` to be checked against what came before
    `limit` (a question's own place: it cannot pipe itself)."""
    return [
        PendingCondition(path, Answered(name), limit, owner)
        for text, path in texts
        for name in piped_names(text)
    ]


def question_pipes(question: Question, path: str, ordinal: int) -> list[PendingCondition]:
    texts = [(question.text, child_path(path, "text")), (question.help, child_path(path, "help"))]
    messages = [
        (check.message, child_path(child_path(child_path(path, "check"), index), "message"))
        for index, check in enumerate(question.checks)
    ]
    return piped(texts, ordinal, question.id) + piped(messages, ordinal + 1, question.id)


def refuse_in_question(ctx: Context, question: Question, path: str) -> None:
    """Pipes in the texts of a question that are shown without the answers."""
    texts: list[tuple[Text | None, str]] = [(question.unit, child_path(path, "unit"))]
    texts += [(o.label, child_path(path, "options")) for o in question.options]
    texts += [(i.text, child_path(path, "items")) for i in question.items]
    refuse(ctx, texts)


def refuse_in_page(ctx: Context, page: Page, path: str) -> None:
    refuse(ctx, [(page.title, child_path(path, "title"))])


def refuse(ctx: Context, texts: Iterable[tuple[Text | None, str]]) -> None:
    reported: set[str] = set()
    for text, path in texts:
        names = piped_names(text)
        if names and path not in reported:
            reported.add(path)
            ctx.error(path, f"{{{{{names[0]}}}}} kann hier nicht stehen: {WHERE_PIPES_GO}")

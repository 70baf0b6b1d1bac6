"""The one line a check of an XLSForm shows: what was read, and what was left out.

A form from elsewhere carries things this project does not take over (metadata rows,
appearances, defaults); the format promises never to drop anything silently, so the line
names each with its rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import version

from surveyapp.questionnaire.model import Questionnaire

MAX_ROWS_SHOWN = 5
PYXFORM_VERSION = version("pyxform")


def summary_line(questionnaire: Questionnaire, ignored: Mapping[str, Sequence[int | None]]) -> str:
    questions = sum(1 for page in questionnaire.pages for q in page.questions if q.type != "note")
    pages = len(questionnaire.pages)
    line = (
        f"XLSForm gelesen (pyxform {PYXFORM_VERSION}): {questions} "
        f"{'Frage' if questions == 1 else 'Fragen'} auf {pages} "
        f"{'Seite' if pages == 1 else 'Seiten'}"
    )
    if not ignored:
        return f"{line}; nichts ausgelassen."
    left_out = "; ".join(f"{what}{_rows(rows)}" for what, rows in ignored.items())
    return f"{line}. Nicht übernommen: {left_out}."


def _rows(rows: Sequence[int | None]) -> str:
    numbers = sorted({row for row in rows if row is not None})
    if not numbers:
        return ""
    shown = ", ".join(str(number) for number in numbers[:MAX_ROWS_SHOWN])
    more = f" und {len(numbers) - MAX_ROWS_SHOWN} weitere" if len(numbers) > MAX_ROWS_SHOWN else ""
    return f" (Zeile{'n' if len(numbers) > 1 else ''} {shown}{more})"

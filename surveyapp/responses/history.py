"""The answer history of a response, for the research team: who changed which variable when,
from what to what.

`responses.store` appends the rows; this module only reads them. The history never reaches a
dataset or a download: the researcher reads it on the response's page, and the one export of it
is the audit export of a whole survey, itself logged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from evaluation.codebook import Codebook
from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.models import AnswerChange, Response, Survey, Unit, User
from surveyapp.questionnaire.model import Questionnaire
from surveyapp.responses.store import DEMO, FILTER, SUBMIT, decode
from surveyapp.spreadsheets import spreadsheet_text
from surveyapp.transaction import unit_of_work

#: Who changed a value, in the words of the response page.
ACTORS = {
    "link": "Link der Kommune",
    "section": "Abschnittslink",
    "researcher": "Forschungsteam",
    "system": "System",
}
#: A history longer than this is shown up to its newest rows; the audit export has them all.
SHOWN_AT_MOST = 500


@dataclass(frozen=True)
class ShownChange:
    at: datetime
    variable: str
    before: str
    after: str
    who: str
    where: str


def value_text(codebook: Codebook, variable: str, number: float | None, text: str | None) -> str:
    """A stored value as the researcher reads it: the code with its label, or the text."""
    value = decode(number, text)
    if value is None:
        return "–"
    if isinstance(value, int) and variable in codebook:
        label = codebook[variable].label_of(value)
        if label:
            return f"{value} ({label})"
    return str(value)


def _where(questionnaire: Questionnaire, context: str) -> str:
    if context == SUBMIT:
        return "beim Absenden (fehlende Angaben codiert)"
    if context == FILTER:
        return "durch einen Filter ausgeblendet"
    if context == DEMO:
        return "Beispieldaten"
    try:
        return f"Seite „{questionnaire.page(context).title.get('de')}“"
    except KeyError:
        return f"Seite {context}"


def _who(actor: str, email: str | None) -> str:
    who = ACTORS.get(actor, actor)
    return f"{who} ({email})" if email else who


def codebook_of(survey: Survey) -> Codebook:
    return Codebook.from_rows(survey.codebook)


def changes_of(
    response: Response, questionnaire: Questionnaire, codebook: Codebook
) -> tuple[list[ShownChange], int]:
    """The newest changes first (at most SHOWN_AT_MOST), and how many there are in all."""
    total = db.session.scalar(
        sa.select(sa.func.count()).where(AnswerChange.response_id == response.id)
    )
    rows = db.session.execute(
        sa.select(AnswerChange, User.email)
        .outerjoin(User, User.id == AnswerChange.user_id)
        .where(AnswerChange.response_id == response.id)
        .order_by(AnswerChange.id.desc())
        .limit(SHOWN_AT_MOST)
    )
    shown = [
        ShownChange(
            at=change.at,
            variable=change.variable,
            before=value_text(codebook, change.variable, change.old_number, change.old_text),
            after=value_text(codebook, change.variable, change.new_number, change.new_text),
            who=_who(change.actor, email),
            where=_where(questionnaire, change.context),
        )
        for change, email in rows
    ]
    return shown, total or 0


EXPORT_HEADER = (
    "ags",
    "kommune",
    "variable",
    "vorher_code",
    "vorher_text",
    "nachher_code",
    "nachher_text",
    "zeitpunkt_utc",
    "wer",
    "kontext",
)


def _code(number: float | None) -> str:
    """A number as German Excel reads it from a CSV: decimal comma, no grouping."""
    if number is None:
        return ""
    value = decode(number, None)
    return str(value).replace(".", ",")


def _text(codebook: Codebook, variable: str, number: float | None, text: str | None) -> str:
    """The label of a code, or the text itself: what a spreadsheet must never run."""
    if text is not None:
        return spreadsheet_text(text)
    value = decode(number, None)
    if isinstance(value, int) and variable in codebook:
        return spreadsheet_text(codebook[variable].label_of(value) or "")
    return ""


def export_csv(survey: Survey) -> Iterator[str]:
    """Every change of every response of the survey, oldest first, as CSV for German Excel.

    That the history left the system is logged before the first line is produced; the rows
    are read and written in batches, so a national survey's history never sits in memory."""
    with unit_of_work():
        audit.record("answer_history_exported", survey.slug)
    return _lines(survey, codebook_of(survey))


def _lines(survey: Survey, codebook: Codebook) -> Iterator[str]:
    statement = (
        sa.select(AnswerChange, Unit.ags, Unit.name, User.email)
        .join(Response, Response.id == AnswerChange.response_id)
        .join(Unit, Unit.id == Response.unit_id)
        .outerjoin(User, User.id == AnswerChange.user_id)
        .where(Response.survey_id == survey.id)
        .order_by(AnswerChange.id)
        .execution_options(yield_per=1000)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    buffer.write("\ufeff")
    writer.writerow(EXPORT_HEADER)
    for change, ags, name, email in db.session.execute(statement):
        writer.writerow(
            (
                ags,
                spreadsheet_text(name),
                change.variable,
                _code(change.old_number),
                _text(codebook, change.variable, change.old_number, change.old_text),
                _code(change.new_number),
                _text(codebook, change.variable, change.new_number, change.new_text),
                change.at.isoformat(sep=" ", timespec="seconds"),
                spreadsheet_text(_who(change.actor, email)),
                spreadsheet_text(change.context),
            )
        )
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()

"""The one store of answers: one row per response × variable, saved one page at a time.

Nothing else turns values into answer rows. The store never commits: the service calling it
opens the unit of work (`surveyapp.transaction.unit_of_work`) around one user action, and an
exception raised here rolls that whole action back.

Several contacts of a Kommune share one response, so two of them may edit the same page at
once. Each page has a revision (`PageState`); a page is saved only if its revision is still the
one the person loaded, checked and raised by one conditional UPDATE in the same transaction as
the answers. If someone else saved in between, `PageConflict` is raised and the unit of work
stores nothing, so no answer is ever overwritten unseen. Submitting is one conditional UPDATE
too, so a save and a submit of the same response are serialised by the database.

Every value that changes is also appended to the answer history (`AnswerChange`) in the same
transaction, with who changed it: a save cannot reach the answers without its history row.

The statements every respondent request sends are built once, on the tables (`_Statements`):
building a statement and passing it through the ORM cost more CPU than the database takes to
answer it, and a statement built once keeps its cache key.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from surveyapp.extensions import db
from surveyapp.models import Answer, AnswerChange, Invitation, PageState, Response, utcnow
from surveyapp.questionnaire import clean_hidden
from surveyapp.questionnaire.journey import completed
from surveyapp.questionnaire.model import Questionnaire

Actor = Literal["link", "section", "researcher", "system"]

_answers = cast("Table", Answer.__table__)
_changes = cast("Table", AnswerChange.__table__)
_page_states = cast("Table", PageState.__table__)
_responses = cast("Table", Response.__table__)


class _Statements:
    """The respondent path's SQL, on the tables (no ORM entities to compile or load); the bound
    parameters are named `b_…`, apart from the columns they set."""

    answers = select(_answers.c.variable, _answers.c.number, _answers.c.text).where(
        _answers.c.response_id == bindparam("b_response")
    )
    answers_of = answers.where(_answers.c.variable.in_(bindparam("b_variables", expanding=True)))
    revision = select(_page_states.c.revision).where(
        _page_states.c.response_id == bindparam("b_response"),
        _page_states.c.page_id == bindparam("b_page"),
    )
    raise_revision = (
        update(_page_states)
        .where(
            _page_states.c.response_id == bindparam("b_response"),
            _page_states.c.page_id == bindparam("b_page"),
            _page_states.c.revision == bindparam("b_loaded"),
        )
        .values(
            revision=_page_states.c.revision + 1,
            saved_at=bindparam("b_now"),
            reminded=bindparam("b_reminded"),
            saved_by=bindparam("b_saved_by"),
        )
        .returning(_page_states.c.revision)
    )
    _draft = update(_responses).where(
        _responses.c.id == bindparam("b_response"), _responses.c.status == "draft"
    )
    touch = _draft.values(updated_at=bindparam("b_now"))
    touch_at = _draft.values(updated_at=bindparam("b_now"), current_page=bindparam("b_page"))
    insert_answers = insert(_answers).values(
        response_id=bindparam("b_response"),
        variable=bindparam("b_variable"),
        number=bindparam("b_number"),
        text=bindparam("b_text"),
    )
    update_answers = (
        update(_answers)
        .where(
            _answers.c.response_id == bindparam("b_response"),
            _answers.c.variable == bindparam("b_variable"),
        )
        .values(number=bindparam("b_number"), text=bindparam("b_text"))
    )
    insert_changes = insert(_changes)


#: Where a change happened, besides a page: the missing codes set when the unit submits, the
#: answers discarded because an answer hid their question, the demo's sample answers, the
#: earlier wave's answers filled in.
SUBMIT = "submit"
FILTER = "filter"
DEMO = "demo"
#: The earlier wave's answers a new response starts with (`responses.prefill`).
PREFILL = "prefill"


@dataclass(frozen=True)
class ChangedBy:
    """Who a save is recorded as in the answer history, and where it happened (a page id, or
    SUBMIT, FILTER, DEMO). `user_id` names the researcher when a researcher changed it,
    `link_name` the section link a colleague saved through (the section overview shows it)."""

    actor: Actor
    context: str
    user_id: int | None = None
    link_name: str | None = None

    def because(self, context: str) -> ChangedBy:
        """The same person, for the codes their action set by itself (a filter, a submit)."""
        return ChangedBy(self.actor, context, self.user_id, self.link_name)


class PageConflict(Exception):
    """Someone else saved the page since it was loaded; nothing may be stored."""


class ResponseLocked(Exception):
    """The response was submitted; it cannot change any more."""


def encode(value: Any) -> tuple[float | None, str | None]:
    """(number, text) columns of an Answer row: codes and numbers in `number`, text in `text`.

    A value is coded before it gets here (`questionnaire.journey.with_missing_codes`): None is
    no value to store."""
    if value is None:
        raise ValueError("None is no answer value: code it first")
    if isinstance(value, bool):
        return float(int(value)), None
    if isinstance(value, int | float):
        return float(value), None
    return None, str(value)


def decode(number: float | None, text: str | None) -> Any:
    if number is not None:
        return int(number) if float(number).is_integer() else number
    return text


def _decoded(rows: Any) -> dict[str, Any]:
    """`decode` of every (variable, number, text) row, inlined: a response has hundreds (and
    fetched at once: row by row, the driver is asked once a row)."""
    return {
        variable: text if number is None else int(number) if number.is_integer() else number
        for variable, number, text in rows
    }


def find_response(invitation: Invitation) -> Response | None:
    return db.session.scalar(
        select(Response).filter_by(survey_id=invitation.survey_id, unit_id=invitation.unit_id)
    )


def create_response(invitation: Invitation, questionnaire: Questionnaire) -> Response:
    """The unit's one response, new. Raises IntegrityError if a colleague created it at the
    same moment: the caller's unit of work rolls back, and the caller finds theirs."""
    response = Response(survey_id=invitation.survey_id, unit_id=invitation.unit_id)
    response.page_states = [PageState(page_id=page.id, revision=0) for page in questionnaire.pages]
    db.session.add(response)
    db.session.flush()
    return response


def load_answers(response: Response) -> dict[str, Any]:
    """All stored answers of a response, keyed by variable name, as Python values."""
    return _decoded(db.session.execute(_Statements.answers, {"b_response": response.id}).all())


def page_revision(response: Response, page_id: str) -> int:
    revision = db.session.scalar(
        _Statements.revision, {"b_response": response.id, "b_page": page_id}
    )
    return revision or 0


def _rowcount(statement: Any) -> int:
    """Rows a conditional UPDATE changed: the test that it won, not an earlier read."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return cast("CursorResult[Any]", result).rowcount


def _raise_revision(
    response: Response, page_id: str, loaded: int, reminded: str, saved_by: str | None
) -> int:
    """The page's new revision, raised only from `loaded`: RETURNING saves reading it back."""
    page = {"b_response": response.id, "b_page": page_id}
    params = {"b_loaded": loaded, "b_now": utcnow(), "b_reminded": reminded}
    raised = db.session.execute(
        _Statements.raise_revision, {**page, **params, "b_saved_by": saved_by}
    ).scalar()
    if raised is not None:
        return raised
    exists = db.session.scalar(_Statements.revision, page)
    if exists is not None or loaded != 0:
        raise PageConflict(page_id)
    db.session.add(
        PageState(
            response_id=response.id,
            page_id=page_id,
            revision=1,
            reminded=reminded,
            saved_by=saved_by,
        )
    )
    db.session.flush()
    return 1


Columns = tuple[float | None, str | None]


def _stored_rows(response: Response, variables: list[str] | None = None) -> dict[str, Columns]:
    """The (number, text) columns of the response's answer rows: of `variables`, else all."""
    if variables is None:
        result = db.session.execute(_Statements.answers, {"b_response": response.id})
    else:
        result = db.session.execute(
            _Statements.answers_of, {"b_response": response.id, "b_variables": variables}
        )
    return {variable: (number, text) for variable, number, text in result.all()}


class _Rows:
    """The answer rows of one response as a save leaves them, worked out in memory from one
    read: each change is appended to the history in the order it was made, and the rows are
    written at the end with one INSERT and one UPDATE (each of many rows at most)."""

    def __init__(self, response: Response, stored: dict[str, Columns]) -> None:
        self.response = response
        self.stored = stored
        self.current = dict(stored)
        self.changes: list[dict[str, Any]] = []

    def values(self) -> dict[str, Any]:
        """The answers as `load_answers` would read them now."""
        return {name: decode(*columns) for name, columns in self.current.items()}

    def change(self, values: Mapping[str, Any], by: ChangedBy) -> None:
        now = utcnow()
        for variable, value in values.items():
            new = encode(value)
            old = self.current.get(variable)
            if old is not None and decode(*old) == value:
                continue
            self.current[variable] = new
            old_number, old_text = old if old is not None else (None, None)
            self.changes.append(
                {
                    "response_id": self.response.id,
                    "variable": variable,
                    "old_number": old_number,
                    "old_text": old_text,
                    "new_number": new[0],
                    "new_text": new[1],
                    "actor": by.actor,
                    "user_id": by.user_id,
                    "context": by.context,
                    "at": now,
                }
            )

    def write(self) -> None:
        if not self.changes:
            return
        changed = {change["variable"] for change in self.changes}
        rows = [
            {"b_response": self.response.id, "b_variable": name, "b_number": number, "b_text": text}
            for name, (number, text) in self.current.items()
            if name in changed
        ]
        added = [row for row in rows if row["b_variable"] not in self.stored]
        kept = [row for row in rows if row["b_variable"] in self.stored]
        if added:
            db.session.execute(_Statements.insert_answers, added)
        if kept:
            db.session.execute(_Statements.update_answers, kept)
        db.session.execute(_Statements.insert_changes, self.changes)


def write_answers(response: Response, values: Mapping[str, Any], by: ChangedBy) -> None:
    """Store `values` (coded, keyed by variable) as the response's answer rows, replacing the
    rows of the same variables, and append each change to the history. A response not yet in
    the database is added first."""
    if not values:
        return
    if response.id is None:
        db.session.add(response)
        db.session.flush()
    rows = _Rows(response, _stored_rows(response, list(values)))
    rows.change(values, by)
    rows.write()


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in after.items() if before.get(name) != value}


def _touch_draft(response: Response, current_page: str | None = None) -> bool:
    """Marks the draft as changed (and where the respondent goes on), or tells that it is
    locked: the save lands before a submit of the same response, or sees the lock and stores
    nothing."""
    params = {"b_response": response.id, "b_now": utcnow(), "b_page": current_page}
    statement = _Statements.touch if current_page is None else _Statements.touch_at
    touched = cast("CursorResult[Any]", db.session.execute(statement, params)).rowcount == 1
    if touched and current_page is not None:
        set_committed_value(response, "current_page", current_page)
    return touched


def save_page(
    response: Response,
    questionnaire: Questionnaire,
    page_id: str,
    values: Mapping[str, Any],
    loaded_revision: int,
    by: ChangedBy,
    next_page: str | None = None,
    reminded: Collection[str] = (),
) -> int:
    """Store a page's coded variables if nobody saved the page since `loaded_revision`, with
    the soft reminders it has shown (`reminded`), so none is shown twice.

    Answers to questions that the new answers hide are discarded in the same transaction, on
    the answers as they are in the database now. Returns the new revision; raises PageConflict
    or ResponseLocked, and then the caller's unit of work must store nothing.
    """
    if not _touch_draft(response, next_page):
        raise ResponseLocked
    try:
        reminders = " ".join(sorted(reminded))
        revision = _raise_revision(response, page_id, loaded_revision, reminders, by.link_name)
        rows = _Rows(response, _stored_rows(response))
        rows.change(values, by)
        answers = rows.values()
        rows.change(_changed(answers, clean_hidden(questionnaire, answers)), by.because(FILTER))
        rows.write()
    except IntegrityError as error:
        raise PageConflict(page_id) from error
    return revision


def set_current_page(response: Response, page_id: str | None) -> None:
    response.current_page = page_id


def record_consent(response: Response, first_page: str | None, language: str) -> None:
    """Consent starts the response; the language it was given in is kept for the researchers."""
    if response.consent_at is None:
        response.consent_at = utcnow()
        response.language = language
    if response.current_page is None:
        response.current_page = first_page


def submit(response: Response, questionnaire: Questionnaire, by: ChangedBy) -> bool:
    """Lock the response; every variable gets a value, a missing code where nothing is left.
    False if it was already submitted (a double click is harmless)."""
    locked = _rowcount(
        update(Response)
        .where(Response.id == response.id, Response.status == "draft")
        .values(status="submitted", submitted_at=utcnow(), updated_at=utcnow())
    )
    if locked != 1:
        return False
    db.session.expire(response)
    answers = load_answers(response)
    write_answers(
        response, _changed(answers, completed(questionnaire, answers)), by.because(SUBMIT)
    )
    return True

"""The mail queue: a mailing becomes one row per message, and a job worker sends them.

Queueing is one transaction in the request: the mailing, a row per contact (`OutgoingMail`) and
the job that will send them. The rows' unique constraint (survey, contact, purpose) is what
keeps a contact from getting the same mailing twice, whether two people confirm at once, a tab
sends the form again, or a job is retried: the second row is never stored.

Sending follows SMTP's own rule of responsibility: a message is sent once the server answered
250 to its data. Until then it is ours to send again (connection lost, 4xx: deferred and retried
with a growing pause); after it, never. Rows are marked `sending` in small batches before they
go out, so a worker killed between the server's 250 and our record leaves them `unclear`, not
queued: they are not sent a second time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dt_time
from typing import Any, cast

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import CursorResult
from sqlalchemy.dialects import postgresql, sqlite

from surveyapp import clock
from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.field import mail, optout
from surveyapp.field.invitations import (
    code_from,
    ensure_codes,
    link_from,
    member_of_invitation,
)
from surveyapp.jobs import records
from surveyapp.models import (
    Contact,
    Invitation,
    Job,
    Mailing,
    OutgoingMail,
    Response,
    Survey,
    SurveyUnit,
    Unit,
    unit_display_name,
    utcnow,
)
from surveyapp.surveys.lifecycle import CLOSED, DRAFT, SCHEDULED
from surveyapp.transaction import unit_of_work

QUEUED, SENDING, SENT, DEFERRED = "queued", "sending", "sent", "deferred"
REFUSED, BOUNCED, UNCLEAR, SKIPPED = "refused", "bounced", "unclear", "skipped"
#: States in which a message may still go out.
OPEN = (QUEUED, DEFERRED)
#: A message's state in the researcher's words.
STATES = {
    QUEUED: "in der Warteschlange",
    SENDING: "wird gesendet",
    SENT: "versandt",
    DEFERRED: "zurückgestellt, wird erneut versucht",
    REFUSED: "abgelehnt",
    BOUNCED: "unzustellbar (Rückläufer)",
    UNCLEAR: "unklar, ob versandt (Worker abgebrochen)",
    SKIPPED: "nicht gesendet",
}
#: Rows handed to the SMTP server between two records of their outcome: a commit per row
#: would cost more than the sending; a worker killed mid-batch leaves at most this many
#: `unclear`.
BATCH = 200
#: Seconds between two progress reports on the job's page (each one is a commit).
PROGRESS_EVERY = 1.0
NOT_TRIED = "nicht versucht: Verbindung zum Mailserver verloren"
#: (status, Message-ID, the server's answer) of one row.
Outcome = tuple[str, str | None, str | None]


class NothingToSend(ValueError):
    """Every chosen contact already has this mailing (or has none to get); nothing was stored.
    The message is for the user."""


@dataclass(frozen=True)
class Queued:
    mailing: Mailing
    messages: int
    job: Job


#: What a first invitation is called in the queue: each contact gets it once.
INVITATION = "invitation"


def next_reminder_round(survey: Survey) -> int:
    """The number the next reminder would have: its confirmation page names it, and the
    queue takes it as the purpose, so a confirmation sent twice is still one reminder."""
    earlier = db.session.scalar(
        sa.select(sa.func.count()).where(Mailing.survey_id == survey.id, Mailing.kind == "reminder")
    )
    return (earlier or 0) + 1


def reminder_purpose(round_: int) -> str:
    return f"reminder-{round_}"


def resend_purpose(nonce: str) -> str:
    """An invitation sent again on purpose: the confirmation form's own random id names it, so
    the same form sent twice is one more copy, not two."""
    return f"resend-{nonce[:30]}"


OUTGOING_MAIL = cast(sa.Table, OutgoingMail.__table__)


#: Invitations per INSERT … SELECT: the ids are parameters, and a statement may carry at most
#: 32,766 of them (SQLite), 65,535 (PostgreSQL).
INSERT_CHUNK = 10_000


def _queue_rows(values: dict[str, Any], invitation_ids: list[int]) -> None:
    """One row per active contact of the invitations, written by the database from its own
    rows (INSERT … SELECT: no contact is loaded); rows that would break the unique constraint
    (the contact already has this purpose) are left out, not raised."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    columns = [*values, "invitation_id", "contact_id", "recipient"]
    for start in range(0, len(invitation_ids), INSERT_CHUNK):
        chunk = invitation_ids[start : start + INSERT_CHUNK]
        source = (
            sa.select(
                *(sa.literal(value, OUTGOING_MAIL.c[name].type) for name, value in values.items()),
                Contact.invitation_id,
                Contact.id,
                Contact.email,
            )
            .where(Contact.invitation_id.in_(chunk), Contact.status == "active")
            .order_by(Contact.id)
        )
        db.session.execute(
            insert(OUTGOING_MAIL).from_select(columns, source).on_conflict_do_nothing()
        )


_QUEUED_ACTIONS = {
    "invitation": "invitations_queued",
    mail.CONFIRMATION: "confirmation_queued",
    mail.CONFIRMATION_EN: "confirmation_queued",
}


def queue_confirmation(invitation: Invitation, lang: str = "de") -> Queued:
    """The confirmation of a submitted response to the unit's contacts, in the language the
    respondent read (`lang`): each gets it once, whatever the language (a second request, a
    reload, two colleagues at once: NothingToSend, nothing stored)."""
    kind = mail.CONFIRMATION_EN if lang == "en" else mail.CONFIRMATION
    return queue_mailing(invitation.survey, [invitation.id], kind, mail.CONFIRMATION, None, None)


def queue_mailing(
    survey: Survey,
    invitation_ids: Collection[int],
    kind: str,
    purpose: str,
    user_id: int | None,
    user_email: str | None,
    send_at: datetime | None = None,
) -> Queued:
    """The mailing, its messages and the job that sends them, stored together or not at all.

    Each contact gets a `purpose` once at most (INVITATION, `reminder_purpose`,
    `resend_purpose`). `send_at` (UTC) holds the messages back until then. Raises
    NothingToSend when no contact is left to get it, or the survey is a draft or closed."""
    if survey.status in (DRAFT, CLOSED):
        raise NothingToSend(
            "Die Befragung ist "
            + ("noch ein Entwurf" if survey.status == DRAFT else "geschlossen")
            + ": es wird nichts versandt. Bitte öffnen oder planen Sie sie zuerst."
        )
    with unit_of_work():
        ensure_codes(survey)
        mailing = Mailing(survey_id=survey.id, kind=kind, purpose=purpose, user_id=user_id)
        db.session.add(mailing)
        db.session.flush()
        now = utcnow()
        due = max(send_at, now) if send_at else now
        values = {
            "survey_id": survey.id,
            "mailing_id": mailing.id,
            "purpose": purpose,
            "kind": kind,
            "status": QUEUED,
            "attempts": 0,
            "queued_at": now,
            "next_attempt_at": due,
        }
        _queue_rows(values, list(invitation_ids))
        queued = db.session.scalar(
            sa.select(sa.func.count()).where(OutgoingMail.mailing_id == mailing.id)
        )
        if not queued:
            raise NothingToSend(
                "Alle gewählten Kontakte haben diese Nachricht schon oder sie ist für sie "
                "unterwegs; es wurde nichts ein zweites Mal in die Warteschlange gestellt."
            )
        mailing.recipients = queued
        job = records.create("mailing", survey, user_id, {"mailing": mailing.id})
        job.run_after = due
        audit.record(
            _QUEUED_ACTIONS.get(kind, "reminders_queued"),
            survey.slug,
            user_email=user_email,
            user_id=user_id,
            messages=queued,
            mailing=mailing.id,
        )
    return Queued(mailing, queued, job)


@dataclass(frozen=True)
class Delivery:
    """Where a mailing stands after a round of sending."""

    sent: int
    open: int
    failed: int
    total: int
    next_attempt: datetime | None

    @property
    def note(self) -> str:
        parts = [f"{self.sent} von {self.total} versandt"]
        if self.failed:
            parts.append(f"{self.failed} nicht zugestellt (siehe Liste)")
        if self.open:
            parts.append(f"{self.open} zurückgestellt, neuer Versuch folgt")
        return "; ".join(parts) + "."


def _rowcount(statement: Any) -> int:
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return cast("CursorResult[Any]", result).rowcount


def _count(mailing_id: int, states: Iterable[str]) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                OutgoingMail.mailing_id == mailing_id, OutgoingMail.status.in_(list(states))
            )
        )
        or 0
    )


def standing(mailing_id: int) -> Delivery:
    total = _count(mailing_id, STATES)
    open_ = _count(mailing_id, (*OPEN, SENDING))
    next_attempt = db.session.scalar(
        sa.select(sa.func.min(OutgoingMail.next_attempt_at)).where(
            OutgoingMail.mailing_id == mailing_id, OutgoingMail.status.in_(OPEN)
        )
    )
    return Delivery(
        sent=_count(mailing_id, (SENT,)),
        open=open_,
        failed=total - open_ - _count(mailing_id, (SENT,)),
        total=total,
        next_attempt=next_attempt,
    )


def _retry_delay(attempts: int) -> timedelta:
    base = float(current_app.config["MAIL_RETRY_SECONDS"])
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def deliver(mailing_id: int, progress: Callable[[int, int], None]) -> Delivery:
    """Send what is due of the mailing, at the configured pace; returns where it stands.

    Rows left `sending` by a worker that died are settled as `unclear` first."""
    with unit_of_work():
        _rowcount(
            sa.update(OutgoingMail)
            .where(OutgoingMail.mailing_id == mailing_id, OutgoingMail.status == SENDING)
            .values(
                status=UNCLEAR,
                last_answer="Der Versand wurde unterbrochen; die Nachricht kann angekommen sein.",
            )
        )
    mailing = db.session.get_one(Mailing, mailing_id)
    survey = db.session.get_one(Survey, mailing.survey_id)
    _hold_until_open(survey, mailing_id)
    pace = _Pace(int(current_app.config["MAIL_PER_MINUTE"]))
    total = _count(mailing_id, STATES)
    done = total - _count(mailing_id, OPEN)
    kept = set(db.session.identity_map.keys())
    reported = 0.0
    with mail.Connection() as connection:
        with unit_of_work():
            batch = _take_batch(mailing_id, 0)
        while batch:
            db.session.refresh(survey)
            lost, outcomes = _send_batch(survey, batch, connection, pace)
            done += sum(1 for status, _, _ in outcomes.values() if status != DEFERRED)
            # The outcomes of this batch and the claim on the next in one transaction: a
            # cursor over the ids, so each batch reads its own rows, not the whole mailing
            # again (a row deferred meanwhile waits for the job's next run).
            with unit_of_work():
                _record(batch, outcomes)
                batch = [] if lost else _take_batch(mailing_id, batch[-1].id)
            if time.monotonic() - reported >= PROGRESS_EVERY:
                progress(done, total)
                reported = time.monotonic()
            _forget_batch(kept)
    progress(done, total)
    return standing(mailing_id)


def _forget_batch(kept: set[Any]) -> None:
    """Each commit expires every object the session holds: a national mailing would otherwise
    pay for all earlier batches' contacts at every batch. What the caller held stays."""
    for instance in [i for i in db.session.identity_map.values() if _key(i) not in kept]:
        db.session.expunge(instance)


def _key(instance: object) -> Any:
    return sa.inspect(instance).identity_key


#: A mailing queued before the start day goes out on that day at this hour (Berlin).
START_HOUR = 8


def _hold_until_open(survey: Survey, mailing_id: int) -> None:
    """Before the start day messages wait for it (their links would not open yet)."""
    if survey.status != SCHEDULED or survey.opens_on is None:
        return
    start = clock.from_local(datetime.combine(survey.opens_on, dt_time(START_HOUR)))
    with unit_of_work():
        _rowcount(
            sa.update(OutgoingMail)
            .where(
                OutgoingMail.mailing_id == mailing_id,
                OutgoingMail.status.in_(OPEN),
                OutgoingMail.next_attempt_at < start,
            )
            .values(next_attempt_at=start)
        )


@dataclass(frozen=True)
class _Row:
    """What sending needs of a row, read before its batch's commit (no reload per row)."""

    id: int
    contact_id: int | None
    invitation_id: int
    kind: str
    attempts: int


def _take_batch(mailing_id: int, after: int) -> list[_Row]:
    """The next due rows, marked `sending` (and their attempt counted) before any goes out;
    in the caller's transaction, which must end before the first is sent."""
    found = db.session.execute(
        sa.select(
            OutgoingMail.id,
            OutgoingMail.contact_id,
            OutgoingMail.invitation_id,
            OutgoingMail.kind,
            OutgoingMail.attempts,
        )
        .where(
            OutgoingMail.mailing_id == mailing_id,
            OutgoingMail.id > after,
            OutgoingMail.status.in_(OPEN),
            OutgoingMail.next_attempt_at <= utcnow(),
        )
        .order_by(OutgoingMail.id)
        .limit(BATCH)
    ).all()
    rows = [
        _Row(row.id, row.contact_id, row.invitation_id, row.kind, row.attempts + 1) for row in found
    ]
    if rows:
        _rowcount(
            sa.update(OutgoingMail)
            .where(OutgoingMail.id.in_([row.id for row in rows]))
            .values(status=SENDING, attempts=OutgoingMail.attempts + 1)
        )
    return rows


@dataclass(frozen=True)
class _Recipient:
    """A contact and its unit's link as one batch query reads them: plain values, no objects
    for the session to track (a national mailing would otherwise load 30,000 of them)."""

    to: mail.Addressee
    contact_id: int
    status: str
    lang: str
    unit_id: int
    salt: str
    token_digest: str
    target: str
    revoked: bool
    withdrawn: bool


@dataclass(frozen=True)
class _Context:
    """Everything a batch's messages are made from, loaded in a few queries."""

    recipients: dict[int, _Recipient]
    submitted_units: set[int]
    #: The text of each (kind, contact's language) the batch needs.
    templates: dict[tuple[str, str], mail.MailText]


def _context(survey: Survey, batch: list[_Row]) -> _Context:
    contact_ids = [row.contact_id for row in batch if row.contact_id is not None]
    rows = db.session.execute(
        sa.select(
            Contact.id,
            Contact.email,
            Contact.salutation,
            Contact.name,
            Contact.status,
            Invitation.unit_id,
            Invitation.salt,
            Invitation.token_digest,
            Invitation.revoked_at,
            Invitation.withdrawn_at,
            Unit.ags,
            sa.func.coalesce(SurveyUnit.name, Unit.name),
            sa.func.coalesce(SurveyUnit.type, Unit.type),
            Contact.language,
        )
        .join(Invitation, Invitation.id == Contact.invitation_id)
        .join(Unit, Unit.id == Invitation.unit_id)
        .outerjoin(
            SurveyUnit,
            member_of_invitation(),
        )
        .where(Contact.id.in_(contact_ids))
    ).all()
    recipients = {
        row[0]: _Recipient(
            to=mail.Addressee(row[1], row[2], row[3], unit_display_name(row[11], row[12])),
            contact_id=row[0],
            status=row[4],
            lang=row[13],
            unit_id=row[5],
            salt=row[6],
            token_digest=row[7],
            target=f"{survey.slug}/{row[10]}",
            revoked=row[8] is not None,
            withdrawn=row[9] is not None,
        )
        for row in rows
    }
    submitted: set[int] = set()
    if any(row.kind == "reminder" for row in batch):
        submitted = set(
            db.session.scalars(
                sa.select(Response.unit_id).where(
                    Response.survey_id == survey.id,
                    Response.status == "submitted",
                    Response.unit_id.in_({r.unit_id for r in recipients.values()}),
                )
            )
        )
    needed = {
        (row.kind, recipients[row.contact_id].lang) for row in batch if row.contact_id in recipients
    }
    return _Context(
        recipients,
        submitted,
        {(kind, lang): mail.text_for(survey, kind, lang) for kind, lang in needed},
    )


def _send_batch(
    survey: Survey, batch: list[_Row], connection: mail.Connection, pace: _Pace
) -> tuple[bool, dict[int, Outcome]]:
    """Send each row. Returns whether the connection was lost (the rest of the batch goes
    back to the queue, unsent) and each row's outcome."""
    lost = False
    context = _context(survey, batch)
    outcomes: dict[int, Outcome] = {}
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    for row in batch:
        if lost:
            outcomes[row.id] = (DEFERRED, None, NOT_TRIED)
            continue
        reason = _why_not(survey, row, context)
        if reason is not None:
            outcomes[row.id] = (SKIPPED, None, reason)
            continue
        recipient = context.recipients[row.contact_id]  # type: ignore[index]
        message = mail.compose(
            survey,
            recipient.to,
            row.kind,
            link_from(recipient.salt, recipient.token_digest, recipient.target),
            f"{base}/abmelden/{optout.token_for(recipient.contact_id)}",
            template=context.templates[(row.kind, recipient.lang)],
            code=code_from(recipient.salt, recipient.token_digest),
        )
        pace.wait()
        result = connection.send(message)
        if result.outcome == mail.LOST:
            lost = True
        outcomes[row.id] = (
            {mail.SENT: SENT, mail.TRANSIENT: DEFERRED, mail.LOST: DEFERRED}.get(
                result.outcome, REFUSED
            ),
            result.message_id,
            result.answer,
        )
    return lost, outcomes


def _why_not(survey: Survey, row: _Row, context: _Context) -> str | None:
    """A queued message that must not go out any more, and why (told on the job's page)."""
    if survey.status in (DRAFT, CLOSED):
        return "Die Befragung ist geschlossen." if survey.status == CLOSED else "Entwurf."
    recipient = context.recipients.get(row.contact_id) if row.contact_id is not None else None
    if recipient is None:
        return "Der Kontakt ist gelöscht."
    if recipient.status != "active":
        return "Der Kontakt erhält keine Nachrichten mehr (abgemeldet oder unzustellbar)."
    if recipient.revoked:
        return "Der Link der Kommune ist gesperrt."
    if recipient.withdrawn:
        return "Die Kommune hat ihre Teilnahme zurückgezogen."
    if row.kind == "reminder" and recipient.unit_id in context.submitted_units:
        return "Die Kommune hat inzwischen abgeschickt."
    return None


def _param(name: str, column: str) -> Any:
    return sa.bindparam(name, type_=OUTGOING_MAIL.c[column].type)


#: One statement for every row of a batch (executemany), compiled once for the process.
_RECORD = (
    sa.update(OUTGOING_MAIL)
    .where(OUTGOING_MAIL.c.id == sa.bindparam("row_id"))
    .values(
        status=_param("new_status", "status"),
        last_answer=_param("answer", "last_answer"),
        next_attempt_at=_param("next_at", "next_attempt_at"),
        sent_at=_param("sent", "sent_at"),
        message_id=sa.func.coalesce(
            _param("new_message_id", "message_id"), OUTGOING_MAIL.c.message_id
        ),
    )
)


def _record(batch: list[_Row], outcomes: dict[int, Outcome]) -> None:
    """Every row's outcome by primary key, in the caller's transaction."""
    now = utcnow()
    max_attempts = int(current_app.config["MAIL_MAX_ATTEMPTS"])
    rows, sent_invitations, bounced = [], set(), []
    for row in batch:
        status, message_id, answer = outcomes[row.id]
        if status == DEFERRED and row.attempts >= max_attempts:
            status = REFUSED
            answer = f"nach {row.attempts} Versuchen aufgegeben: {answer}"
        rows.append(
            {
                "row_id": row.id,
                "new_status": status,
                "answer": answer[:500] if answer else None,
                "next_at": now + _retry_delay(row.attempts) if status == DEFERRED else now,
                "sent": now if status == SENT else None,
                "new_message_id": message_id or None,
            }
        )
        if status == SENT:
            sent_invitations.add(row.invitation_id)
        if status == REFUSED and row.contact_id is not None and answer and answer[:1] == "5":
            bounced.append(
                {
                    "id": row.contact_id,
                    "status": "bounced",
                    "status_reason": answer[:500],
                    "status_at": now,
                }
            )
    db.session.connection().execute(_RECORD, rows)
    if sent_invitations:
        db.session.execute(
            sa.update(Invitation)
            .where(Invitation.id.in_(sent_invitations), Invitation.sent_at.is_(None))
            .values(sent_at=now)
            .execution_options(synchronize_session=False)
        )
    if bounced:
        db.session.execute(sa.update(Contact), bounced)


class _Pace:
    """At most `per_minute` messages a minute (0: as fast as the server takes them)."""

    def __init__(self, per_minute: int) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.last = 0.0

    def wait(self) -> None:
        if self.interval:
            pause = self.last + self.interval - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self.last = time.monotonic()


def messages_of(invitation: Invitation) -> list[OutgoingMail]:
    """Every message to the unit's contacts, newest first: the unit's mail history."""
    return list(
        db.session.scalars(
            sa.select(OutgoingMail)
            .where(OutgoingMail.invitation_id == invitation.id)
            .order_by(OutgoingMail.id.desc())
        )
    )


def problems_of(mailing_id: int) -> list[OutgoingMail]:
    """The messages of a mailing that did not go out, for the job's page."""
    return list(
        db.session.scalars(
            sa.select(OutgoingMail)
            .where(
                OutgoingMail.mailing_id == mailing_id,
                OutgoingMail.status.in_((REFUSED, BOUNCED, UNCLEAR, SKIPPED)),
            )
            .order_by(OutgoingMail.id)
        )
    )

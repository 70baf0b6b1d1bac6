"""Who gets an invitation or a reminder, and sending them: one message per contact; the list
of every link for a mail merge.

Sending never touches the link: a reminder carries the same link as the invitation, so a
contact who kept the first e-mail can still use it. Only revoking or renewing changes a link.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from sqlalchemy.orm import selectinload

from evaluation import german
from surveyapp import clock
from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.field.invitations import (
    code_from,
    ensure_codes,
    link_from,
    member_of_invitation,
)
from surveyapp.models import (
    Contact,
    Invitation,
    Mailing,
    OutgoingMail,
    Response,
    Survey,
    SurveyUnit,
    Unit,
    unit_display_name,
)
from surveyapp.spreadsheets import looks_like_formula, spreadsheet_text
from surveyapp.transaction import unit_of_work


@dataclass(frozen=True)
class Targets:
    """The units a mailing would reach, and their active contacts, counted in SQL: the
    confirmation of a national mailing loads no invitation or contact as an object."""

    invitation_ids: list[int]
    #: The official keys of the units, to tell which asked-for units are not among them.
    keys: set[str]
    #: Contacts that would get a message: opted-out and bounced ones get nothing.
    contacts: int
    #: Of those, the contacts written to in English.
    english: int = 0

    def __len__(self) -> int:
        return len(self.invitation_ids)


def _targets(survey: Survey, *conditions: Any) -> Targets:
    active = (
        sa.select(
            Contact.invitation_id,
            sa.func.count().label("n"),
            sa.func.sum(sa.case((Contact.language == "en", 1), else_=0)).label("en"),
        )
        .where(Contact.status == "active")
        .group_by(Contact.invitation_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(
            Invitation.id,
            Unit.ags,
            sa.func.coalesce(active.c.n, 0),
            sa.func.coalesce(active.c.en, 0),
        )
        .join(Unit, Unit.id == Invitation.unit_id)
        .outerjoin(active, active.c.invitation_id == Invitation.id)
        .where(
            Invitation.survey_id == survey.id,
            Invitation.revoked_at.is_(None),
            Invitation.contacts.any(),
            *conditions,
        )
        .order_by(Unit.ags)
    ).all()
    return Targets(
        [row[0] for row in rows],
        {row[1] for row in rows},
        sum(row[2] for row in rows),
        sum(row[3] for row in rows),
    )


def invitation_targets(survey: Survey, ags_keys: Iterable[str] | None = None) -> Targets:
    """Units with contacts that were never sent their link, or exactly the given units
    (sending again to a unit repeats its unchanged link)."""
    if ags_keys is None:
        return _targets(survey, Invitation.sent_at.is_(None))
    return _targets(survey, Unit.ags.in_([key.strip() for key in ags_keys if key.strip()]))


def reminder_targets(survey: Survey) -> Targets:
    """Units that were invited, have not submitted and have not withdrawn: the only ones a
    reminder may reach."""
    submitted = db.select(Response.unit_id).where(
        Response.survey_id == survey.id, Response.status == "submitted"
    )
    return _targets(
        survey,
        Invitation.sent_at.is_not(None),
        Invitation.withdrawn_at.is_(None),
        Invitation.unit_id.not_in(submitted),
    )


def earlier_mailings(survey: Survey, kind: str) -> list[Mailing]:
    query = db.select(Mailing).filter_by(survey_id=survey.id, kind=kind).order_by(Mailing.sent_at)
    return list(db.session.scalars(query))


def contacts_of(invitation: Invitation) -> list[Contact]:
    return sorted(invitation.contacts, key=lambda contact: contact.name)


def links_table(survey: Survey) -> str:
    """Every open link as CSV for a mail merge, one row per contact (units without contacts get
    one row); handing out the links is logged. Semicolons and a BOM, as German Excel wants.
    `sprache` (de/en) lets a mail merge pick the letter in the contact's language."""
    # One query of plain rows, contacts joined (a unit without contacts has one row of
    # nothing): a national frame loads no invitation or contact as an object.
    query = (
        sa.select(
            Unit.ags,
            SurveyUnit.name,
            SurveyUnit.land,
            SurveyUnit.type,
            Contact.salutation,
            Contact.name,
            Contact.email,
            Contact.language,
            Invitation.salt,
            Invitation.token_digest,
        )
        .join(Unit, Unit.id == Invitation.unit_id)
        .join(
            SurveyUnit,
            member_of_invitation(),
        )
        .outerjoin(Contact, Contact.invitation_id == Invitation.id)
        .where(Invitation.survey_id == survey.id, Invitation.revoked_at.is_(None))
        .order_by(Unit.ags, Contact.name, Contact.id)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    header = [
        "ags",
        "kommune",
        "land",
        "typ",
        "anrede",
        "name",
        "e-mail",
        "sprache",
        "link",
        "zugangscode",
    ]
    writer.writerow(header)
    rows = 0
    with unit_of_work():
        ensure_codes(survey)
        for row in db.session.execute(query):
            ags, name, land, type_, salutation, person, email, language, salt, digest = row
            writer.writerow(
                [
                    ags,
                    spreadsheet_text(unit_display_name(name, type_)),
                    spreadsheet_text(land),
                    spreadsheet_text(type_),
                    spreadsheet_text(salutation),
                    spreadsheet_text(person),
                    spreadsheet_text(email),
                    language or "",
                    link_from(salt, digest, f"{survey.slug}/{ags}"),
                    code_from(salt, digest),
                ]
            )
            rows += 1
        audit.record("links_exported", survey.slug, rows=rows)
    return "\ufeff" + buffer.getvalue()


FOLLOW_UP_HEADER = (
    "ags",
    "kommune",
    "land",
    "typ",
    "stand",
    "anrede",
    "name",
    "e-mail",
    "sprache",
    "kontakt",
    "letzte nachricht",
    "am",
    "ergebnis",
)


def follow_up_rows(survey: Survey) -> list[list[str]]:
    """The units that have not submitted (and have not withdrawn), one row per contact, with
    the contact's state, language (the caller knows which to speak) and the last message to
    them: the list for following up by phone."""
    submitted = db.select(Response.unit_id).where(
        Response.survey_id == survey.id, Response.status == "submitted"
    )
    started = set(
        db.session.scalars(
            db.select(Response.unit_id).where(
                Response.survey_id == survey.id, Response.status == "draft"
            )
        )
    )
    query = (
        db.select(Invitation)
        .join(Unit, Unit.id == Invitation.unit_id)
        .where(
            Invitation.survey_id == survey.id,
            Invitation.revoked_at.is_(None),
            Invitation.withdrawn_at.is_(None),
            Invitation.unit_id.not_in(submitted),
        )
        .options(selectinload(Invitation.contacts), selectinload(Invitation.unit))
        .order_by(Unit.ags)
    )
    last = _last_messages(survey)
    rows = []
    for invitation in db.session.scalars(query):
        unit = invitation.unit
        state = "begonnen" if invitation.unit_id in started else "nicht begonnen"
        people: list[Contact | None] = [*contacts_of(invitation)] or [None]
        for contact in people:
            message = last.get(contact.id) if contact else None
            rows.append(
                [
                    unit.ags,
                    unit.display_name,
                    unit.land,
                    unit.type,
                    state,
                    (contact.salutation or "") if contact else "",
                    contact.name if contact else "",
                    contact.email if contact else "",
                    contact.language if contact else "",
                    CONTACT_WORDS.get(contact.status, contact.status) if contact else "",
                    ("Einladung" if message.kind == "invitation" else "Erinnerung")
                    if message
                    else "",
                    german.stamp(clock.local(message.sent_at or message.queued_at))
                    if message
                    else "",
                    (message.last_answer or message.status) if message else "",
                ]
            )
    return rows


CONTACT_WORDS = {"active": "aktiv", "opted_out": "abgemeldet", "bounced": "unzustellbar"}


def _last_messages(survey: Survey) -> dict[int, OutgoingMail]:
    latest: dict[int, OutgoingMail] = {}
    for message in db.session.scalars(
        db.select(OutgoingMail)
        .where(OutgoingMail.survey_id == survey.id, OutgoingMail.contact_id.is_not(None))
        .order_by(OutgoingMail.id)
    ):
        if message.contact_id is not None:
            latest[message.contact_id] = message
    return latest


def follow_up_csv(survey: Survey) -> str:
    """The follow-up list as CSV for German Excel; handing it out is logged."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(FOLLOW_UP_HEADER)
    rows = follow_up_rows(survey)
    for row in rows:
        writer.writerow([row[0], *(spreadsheet_text(cell) for cell in row[1:])])
    with unit_of_work():
        audit.record("follow_up_exported", survey.slug, rows=len(rows), format="csv")
    return "\ufeff" + buffer.getvalue()


def follow_up_xlsx(survey: Survey) -> bytes:
    """The follow-up list as an Excel workbook (text cells, never formulas); logged."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Nachfassen")
    sheet.append(list(FOLLOW_UP_HEADER))
    rows = follow_up_rows(survey)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            if looks_like_formula(value):
                cell.quotePrefix = True
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with unit_of_work():
        audit.record("follow_up_exported", survey.slug, rows=len(rows), format="xlsx")
    return buffer.getvalue()

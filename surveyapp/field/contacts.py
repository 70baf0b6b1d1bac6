"""Contacts of a survey: loaded from CSV or XLSX (all rows or none), purged after the field period.

A contact belongs to the unit's invitation, so several contacts of one Kommune share its link;
importing a contact for a unit that has no invitation yet creates it. Contacts are the only
personal data here and sit apart from the answers: purging them leaves every response whole.
Importing and purging are logged (who loaded or deleted personal data) in the same transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

from sqlalchemy import CursorResult

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.field import mail
from surveyapp.field.invitations import new_invitation
from surveyapp.models import Contact, Invitation, Survey, Unit, utcnow
from surveyapp.surveys.frame import MAX_ROWS, FrameInvalid, ImportProblem, read_rows
from surveyapp.transaction import unit_of_work

#: Accepted column headings → Contact attribute (German as researchers write them, English too).
COLUMNS = {
    "ags": "ags",
    "key": "ags",
    "schluessel": "ags",
    "schlüssel": "ags",
    "anrede": "salutation",
    "salutation": "salutation",
    "name": "name",
    "e-mail": "email",
    "email": "email",
    "e_mail": "email",
    "mail": "email",
    "sprache": "language",
    "language": "language",
}
#: How a file may name a contact's language (empty: German).
LANGUAGE_WORDS = {
    "de": "de",
    "deutsch": "de",
    "german": "de",
    "en": "en",
    "englisch": "en",
    "english": "en",
}
REQUIRED = ("ags", "name", "email")
#: A contact's state in the researcher's words.
CONTACT_STATES = {"active": "aktiv", "opted_out": "abgemeldet", "bounced": "unzustellbar"}
MAX_LENGTH = {"ags": 12, "salutation": 60, "name": 200, "email": 254}
EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[A-Za-z]{2,}$")


class ContactsInvalid(FrameInvalid):
    """The file is refused as a whole; `problems` lists every error with row and column."""


@dataclass(frozen=True)
class ContactImportResult:
    created: int
    updated: int
    invitations_created: int


def import_contacts(
    survey: Survey, stream: BinaryIO, filename: str, *, user_email: str | None = None
) -> ContactImportResult:
    """Validates the whole file first, then writes it in one transaction with its audit event
    (by the logged-in user, or `user_email`, e.g. the command line).

    A contact already known for the unit (same e-mail) is updated, so loading a corrected file
    again does not double anyone.
    """
    try:
        rows = read_rows(stream, filename)
    except FrameInvalid as error:
        raise ContactsInvalid(error.problems) from error
    contacts = validate(rows)
    with unit_of_work():
        result = _store(survey, contacts)
        audit.record(
            "contacts_imported",
            survey.slug,
            user_email=user_email,
            created=result.created,
            updated=result.updated,
            invitations_created=result.invitations_created,
        )
    return result


def _store(survey: Survey, contacts: list[dict[str, Any]]) -> ContactImportResult:
    units = _units_by_ags({c["ags"] for c in contacts})
    invitations = {
        inv.unit_id: inv
        for inv in db.session.scalars(db.select(Invitation).filter_by(survey_id=survey.id))
    }
    known = {
        (c.invitation_id, c.email.lower()): c
        for c in db.session.scalars(
            db.select(Contact).join(Invitation).where(Invitation.survey_id == survey.id)
        )
    }
    created = updated = new_invitations = 0
    for row in contacts:
        unit = units[row["ags"]]
        invitation = invitations.get(unit.id)
        if invitation is None:
            invitation = new_invitation(survey, unit)
            db.session.add(invitation)
            db.session.flush()
            invitations[unit.id] = invitation
            new_invitations += 1
        contact = known.get((invitation.id, row["email"].lower()))
        if contact is None:
            contact = Contact(invitation=invitation, email=row["email"])
            db.session.add(contact)
            known[(invitation.id, row["email"].lower())] = contact
            created += 1
        else:
            updated += 1
        contact.salutation = row.get("salutation")
        contact.name = row["name"]
        if "language" in row or contact.language is None:
            contact.language = row.get("language") or "de"
    return ContactImportResult(created, updated, new_invitations)


def validate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contact attributes per row, or ContactsInvalid naming every problem by row and column."""
    problems: list[ImportProblem] = []
    headings = [h for h in (rows[0].keys() if rows else []) if h != "__row__"]
    mapping = {h: COLUMNS[h.lower()] for h in headings if h.lower() in COLUMNS}
    for heading in headings:
        if heading.lower() not in COLUMNS:
            allowed = "ags, anrede, name, e-mail, sprache"
            problems.append(ImportProblem(1, heading, f"unbekannte Spalte (erlaubt: {allowed})."))
    for field in REQUIRED if rows else ():
        if field not in mapping.values():
            problems.append(ImportProblem(1, field, "Pflichtspalte fehlt."))
    if not rows:
        problems.append(ImportProblem(0, "", "Die Datei enthält keine Kontakte."))
    if len(rows) > MAX_ROWS:
        problems.append(ImportProblem(0, "", f"Höchstens {MAX_ROWS} Zeilen je Datei."))
    if problems:
        raise ContactsInvalid(problems)

    contacts = [_convert_row(row, mapping, problems) for row in rows]
    heading_of = {field: heading for heading, field in mapping.items()}
    international = [
        (row["__row__"], c["email"])
        for row, c in zip(rows, contacts, strict=True)
        if c.get("email") and not c["email"].isascii()
    ]
    if international and mail.server_takes_international_addresses() is False:
        for number, address in international:
            problems.append(ImportProblem(number, heading_of["email"], no_smtputf8(address)))
    asked = {c["ags"] for c in contacts if c.get("ags")}
    # A key that lost its leading zero in Excel (1001 for 01001) is named with its repair.
    known = _units_by_ags(asked | {"0" + key for key in asked})
    seen: dict[tuple[str, str], int] = {}
    for row, contact in zip(rows, contacts, strict=True):
        number, ags = row["__row__"], contact.get("ags")
        if ags and ags not in known:
            problems.append(ImportProblem(number, heading_of["ags"], _unknown_key(ags, known)))
        key = (ags or "", (contact.get("email") or "").lower())
        if all(key) and key in seen:
            problems.append(
                ImportProblem(number, heading_of["email"], f"Doppelt, siehe Zeile {seen[key]}.")
            )
        elif all(key):
            seen[key] = number
    if problems:
        raise ContactsInvalid(problems)
    return contacts


def no_smtputf8(address: str) -> str:
    return (
        f"„{address}“ enthält Umlaute oder andere Sonderzeichen, die der Mailserver nicht "
        "annimmt (ihm fehlt SMTPUTF8). Bitte eine andere Adresse der Person angeben."
    )


def check_address(email: str) -> str:
    """One address a researcher typed, normalised; ValueError with the reason otherwise."""
    text = email.strip()
    if not EMAIL.match(text) or len(text) > MAX_LENGTH["email"]:
        raise ValueError(f"„{text}“ ist keine gültige E-Mail-Adresse.")
    if not text.isascii() and mail.server_takes_international_addresses() is False:
        raise ValueError(no_smtputf8(text))
    return text


def _target(contact: Contact) -> str:
    invitation = contact.invitation
    return f"{invitation.survey.slug}/{invitation.unit.ags}"


def check_language(language: str | None) -> str:
    """A contact's language as a researcher chose it (empty: German); ValueError otherwise."""
    text = (language or "").strip().lower() or "de"
    if text not in LANGUAGE_WORDS:
        raise ValueError(f"„{language}“ ist keine Sprache der Befragung (erlaubt: de, en).")
    return LANGUAGE_WORDS[text]


def add_contact(
    invitation: Invitation,
    salutation: str | None,
    name: str,
    email: str,
    language: str | None = "de",
) -> Contact:
    """One more contact of the unit, logged. Raises ValueError with the reason."""
    address = check_address(email)
    lang = check_language(language)
    if any(c.email.lower() == address.lower() for c in invitation.contacts):
        raise ValueError(f"{address} ist schon ein Kontakt dieser Kommune.")
    with unit_of_work():
        contact = Contact(
            salutation=(salutation or "").strip() or None,
            name=name.strip(),
            email=address,
            language=lang,
        )
        invitation.contacts.append(contact)
        db.session.flush()
        audit.record("contact_changed", _target(contact), change="angelegt")
    return contact


def update_contact(
    contact: Contact,
    salutation: str | None,
    name: str,
    email: str,
    language: str | None = None,
) -> None:
    """A corrected name, address or language (None keeps it); a corrected address is active
    again (it was the old one that bounced). Logged without the address itself."""
    address = check_address(email)
    lang = contact.language if language is None else check_language(language)
    with unit_of_work():
        if address.lower() != contact.email.lower() and contact.status == "bounced":
            contact.status, contact.status_reason, contact.status_at = "active", None, None
        contact.salutation = (salutation or "").strip() or None
        contact.name, contact.email, contact.language = name.strip(), address, lang
        audit.record("contact_changed", _target(contact), change="geändert")


def set_opted_out(contact: Contact, opted_out: bool) -> None:
    """The researcher records an opt-out the contact asked for by phone or letter, or undoes
    one on the contact's request."""
    with unit_of_work():
        if opted_out:
            contact.status, contact.status_reason = "opted_out", "vom Forschungsteam eingetragen"
        else:
            contact.status, contact.status_reason = "active", None
        contact.status_at = utcnow()
        audit.record(
            "contact_changed",
            _target(contact),
            change="abgemeldet" if opted_out else "wieder aktiv",
        )


def delete_contact(contact: Contact) -> None:
    """The person's data go; messages already sent keep their record without it."""
    target = _target(contact)
    with unit_of_work():
        db.session.delete(contact)
        audit.record("contact_deleted", target)


def _convert_row(
    row: dict[str, Any], mapping: dict[str, str], problems: list[ImportProblem]
) -> dict[str, Any]:
    contact: dict[str, Any] = {}
    for heading, field in mapping.items():
        value = row.get(heading)
        text = "" if value is None else str(value).strip()
        problem = None
        if field in REQUIRED and not text:
            problem = "Wert fehlt."
        elif field == "ags" and isinstance(value, (int, float)) and not isinstance(value, bool):
            problem = "Schlüssel als Text speichern (führende Nullen gehen sonst verloren)."
        elif field == "email" and not EMAIL.match(text):
            problem = f"„{text}“ ist keine gültige E-Mail-Adresse."
        elif field == "language" and text:
            if text.lower() not in LANGUAGE_WORDS:
                problem = f"„{text}“ ist keine Sprache der Befragung (erlaubt: de, en)."
            else:
                text = LANGUAGE_WORDS[text.lower()]
        elif len(text) > MAX_LENGTH.get(field, 200):
            problem = "Der Text ist zu lang."
        if problem:
            problems.append(ImportProblem(row["__row__"], heading, problem))
        contact[field] = text or None
    return contact


def _unknown_key(ags: str, known: dict[str, Unit]) -> str:
    if "0" + ags in known:
        return (
            f"Keine Kommune mit dem Schlüssel {ags}. Gemeint ist wohl 0{ags} "
            f"({known['0' + ags].display_name}): Excel hat die führende Null entfernt. "
            "Bitte die Spalte als Text formatieren und den Schlüssel mit 0 eintragen."
        )
    return f"Keine Kommune mit dem Schlüssel {ags}."


def _units_by_ags(keys: set[str]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):  # stay below every database's parameter limit
        chunk = ordered[start : start + 500]
        found = db.session.scalars(db.select(Unit).where(Unit.ags.in_(chunk)))
        units.update((unit.ags, unit) for unit in found)
    return units


class PurgeRefused(ValueError):
    """Contacts of a survey still in the field are needed for reminders; the message says so."""


def purge_contacts(survey: Survey, *, user_email: str | None = None) -> int:
    """Deletes every contact of a closed survey; the invitations and answers stay. Logged."""
    if survey.status != "closed":
        raise PurgeRefused(
            f"Die Befragung „{survey.slug}“ ist nicht geschlossen: Kontaktdaten werden erst "
            "nach dem Ende der Feldphase gelöscht."
        )
    invitation_ids = db.select(Invitation.id).where(Invitation.survey_id == survey.id)
    with unit_of_work():
        # A bulk DELETE returns a cursor result, which knows how many rows it removed.
        result = cast(
            CursorResult[Any],
            db.session.execute(
                db.delete(Contact).where(Contact.invitation_id.in_(invitation_ids)),
                execution_options={"synchronize_session": False},
            ),
        )
        deleted = result.rowcount or 0
        audit.record("contacts_purged", survey.slug, user_email=user_email, deleted=deleted)
    return deleted


def count_contacts(survey: Survey, language: str | None = None) -> int:
    """The survey's contacts, or those written to in `language`."""
    query = db.select(db.func.count(Contact.id)).join(Invitation)
    query = query.where(Invitation.survey_id == survey.id)
    if language is not None:
        query = query.where(Contact.language == language)
    return db.session.scalar(query)

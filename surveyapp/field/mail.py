"""E-mail to contacts: invitation and reminder texts in German and English, sent over SMTP or
to an outbox; the confirmation after submit also in English for a respondent who read English.

A researcher edits one plain-text template per survey, kind and language; the HTML part is made
from the same text, so both parts always say the same. The German text always exists (the
built-in one until edited); the English one is optional, and a contact written to in English
gets the German text while the survey has none (`text_for`). Placeholders are `{{name}}` and
only the names in `PLACEHOLDERS` exist: a template is data, never code.

Without `MAIL_SERVER` (a developer's machine) every message is written as an `.eml` file into
`MAIL_OUTBOX` instead, so nothing leaves the machine by accident.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import formataddr
from html import escape
from pathlib import Path
from typing import NamedTuple

from babel import dates
from flask import current_app

from evaluation import german
from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.field import wire
from surveyapp.models import Contact, MailTemplate, Survey
from surveyapp.transaction import unit_of_work

KINDS = ("invitation", "reminder")
#: The languages a contact is written to, German first (the one every text has).
LANGUAGES = {"de": "Deutsch", "en": "Englisch"}
#: The confirmation a unit may ask for after submitting: a link to its thank-you page (with
#: the copy of its answers), never the answers themselves.
CONFIRMATION = "confirmation"

PLACEHOLDERS = {
    "anrede": "die Anrede, z. B. „Sehr geehrte Frau Müller,“",
    "name": "der Name der Kontaktperson",
    "kommune": "der Name der Kommune",
    "titel": "der Titel der Befragung",
    "link": "der persönliche Link der Kommune",
    "code": "der Zugangscode der Kommune (zum Eintippen, z. B. aus einem Brief)",
    "zugang": "die Adresse der Seite, auf der man den Zugangscode eingibt",
    "frist": "das Ende der Feldphase (TT.MM.JJJJ)",
    "team": "Name des Forschungsteams",
    "team_email": "E-Mail-Adresse des Forschungsteams",
    "institut": "Name des Instituts",
}

DEFAULT_TEMPLATES = {
    "invitation": (
        "Einladung zur Befragung „{{titel}}“",
        """{{anrede}}

wir laden Sie herzlich ein, sich für {{kommune}} an unserer Befragung „{{titel}}“ zu beteiligen.

Über Ihren persönlichen Link gelangen Sie direkt zum Fragebogen:
{{link}}

Sie können stattdessen auch auf {{zugang}} Ihren Zugangscode eingeben: {{code}}

Sie können die Beantwortung jederzeit unterbrechen und später über denselben Link fortsetzen.
Wenn mehrere Personen in Ihrer Verwaltung an den Antworten mitwirken, können Sie den Link
weitergeben: Er gilt für Ihre Kommune. Bitte beantworten Sie den Fragebogen bis zum {{frist}}.

Ihre Angaben werden vertraulich behandelt und nur in zusammengefasster Form veröffentlicht,
ohne dass einzelne Kommunen erkennbar sind.

Bei Fragen erreichen Sie uns unter {{team_email}}.

Mit freundlichen Grüßen
{{team}}
{{institut}}
""",
    ),
    "reminder": (
        "Erinnerung: Befragung „{{titel}}“",
        """{{anrede}}

vor einiger Zeit haben wir Sie zu unserer Befragung „{{titel}}“ eingeladen. Für {{kommune}} liegt
uns noch keine abgeschlossene Antwort vor. Wir würden uns sehr freuen, wenn Sie sich beteiligen.

Ihr persönlicher Link ist unverändert gültig; bereits gespeicherte Angaben bleiben erhalten:
{{link}}

Oder geben Sie auf {{zugang}} Ihren Zugangscode ein: {{code}}

Bitte beantworten Sie den Fragebogen bis zum {{frist}}. Falls Sie die Befragung inzwischen
abgeschlossen haben, betrachten Sie diese Nachricht bitte als gegenstandslos.

Bei Fragen erreichen Sie uns unter {{team_email}}.

Mit freundlichen Grüßen
{{team}}
{{institut}}
""",
    ),
}

DEFAULT_TEMPLATES[CONFIRMATION] = (
    "Bestätigung: Ihre Angaben zur Befragung „{{titel}}“ sind eingegangen",
    """{{anrede}}

vielen Dank: Die Angaben für {{kommune}} zur Befragung „{{titel}}“ sind bei uns eingegangen.

Eine Kopie Ihrer Angaben (auch als PDF) finden Sie über Ihren persönlichen Link:
{{link}}

Die Angaben selbst stehen aus Gründen des Datenschutzes nicht in dieser E-Mail.

Bei Fragen erreichen Sie uns unter {{team_email}}.

Mit freundlichen Grüßen
{{team}}
{{institut}}
""",
)

#: The confirmation for a respondent who read the questionnaire in English: the same purpose
#: (sent once per contact), its own built-in text and an English greeting.
CONFIRMATION_EN = "confirmation_en"

DEFAULT_TEMPLATES[CONFIRMATION_EN] = (
    "Confirmation: your answers to the survey “{{titel}}” have been received",
    """{{anrede}}

thank you: the answers for {{kommune}} to the survey “{{titel}}” have reached us.

A copy of your answers (also as a PDF) is available through your personal link:
{{link}}

For data protection reasons, the answers themselves are not in this e-mail.

If you have any questions, please contact us at {{team_email}}.

Kind regards
{{team}}
{{institut}}
""",
)

#: Kinds whose messages are written in English (greeting included).
ENGLISH_KINDS = frozenset({CONFIRMATION_EN})

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
URL = re.compile(r"https?://[^\s<>\"]+")


class TemplateInvalid(ValueError):
    """A template naming placeholders that do not exist; the message is for the user."""


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    reply_to: str | None = None
    #: Where the recipient stops all further e-mail of the survey (List-Unsubscribe).
    unsubscribe: str | None = None
    #: The language the text is written in (the HTML part's `lang`).
    lang: str = "de"


@dataclass
class SendReport:
    """How a batch went: who got a message, who did not and why."""

    sent: list[Message] = field(default_factory=list)
    failed: list[tuple[Message, str]] = field(default_factory=list)


class MailText(NamedTuple):
    """A message's subject and body, and the language they are written in (the greeting,
    the opt-out line and the HTML part's `lang` follow it)."""

    subject: str
    body: str
    lang: str = "de"


def text_for(survey: Survey, kind: str, lang: str = "de") -> MailText:
    """The text a contact written to in `lang` gets: the survey's own in that language, else
    its German one, else the built-in text. The German text is the fallback because it is
    the one a researcher has checked; a built-in English text would miss what they added."""
    if kind not in KINDS:
        return MailText(*DEFAULT_TEMPLATES[kind], "en" if kind in ENGLISH_KINDS else "de")
    stored = {
        template.language: template
        for template in db.session.scalars(
            db.select(MailTemplate).filter_by(survey_id=survey.id, kind=kind)
        )
    }
    for language in dict.fromkeys((lang, "de")):
        if language in stored:
            return MailText(stored[language].subject, stored[language].body, language)
    return MailText(*DEFAULT_TEMPLATES[kind], "de")


def template_for(survey: Survey, kind: str) -> tuple[str, str]:
    """(subject, body) in German as edited for this survey, else the built-in text."""
    text = text_for(survey, kind)
    return text.subject, text.body


def stored_text(survey: Survey, kind: str, lang: str) -> MailText | None:
    """The survey's own text of this kind in exactly this language, if someone wrote one."""
    stored = db.session.scalar(
        db.select(MailTemplate).filter_by(survey_id=survey.id, kind=kind, language=lang)
    )
    return None if stored is None else MailText(stored.subject, stored.body, lang)


def save_template(survey: Survey, kind: str, subject: str, body: str, lang: str = "de") -> None:
    """Stores the survey's own text of this kind in `lang`, logged; refused without the
    personal link."""
    if lang not in LANGUAGES:
        raise TemplateInvalid(f"Unbekannte Sprache: {lang}.")
    check_template(subject + "\n" + body)
    if "link" not in PLACEHOLDER.findall(body):
        raise TemplateInvalid("Der Text muss den persönlichen Link {{link}} enthalten.")
    with unit_of_work():
        stored = db.session.scalar(
            db.select(MailTemplate).filter_by(survey_id=survey.id, kind=kind, language=lang)
        )
        if stored is None:
            stored = MailTemplate(survey_id=survey.id, kind=kind, language=lang)
            db.session.add(stored)
        stored.subject, stored.body = subject.strip(), body.replace("\r\n", "\n")
        audit.record("mail_template_saved", survey.slug, kind=kind, language=lang)


def remove_translation(survey: Survey, kind: str) -> bool:
    """The survey's English text of this kind removed, logged: English contacts get the
    German one again. False when there was none."""
    with unit_of_work():
        stored = db.session.scalar(
            db.select(MailTemplate).filter_by(survey_id=survey.id, kind=kind, language="en")
        )
        if stored is None:
            return False
        db.session.delete(stored)
        audit.record("mail_template_removed", survey.slug, kind=kind, language="en")
    return True


def check_template(text: str) -> None:
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        names = ", ".join("{{" + name + "}}" for name in unknown)
        raise TemplateInvalid(f"Unbekannte Platzhalter: {names}.")


def render(template: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def greeting(salutation: str | None, name: str | None, lang: str = "de") -> str:
    """The formal greeting line for a contact, German unless `lang` is English."""
    word = (salutation or "").strip().lower()
    name = (name or "").strip()
    if lang == "en":
        title = {"frau": "Ms", "fr.": "Ms", "herr": "Mr", "hr.": "Mr"}.get(word, "")
        return f"Dear {title} {name}," if title and name else f"Dear {name or 'Sir or Madam'},"
    if name and word in {"frau", "fr."}:
        return f"Sehr geehrte Frau {name},"
    if name and word in {"herr", "hr."}:
        return f"Sehr geehrter Herr {name},"
    if name:
        return f"Guten Tag {name},"
    return "Sehr geehrte Damen und Herren,"


@dataclass(frozen=True)
class Addressee:
    """Who a message is for, as the templates name them; the Kommune as the survey knows it
    (its frame's name and type, not today's register)."""

    email: str
    salutation: str | None
    name: str | None
    kommune: str


def addressee_of(contact: Contact) -> Addressee:
    member = contact.invitation.member
    kommune = member.display_name if member is not None else contact.invitation.unit.display_name
    return Addressee(contact.email, contact.salutation, contact.name, kommune)


def values_for(
    survey: Survey, to: Addressee, link: str, code: str = "", lang: str = "de"
) -> dict[str, str]:
    config = current_app.config
    base = config["PUBLIC_BASE_URL"].rstrip("/")
    return {
        "anrede": greeting(to.salutation, to.name, lang),
        "name": to.name or "",
        "kommune": to.kommune,
        "titel": survey.title,
        "link": link,
        "code": code,
        "zugang": f"{base}/zugang",
        "frist": _deadline(survey, lang),
        "team": survey.contact_name or config["INSTITUTE_NAME"],
        "team_email": survey.contact_email or config["MAIL_SENDER"],
        "institut": config["INSTITUTE_NAME"],
    }


def _deadline(survey: Survey, lang: str) -> str:
    """The last field day as the text's language writes it (31.03.2027, 31 March 2027)."""
    if lang == "en":
        if survey.closes_on is None:
            return "the end of the field period"
        return dates.format_date(survey.closes_on, "d MMMM yyyy", locale="en")
    return german.day(survey.closes_on) or "Feldende"


def compose(
    survey: Survey,
    to: Addressee,
    kind: str,
    link: str,
    unsubscribe: str | None = None,
    template: MailText | None = None,
    code: str = "",
    lang: str = "de",
) -> Message:
    """The message to one contact written to in `lang`; with `unsubscribe`, it ends with the
    opt-out link. `template` (`text_for` of that language) saves looking it up for each
    message of a mailing; `code` is the unit's access code, printed beside the link."""
    subject, body, lang = template or text_for(survey, kind, lang)
    values = values_for(survey, to, link, code, lang)
    text = render(body, values)
    if unsubscribe:
        opt_out = OPT_OUT_LINE_EN if lang == "en" else OPT_OUT_LINE
        text += f"\n\n-- \n{opt_out}\n{unsubscribe}\n"
    return Message(
        to=to.email,
        subject=render(subject, values).replace("\n", " "),
        text=text,
        reply_to=survey.contact_email,
        unsubscribe=unsubscribe,
        lang=lang,
    )


OPT_OUT_LINE = "Sie möchten keine E-Mails mehr zu dieser Befragung erhalten? Hier abmelden:"
OPT_OUT_LINE_EN = "You would rather not receive any more e-mails about this survey? Unsubscribe:"


SAMPLE_KOMMUNE = "Musterstadt (kreisfreie Stadt)"


def sample(survey: Survey, subject: str, body: str, lang: str = "de") -> Message:
    """The message as a contact would get it, with a made-up contact and link (never stored)."""
    to = Addressee("erika@example.org", "Frau", "Erika Mustermann", SAMPLE_KOMMUNE)
    values = values_for(
        survey, to, "https://umfrage.example.org/r/BEISPIEL", "ACDE-FGHJ-KMNP", lang
    )
    return Message(to.email, render(subject, values), render(body, values), lang=lang)


def as_html(text: str, lang: str = "de") -> str:
    """The HTML twin of a plain-text message: paragraphs, line breaks and clickable links."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    parts = []
    for paragraph in paragraphs:
        lines = [_linkify(escape(line)) for line in paragraph.splitlines()]
        parts.append("<p>" + "<br>\n".join(lines) + "</p>")
    body = "\n".join(parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n'
        '<head><meta charset="utf-8"><title></title></head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _linkify(escaped_line: str) -> str:
    return URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped_line)


def to_bytes(message: Message, message_id: str) -> bytes:
    """The message as sent: both parts, the sender of the configuration, the opt-out headers."""
    config = current_app.config
    headers = [
        ("From", formataddr((config["INSTITUTE_NAME"], config["MAIL_SENDER"]))),
        ("To", message.to),
        ("Subject", message.subject),
        ("Date", wire.date_now()),
        ("Message-ID", message_id),
    ]
    if message.reply_to:
        headers.append(("Reply-To", message.reply_to))
    if message.unsubscribe:
        headers.append(("List-Unsubscribe", f"<{message.unsubscribe}>"))
        headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    return wire.message_bytes(
        headers,
        message.text,
        as_html(message.text, message.lang),
        international=not message.to.isascii(),
    )


#: What became of one message handed to the server.
SENT, TRANSIENT, PERMANENT, LOST = "sent", "transient", "permanent", "lost"


@dataclass(frozen=True)
class Sending:
    outcome: str
    message_id: str | None = None
    answer: str | None = None


class Connection:
    """One SMTP connection for a run of messages, opened when the first is sent and again
    after it was lost; without `MAIL_SERVER` the messages go to the outbox folder.

    Every outcome is told apart as SMTP means it: 250 to the data is SENT (the server took
    responsibility), a 4xx answer TRANSIENT, a 5xx answer PERMANENT, a broken or refused
    connection LOST (nothing was taken; try again later)."""

    def __init__(self) -> None:
        self.config = current_app.config
        self.smtp: smtplib.SMTP | None = None
        self.outbox = None if self.config.get("MAIL_SERVER") else Path(self.config["MAIL_OUTBOX"])

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None

    def _open(self) -> smtplib.SMTP:
        host, port = self.config["MAIL_SERVER"], int(self.config["MAIL_PORT"])
        if port == 465:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=30, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(host, port, timeout=30)
        smtp.ehlo()
        if self.config.get("MAIL_USE_TLS") and port != 465:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if self.config.get("MAIL_USERNAME"):
            smtp.login(self.config["MAIL_USERNAME"], self.config.get("MAIL_PASSWORD") or "")
        return smtp

    def send(self, message: Message) -> Sending:
        message_id = wire.new_message_id(self.config["MAIL_SENDER"])
        raw = to_bytes(message, message_id)
        if self.outbox is not None:
            _write_outbox(self.outbox, message, raw)
            return Sending(SENT, message_id, "in den Ausgangsordner geschrieben")
        international = not message.to.isascii()
        try:
            if self.smtp is None:
                self.smtp = self._open()
            if international and not self.smtp.has_extn("smtputf8"):
                return Sending(PERMANENT, None, NO_SMTPUTF8)
            self.smtp.sendmail(
                self.config["MAIL_SENDER"],
                [message.to],
                raw,
                mail_options=["SMTPUTF8", "BODY=8BITMIME"] if international else [],
            )
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()))
            return Sending(_by_code(code), None, f"{code} {_text(text)}")
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
            return Sending(
                _by_code(error.smtp_code), None, f"{error.smtp_code} {_text(error.smtp_error)}"
            )
        except smtplib.SMTPNotSupportedError:
            return Sending(PERMANENT, None, NO_SMTPUTF8)
        except (smtplib.SMTPException, OSError) as error:
            if self.smtp is not None:
                self.smtp.close()
                self.smtp = None
            return Sending(LOST, None, f"Verbindung zum Mailserver: {error}")
        return Sending(SENT, message_id, "250")


NO_SMTPUTF8 = (
    "Der Mailserver nimmt keine Adressen mit Umlauten oder anderen Sonderzeichen an "
    "(SMTPUTF8 fehlt)."
)


def _by_code(code: int) -> str:
    return TRANSIENT if 400 <= code < 500 else PERMANENT


def _text(raw: bytes | str) -> str:
    return raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)


def server_takes_international_addresses() -> bool | None:
    """Whether the configured server offers SMTPUTF8; None without a server (the outbox takes
    anything) or when it cannot be reached (the send will tell)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        return None
    try:
        with Connection() as connection:
            smtp = connection._open()
            try:
                return bool(smtp.has_extn("smtputf8"))
            finally:
                smtp.quit()
    except (smtplib.SMTPException, OSError):
        return None


def _write_outbox(outbox: Path, message: Message, raw: bytes) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    safe = re.sub(r"[^A-Za-z0-9@._-]", "_", message.to)
    (outbox / f"{stamp}-{safe}.eml").write_bytes(raw)

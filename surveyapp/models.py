"""The database: units, surveys and their frames, invitations, contacts, responses, answers.

Contacts (people) live apart from responses (answers about a Kommune): they are joined only
through the invitation, so deleting the contacts after the field period leaves the answers whole.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from surveyapp.extensions import db

if TYPE_CHECKING:
    from sqlalchemy.orm import DeclarativeBase

    class Model(DeclarativeBase):
        """What a type checker sees of `db.Model`, which Flask-SQLAlchemy builds at run time
        (mypy cannot take a class made in `__init__` as a base class)."""

else:
    Model = db.Model


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Unit(Model):
    """A Kommune (Landkreis, kreisfreie Stadt, Gemeinde), keyed by its official key (AGS).

    The register of official keys, with the attributes of the newest upload. A survey reads its
    units' attributes from its own frame (`SurveyUnit`), never from here, so a later upload
    (a Kreisreform, a new population count) cannot rewrite a survey already in the field or
    closed."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    ags: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    land: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(60))
    population: Mapped[int | None]
    nuts3: Mapped[str | None] = mapped_column(String(10))
    valid_until: Mapped[date | None]
    successor_ags: Mapped[str | None] = mapped_column(String(12))

    @property
    def display_name(self) -> str:
        """'Leipzig' is both a city and a Landkreis: the display name always tells them apart."""
        return unit_display_name(self.name, self.type)


def unit_display_name(name: str, type_: str) -> str:
    """ "Leipzig (kreisfreie Stadt)" and "Leipzig (Landkreis)": the name with its type."""
    return f"{name.removesuffix(', Stadt')} ({type_})"


class Survey(Model):
    """One wave: a pinned questionnaire snapshot with its codebook, a field period, a frame."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[str] = mapped_column(String(60))
    questionnaire: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    codebook: Mapped[list[dict[str, Any]]] = mapped_column(JSON, deferred=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    opens_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    #: The survey's own legal texts (`surveys.legal`): what its privacy information says the
    #: answers are for, the provider's address and representative for the Impressum, and the
    #: accessibility statement's date and feedback contact. None: the neutral default.
    privacy_purpose: Mapped[str | None] = mapped_column(Text)
    imprint_address: Mapped[str | None] = mapped_column(Text)
    imprint_representative: Mapped[str | None] = mapped_column(String(200))
    accessibility_reviewed_on: Mapped[date | None]
    accessibility_contact: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The reminder plan: a reminder after this many days without a mailing, at most
    #: `reminder_max` of them; sent by the clock (`field.reminder_plan`). None: no plan.
    reminder_after_days: Mapped[int | None]
    reminder_max: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Waves of one series share `series` (the slug of its first wave) and count up in `wave`;
    #: `previous_id` is the wave this one was made from (`surveys.waves`). None: no series.
    series: Mapped[str | None] = mapped_column(String(60), index=True)
    wave: Mapped[int | None]
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    #: Where the frame came from: the file last applied as the whole frame, and for the
    #: official register (GV100AD) its Gebietsstand, the day the keys and names describe.
    frame_file: Mapped[str | None] = mapped_column(String(255))
    frame_as_of: Mapped[date | None]

    invitations: Mapped[list[Invitation]] = relationship(back_populates="survey")


class SurveyUnit(Model):
    """One unit of one survey's frame, with the attributes it had for that survey.

    Name, Land, type and population are copied when the unit joins the frame and change only
    through an upload to this survey: the dashboard, the links, the workbook, the brief and the
    feedback reports of a survey read them from here. Every invitation has its row (creating an
    invitation adds the unit to the frame), so joining on (survey, unit) loses nothing."""

    __tablename__ = "survey_units"
    __table_args__ = (UniqueConstraint("survey_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    land: Mapped[str] = mapped_column(String(60))
    type: Mapped[str] = mapped_column(String(60))
    population: Mapped[int | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    unit: Mapped[Unit] = relationship()

    @property
    def ags(self) -> str:
        return self.unit.ags

    @property
    def display_name(self) -> str:
        """As `Unit.display_name`, from the survey's own attributes."""
        return unit_display_name(self.name, self.type)


class TerritorialChange(Model):
    """One official key that ended and the key that took it over (a merger, a Kreisreform).

    A panel follows a unit's earlier answers to its successor (`surveys.territory`). `weight`
    is the share of the old unit that went to the new one, when a unit was split (None: whole).
    """

    __tablename__ = "territorial_changes"
    __table_args__ = (UniqueConstraint("old_ags", "new_ags"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    old_ags: Mapped[str] = mapped_column(String(12), index=True)
    new_ags: Mapped[str] = mapped_column(String(12))
    changed_on: Mapped[date]
    weight: Mapped[float | None]


class Invitation(Model):
    """Gives one unit access to its one response in one survey; the frame is the set of these.

    Only a salt and a digest of the token are stored: the token itself is derived from the salt
    with the application's secret key, so a copy of the database alone cannot open a link, while
    the application can print the same link again for a reminder.
    """

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("survey_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    salt: Mapped[str] = mapped_column(String(64))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: The digest of the typable access code (`field.access_code`); None for a link made
    #: before there were codes, until the next mailing or links export fills it in.
    code_digest: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    #: The unit asked for its response to be deleted and to hear nothing more.
    withdrawn_at: Mapped[datetime | None]

    survey: Mapped[Survey] = relationship(back_populates="invitations")
    unit: Mapped[Unit] = relationship()
    #: The unit as this survey knows it (its name, Land and type for this survey).
    member: Mapped[SurveyUnit] = relationship(
        primaryjoin="and_(Invitation.survey_id == foreign(SurveyUnit.survey_id), "
        "Invitation.unit_id == foreign(SurveyUnit.unit_id))",
        viewonly=True,
        uselist=False,
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan"
    )
    section_links: Mapped[list[SectionLink]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="SectionLink.id"
    )


class SectionLink(Model):
    """A link the unit's lead contact hands to a colleague (the Jugendamt, the Kämmerei): it
    opens only the chosen pages of the unit's response and cannot submit it.

    Made and checked like the unit's link (`field.tokens`: a salt and a digest, never the
    token), and revoked the same way; `name` is what the section overview shows as the one who
    saved a page."""

    __tablename__ = "section_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    #: The page ids the link opens, space-separated.
    pages: Mapped[str] = mapped_column(Text)
    salt: Mapped[str] = mapped_column(String(64))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    invitation: Mapped[Invitation] = relationship(back_populates="section_links")

    @property
    def page_ids(self) -> list[str]:
        return self.pages.split()


class Contact(Model):
    """A person at a Kommune who receives the unit's link. Deleted after the field period."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    salutation: Mapped[str | None] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: `active`, `opted_out` (asked for no more e-mail) or `bounced` (the address is refused
    #: for good); only active contacts are sent anything.
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")
    status_reason: Mapped[str | None] = mapped_column(String(500))
    status_at: Mapped[datetime | None]
    #: The language the contact is written to (`de` or `en`): invitation and reminder come
    #: in the survey's text of that language, German where it has none in English.
    language: Mapped[str] = mapped_column(String(5), default="de", server_default="de")

    invitation: Mapped[Invitation] = relationship(back_populates="contacts")


class Response(Model):
    """The one response of a unit in a survey: a draft until submitted, locked after."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("survey_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    language: Mapped[str] = mapped_column(String(5), default="de")
    current_page: Mapped[str | None] = mapped_column(String(60))
    consent_at: Mapped[datetime | None]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    page_states: Mapped[list[PageState]] = relationship(cascade="all, delete-orphan")


class PageState(Model):
    """The revision of one page of one response: how two contacts saving it at once are told."""

    __tablename__ = "page_states"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    page_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    revision: Mapped[int] = mapped_column(default=0)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: The keys of the soft reminders the page has shown, space-separated: each is shown once.
    reminded: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The name of the section link that saved the page last; None for the unit's own link.
    saved_by: Mapped[str | None] = mapped_column(String(100))


class Answer(Model):
    """One variable of one response. Codes and numbers sit in `number`, text and dates in `text`;
    a system or missing code sits in `number` whatever the variable's type."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "variable"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    variable: Mapped[str] = mapped_column(String(64))
    number: Mapped[float | None]
    text: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class AnswerChange(Model):
    """One change of one variable of a response, appended by every save and never altered.

    Like REDCap's data history: who changed it (the unit's link, a section link or a
    researcher; `system` for the missing codes a submit or a filter sets), when, on which page,
    and the value before and after. It stays out of every dataset and download but the explicit
    audit export; deleting a response (a unit withdrawing) deletes its history with it. The
    migration adds a trigger that refuses any UPDATE of a row."""

    __tablename__ = "answer_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    variable: Mapped[str] = mapped_column(String(64))
    old_number: Mapped[float | None]
    old_text: Mapped[str | None] = mapped_column(Text)
    new_number: Mapped[float | None]
    new_text: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    context: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(default=utcnow)


Index("ix_responses_survey_status", Response.survey_id, Response.status)


class User(Model):
    """A researcher account. `admin` manages surveys, frames, contacts and accounts;
    `researcher` watches and downloads."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="researcher")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]


class ResearcherSession(Model):
    """One login of a researcher, kept on the server so that logging out really ends it: the
    cookie carries only this row's random id, and a copy of it opens nothing once the row is
    gone. A password change ends every session (the row remembers the password it began with)."""

    __tablename__ = "researcher_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)


class Mailing(Model):
    """One sending of invitations or reminders, so the next reminder can show the earlier ones.

    `purpose` names what each contact gets once at most: `invitation` (the first invitation),
    `reminder-2` (the second reminder), `resend-<id>` (an invitation sent again on purpose)."""

    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    purpose: Mapped[str | None] = mapped_column(String(40))
    recipients: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class OutgoingMail(Model):
    """One message to one contact, from queued to its outcome: the mail queue.

    The unique constraint is the promise that a contact never gets the same mailing twice,
    whatever is clicked twice or retried: a second row for the same contact and purpose cannot
    be stored. `status`: queued, sending (handed to the SMTP server, answer not yet stored),
    sent, deferred (4xx or connection lost; retried from `next_attempt_at`), refused (5xx),
    bounced (a delivery report came back), unclear (the worker died while it was sending: it
    may have gone out, so it is not sent again)."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (UniqueConstraint("survey_id", "contact_id", "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailings.id", ondelete="CASCADE"))
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    last_answer: Mapped[str | None] = mapped_column(String(500))
    message_id: Mapped[str | None] = mapped_column(String(250), index=True)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class AuditEvent(Model):
    """Who did what when in the researcher area; kept when the objects themselves are gone."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class Job(Model):
    """One piece of long work for a researcher (a download, the brief, a mailing), done by a
    job worker in the background: the request that asks for it returns at once.

    The row, not the queue's message, is the truth about the job. A worker claims it by raising
    `attempts` in one conditional UPDATE and keeps `heartbeat_at` fresh while it works; a job
    whose heartbeat stops (its worker was killed) is claimed again by the next attempt, and
    only the attempt that still holds the claim can finish it, so a job completes once. A
    finished file sits in `result` until it expires (it holds answers: it is not kept longer
    than needed)."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    survey_id: Mapped[int | None] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(String(1000))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    result: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    result_name: Mapped[str | None] = mapped_column(String(200))
    result_mimetype: Mapped[str | None] = mapped_column(String(100))
    #: A job waiting on purpose (a mailing's deferred messages) is not started before this.
    run_after: Mapped[datetime | None]


Index("ix_jobs_status_heartbeat", Job.status, Job.heartbeat_at)
#: A mailing's next batch walks its rows in id order from where the last one ended.
Index("ix_outgoing_mail_mailing_id", OutgoingMail.mailing_id, OutgoingMail.id)


class MailTemplate(Model):
    """A survey's own wording of the invitation or reminder e-mail in one language, edited by
    a researcher.

    Absent until someone edits it: the built-in German text in `surveyapp.field.mail` is the
    default, and German is what an English contact gets while the survey has no English text.
    """

    __tablename__ = "mail_templates"
    __table_args__ = (UniqueConstraint("survey_id", "kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5), default="de", server_default="de")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Publication(Model):
    """A built findings brief of a survey, as PDF and HTML: the draft or the public version.

    Each survey has at most one `draft` (what researchers build and preview) and one `public`
    row (what `/ergebnisse/<slug>` serves). Publishing copies the draft, so the public version
    is exactly the one an admin previewed. The files sit in the database rather than in the
    instance folder: every worker on every host serves the same version, replacing it is one
    transaction, and a backup of the database includes it. The bytes are loaded only on access.
    """

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("survey_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(10))
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(String(300))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    html: Mapped[str] = mapped_column(Text, deferred=True)
    config: Mapped[str | None] = mapped_column(Text)
    config_name: Mapped[str | None] = mapped_column(String(200))
    #: Of every cell the brief prints or withholds (`evaluation.reports.release`): feedback
    #: reports are built against the public version and refuse when the answers moved on.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    #: A brief that compares with an earlier wave: that wave's brief.yaml and fingerprint as the
    #: build found them (`Release.earlier_json`), so its feedback reports are built after the
    #: same earlier publication, whatever that wave's brief has become since.
    earlier_release: Mapped[str | None] = mapped_column(Text)
    built_at: Mapped[datetime] = mapped_column(default=utcnow)
    built_by: Mapped[str | None] = mapped_column(String(254))
    published_at: Mapped[datetime | None]
    published_by: Mapped[str | None] = mapped_column(String(254))

"""The respondent's session: what one request through a personal link may see and do.

A `ResponseSession` is made once per request from the token in the URL. It holds the access
(invitation, survey, questionnaire, token, language), the unit's response with its answers, and
the route over those answers, walked once; the respondent's routes only ask it. Each thing a
respondent does (consent, open a page, save it, submit) is one method and one unit of work.

A token that opens nothing is an HTTP error the error pages explain: unknown → 404, revoked →
410 with the survey's contact (`LinkRevoked`), closed or not yet open → 403 with it too
(`SurveyClosed`).

A section link (`models.SectionLink`, handed on by the unit's lead contact) opens the unit's
response too, but only its chosen pages: any other page is a 403 that names the pages it does
open (`SectionNotShared`), and it cannot submit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import Forbidden, Gone, NotFound

from surveyapp.clock import today
from surveyapp.extensions import db
from surveyapp.field import tokens
from surveyapp.field.invitations import link_keys
from surveyapp.forms import Outcome, PageForm
from surveyapp.models import Invitation, PageState, Response, SectionLink, Survey
from surveyapp.questionnaire.codes import NOT_SHOWN
from surveyapp.questionnaire.journey import OVERVIEW, Journey, journey
from surveyapp.questionnaire.loading.schema import PAGE_ID
from surveyapp.questionnaire.model import Page, Questionnaire
from surveyapp.responses import prefill, store
from surveyapp.responses.progress import SectionProgress, progress
from surveyapp.responses.store import PREFILL, PageConflict, ResponseLocked
from surveyapp.surveys.lifecycle import is_open, not_yet_open, questionnaire_of
from surveyapp.transaction import unit_of_work

#: What a respondent can do with a page: go on, go back, or save and stay.
ACTIONS = ("weiter", "zurueck", "speichern")


class SurveyClosed(Forbidden):
    """The survey is not (or no longer) open; the page shows whom to contact."""

    def __init__(self, survey: Survey, not_yet_open: bool = False) -> None:
        super().__init__()
        self.survey = survey
        self.not_yet_open = not_yet_open
        #: The start day still to come, if there is one to name.
        self.starts_on = (
            survey.opens_on
            if not_yet_open and survey.opens_on and survey.opens_on > today()
            else None
        )


class LinkRevoked(Gone):
    """The link was revoked; its page names the survey's contact, who can send a new one."""

    def __init__(self, survey: Survey) -> None:
        super().__init__()
        self.survey = survey


class SectionNotShared(Forbidden):
    """A section link asked for a page (or the submit) it was not given; the page says which
    sections it does open and who can do the rest, and links back to the link's section
    overview (`hub_token`), so the colleague is one step from the sections they may open."""

    def __init__(self, survey: Survey, shared_sections: list[str], hub_token: str) -> None:
        super().__init__()
        self.survey = survey
        self.shared_sections = shared_sections
        self.hub_token = hub_token


@dataclass(frozen=True)
class SurveyContact:
    """Whom a respondent's page names for questions, read with the link: every page shows
    it, and reading it from the survey after the page's commit would cost a round trip."""

    slug: str
    contact_name: str | None
    contact_email: str | None


@dataclass(frozen=True)
class Access:
    """What a working link opens, in the language the respondent reads: the unit's own link
    (`section_link` None) opens every page and submits, a section link only its pages."""

    token: str
    invitation: Invitation
    survey: Survey
    questionnaire: Questionnaire
    language: str
    section_link: SectionLink | None = None
    contact: SurveyContact | None = None

    def may_open(self, page_id: str) -> bool:
        return self.section_link is None or page_id in self.section_link.page_ids

    @property
    def may_submit(self) -> bool:
        return self.section_link is None

    def changed_by(self, page_id: str) -> store.ChangedBy:
        """Who a save through this link is recorded as."""
        if self.section_link is None:
            return store.ChangedBy("link", page_id)
        return store.ChangedBy("section", page_id, link_name=self.section_link.name)

    def not_shared(self) -> SectionNotShared:
        """The 403 of a section link outside its pages, naming those it opens."""
        link = self.section_link
        shared = [
            f"{page.id.upper()}: {page.title.get(self.language)}"
            for page in self.questionnaire.pages
            if link is not None and page.id in link.page_ids
        ]
        return SectionNotShared(self.survey, shared, self.token)

    @property
    def shows_earlier_answers(self) -> bool:
        """The link shows the earlier wave's answers: the privacy text says so."""
        return prefill.shows_earlier_answers(self.survey, self.questionnaire)


#: `field.invitations.find_by_token` with the survey, the unit's response, and the revision and
#: the reminders shown of the page asked for (`b_page`, None for none) in the same SELECT, built
#: once: every respondent request sends it, and building it cost more CPU than running it. The
#: survey's JSON columns are deferred: `questionnaire_of` reads them once.
_BY_DIGEST = (
    select(Invitation, Response, PageState.revision, PageState.reminded)
    .join(Invitation.survey)
    .outerjoin(
        Response,
        and_(
            Response.survey_id == Invitation.survey_id,
            Response.unit_id == Invitation.unit_id,
        ),
    )
    .outerjoin(
        PageState,
        and_(PageState.response_id == Response.id, PageState.page_id == bindparam("b_page")),
    )
    .options(contains_eager(Invitation.survey))
)
_BY_INVITATION = _BY_DIGEST.where(Invitation.id == bindparam("b_invitation"))
_BY_DIGEST = _BY_DIGEST.where(Invitation.token_digest == bindparam("b_digest"))

Found = tuple[Invitation, Response | None, int, str, SectionLink | None]


def _find(token: str, page_id: str | None = None) -> Found | None:
    """The link's invitation, response and page state; a token that is no unit's link may be
    a section link (looked up only then, so the unit's link costs no second query)."""
    if not token or len(token) > 100:
        return None
    digest = tokens.digest(token)
    row = db.session.execute(_BY_DIGEST, {"b_digest": digest, "b_page": page_id}).first()
    if row is not None:
        if not tokens.made_with(token, row[0].salt, link_keys()):
            return None
        return row[0], row[1], row[2] or 0, row[3] or "", None
    link = db.session.scalar(select(SectionLink).where(SectionLink.token_digest == digest))
    if link is None or not tokens.made_with(token, link.salt, link_keys()):
        return None
    row = db.session.execute(
        _BY_INVITATION, {"b_invitation": link.invitation_id, "b_page": page_id}
    ).first()
    if row is None:
        return None
    return row[0], row[1], row[2] or 0, row[3] or "", link


def resolve(token: str, language: str) -> Access:
    return _resolved(token, language)[0]


def _resolved(
    token: str, language: str, page_id: str | None = None
) -> tuple[Access, Response | None, int, str]:
    """The access, the unit's response, the revision of `page_id` (0 without one) and the
    reminders it has shown, found by one joined SELECT (a link is opened on every request, so
    its round trips count)."""
    found = _find(token, page_id)
    if found is None:
        raise NotFound
    invitation, response, revision, reminded, section_link = found
    if invitation.revoked_at is not None or (
        section_link is not None and section_link.revoked_at is not None
    ):
        raise LinkRevoked(invitation.survey)
    survey = invitation.survey
    if not is_open(survey):
        raise SurveyClosed(survey, not_yet_open=not_yet_open(survey))
    questionnaire = questionnaire_of(survey)
    contact = SurveyContact(survey.slug, survey.contact_name, survey.contact_email)
    access = Access(token, invitation, survey, questionnaire, language, section_link, contact)
    return access, response, revision, reminded


@dataclass(frozen=True)
class Section:
    """A visible page on the overview: its answers as a form, whether hard problems remain, and
    whether it was never saved (a changed answer has put it on the path since)."""

    page: Page
    number: int
    form: PageForm
    complete: bool
    unseen: bool = False


@dataclass(frozen=True)
class PageSave:
    """What became of a page the respondent sent.

    Either the page is shown again (`form`, `journey` and `revision` for the template, with the
    problems in `outcome` or the colleague's answers in `saved_by_other`), or the respondent
    moves on to `destination`: a page id, OVERVIEW, or None for the welcome page.
    """

    form: PageForm
    journey: Journey
    revision: int
    show_again: bool = True
    destination: str | None = None
    outcome: Outcome | None = None
    saved_by_other: dict[str, Any] | None = None
    newly_shown: bool = False
    kept: bool = False
    locked: bool = False
    #: The soft reminders shown on this page so far: each is shown once.
    confirmed: frozenset[str] = frozenset()


class ResponseSession:
    """One request through a personal link: access, response, answers, route."""

    def __init__(
        self, access: Access, response: Response | None, revisions: Mapping[str, int] | None = None
    ) -> None:
        self.access = access
        #: Page revisions read with the link, until a save changes them.
        self._revisions = dict(revisions or {})
        #: The soft reminders the page read with the link has shown so far.
        self.reminded: frozenset[str] = frozenset()
        self._load(response)

    @classmethod
    def open(cls, token: str, language: str, page_id: str | None = None) -> ResponseSession:
        """The session of a link; with `page_id`, that page's revision is read along (the
        page is shown with it, and a separate SELECT would cost every page view a round trip).
        An id no page can have (a NUL byte, which PostgreSQL refuses) is not sent at all."""
        if page_id is not None and not PAGE_ID.fullmatch(page_id):
            page_id = None
        access, response, revision, reminded = _resolved(token, language, page_id)
        session = cls(access, response, {page_id: revision} if page_id and response else None)
        session.reminded = frozenset(reminded.split())
        return session

    def _load(self, response: Response | None) -> None:
        self.response = response
        self.answers = store.load_answers(response) if response is not None else {}
        self._journey: Journey | None = None

    @property
    def journey(self) -> Journey:
        """The route over the stored answers, worked out when first asked for: a page sent on
        to the next one needs only the route over what it sent."""
        if self._journey is None:
            self._journey = journey(self.questionnaire, self.answers)
        return self._journey

    @property
    def questionnaire(self) -> Questionnaire:
        return self.access.questionnaire

    @property
    def language(self) -> str:
        return self.access.language

    @property
    def started(self) -> bool:
        """Consent was given: the response exists and the pages are open."""
        return self.response is not None and self.response.consent_at is not None

    @property
    def submitted(self) -> bool:
        return self.response is not None and self.response.status == "submitted"

    def _draft(self) -> Response:
        if self.response is None:
            raise LookupError("no response yet: ask `started` first")
        return self.response

    def resume_target(self) -> str:
        """Where the respondent goes on: the page they were on, if it is still visible, else
        the next visible one after it; the overview if that is where they were."""
        target = self._draft().current_page
        if target == OVERVIEW:
            return OVERVIEW
        if target is None or not self.journey.is_visible(target):
            return self.journey.next_page(target or "")
        return target

    def consent(self) -> None:
        """Consent starts the response, or joins the one a colleague started."""
        if self.response is None:
            try:
                with unit_of_work():
                    self._record_consent(
                        store.create_response(self.access.invitation, self.questionnaire)
                    )
                return
            except IntegrityError:
                found = store.find_response(self.access.invitation)
                if found is None:
                    raise
                self._load(found)
        with unit_of_work():
            self._record_consent(self._draft())

    def _record_consent(self, response: Response) -> None:
        if self.response is None and self.earlier.values:
            store.write_answers(response, self.earlier.values, store.ChangedBy("system", PREFILL))
        self.response = response
        store.record_consent(response, self.journey.first_page(), self.language)

    @cached_property
    def earlier(self) -> prefill.Earlier:
        """The unit's answers of the earlier wave that this wave shows for checking."""
        access = self.access
        return prefill.earlier_answers(access.invitation, access.survey, self.questionnaire)

    def revision(self, page_id: str) -> int:
        response = self._draft()
        if page_id in self._revisions:
            return self._revisions[page_id]
        return store.page_revision(response, page_id)

    def form(self, page: Page) -> PageForm:
        return PageForm(page, self.language, self.answers, questionnaire=self.questionnaire)

    def page_form(self, page: Page) -> PageForm:
        """The page to fill in: `form`, with the defaults of questions not yet saved."""
        return PageForm(
            page, self.language, self.answers, questionnaire=self.questionnaire, defaults=True
        )

    def visit(self, page_id: str) -> None:
        """The response remembers where the respondent is, so a closed browser loses nothing."""
        response = self._draft()
        if response.current_page != page_id:
            with unit_of_work():
                store.set_current_page(response, page_id)

    def save_page(
        self,
        page: Page,
        formdata: MultiDict,
        action: str,
        loaded: int,
        shown: set[str],
        confirmed: set[str],
        to_overview: bool = False,
    ) -> PageSave:
        """Check and store what the respondent sent for `page`, and say where they go.

        Format problems store nothing. Otherwise the page is saved as a draft in every case
        (so nothing typed is lost); "Weiter" stays on the page while hard problems or unseen
        soft warnings remain, or when questions appeared that the respondent has not seen yet.
        "Weiter" reports every problem of the page at once, but never one of a question that
        just appeared: the respondent has not seen it, so it cannot be wrong yet. A page
        opened from the overview (`to_overview`) returns there on "Weiter".
        """
        response = self._draft()
        self._revisions.clear()
        form = PageForm(page, self.language, self.answers, formdata, self.questionnaire)
        appeared = ({q.id for q in form.visible()} - shown) if shown else set()
        format_check = form.validate(strict=False)
        outcome = format_check
        if action == "weiter":
            seen = confirmed | self.reminded
            outcome = form.validate(strict=True, confirmed=seen, unseen=appeared)
        remembered = frozenset(confirmed | self.reminded | outcome.warning_keys)
        if not format_check.ok:
            return PageSave(
                form, self._journey_of(form), loaded, outcome=outcome, confirmed=remembered
            )
        values = form.values_to_save()
        if prefill.of_page(page):
            merged = {**self.answers, **values}
            values.update(prefill.paradata(prefill.of_page(page), self.earlier, merged))
        stay = action == "speichern"
        newly_shown = False
        if action == "weiter":
            newly_shown = bool(appeared)
            stay = not outcome.ok or newly_shown
        destination = page.id if stay else self._destination(page, action, values)
        if action == "weiter" and not stay and to_overview:
            destination = OVERVIEW
        try:
            with unit_of_work():
                revision = store.save_page(
                    response,
                    self.questionnaire,
                    page.id,
                    values,
                    loaded,
                    self.access.changed_by(page.id),
                    next_page=destination or page.id,
                    reminded=remembered,
                )
        except PageConflict:
            fresh = store.load_answers(response)
            revision = store.page_revision(response, page.id)
            if any(fresh.get(name) != value for name, value in values.items()):
                return PageSave(
                    form,
                    self._journey_of(form),
                    revision,
                    saved_by_other=fresh,
                    confirmed=remembered,
                )
            # The very same page sent twice (a double click): it is stored, nothing conflicts.
        except ResponseLocked:
            return PageSave(form, self.journey, loaded, locked=True)
        if action == "speichern":
            return PageSave(form, self.journey, revision, False, page.id, kept=True)
        if stay:
            return PageSave(
                form,
                self._journey_of(form),
                revision,
                outcome=outcome,
                newly_shown=newly_shown,
                confirmed=remembered,
            )
        return PageSave(form, self.journey, revision, False, destination)

    def unsent(self, page: Page, formdata: MultiDict, loaded: int, confirmed: set[str]) -> PageSave:
        """A page as sent but not accepted (its form had expired): shown again with the entries,
        under the revision it was loaded with, so the next save still notices a colleague's."""
        form = PageForm(page, self.language, self.answers, formdata, self.questionnaire)
        return PageSave(form, self._journey_of(form), loaded, confirmed=frozenset(confirmed))

    def _journey_of(self, form: PageForm) -> Journey:
        """The route over what the page shows: the stored answers with the entries on top."""
        return journey(self.questionnaire, form.merged())

    def _destination(self, page: Page, action: str, values: Mapping[str, Any]) -> str | None:
        ahead = journey(self.questionnaire, {**self.answers, **values})
        if action == "zurueck":
            return ahead.previous_page(page.id)
        return ahead.next_page(page.id)

    def sections(self) -> list[Section]:
        """The visible pages, each checked for hard problems as "Weiter" would check it."""
        sections = []
        for number, page in enumerate(self.journey.pages, start=1):
            form = self.form(page)
            outcome = form.validate(strict=True, ignore_soft=True)
            sections.append(Section(page, number, form, outcome.ok, self._unseen(page)))
        return sections

    def _unseen(self, page: Page) -> bool:
        """No variable of the page holds anything but "not asked": it was hidden whenever the
        respondent passed it (a saved page holds at least "no answer")."""
        names = [name for question in page.questions for name in question.variables()]
        return bool(names) and all(self.answers.get(name, NOT_SHOWN) == NOT_SHOWN for name in names)

    def progress(self) -> list[SectionProgress]:
        """The section overview: each visible page's status, when and by whom it was saved."""
        return progress(self._draft(), self.journey, self.form)

    def visit_overview(self) -> list[Section]:
        self.visit(OVERVIEW)
        return self.sections()

    def submit(self) -> bool:
        """Lock the response, unless a visible page still lacks required answers. A second
        submit (a double click) changes nothing."""
        if not self.access.may_submit:
            raise self.access.not_shared()
        if not all(section.complete for section in self.sections()):
            return False
        by = store.ChangedBy("link", store.SUBMIT)
        with unit_of_work():
            if store.submit(self._draft(), self.questionnaire, by):
                self._code_unchecked(by)
        return True

    def _code_unchecked(self, by: store.ChangedBy) -> None:
        """Prefilled questions whose page was never saved were sent as shown (the overview
        shows every answer before "Absenden"): their paradata is coded now."""
        questions = prefill.prefilled_questions(self.questionnaire)
        if not questions:
            return
        answers = store.load_answers(self._draft())
        unset = [q for q in questions if q.prefill_variable not in answers]
        store.write_answers(self._draft(), prefill.paradata(unset, self.earlier, answers), by)

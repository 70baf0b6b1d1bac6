"""Field monitoring: how many units were invited, started and submitted, overall and by group.

Every figure comes from a handful of aggregate queries whose number does not depend on the size
of the frame, so the dashboard of a national survey of 11,000 Gemeinden is as quick as the one
of 50 Kreise.

The frame is the one the findings brief reports (`in_frame`): every unit whose link works, plus
every unit that submitted. The unit table, in contrast, lists every invitation, revoked links
included, because that is where a researcher finds them to renew them. Names, Länder and types
are the survey's own (`SurveyUnit`), as in the brief: an upload to another survey, or to the
register, changes none of these figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from surveyapp.extensions import db
from surveyapp.field.invitations import member_of_invitation
from surveyapp.models import Contact, Invitation, Response, Survey, SurveyUnit, Unit

#: Status of a unit in a survey, in the order of the field phase; German labels for the pages.
STATUSES = {
    "created": "Link erzeugt, nicht versandt",
    "sent": "eingeladen",
    "started": "begonnen",
    "submitted": "abgeschickt",
    "revoked": "Link gesperrt",
}
SORTS = ("ags", "name", "land", "type", "status", "activity", "contacts")
PAGE_SIZE = 100
#: A million units: past any frame, and an offset every database can take.
LAST_PAGE = 10_000


@dataclass(frozen=True)
class Counts:
    frame: int = 0
    invited: int = 0
    started: int = 0
    submitted: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.frame + other.frame,
            self.invited + other.invited,
            self.started + other.started,
            self.submitted + other.submitted,
        )

    def share(self, part: str) -> float:
        """Share of the frame, 0..1 (0 for an empty frame)."""
        return getattr(self, part) / self.frame if self.frame else 0.0


@dataclass(frozen=True)
class Day:
    day: date
    started: int
    submitted: int
    started_total: int
    submitted_total: int


@dataclass(frozen=True)
class Overview:
    total: Counts
    by_land: list[tuple[str, Counts]]
    by_type: list[tuple[str, Counts]]
    timeline: list[Day]


def in_frame() -> ColumnElement[bool]:
    """Whether an invitation's unit belongs to the survey's frame, the base of every rate.

    A revoked link takes its unit out of the field, so it leaves the frame, unless the unit had
    submitted: its answers are in the data, so it stays in the base (and a rate can never pass
    100 %). A renewed link works again, so its unit is back in. The findings brief counts the
    same way, reading the database with its own SQL (`evaluation.sources.database`: the
    invitations that are not revoked, plus every unit that submitted);
    `tests/field/test_frame_rule.py` holds both to the same figures.
    """
    return Invitation.revoked_at.is_(None) | _submitted()


def _submitted() -> ColumnElement[bool]:
    return Response.status == "submitted"


_Columns = tuple[ColumnElement[int], ColumnElement[int], ColumnElement[int], ColumnElement[int]]


def _count_columns() -> _Columns:
    """Frame, invited, started and submitted, in that order, all within the frame.

    A unit that submitted counts as invited even if its link was renewed since (and so not
    sent again): it was reached.
    """
    frame = in_frame()
    return (
        func.count(case((frame, 1))),
        func.count(case((frame & (Invitation.sent_at.is_not(None) | _submitted()), 1))),
        func.count(case((frame & Response.id.is_not(None), 1))),
        func.count(case((_submitted(), 1))),
    )


def overview(survey: Survey) -> Overview:
    """Totals, breakdowns and the daily course of the field phase: three queries."""
    by_group = _counts_by_land_and_type(survey.id)
    lands: dict[str, Counts] = defaultdict(Counts)
    types: dict[str, Counts] = defaultdict(Counts)
    for (land, type_), counts in by_group.items():
        lands[land] += counts
        types[type_] += counts
    total = sum(by_group.values(), Counts())
    return Overview(total, sorted(lands.items()), sorted(types.items()), timeline(survey.id))


def _counts_by_land_and_type(survey_id: int) -> dict[tuple[str, str], Counts]:
    frame, invited, started, submitted = _count_columns()
    query = (
        select(SurveyUnit.land, SurveyUnit.type, frame, invited, started, submitted)
        .select_from(Invitation)
        .join(SurveyUnit, member_of_invitation())
        .outerjoin(Response, _response_of_invitation())
        .where(Invitation.survey_id == survey_id)
        .group_by(SurveyUnit.land, SurveyUnit.type)
    )
    # A Land or type whose every link is revoked has no unit in the frame: no row, as in the brief.
    return {
        (land, type_): Counts(*counts)
        for land, type_, *counts in db.session.execute(query)
        if counts[0]
    }


def _response_of_invitation() -> ColumnElement[bool]:
    return (Response.survey_id == Invitation.survey_id) & (Response.unit_id == Invitation.unit_id)


def timeline(survey_id: int) -> list[Day]:
    """Responses started and submitted per day, with running totals; days without any left out.

    Only units in the frame count, so the last running totals are the overview's figures."""
    started = _per_day(Response.started_at, survey_id)
    submitted = _per_day(Response.submitted_at, survey_id)
    days, started_total, submitted_total = [], 0, 0
    for day in sorted(set(started) | set(submitted)):
        started_total += started.get(day, 0)
        submitted_total += submitted.get(day, 0)
        days.append(
            Day(day, started.get(day, 0), submitted.get(day, 0), started_total, submitted_total)
        )
    return days


def _per_day(column: Any, survey_id: int) -> dict[date, int]:
    day = func.date(column)
    query = (
        select(day, func.count())
        .select_from(Response)
        .join(Invitation, _response_of_invitation())
        .where(Response.survey_id == survey_id, column.is_not(None), in_frame())
        .group_by(day)
    )
    return {_as_date(value): count for value, count in db.session.execute(query)}


def _as_date(value: date | datetime | str) -> date:
    """SQLite returns `date()` as text, PostgreSQL as a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def counts_by_survey() -> dict[int, Counts]:
    """The counts of every survey at once, for the survey list: one query."""
    frame, invited, started, submitted = _count_columns()
    query = (
        select(Invitation.survey_id, frame, invited, started, submitted)
        .outerjoin(Response, _response_of_invitation())
        .group_by(Invitation.survey_id)
    )
    return {row[0]: Counts(*row[1:]) for row in db.session.execute(query)}


@dataclass(frozen=True)
class UnitFilter:
    """What the unit table shows: filters, sort order and page, as read from the query string."""

    land: str = ""
    type: str = ""
    status: str = ""
    search: str = ""
    sort: str = "ags"
    descending: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> UnitFilter:
        """Whatever the query string holds, a filter every database can run: text cut to the
        columns' length and freed of NUL (which PostgreSQL refuses), the page within bounds."""
        sort = args.get("sort", "ags")
        status = args.get("status", "")
        page = args.get("page", "1")
        return cls(
            land=_text(args.get("land", ""), 60),
            type=_text(args.get("type", ""), 60),
            status=status if status in STATUSES else "",
            search=_text(args.get("q", ""), 100),
            sort=sort if sort in SORTS else "ags",
            descending=args.get("dir") == "desc",
            page=_page(page),
        )

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for a link that keeps this view but changes some of it."""
        values = {
            "land": self.land,
            "type": self.type,
            "status": self.status,
            "q": self.search,
            "sort": self.sort,
            "dir": "desc" if self.descending else "asc",
            "page": self.page,
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None)}


def _text(value: str, limit: int) -> str:
    return value.replace("\x00", "").strip()[:limit]


def _page(value: str) -> int:
    if not (value.isascii() and value.isdecimal()):
        return 1
    return max(1, min(int(value), LAST_PAGE)) if len(value) < 10 else LAST_PAGE


@dataclass(frozen=True)
class UnitRow:
    invitation_id: int
    ags: str
    name: str
    type: str
    land: str
    status: str
    contacts: int
    sent_at: datetime | None
    started_at: datetime | None
    last_activity: datetime | None
    submitted_at: datetime | None

    @property
    def display_name(self) -> str:
        return f"{self.name.removesuffix(', Stadt')} ({self.type})"

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


@dataclass(frozen=True)
class UnitPage:
    rows: list[UnitRow]
    total: int
    filter: UnitFilter

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _status_column() -> ColumnElement[str]:
    return case(
        (Response.status == "submitted", literal_column("'submitted'")),
        (Invitation.revoked_at.is_not(None), literal_column("'revoked'")),
        (Response.id.is_not(None), literal_column("'started'")),
        (Invitation.sent_at.is_not(None), literal_column("'sent'")),
        else_=literal_column("'created'"),
    )


def units(survey: Survey, unit_filter: UnitFilter) -> UnitPage:
    """One page of the unit table: two queries (the page and the count), whatever the filter."""
    contacts = (
        select(Contact.invitation_id, func.count(Contact.id).label("n"))
        .group_by(Contact.invitation_id)
        .subquery()
    )
    status = _status_column().label("status")
    contact_count = func.coalesce(contacts.c.n, 0).label("contacts")
    base = (
        select(Invitation.id)
        .join(Unit, Unit.id == Invitation.unit_id)
        .join(SurveyUnit, member_of_invitation())
        .outerjoin(Response, _response_of_invitation())
        .where(Invitation.survey_id == survey.id)
    )
    if unit_filter.land:
        base = base.where(SurveyUnit.land == unit_filter.land)
    if unit_filter.type:
        base = base.where(SurveyUnit.type == unit_filter.type)
    if unit_filter.status:
        base = base.where(_status_column() == unit_filter.status)
    if unit_filter.search:
        # Escaped: "%" and "_" typed into the search are characters of a name, not wildcards.
        name = SurveyUnit.name.icontains(unit_filter.search, autoescape=True)
        base = base.where(name | Unit.ags.contains(unit_filter.search, autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    sort_columns = {
        "ags": Unit.ags,
        "name": SurveyUnit.name,
        "land": SurveyUnit.land,
        "type": SurveyUnit.type,
        "status": status,
        "activity": Response.updated_at,
        "contacts": contact_count,
    }
    order = sort_columns[unit_filter.sort]
    order = order.desc().nulls_last() if unit_filter.descending else order.asc().nulls_last()
    query = (
        base.add_columns(
            Unit.ags,
            SurveyUnit.name,
            SurveyUnit.type,
            SurveyUnit.land,
            status,
            contact_count,
            Invitation.sent_at,
            Response.started_at,
            Response.updated_at,
            Response.submitted_at,
        )
        .outerjoin(contacts, contacts.c.invitation_id == Invitation.id)
        .order_by(order, Unit.ags)
        .limit(PAGE_SIZE)
        .offset((unit_filter.page - 1) * PAGE_SIZE)
    )
    rows = [UnitRow(*row) for row in db.session.execute(query)]
    return UnitPage(rows, total or 0, unit_filter)

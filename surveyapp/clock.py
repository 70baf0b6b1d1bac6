"""The institute's time: stored in UTC, shown and reckoned in Europe/Berlin.

Every time in the database is naive UTC (`models.utcnow`). A field period's dates are German
calendar days: a survey opens at midnight in Berlin on its start day and closes at the end of
its last day there, whatever the server's own time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from evaluation import german

LOCAL = ZoneInfo("Europe/Berlin")


def now() -> datetime:
    """Now, as the database stores it (naive UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local(moment: datetime) -> datetime:
    """A stored (naive UTC) time in Berlin's time, summer time included."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL)


def today(at: datetime | None = None) -> date:
    """The calendar day in Berlin at a stored time (now by default)."""
    return local(at or now()).date()


def from_local(moment: datetime) -> datetime:
    """A time a researcher typed (Berlin, naive) as the database stores it."""
    return moment.replace(tzinfo=LOCAL).astimezone(UTC).replace(tzinfo=None)


def local_moment(value: datetime | date | None) -> str:
    """ "TT.MM.JJJJ, HH:MM Uhr" in Berlin's time for a stored time; days stay as they are."""
    if isinstance(value, datetime):
        return german.moment(local(value).replace(tzinfo=None))
    return german.moment(value)

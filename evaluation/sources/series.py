"""What the database says about a series of waves: its surveys in order, and the table of
territorial changes. Read-only, plain SQLAlchemy Core, like `sources.database`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from evaluation.errors import EvaluationError, UnknownSurvey
from evaluation.sources.database import connect
from evaluation.territory import Change

_surveys = sa.table(
    "surveys",
    sa.column("slug", sa.String),
    sa.column("series", sa.String),
    sa.column("wave", sa.Integer),
    sa.column("opens_on", sa.Date),
)
_changes = sa.table(
    "territorial_changes",
    sa.column("old_ags", sa.String),
    sa.column("new_ags", sa.String),
    sa.column("changed_on", sa.Date),
    sa.column("weight", sa.Float),
)


@dataclass(frozen=True)
class WaveRef:
    slug: str
    number: int
    opens_on: date | None


def read_series(url: str | sa.Engine, slug: str) -> tuple[list[WaveRef], list[Change]]:
    """The waves of the series `slug` belongs to (first wave first; the survey alone if it
    belongs to none) and every territorial change."""
    engine = url if isinstance(url, sa.Engine) else connect(url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                sa.select(_surveys).where(_surveys.c.slug == slug)
            ).one_or_none()
            if found is None:
                raise UnknownSurvey(f"Die Umfrage „{slug}“ gibt es in der Datenbank nicht.")
            if found.series is None:
                waves = [WaveRef(found.slug, 1, found.opens_on)]
            else:
                rows = connection.execute(
                    sa.select(_surveys)
                    .where(_surveys.c.series == found.series)
                    .order_by(_surveys.c.wave, _surveys.c.slug)
                ).all()
                waves = [WaveRef(r.slug, r.wave or 1, r.opens_on) for r in rows]
            changes = [
                Change(r.old_ags, r.new_ags, r.changed_on, r.weight)
                for r in connection.execute(sa.select(_changes).order_by(_changes.c.changed_on))
            ]
    except sa.exc.SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise EvaluationError(f"Die Datenbank ist nicht lesbar: {reason}") from error
    finally:
        if engine is not url:
            engine.dispose()
    return waves, changes

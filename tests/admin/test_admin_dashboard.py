"""The monitoring dashboard: right numbers, sortable and filterable, and a few queries only."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, insert, text

from surveyapp.extensions import db
from surveyapp.field import monitoring
from surveyapp.models import Invitation, Response, Survey, SurveyUnit, Unit, utcnow

URL = "/admin/befragungen/welle-2026/monitoring"


@contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _respond(survey: Survey, ags: str, status: str, when: datetime) -> None:
    unit = db.session.scalar(db.select(Unit).filter_by(ags=ags))
    db.session.add(
        Response(
            survey_id=survey.id,
            unit_id=unit.id,
            status=status,
            started_at=when,
            updated_at=when,
            submitted_at=when if status == "submitted" else None,
        )
    )
    db.session.commit()


@pytest.fixture
def field_phase(small_survey):  # noqa: ANN001, ANN201
    for invitation in small_survey.invitations[:2]:
        invitation.sent_at = utcnow()
    day = datetime(2026, 9, 2, 10, 0)
    _respond(small_survey, "14713", "submitted", day)
    _respond(small_survey, "14729", "draft", day + timedelta(days=1))
    return small_survey


def test_overview_counts_by_land_and_type_against_the_frame(app, field_phase):
    summary = monitoring.overview(field_phase)
    assert summary.total == monitoring.Counts(frame=3, invited=2, started=2, submitted=1)
    lands = dict(summary.by_land)
    assert lands["Sachsen"] == monitoring.Counts(2, 2, 2, 1)
    assert lands["Sachsen-Anhalt"] == monitoring.Counts(1, 0, 0, 0)
    types = dict(summary.by_type)
    assert types["kreisfreie Stadt"] == monitoring.Counts(2, 1, 1, 1)
    assert [(d.day.isoformat(), d.started_total, d.submitted_total) for d in summary.timeline] == [
        ("2026-09-02", 1, 1),
        ("2026-09-03", 2, 1),
    ]


def test_the_dashboard_shows_numbers_bars_and_the_course(researcher_client, field_phase):
    page = researcher_client.get(URL).text
    assert "Rücklauf nach Land" in page
    assert "Rücklauf nach Typ der Kommune" in page
    assert 'class="admin-bar__submitted"' in page
    assert "33,3\u00a0%" in page
    assert "02.09.2026" in page
    assert "Leipzig (kreisfreie Stadt)" in page
    assert "Leipzig (Landkreis)" in page
    assert "style=" not in page
    assert "<script>" not in page


def test_the_dashboard_changes_when_a_unit_submits(researcher_client, small_survey):
    before = researcher_client.get(URL).text
    assert re.search(r"<dt>abgeschickt</dt><dd>0 ", before)
    _respond(small_survey, "15002", "submitted", utcnow())
    after = researcher_client.get(URL).text
    assert re.search(r"<dt>abgeschickt</dt><dd>1 ", after)


def test_the_unit_table_filters_by_status_land_and_name(researcher_client, field_phase):
    page = researcher_client.get(URL, query_string={"status": "submitted"}).text
    assert "1 Kommunen" in page
    assert "Leipzig (kreisfreie Stadt)" in page
    assert "Halle" not in page.split('id="kommunen"')[1]
    page = researcher_client.get(URL, query_string={"land": "Sachsen-Anhalt"}).text
    assert "Halle (Saale) (kreisfreie Stadt)" in page.split('id="kommunen"')[1]
    page = researcher_client.get(URL, query_string={"q": "halle"}).text
    assert "1 Kommunen" in page


def test_the_unit_table_sorts_and_says_so(researcher_client, field_phase):
    page = researcher_client.get(URL, query_string={"sort": "name", "dir": "desc"}).text
    table = page.split('id="kommunen"')[1]
    names = re.findall(r'kommunen/\d+">([^<]+)</a>', table)
    assert names == sorted(names, reverse=True)
    assert 'aria-sort="descending"' in table


@pytest.mark.parametrize(("typed", "found"), [("%", "15002"), ("_", "14729"), ("0% (", "15002")])
def test_percent_and_underscore_in_the_search_are_characters_not_wildcards(
    small_survey, typed, found
):
    def own(ags: str) -> SurveyUnit:
        """The survey's own row of the unit: what the search reads."""
        return db.session.scalar(
            db.select(SurveyUnit)
            .join(Unit)
            .where(Unit.ags == ags, SurveyUnit.survey_id == small_survey.id)
        )

    own("14729").name = "Kreis_Leipzig"
    own("15002").name = "Halle 100% (Saale)"
    db.session.commit()
    table = monitoring.units(small_survey, monitoring.UnitFilter(search=typed))
    assert [row.ags for row in table.rows] == [found]


def test_a_page_past_every_database_bound_shows_the_last_page_quietly(
    researcher_client, small_survey
):
    for page in ("9" * 30, "9" * 5000, "0", "-3", "１２"):
        assert monitoring.UnitFilter.from_args({"page": page}).page in (1, monitoring.LAST_PAGE)
        assert researcher_client.get(URL, query_string={"page": page}).status_code == 200


def test_a_bad_sort_or_page_falls_back_quietly(researcher_client, field_phase):
    response = researcher_client.get(URL, query_string={"sort": "1;drop", "page": "x"})
    assert response.status_code == 200


def _big_frame(survey: Survey, units: int) -> None:
    """`units` Gemeinden with invitations; every third started, every ninth submitted."""
    lands = ["Bayern", "Niedersachsen", "Sachsen", "Hessen", "Thüringen"]
    db.session.execute(
        insert(Unit),
        [
            {
                "ags": f"9{n:07d}",
                "name": f"Gemeinde {n}",
                "land": lands[n % len(lands)],
                "type": "Gemeinde" if n % 10 else "Stadt",
            }
            for n in range(units)
        ],
    )
    ids = db.session.scalars(db.select(Unit.id).where(Unit.ags.like("9%"))).all()
    db.session.execute(
        insert(SurveyUnit),
        [
            {
                "survey_id": survey.id,
                "unit_id": unit.id,
                "name": unit.name,
                "land": unit.land,
                "type": unit.type,
            }
            for unit in db.session.execute(
                db.select(Unit.id, Unit.name, Unit.land, Unit.type).where(Unit.ags.like("9%"))
            )
        ],
    )
    db.session.execute(
        insert(Invitation),
        [
            {"survey_id": survey.id, "unit_id": unit_id, "salt": "s", "token_digest": f"d{unit_id}"}
            for unit_id in ids
        ],
    )
    now = utcnow()
    db.session.execute(
        insert(Response),
        [
            {
                "survey_id": survey.id,
                "unit_id": unit_id,
                "status": "submitted" if n % 3 == 0 else "draft",
                "started_at": now - timedelta(days=n % 20),
                "updated_at": now,
                "submitted_at": now if n % 3 == 0 else None,
            }
            for n, unit_id in enumerate(ids[::3])
        ],
    )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Autovacuum would do this within a minute of a bulk load; the test cannot wait.
        with db.engine.connect() as connection:
            connection.execute(text("ANALYZE units, survey_units, invitations, responses"))
            connection.commit()


def test_the_dashboard_needs_the_same_few_queries_with_11000_units(researcher_client, small_survey):
    """Its speed is measured in bench/bench_dashboard.py; here: no query per unit."""
    with counted_queries() as small:
        assert researcher_client.get(URL).status_code == 200
    _big_frame(small_survey, 11_000)
    with counted_queries() as big:
        page = researcher_client.get(URL, query_string={"sort": "activity", "dir": "desc"}).text
    assert len(big) == len(small)
    assert len(big) <= 10
    assert "11.003" in page
    assert "Seite 1 von 111" in page

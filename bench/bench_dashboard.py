"""Benchmark: the monitoring dashboard with 11,000 units (issue: "It stays fast with 11,000
units"), on SQLite or on the PostgreSQL named by DATABASE_URL.

Figure: one GET of the dashboard of a survey whose frame has 11,000 units (a third of them
started, a third of those submitted), sorted by last activity.
Baseline, same run: the same page for the demo frame of 49 units.
Target: under 1 s at 11,000 units, and no more database queries than for 49 units.
Times are wall-clock seconds (a page is I/O and database work), best of five.

Run: .venv/bin/python bench/bench_dashboard.py [units]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import event, insert, text

from surveyapp import create_app
from surveyapp.accounts import auth
from surveyapp.demo.survey import load_demo
from surveyapp.extensions import db
from surveyapp.models import Invitation, Response, Survey, SurveyUnit, Unit, utcnow

TARGET_SECONDS = 1.0
REPEAT = 5
EMAIL, PASSWORD = "bench@example.org", "ein langes Benchmark-Passwort"


def add_frame(survey: Survey, units: int) -> None:
    """`units` more Gemeinden in the survey's frame, loaded in three bulk inserts."""
    lands = ["Bayern", "Niedersachsen", "Sachsen", "Hessen", "Thüringen"]
    rows = [
        {"ags": f"9{n:07d}", "name": f"Gemeinde {n}", "land": lands[n % 5], "type": "Gemeinde"}
        for n in range(units)
    ]
    db.session.execute(insert(Unit), rows)
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
        [{"survey_id": survey.id, "unit_id": i, "salt": "s", "token_digest": f"d{i}"} for i in ids],
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
        with db.engine.connect() as connection:
            connection.execute(text("ANALYZE units, survey_units, invitations, responses"))
            connection.commit()


def timed_page(client, url: str) -> tuple[float, int]:
    """Best time of REPEAT requests, and the number of queries one request makes."""
    queries: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        queries.append(statement)

    times = []
    for _ in range(REPEAT):
        queries.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = client.get(url, query_string={"sort": "activity", "dir": "desc"})
        times.append(time.perf_counter() - start)
        event.remove(db.engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
    return min(times), len(queries)


def main() -> int:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 11_000
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.db'}"
        app = create_app(
            {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False}
        )
        app.config.update(WTF_CSRF_ENABLED=False, MAIL_OUTBOX=str(Path(folder) / "outbox"))
        with app.app_context():
            upgrade()
            survey = load_demo(with_responses=True).survey
            auth.create_user(EMAIL, "researcher", PASSWORD)
            client = app.test_client()
            client.post("/admin/login", data={"email": EMAIL, "password": PASSWORD})
            page = f"/admin/befragungen/{survey.slug}/monitoring"
            base, base_queries = timed_page(client, page)
            add_frame(survey, units)
            figure, queries = timed_page(client, page)
            db.session.remove()
            db.engine.dispose()
    print(f"Datenbank: {url.split(':', 1)[0]}, bestes von {REPEAT}")
    print(f"Dashboard, {units + 49} Kommunen: {figure:6.3f} s, {queries} Abfragen")
    print(f"Basis: Dashboard, 49 Kommunen:   {base:6.3f} s, {base_queries} Abfragen")
    print(
        f"Verhältnis: {figure / base:.1f} × (Ziel: unter {TARGET_SECONDS:.0f} s, Abfragen gleich)"
    )
    ok = figure < TARGET_SECONDS and queries == base_queries
    print("Ziel erreicht" if ok else "Ziel VERFEHLT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

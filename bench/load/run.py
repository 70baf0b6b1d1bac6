"""Load and fault test: N simulated respondents against gunicorn + PostgreSQL + Redis, beside a
bare Flask + WTForms baseline on the same gunicorn configuration, from the same run.

Figure: pages/s (every request a browser makes) and p50/p95/p99 latency for surveyapp, the same
for the baseline app, their ratio; then the end check, the database against what each
respondent sent ("intact: N/N"). Target: ≥ 0.7× the baseline at 400 concurrent respondents.
With --faults (surveyapp only): a worker killed, PostgreSQL stopped for 10 s, Redis stopped,
while the respondents reload error pages as a person would; still N/N intact, no restart.

Run: .venv/bin/python bench/load/run.py [--respondents N] [--concurrency C] [--faults]
(on demand, not in CI: a run takes minutes). Needs the PostgreSQL server programs and
redis-server; starts its own of both on free ports and removes them afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.load import baseline_app  # noqa: E402
from bench.load.baseline_walk import baseline_walk  # noqa: E402
from bench.load.check import compare  # noqa: E402
from bench.load.faults import inject_faults  # noqa: E402
from bench.load.load import RunResult, run_load, warm_up  # noqa: E402
from bench.load.report import print_errors, print_figures  # noqa: E402
from bench.load.seed import QUESTIONNAIRE, app_for, seed  # noqa: E402
from bench.load.services import Gunicorn, Postgres, Redis  # noqa: E402
from bench.load.survey_walk import survey_walk  # noqa: E402
from surveyapp.questionnaire import load_questionnaire  # noqa: E402

TARGET_RATIO = 0.7
WORKERS = 4


def _database(postgres: Postgres, name: str) -> str:
    engine = create_engine(postgres.url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return postgres.url.rsplit("/", 1)[0] + "/" + name


def run_surveyapp(
    postgres: Postgres, redis: Redis, respondents: int, concurrency: int, faults: bool
) -> tuple[RunResult, str]:
    secret_key = secrets.token_hex(32)
    url = _database(postgres, f"surveyapp_c{concurrency}{'_faults' if faults else ''}")
    app = app_for(url, secret_key)
    tokens = seed(app, respondents)
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    environment = {"DATABASE_URL": url, "REDIS_URL": redis.url, "SECRET_KEY": secret_key}
    gunicorn = Gunicorn(
        "wsgi:app", environment, postgres.directory.parent / "surveyapp.log", WORKERS
    )
    gunicorn.start()
    try:
        walk = survey_walk(questionnaire, tokens)

        async def both() -> tuple[RunResult, list[str]]:
            await warm_up(gunicorn.base_url, f"/r/{tokens[0]}", 2 * WORKERS)
            load = run_load(gunicorn.base_url, walk, respondents, concurrency, gunicorn.cpu_seconds)
            if not faults:
                return await load, []
            result, timeline = await asyncio.gather(load, inject_faults(gunicorn, postgres, redis))
            return result, timeline.events

        result, events = asyncio.run(both())
    finally:
        gunicorn.stop()
    for event in events:
        print(f"  fault {event}")
    for line, count in gunicorn.logged_errors().most_common(12):
        print(f"  server log {count:5}× {line}")
    verdict = compare(app, result.finished, respondents)
    for problem in verdict.problems[:10]:
        print(f"  ! {problem}")
    return result, verdict.line()


def run_baseline(postgres: Postgres, respondents: int, concurrency: int) -> RunResult:
    url = _database(postgres, f"baseline_c{concurrency}")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    tokens = [secrets.token_urlsafe(24) for _ in range(respondents)]
    baseline_app.create_tables(engine, tokens)
    engine.dispose()
    environment = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(32)}
    log = postgres.directory.parent / "baseline.log"
    gunicorn = Gunicorn("bench.load.baseline_app:create_app()", environment, log, WORKERS)
    gunicorn.start()
    try:
        walk = baseline_walk(tokens)

        async def measured() -> RunResult:
            await warm_up(gunicorn.base_url, f"/b/{tokens[0]}/0", 2 * WORKERS)
            return await run_load(
                gunicorn.base_url, walk, respondents, concurrency, gunicorn.cpu_seconds
            )

        return asyncio.run(measured())
    finally:
        gunicorn.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=400)
    parser.add_argument("--faults", action="store_true", help="kill, stop and restart under load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="surveyapp-load-") as folder:
        postgres, redis = Postgres(Path(folder) / "pg"), Redis()
        postgres.init()
        postgres.start()
        redis.start()
        try:
            return _measure(postgres, redis, args.respondents, args.concurrency, args.faults)
        finally:
            redis.stop()
            postgres.stop()


def _measure(
    postgres: Postgres, redis: Redis, respondents: int, concurrency: int, faults: bool
) -> int:
    print(f"{respondents} respondents, {concurrency} at once, gunicorn with {WORKERS} workers")
    result, intact = run_surveyapp(postgres, redis, respondents, concurrency, faults)
    print_figures("surveyapp", result)
    print_errors(result)
    print(f"  {intact}")
    ok = intact == f"intact: {respondents}/{respondents}"
    if faults:
        return 0 if ok else 1
    baseline = run_baseline(postgres, respondents, concurrency)
    print_figures("baseline", baseline)
    print_errors(baseline)
    ratio = result.pages_per_second / baseline.pages_per_second
    print(
        f"surveyapp {result.pages_per_second:.0f} pages/s vs baseline "
        f"{baseline.pages_per_second:.0f} pages/s = {ratio:.2f}× (target ≥ {TARGET_RATIO}×)"
    )
    mine, bare = result.cpu_ms_per_page, baseline.cpu_ms_per_page
    print(
        f"CPU of the workers per page: surveyapp {mine:.1f} ms vs baseline {bare:.1f} ms = "
        f"{mine / bare:.2f}× (apart from whatever else the machine runs)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: a respondent's page GET and POST, in-process, beside a bare Flask + WTForms app.

Figure: CPU milliseconds of this process per questionnaire page GET and per page POST, each
respondent walking the demo questionnaire through Flask's test client (the walk of
`bench/load/profiling.py`) on a fresh database seeded as the load run seeds it.
Baseline, same run and same database kind: `bench/load/baseline_app.py`, a page of the same
weight (radio groups, a matrix, numbers, texts, CSRF, its rows read and written with
SQLAlchemy Core). Target (issue 16): surveyapp at most 1 / 0.7 × the baseline's CPU per page,
GET and POST together. CPU time, not wall time: the machine may be shared, and no HTTP server
or network stands between; the two apps take turns respondent by respondent, so both see the
same load; the median of the requests, so a stray pause does not count.

Run: .venv/bin/python bench/bench_respondent.py [respondents] [--database-url URL]
(default: a fresh SQLite file; a PostgreSQL URL must name an empty database.)
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine  # noqa: E402

from bench.load import baseline_app  # noqa: E402
from bench.load.profiling import (  # noqa: E402
    Timings,
    _baseline_with_listener,
    walk_baseline,
    walk_surveyapp,
)
from bench.load.seed import app_for, seed  # noqa: E402

#: Throughput at least 0.7 × the baseline's: CPU per page at most 1 / 0.7 × the baseline's.
TARGET_RATIO = 1 / 0.7
#: Respondents walked before timing: templates compiled, caches filled, as in a warm worker.
WARM_UP = 2


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _statements(timings: Timings, kind: str) -> float:
    counts = [len(each) for each in timings.statements[kind]]
    return sum(counts) / len(counts)


def measure(database_url: str, respondents: int) -> tuple[Timings, Timings]:
    """Both apps on their own tables of one database, each walked by fresh respondents.

    The two apps take turns, one respondent each: on a shared machine the CPU a request costs
    drifts with what else runs, and taking turns lets both see the same drift."""
    secret_key = secrets.token_hex(32)
    app = app_for(database_url, secret_key)
    tokens = seed(app, respondents + WARM_UP)
    survey = Timings()
    with app.app_context():
        from surveyapp.extensions import db

        survey.listen(db.engine)

    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    baseline_tokens = [secrets.token_urlsafe(24) for _ in range(respondents + WARM_UP)]
    baseline_app.create_tables(engine, baseline_tokens)
    engine.dispose()
    os.environ.update({"DATABASE_URL": database_url, "SECRET_KEY": secret_key})
    baseline = Timings()
    served = _baseline_with_listener(baseline)

    walk_surveyapp(app, tokens[:WARM_UP], Timings())
    walk_baseline(served, baseline_tokens[:WARM_UP], Timings())
    baseline.statements.clear()
    for token, baseline_token in zip(tokens[WARM_UP:], baseline_tokens[WARM_UP:], strict=True):
        walk_surveyapp(app, [token], survey)
        walk_baseline(served, [baseline_token], baseline)
    return survey, baseline


def report(survey: Timings, baseline: Timings) -> bool:
    rows = [
        ("surveyapp page GET", survey, "surveyapp page GET"),
        ("surveyapp page POST", survey, "surveyapp page POST"),
        ("baseline GET", baseline, "baseline GET"),
        ("baseline POST", baseline, "baseline POST"),
    ]
    print("CPU ms per request (median), SQL statements per request (mean)")
    for label, timings, kind in rows:
        cpu = timings.cpu_milliseconds[kind]
        print(
            f"  {label:20} {_median(cpu):6.2f} ms CPU  {_statements(timings, kind):5.1f} SQL"
            f"  ({len(cpu)} requests)"
        )
    ours = _median(survey.cpu_milliseconds["surveyapp page GET"]) + _median(
        survey.cpu_milliseconds["surveyapp page POST"]
    )
    base = _median(baseline.cpu_milliseconds["baseline GET"]) + _median(
        baseline.cpu_milliseconds["baseline POST"]
    )
    ratio = ours / base
    print(f"GET + POST: surveyapp {ours:.2f} ms, baseline {base:.2f} ms")
    print(
        f"Verhältnis: {ratio:.2f} × (Ziel ≤ {TARGET_RATIO:.2f} ×, "
        f"d. h. Durchsatz ≥ 0,7 × Basis: {1 / ratio:.2f} ×)"
    )
    ok = ratio <= TARGET_RATIO
    print("Ziel erreicht" if ok else "Ziel VERFEHLT")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("respondents", type=int, nargs="?", default=8)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="surveyapp-bench-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        survey, baseline = measure(url, args.respondents)
    print(f"Datenbank: {url.split(':', 1)[0]}, {args.respondents} Befragte")
    return 0 if report(survey, baseline) else 1


if __name__ == "__main__":
    sys.exit(main())

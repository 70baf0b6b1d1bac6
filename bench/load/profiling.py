"""Where a respondent request spends its time: the same walk as the load run, in one process
through Flask's test client on a seeded PostgreSQL, beside the baseline app's page.

Prints the milliseconds per request of each kind (page GET, page POST, and the baseline's GET
and POST), the SQL statements one request sends, and cProfile's heaviest functions over all
page requests. No HTTP server and no network in between, so what is left is the app's own CPU
and its database round trips.

Run: .venv/bin/python bench/load/profiling.py [--respondents N] [--sort tottime|cumulative]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import secrets
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import os  # noqa: E402

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import Engine, create_engine, event, text  # noqa: E402

from bench.load import baseline_app  # noqa: E402
from bench.load.answers import Respondent  # noqa: E402
from bench.load.browser import CSRF  # noqa: E402
from bench.load.seed import QUESTIONNAIRE, app_for, seed  # noqa: E402
from bench.load.services import Postgres  # noqa: E402
from bench.load.survey_walk import HIDDEN  # noqa: E402
from surveyapp.questionnaire import load_questionnaire  # noqa: E402


class Timings:
    """Milliseconds and SQL statements per kind of request."""

    def __init__(self, profiled: bool = False) -> None:
        self.profiled = profiled
        self.milliseconds: dict[str, list[float]] = defaultdict(list)
        self.cpu_milliseconds: dict[str, list[float]] = defaultdict(list)
        self.statements: dict[str, list[list[str]]] = defaultdict(list)
        self._current: list[str] | None = None
        # CPU time, not wall time: waiting for PostgreSQL and for other processes on a busy
        # machine is left out, so the profile shows what the app itself computes.
        self.profile = cProfile.Profile(time.process_time)

    def listen(self, engine: Engine) -> None:
        @event.listens_for(engine, "before_cursor_execute")
        def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if self._current is not None:
                self._current.append(" ".join(statement.split()))

    @contextmanager
    def request(self, kind: str) -> Iterator[None]:
        self._current = []
        started, cpu = time.perf_counter(), time.process_time()
        if self.profiled:
            self.profile.enable()
        try:
            yield
        finally:
            if self.profiled:
                self.profile.disable()
            self.milliseconds[kind].append(1000 * (time.perf_counter() - started))
            self.cpu_milliseconds[kind].append(1000 * (time.process_time() - cpu))
            self.statements[kind].append(self._current)
            self._current = None


def _form(html: str, respondent: Respondent, page_id: str) -> list[tuple[str, str]]:
    hidden = dict(HIDDEN.findall(html))
    found = CSRF.search(html)
    assert found is not None
    fields = [("csrf_token", found.group(1)), *hidden.items(), ("action", "weiter")]
    for name, value in respondent.fields(hidden["shown"].split(), page_id).items():
        fields += [(name, item) for item in (value if isinstance(value, list) else [value])]
    return fields


def _multidict(fields: list[tuple[str, str]]) -> Any:
    from werkzeug.datastructures import MultiDict

    return MultiDict(fields)


def walk_surveyapp(app: Flask, tokens: list[str], timings: Timings) -> None:
    questionnaire = load_questionnaire(QUESTIONNAIRE)
    for number, token in enumerate(tokens):
        client: FlaskClient = app.test_client()
        respondent = Respondent(number, questionnaire)
        start = f"/r/{token}"
        welcome = client.get(start).get_data(as_text=True)
        csrf = CSRF.search(welcome)
        assert csrf is not None
        url = client.post(start, data={"csrf_token": csrf.group(1), "consent": "ja"}).location
        while not url.endswith("/ueberblick"):
            with timings.request("surveyapp page GET"):
                shown = client.get(url)
            html = shown.get_data(as_text=True)
            while True:
                data = _multidict(_form(html, respondent, url.rsplit("/", 1)[1]))
                with timings.request("surveyapp page POST"):
                    sent = client.post(url, data=data)
                if sent.status_code == 302:
                    url = sent.location
                    break
                html = sent.get_data(as_text=True)
        overview = client.get(url).get_data(as_text=True)
        csrf = CSRF.search(overview)
        assert csrf is not None
        assert (
            client.post(f"{start}/absenden", data={"csrf_token": csrf.group(1)}).status_code == 302
        )


def walk_baseline(app: Flask, tokens: list[str], timings: Timings) -> None:
    from bench.load.baseline_walk import _form as baseline_form
    from bench.load.browser import Page

    for token in tokens:
        client = app.test_client()
        for page in range(baseline_app.PAGES):
            url = f"/b/{token}/{page}"
            with timings.request("baseline GET"):
                html = client.get(url).get_data(as_text=True)
            data = _multidict(baseline_form(Page(200, url, html, None)))
            with timings.request("baseline POST"):
                assert client.post(url, data=data).status_code == 302


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def _report(all_timings: list[Timings]) -> None:
    print("per request: wall ms (mean, median), CPU ms of this process (mean, median), SQL")
    timings = Timings()
    for each in all_timings:
        timings.milliseconds.update(each.milliseconds)
        timings.cpu_milliseconds.update(each.cpu_milliseconds)
        timings.statements.update(each.statements)
    for kind, values in timings.milliseconds.items():
        cpu = timings.cpu_milliseconds[kind]
        statements = timings.statements[kind]
        print(
            f"  {kind:20} {_mean(values):6.1f} {_median(values):6.1f} ms wall  "
            f"{_mean(cpu):6.1f} {_median(cpu):6.1f} ms CPU  "
            f"{sum(map(len, statements)) / len(statements):5.1f} SQL  ({len(values)} requests)"
        )
    for kind in ("surveyapp page GET", "surveyapp page POST"):
        print(f"\nSQL of one {kind}:")
        example = timings.statements[kind][len(timings.statements[kind]) // 2]
        for statement in example:
            print("  " + re.sub(r"\s+", " ", statement)[:150])


def _print_profile(timings: Timings, what: str, sort: str, lines: int) -> None:
    requests = sum(len(values) for values in timings.milliseconds.values())
    out = io.StringIO()
    stats = pstats.Stats(timings.profile, stream=out)
    stats.sort_stats(sort).print_stats(lines)
    print(f"\ncProfile (CPU) over {requests} {what} (times are totals), by {sort}:")
    print(out.getvalue())
    out = io.StringIO()
    stats = pstats.Stats(timings.profile, stream=out)
    stats.sort_stats("cumulative").print_stats(
        r"surveyapp|flask_limiter/_limits|jinja2/environment.py.*render|flask/templating|wtforms/form|sqlalchemy/orm/session.py.*(commit|execute|scalar)|json/decoder.py.*decode|flask_wtf/csrf|flask/sessions",
        lines,
    )
    print("The app's own functions and the big libraries' entry points, by cumulative CPU:")
    print(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="surveyapp-profile-") as folder:
        postgres = Postgres(Path(folder) / "pg")
        postgres.init()
        postgres.start()
        try:
            _profile(postgres, args.respondents, args.sort, args.lines)
        finally:
            postgres.stop()
    return 0


def _database(postgres: Postgres, name: str) -> str:
    engine = create_engine(postgres.url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return postgres.url.rsplit("/", 1)[0] + "/" + name


def _profile(postgres: Postgres, respondents: int, sort: str, lines: int) -> None:
    """Each app twice over fresh respondents: once timed without the profiler (its overhead
    would inflate the figures), once under cProfile for the breakdown."""
    secret_key = secrets.token_hex(32)
    app = app_for(_database(postgres, "surveyapp"), secret_key)
    tokens = seed(app, 2 * respondents)
    survey, survey_profiled = Timings(), Timings(profiled=True)
    with app.app_context():
        from surveyapp.extensions import db

        survey.listen(db.engine)
    walk_surveyapp(app, tokens[:respondents], survey)
    walk_surveyapp(app, tokens[respondents:], survey_profiled)

    url = _database(postgres, "baseline")
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    baseline_tokens = [secrets.token_urlsafe(24) for _ in range(2 * respondents)]
    baseline_app.create_tables(engine, baseline_tokens)
    engine.dispose()
    os.environ.update({"DATABASE_URL": url, "SECRET_KEY": secret_key})
    baseline, baseline_profiled = Timings(), Timings(profiled=True)
    baseline_served = _baseline_with_listener(baseline)
    walk_baseline(baseline_served, baseline_tokens[:respondents], baseline)
    walk_baseline(baseline_served, baseline_tokens[respondents:], baseline_profiled)
    _report([survey, baseline])
    _print_profile(survey_profiled, "surveyapp page requests", sort, lines)
    _print_profile(baseline_profiled, "baseline requests", sort, lines // 3)


def _baseline_with_listener(timings: Timings) -> Flask:
    """The baseline app, its engine counted too: its statements are created in create_app."""
    original: Callable[[], Engine] = baseline_app._engine

    def counted() -> Engine:
        engine = original()
        timings.listen(engine)
        return engine

    baseline_app._engine = counted
    return baseline_app.create_app()


if __name__ == "__main__":
    sys.exit(main())

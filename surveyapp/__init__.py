"""surveyapp: collects the answers of German Kommunen to a questionnaire."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from surveyapp import config
from surveyapp.extensions import csrf, db, limiter, migrate


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.from_environment(Path(app.instance_path)))
    if test_config:
        app.config.from_mapping(test_config)
    for name, value in config.derived(app.config).items():
        app.config[name] = value

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent.parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    # Every limit is a decorator on its view, which checks it. The check flask-limiter also
    # runs before every request is for app-wide limits, of which there are none: it would
    # evaluate each respondent page's limits a second time.
    checks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in checks:  # not there where limits are switched off
        checks.remove(limiter._check_request_limit)
    from surveyapp import (
        background,  # noqa: F401  (the kinds of jobs register themselves)
        cli,
        models,  # noqa: F401  (register the tables with the metadata)
        web,
    )
    from surveyapp.accounts import auth
    from surveyapp.jobs import queue, tasks  # noqa: F401  (tasks register with the queue)
    from surveyapp.web import converters

    queue.init_app(app)
    converters.init_app(app)
    web.init_app(app)
    auth.init_app(app)
    cli.init_app(app)
    from surveyapp.admin import bp as admin_bp
    from surveyapp.respond import bp as respond_bp
    from surveyapp.results import bp as results_bp

    app.register_blueprint(respond_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(results_bp)
    return app

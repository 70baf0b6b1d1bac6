"""The web plumbing every blueprint shares: error pages, security headers, language, templates,
the request log and the health check."""

from __future__ import annotations

from flask import Flask

from surveyapp.web import errors, health, language, logs, security, templating


def init_app(app: Flask) -> None:
    logs.init_app(app)
    language.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    health.init_app(app)

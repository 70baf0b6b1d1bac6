"""Friendly error pages for the whole application: never a stack trace, always a way on.

Registered app-wide by the factory, so the researcher area gets the same pages (its own 403,
404 and 429 pages take precedence there). An error that carries a `survey`, such as
`responses.session.SurveyClosed`, gets a page that names the survey's contact; a section link
outside its sections (`responses.session.SectionNotShared`) gets one naming the sections it
opens and linking to its section overview.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/404.html",
    409: "errors/409.html",
    410: "errors/410.html",
    413: "errors/413.html",
    429: "errors/429.html",
}


def error_page(error: HTTPException) -> tuple[str, int]:
    """The friendly page of an HTTP error; a blueprint that handles an error itself (to note
    something about the request first) still answers with it."""
    code = error.code or 500
    template = TEMPLATES.get(code, "errors/500.html")
    return render_template(
        template,
        code=code,
        survey=getattr(error, "survey", None),
        legal_survey=getattr(error, "survey", None),
        not_yet_open=getattr(error, "not_yet_open", False),
        starts_on=getattr(error, "starts_on", None),
        shared_sections=getattr(error, "shared_sections", None),
        hub_token=getattr(error, "hub_token", None),
    ), code


def _csrf(error: CSRFError) -> tuple[str, int]:
    return render_template("errors/400.html", code=400, csrf=True), 400


def _unexpected(error: Exception) -> tuple[str, int]:
    if isinstance(error, HTTPException):
        return error_page(error)
    log.exception("Unerwarteter Fehler", exc_info=error)
    return error_page(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf)
    for code in (400, 403, 404, 405, 409, 410, 413, 429):
        app.register_error_handler(code, error_page)
    app.register_error_handler(Exception, _unexpected)

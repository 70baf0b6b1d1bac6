"""The application's log on stderr: one line per request and every error with its traceback,
without personal data.

A respondent's URL is their key to the response (`/r/<token>/…`), the researcher area has
one-time links (`/admin/passwort/<token>`), query strings and forms carry what people typed, and
an address or e-mail identifies a person. So the request line names the route as written in the
code (`/r/<token>/seite/<page_id>`), never the path, and holds no address, query, form, header
or account; errors are logged with the traceback and the request's id only. Database errors
quote no SQL parameters either (`hide_parameters` in `config.engine_options`).

`LOG_FORMAT=json` writes one JSON object a line for a log collector, `text` a readable line for
a developer; unset, it is text under `flask run --debug` and JSON everywhere else. The handler
is one per process, as the app is in production: the last app created sets its format.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from flask import Flask, Response, current_app, has_request_context, request
from flask.logging import default_handler

#: The loggers that reach stderr through this handler: the app's own, the evaluation it calls,
#: and the rate limiter's notices about its store.
LOGGERS = ("surveyapp", "evaluation", "flask-limiter")
REQUEST_LOGGER = "surveyapp.requests"
#: An id that the trusted proxy passes on (nginx's $request_id is 32 hex digits); anything else
#: a client sends is ignored, so the id can never carry a token or an address.
PROXY_REQUEST_ID = re.compile(r"[0-9a-f]{16,64}")
_START = "surveyapp.request_started"
_ID = "surveyapp.request_id"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


def _request_fields() -> dict[str, Any]:
    """What a record written during a request may say about it: its id and its route."""
    if not has_request_context():
        return {}
    rule = request.url_rule
    return {
        "request_id": request.environ.get(_ID),
        "endpoint": request.endpoint,
        "route": rule.rule if rule is not None else None,
    }


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(name)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", {})
        if fields:
            extra = " ".join(f"{key}={value}" for key, value in fields.items())
            first, newline, rest = line.partition("\n")
            line = f"{first} {extra}{newline}{rest}"
        return line


class _WithRequest(logging.Filter):
    """Every record names the request it belongs to, so an error matches its request line.

    The rate limiter's own records pass only when they carry no arguments: a record about an
    exceeded limit names the limit's key, which is an address or an e-mail.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("flask-limiter") and record.args:
            return False
        if not hasattr(record, "fields"):
            record.fields = _request_fields()
        return True


class _Stderr(logging.Handler):
    """Looks up sys.stderr for each record, as gunicorn and pytest replace it after start-up."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)


_handler = _Stderr()
_handler.addFilter(_WithRequest())


def _formatter(app: Flask) -> logging.Formatter:
    chosen = app.config.get("LOG_FORMAT") or ("text" if app.debug else "json")
    if chosen == "json":
        return JsonFormatter()
    if chosen == "text":
        return TextFormatter()
    raise ValueError(f"LOG_FORMAT must be json or text, not {chosen!r}")


def _start() -> None:
    request.environ[_START] = time.perf_counter()
    offered = request.headers.get("X-Request-ID", "")
    trusted = current_app.config.get("PROXY_HOPS", 0) and PROXY_REQUEST_ID.fullmatch(offered)
    request.environ[_ID] = offered if trusted else secrets.token_hex(8)


def _log_request(response: Response) -> Response:
    started = request.environ.get(_START, time.perf_counter())
    fields = {
        **_request_fields(),
        "method": request.method,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    logging.getLogger(REQUEST_LOGGER).info(
        "%s %s %s", request.method, fields["route"], response.status_code, extra={"fields": fields}
    )
    if fields["request_id"]:
        response.headers["X-Request-ID"] = fields["request_id"]
    return response


def _log_exception(exc_info: ExcInfo) -> None:
    """Flask's own version names the request's path, which may be a respondent's link."""
    logging.getLogger("surveyapp").error("Unhandled exception", exc_info=exc_info)


def init_app(app: Flask) -> None:
    _handler.setFormatter(_formatter(app))
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.removeHandler(default_handler)
        if _handler not in logger.handlers:
            logger.addHandler(_handler)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.INFO)
    app.log_exception = _log_exception  # type: ignore[method-assign]
    # First of all hooks, before the rate limiter's, so a refused request has its id too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_log_request)

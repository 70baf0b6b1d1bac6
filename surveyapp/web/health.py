"""Can this process serve? `GET /health` for the proxy and the monitoring, `flask health` for a
container or systemd check of any process that runs the app (web and, later, job workers).

The database is essential: without it the answer is "down" and HTTP 503, so a load balancer
stops sending requests here. Redis only holds the rate limits, which fall back to each worker's
memory while it is away: then the answer is "degraded" with HTTP 200, because respondents are
still served. Each check gives up after a few seconds, and the answer names no version, host or
error, so it tells an outsider nothing about the installation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import redis
import sqlalchemy as sa
from flask import Flask, Response, current_app, jsonify, session

from surveyapp.extensions import db, limiter

log = logging.getLogger(__name__)

#: Seconds a Redis ping may take; the database's limit is its `connect_timeout` (config.py).
STORE_TIMEOUT = 1.0
DATABASE_STATEMENT_TIMEOUT_MS = 2000


@dataclass(frozen=True)
class Health:
    database: str  # "ok" or "unavailable"
    store: str  # "ok", "unavailable", or "memory" when no REDIS_URL is configured

    @property
    def status(self) -> str:
        if self.database != "ok":
            return "down"
        if self.store == "unavailable":
            return "degraded"
        return "ok"

    def as_json(self) -> dict[str, str]:
        return {"status": self.status, "database": self.database, "store": self.store}


def check() -> Health:
    return Health(database=_database(), store=_store())


def _database() -> str:
    try:
        with db.engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text(f"SET LOCAL statement_timeout = {DATABASE_STATEMENT_TIMEOUT_MS}")
                )
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        log.warning("Health check: database unavailable (%s)", type(error).__name__)
        return "unavailable"
    return "ok"


def _store() -> str:
    uri = str(current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if uri.startswith("memory://"):
        return "memory"
    # The limiter's own scheme for a Unix socket; redis-py calls it unix://.
    uri = uri.replace("redis+unix://", "unix://", 1)
    try:
        client = redis.Redis.from_url(
            uri, socket_connect_timeout=STORE_TIMEOUT, socket_timeout=STORE_TIMEOUT
        )
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError) as error:
        log.warning("Health check: rate limit store unavailable (%s)", type(error).__name__)
        return "unavailable"
    return "ok"


@limiter.exempt
def health() -> Response:
    result = check()
    # A probe never gets a cookie, not even when it sends ?lang=.
    session.modified = False
    response = jsonify(result.as_json())
    response.status_code = 503 if result.status == "down" else 200
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.add_url_rule("/health", "health", health, methods=["GET"])

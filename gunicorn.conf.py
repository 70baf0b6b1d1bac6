"""Gunicorn's settings for production, read by `gunicorn wsgi:app` from the working directory.

Every setting can be changed through the environment, so one file serves a small VM and a
large one. No preload: each worker opens its own database pool after the fork, never sharing a
connection with its siblings. No access log: a respondent's URL carries the secret token of
their link, so gunicorn must never write request paths anywhere.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
# One thread per worker suits a CPU-bound app; more threads switch to the gthread worker, which
# also keeps idle client connections open (keepalive) behind a proxy that reuses them.
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Workers are replaced now and then, at different moments, so a slow leak never grows and the
# workers never restart all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
preload_app = False
# The heartbeat file in memory: a worker on a slow or full disk is not killed as hung. Gunicorn
# creates its own unlinked file there, so a shared directory is safe.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "surveyapp"

"""The job queue: one Huey instance, its store chosen by the configuration.

Huey is created when this module is imported, because its tasks are declared with its
decorators; `init_app` then points it at the configured store. Tasks run inside the Flask
application that configured it (`app_context`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

huey = Huey("surveyapp", storage_class=MemoryStorage, results=False, utc=True)
_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Redis where it is configured (several workers, several hosts), else an SQLite file."""
    global _app
    _app = app
    url = app.config.get("JOB_QUEUE_URL")
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {"url": url}
    else:
        path = Path(url.removeprefix("sqlite:///")) if url else Path(app.instance_path, "jobs.db")
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": str(path)}
    huey.storage = huey.create_storage()


@contextmanager
def app_context() -> Iterator[Flask]:
    """The application a task works in: the one that configured the queue."""
    if _app is None:
        raise RuntimeError("The job queue is not configured: call surveyapp.jobs.queue.init_app")
    with _app.app_context():
        yield _app

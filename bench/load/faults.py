"""The faults of `--faults`, one after the other while the respondents are at work: a worker
killed, the database down for ten seconds, Redis down for five. Nothing is restarted but the
server that was stopped; gunicorn and the app must find their way back alone."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.load.services import Gunicorn, Postgres, Redis

DATABASE_DOWN_SECONDS = 10
REDIS_DOWN_SECONDS = 5
PAUSE_SECONDS = 6


@dataclass
class Timeline:
    started: float = field(default_factory=time.monotonic)
    events: list[str] = field(default_factory=list)

    def note(self, what: str) -> None:
        self.events.append(f"{time.monotonic() - self.started:6.1f} s  {what}")


async def inject_faults(gunicorn: Gunicorn, postgres: Postgres, redis: Redis) -> Timeline:
    timeline = Timeline()

    async def step(what: str, action: Callable[[], object]) -> None:
        await asyncio.to_thread(action)
        timeline.note(what)

    await asyncio.sleep(PAUSE_SECONDS)
    pid = await asyncio.to_thread(gunicorn.kill_worker)
    timeline.note(f"worker {pid} killed (SIGKILL)")
    await asyncio.sleep(PAUSE_SECONDS)
    await step("PostgreSQL stopped", postgres.stop)
    await asyncio.sleep(DATABASE_DOWN_SECONDS)
    await step("PostgreSQL started", postgres.start)
    await asyncio.sleep(PAUSE_SECONDS)
    await step("Redis stopped", redis.stop)
    await asyncio.sleep(REDIS_DOWN_SECONDS)
    await step("Redis started", redis.start)
    return timeline

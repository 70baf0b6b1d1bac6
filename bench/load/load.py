"""N respondents at concurrency C: a deadline rush, everyone starting at once and the next one
starting whenever someone finishes. The same driver serves surveyapp and the baseline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.load.browser import Browser, Stats, Walk


@dataclass
class RunResult:
    stats: Stats
    seconds: float
    #: CPU seconds the server's workers spent on the run (see `Gunicorn.cpu_seconds`).
    cpu_seconds: float = 0.0
    finished: dict[int, Any] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)

    @property
    def pages_per_second(self) -> float:
        return len(self.stats.latencies) / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        pages = len(self.stats.latencies)
        return 1000 * self.cpu_seconds / pages if pages else 0.0


#: Requests sent, unmeasured, before the rush: every worker has imported the app, opened its
#: database pool and compiled its templates, as in a server that has been up for a while.
WARM_UP_ROUNDS = 10


async def warm_up(base_url: str, url: str, workers: int) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(WARM_UP_ROUNDS):
            requests = [session.get(base_url + url, allow_redirects=False) for _ in range(workers)]
            for response in await asyncio.gather(*requests):
                await response.read()
                response.release()


async def run_load(
    base_url: str,
    walk: Walk,
    respondents: int,
    concurrency: int,
    cpu_seconds: Callable[[], float] = lambda: 0.0,
) -> RunResult:
    stats = Stats()
    result = RunResult(stats, 0.0)
    waiting = iter(range(respondents))
    connector = aiohttp.TCPConnector(limit=concurrency)

    async def person() -> None:
        for number in waiting:
            browser = Browser(base_url, connector, stats)
            try:
                result.finished[number] = await walk(browser, number)
            except Exception as error:  # noqa: BLE001  (every failure is reported, none hidden)
                result.failed[number] = f"{type(error).__name__}: {error}"
            finally:
                await browser.close()

    started, cpu_before = time.perf_counter(), cpu_seconds()
    try:
        await asyncio.gather(*(person() for _ in range(concurrency)))
    finally:
        await connector.close()
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = cpu_seconds() - cpu_before
    return result

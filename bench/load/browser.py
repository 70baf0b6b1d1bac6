"""A simulated person's browser: their own cookies, every request timed, and the patience of a
person who meets an error page (wait a moment, reload, send again)."""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp

#: How long a person keeps reloading before giving up on the survey.
PATIENCE_SECONDS = 120.0
#: The pause before reloading an error page.
RELOAD_AFTER_SECONDS = 1.0

CSRF = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')


class GaveUp(Exception):
    """The respondent met error pages for longer than PATIENCE_SECONDS."""


@dataclass
class Stats:
    """Every request of a run: its latency, and what the respondents saw when it failed."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    page_bytes: list[int] = field(default_factory=list)

    def record(self, seconds: float, failure: str | None, status: int = 0, size: int = 0) -> None:
        self.latencies.append(seconds)
        if failure is not None:
            self.errors[failure] += 1
        elif status == 200:
            self.page_bytes.append(size)


@dataclass(frozen=True)
class Page:
    status: int
    url: str
    html: str
    location: str | None

    @property
    def csrf_token(self) -> str:
        found = CSRF.search(self.html)
        if found is None:
            raise ValueError(f"no CSRF token on {self.status} page")
        return found.group(1)

    @property
    def redirected(self) -> bool:
        return self.status in (301, 302, 303)


class Browser:
    """One respondent's browser over the run's shared connection pool."""

    def __init__(self, base_url: str, connector: aiohttp.BaseConnector, stats: Stats) -> None:
        self.base_url = base_url
        self.stats = stats
        self.session = aiohttp.ClientSession(
            connector=connector,
            connector_owner=False,
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=60),
        )

    async def close(self) -> None:
        await self.session.close()

    async def _once(self, method: str, url: str, data: Any = None) -> Page | None:
        """One request; None (and the error counted) if the person sees an error page."""
        started = time.perf_counter()
        try:
            async with self.session.request(
                method, self.base_url + url, data=data, allow_redirects=False
            ) as response:
                html = await response.text()
                status = response.status
                location = response.headers.get("Location")
        except (TimeoutError, aiohttp.ClientError) as error:
            self.stats.record(time.perf_counter() - started, type(error).__name__)
            return None
        failed = status >= 500 or status in (400, 429)
        self.stats.record(
            time.perf_counter() - started, str(status) if failed else None, status, len(html)
        )
        if failed:
            return None
        if location and location.startswith(self.base_url):
            location = location.removeprefix(self.base_url)
        return Page(status, url, html, location)

    async def get(self, url: str) -> Page:
        """GET until it works, as a person reloads an error page."""
        deadline = time.monotonic() + PATIENCE_SECONDS
        while (page := await self._once("GET", url)) is None:
            if time.monotonic() > deadline:
                raise GaveUp(url)
            await asyncio.sleep(RELOAD_AFTER_SECONDS)
        return page

    async def send(
        self,
        url: str,
        form: Callable[[Page], Any],
        loaded: Page | None = None,
        form_at: str | None = None,
    ) -> Page:
        """POST the form of the page at `form_at` (default `url`) to `url`; after an error page,
        reload the form and send again with what it now carries (a fresh CSRF token and
        revision). A reload that redirects, or no longer shows the form (`form` gives None),
        means the first send did arrive: that page is the answer.
        """
        form_at = form_at or url
        deadline = time.monotonic() + PATIENCE_SECONDS
        page = loaded or await self.get(form_at)
        while (sent := await self._once("POST", url, form(page))) is None:
            if time.monotonic() > deadline:
                raise GaveUp(url)
            await asyncio.sleep(RELOAD_AFTER_SECONDS)
            page = await self.get(form_at)
            if page.redirected or form(page) is None:
                return page
        return sent


Walk = Callable[[Browser, int], Awaitable[Any]]

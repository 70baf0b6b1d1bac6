"""What a job's function is, and the registry of job kinds and clock hooks.

The job engine does not know the services: `surveyapp.background` registers what each kind of
job does (a download, the brief, a mailing) and what the clock does every minute, so the arrows
point from the services to the engine and never back.

A job's function gets the job's row and a way to report progress, and returns what the
researcher is told and the file they may download. An `EvaluationError` (or another error whose
message is for the user) fails the job with that message; anything else is a bug, logged, and
reported in general words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from surveyapp.jobs.records import Result
from surveyapp.models import Job

Progress = Callable[[int, int], None]
Work = Callable[[Job, Progress], "Outcome"]
#: Something the clock does every minute; returns the jobs it queued, for the queue.
ClockHook = Callable[[datetime | None], list[Job]]


@dataclass(frozen=True)
class Outcome:
    note: str | None = None
    result: Result | None = None


class Postpone(Exception):  # noqa: N818  (an instruction to the runner, not an error)
    """Not done yet, on purpose: run the job again at `when` (a mailing's deferred messages)."""

    def __init__(self, when: datetime, note: str) -> None:
        super().__init__(note)
        self.when, self.note = when, note


KINDS: dict[str, Work] = {}
#: How each kind is named on the researcher's list of jobs.
KIND_LABELS: dict[str, str] = {}
CLOCK: list[ClockHook] = []


def register(kind: str, label: str) -> Callable[[Work], Work]:
    def add(work: Work) -> Work:
        KINDS[kind], KIND_LABELS[kind] = work, label
        return work

    return add


def every_minute(hook: ClockHook) -> ClockHook:
    CLOCK.append(hook)
    return hook

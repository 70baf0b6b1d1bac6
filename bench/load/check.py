"""The end check of a run: the database against what each respondent sent, variable for
variable. Read with plain SQL, not through the app's session, so a fault in the app's reading
cannot hide one in its writing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from sqlalchemy import text

from bench.load.seed import SLUG, ags

ROWS = text(
    """
    SELECT u.ags, r.id, r.status, r.submitted_at IS NOT NULL AS stamped, a.variable, a.number,
           a.text
    FROM responses r
    JOIN surveys s ON s.id = r.survey_id
    JOIN units u ON u.id = r.unit_id
    LEFT JOIN answers a ON a.response_id = r.id
    WHERE s.slug = :slug
    """
)


@dataclass
class Stored:
    responses: set[int] = field(default_factory=set)
    submitted: bool = True
    answers: dict[str, Any] = field(default_factory=dict)
    duplicates: int = 0


@dataclass(frozen=True)
class Verdict:
    intact: int
    total: int
    problems: list[str]

    def line(self) -> str:
        return f"intact: {self.intact}/{self.total}"


def _value(number: float | None, text_value: str | None) -> Any:
    if number is not None:
        return int(number) if float(number).is_integer() else float(number)
    return text_value


def stored_by_unit(app: Flask) -> dict[str, Stored]:
    from surveyapp.extensions import db

    found: dict[str, Stored] = {}
    with app.app_context():
        # The runner's pool may hold connections from before a restart of the database.
        db.engine.dispose()
        for row in db.session.execute(ROWS, {"slug": SLUG}):
            entry = found.setdefault(row.ags, Stored())
            entry.responses.add(row.id)
            entry.submitted = entry.submitted and row.status == "submitted" and row.stamped
            if row.variable is not None:
                entry.duplicates += row.variable in entry.answers
                entry.answers[row.variable] = _value(row.number, row.text)
    return found


def _differences(expected: Mapping[str, Any], stored: Mapping[str, Any]) -> list[str]:
    names = sorted(set(expected) | set(stored))
    return [
        f"{name}: sent {expected.get(name, '—')!r}, stored {stored.get(name, '—')!r}"
        for name in names
        if expected.get(name, "—") != stored.get(name, "—")
    ]


def compare(app: Flask, expected: Mapping[int, Mapping[str, Any] | None], total: int) -> Verdict:
    """A respondent is intact when their one response is submitted and holds exactly what
    they sent; one who gave up (None) is not."""
    stored = stored_by_unit(app)
    problems = []
    intact = 0
    for number in range(total):
        sent = expected.get(number)
        entry = stored.get(ags(number))
        if sent is None:
            problems.append(f"respondent {number}: did not finish")
        elif entry is None:
            problems.append(f"respondent {number}: no response stored")
        elif len(entry.responses) != 1 or entry.duplicates or not entry.submitted:
            problems.append(
                f"respondent {number}: {len(entry.responses)} responses, "
                f"{entry.duplicates} duplicate rows, submitted: {entry.submitted}"
            )
        elif differences := _differences(sent, entry.answers):
            problems.append(f"respondent {number}: " + "; ".join(differences[:5]))
        else:
            intact += 1
    return Verdict(intact, total, problems)

"""A respondent in tests: their own client with the unit's link; reads and posts pages.

A module beside testsupport.py, so tests of the respondent pages and of the responses service
both import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask.testing import FlaskClient

from surveyapp.extensions import db
from surveyapp.models import Answer, Response


@dataclass
class Respondent:
    """One person with the unit's link, in their own browser (their own test client)."""

    client: FlaskClient
    link: str

    @property
    def token(self) -> str:
        return self.link.rsplit("/", 1)[1]

    def url(self, page_id: str) -> str:
        return f"{self.link}/seite/{page_id}"

    def consent(self) -> Any:
        return self.client.post(self.link, data={"consent": "ja"})

    def open(self, page_id: str) -> dict[str, Any]:
        """GET a page and keep the hidden fields a browser would send back."""
        return hidden_fields(self.client.get(self.url(page_id)).get_data(as_text=True))

    def save(
        self,
        page_id: str,
        data: dict[str, Any],
        action: str = "weiter",
        loaded: dict[str, Any] | None = None,
    ) -> Any:
        loaded = loaded or self.open(page_id)
        form = {
            **data,
            "action": action,
            "revision": loaded["revision"],
            "shown": loaded["shown"],
            "confirmed": loaded.get("confirmed", ""),
        }
        return self.client.post(self.url(page_id), data=form)


PAGE_A = {"A1": "1", "A2": "Sozialamt", "A3": "2", "A4": "01.03.2024"}


def finish(respondent: Respondent) -> None:
    """The shortest way through the demo questionnaire: every required answer, then the end."""
    respondent.save("a", PAGE_A)
    respondent.save("b", {"B1": "4"})
    for page in ("k", "m", "n"):
        respondent.save(page, {})


def hidden_fields(html: str) -> dict[str, Any]:
    """The hidden fields of a rendered page, as a browser would send them back."""
    return {
        "html": html,
        "revision": re.search(r'name="revision" value="(\d+)"', html).group(1),
        "shown": re.search(r'name="shown" value="([^"]*)"', html).group(1),
        "confirmed": re.search(r'name="confirmed" value="([^"]*)"', html).group(1),
    }


def stored(name: str) -> Any:
    """The stored value of one variable of the (only) response."""
    db.session.expire_all()
    row = db.session.scalar(db.select(Answer).where(Answer.variable == name))
    if row is None:
        return None
    if row.number is not None:
        return int(row.number) if row.number.is_integer() else row.number
    return row.text


def the_response() -> Response:
    db.session.expire_all()
    return db.session.scalar(db.select(Response))

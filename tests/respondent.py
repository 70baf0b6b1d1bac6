"""A respondent in tests: their own client with the unit's link; reads and posts pages.

A module beside testsupport.py, so tests of the respondent pages and of the responses service
both import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask.testing import FlaskClient

from surveyapp.demo.survey import DATA
from surveyapp.extensions import db
from surveyapp.field.invitations import create_invitations, link_of
from surveyapp.models import Answer, Response
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey


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


#: A page whose first answer brings up a required and a soft-required question on the same
#: page, then a page with a cross-field check: the follow-up cases the demo does not have.
FOLLOW_UP_QUESTIONNAIRE = """
format: 1
id: folgefragen
version: "1"
title: {de: "Beratung in Kommunen", en: "Advice in local authorities"}
languages: [de, en]
pages:
  - id: p
    title: {de: "Beratungsstellen", en: "Advice centres"}
    questions:
      - id: Q1
        type: single
        required: true
        text:
          de: "Gibt es eine kommunale Beratungsstelle?"
          en: "Is there a municipal advice centre?"
        options:
          - {code: 1, label: {de: "ja", en: "yes"}}
          - {code: 2, label: {de: "nein", en: "no"}}
      - id: Q2
        type: integer
        required: true
        min: 1
        max: 50
        show_if: "Q1 == 1"
        text: {de: "Wie viele Beratungsstellen gibt es?", en: "How many advice centres are there?"}
      - id: Q3
        type: text
        required: soft
        show_if: "Q1 == 1"
        text: {de: "Wo liegt die größte Beratungsstelle?", en: "Where is the largest one?"}
  - id: r
    title: {de: "Personal", en: "Staff"}
    questions:
      - id: R1
        type: integer
        min: 0
        max: 500
        text: {de: "Wie viele Personen arbeiten dort?", en: "How many people work there?"}
      - id: R2
        type: integer
        min: 0
        max: 500
        text: {de: "Wie viele davon in Teilzeit?", en: "How many of them part-time?"}
        check:
          - rule: "R2 <= R1"
            message:
              de: "Es können nicht mehr Personen in Teilzeit als insgesamt arbeiten."
              en: "Part-time staff cannot exceed all staff."
      - id: R3
        type: decimal
        decimals: 2
        min: 0
        max: 10000
        text:
          de: "Wie hoch ist das Budget in Tausend Euro?"
          en: "What is the budget in thousand euros?"
"""


#: Follow-up questions on the same page under every kind of filter the page's script judges:
#: a ticked box and how many are ticked (page m), yes/no (j), typed numbers, whole and
#: decimal (n), and and/or/not over a choice and a number (k); one whose filter the script
#: leaves to the server (a text pattern, page t); one item of a matrix (s).
REVEAL_QUESTIONNAIRE = """
format: 1
id: einblenden
version: "1"
title: "Angebote in Kommunen"
pages:
  - id: m
    title: "Angebote"
    questions:
      - id: M1
        type: multiple
        text: "Welche Angebote gibt es?"
        exclusive: [9]
        options:
          - {code: 1, label: "Beratung"}
          - {code: 2, label: "Kita"}
          - {code: 3, label: "Jugendzentrum"}
          - {code: 9, label: "keines davon"}
      - id: M2
        type: text
        required: true
        show_if: "3 in M1"
        text: "Wie heißt das Jugendzentrum?"
      - id: M3
        type: textarea
        show_if: "count(M1) >= 2"
        text: "Wie arbeiten die Angebote zusammen?"
  - id: j
    title: "Kooperation"
    questions:
      - id: J1
        type: boolean
        text: "Gibt es eine Kooperationsvereinbarung?"
      - id: J2
        type: text
        show_if: "J1 == 1"
        text: "Mit wem?"
      - id: J3
        type: text
        show_if: "J1 == 0"
        text: "Woran ist sie gescheitert?"
  - id: n
    title: "Personal"
    questions:
      - id: N1
        type: integer
        text: "Wie viele Stellen gibt es?"
      - id: N2
        type: integer
        show_if: "N1 > 0"
        text: "Wie viele davon sind befristet?"
      - id: N3
        type: decimal
        decimals: 1
        text: "Wie viele Wochenstunden hat eine Stelle im Durchschnitt?"
      - id: N4
        type: text
        show_if: "N3 < 19.5"
        text: "Warum so wenige Stunden?"
  - id: k
    title: "Planung"
    questions:
      - id: K1
        type: single
        text: "Gibt es eine Sozialplanung?"
        options:
          - {code: 1, label: "ja"}
          - {code: 2, label: "im Aufbau"}
          - {code: 3, label: "nein"}
      - id: K2
        type: integer
        text: "Seit welchem Jahr?"
      - id: K3
        type: textarea
        show_if: "K1 in [1, 2] and not K2 >= 2020"
        text: "Was hat sich seitdem verändert?"
      - id: K4
        type: text
        show_if: "K1 == 3 or K2 >= 2020"
        text: "Welche Unterstützung wünschen Sie?"
  - id: t
    title: "Kontakt"
    questions:
      - id: T1
        type: text
        text: "Postleitzahl der Verwaltung"
      - id: T2
        type: text
        show_if: "matches(T1, '^0')"
        text: "Welcher Ortsteil?"
  - id: s
    title: "Zufriedenheit"
    questions:
      - id: S1
        type: matrix
        text: "Wie zufrieden sind Sie mit …"
        items:
          - {id: daten, text: "den Daten"}
          - {id: personal, text: "dem Personal"}
        options:
          - {code: 1, label: "zufrieden"}
          - {code: 2, label: "unzufrieden"}
      - id: S2
        type: text
        show_if: "S1_daten == 2"
        text: "Welche Daten fehlen Ihnen?"
"""


def reveal_links(tmp_path: Path) -> list[str]:
    """A survey of REVEAL_QUESTIONNAIRE, open since yesterday; the first three links as paths."""
    return questionnaire_links(tmp_path, REVEAL_QUESTIONNAIRE, "einblenden")


def follow_up_links(tmp_path: Path, closes_in_days: int = 30) -> list[str]:
    """A survey of FOLLOW_UP_QUESTIONNAIRE, open since yesterday, with one link per unit of
    the demo frame; the links as paths."""
    return questionnaire_links(tmp_path, FOLLOW_UP_QUESTIONNAIRE, "folgefragen", closes_in_days)


def questionnaire_links(
    tmp_path: Path, text: str, slug: str, closes_in_days: int = 30
) -> list[str]:
    """A survey of the questionnaire `text` (YAML), open since yesterday, with one link per
    unit of the demo frame; the first three links as paths."""
    from surveyapp.demo.survey import DATA
    from surveyapp.field.invitations import create_invitations, link_of
    from surveyapp.surveys import frame
    from surveyapp.surveys.lifecycle import create_survey

    source = tmp_path / f"{slug}.yaml"
    source.write_text(text, encoding="utf-8")
    today = date.today()
    survey = create_survey(
        source,
        slug,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=closes_in_days),
    )
    frame.import_file(DATA / "kreise-mitteldeutschland.csv", survey)
    return [
        link_of(invitation).removeprefix("http://localhost")
        for invitation in create_invitations(survey)[:3]
    ]


def prefilled_questionnaire(tmp_path: Path) -> Path:
    """The demo questionnaire with A1, A2 and B1 filled in from the earlier wave."""
    from testsupport import DEMO_QUESTIONNAIRE

    text = DEMO_QUESTIONNAIRE.read_text(encoding="utf-8")
    for question in ("A1", "A2", "B1"):
        text = text.replace(
            f"      - id: {question}\n", f"      - id: {question}\n        prefill: previous\n", 1
        )
    path = tmp_path / "sozialplanung.yaml"
    path.write_text(text, encoding="utf-8")
    return path


PARTLY_ENGLISH = """\
format: 1
id: teils-englisch
version: "1"
title: {de: "Teils übersetzt", en: "Partly translated"}
languages: [de, en]
pages:
  - id: a
    title: {de: "Planung", en: "Planning"}
    questions:
      - id: B1
        type: single
        required: true
        text: {de: "Gibt es eine Planung?", en: "Is there a plan?"}
        options:
          - {code: 1, label: {de: "ja", en: "yes"}}
          - {code: 2, label: "im Aufbau"}
          - {code: 3, label: {de: "nein", en: "no"}}
      - id: B2
        type: multiple
        text: "Wer plant mit?"
        show_if: "B1 in [1, 2]"
        options:
          - {code: 1, label: {de: "Jugendhilfe", en: "Youth welfare"}}
          - {code: 2, label: "Schule"}
  - id: b
    title: "Nur auf Deutsch"
    show_if: "2 in B2"
    questions:
      - id: C1
        type: text
        text: {de: "Welche Schulen?", en: "Which schools?"}
"""


def partly_translated_link(folder: Path) -> str:
    """A link (path only) to an open survey of PARTLY_ENGLISH on the real frame."""
    source = folder / "teils.yaml"
    source.write_text(PARTLY_ENGLISH, encoding="utf-8")
    today = date.today()
    survey = create_survey(source, "teils", today - timedelta(days=1), today + timedelta(days=9))
    frame.import_file(DATA / "kreise-mitteldeutschland.csv", survey)
    return urlsplit(link_of(create_invitations(survey)[0])).path

"""English pages mark German fallback texts as German in the error summary and the overview
(WCAG 3.1.2), so a screen reader reads them with German pronunciation."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import refresh

from surveyapp.demo.survey import DATA
from surveyapp.field.invitations import create_invitations, link_of
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey

HALF_TRANSLATED = """\
format: 1
id: halb-uebersetzt
version: "1"
title: {de: "Halb übersetzt", en: "Half translated"}
languages: [de, en]
pages:
  - id: a
    title: "Nur auf Deutsch"
    questions:
      - id: A1
        type: integer
        required: true
        text: "Wie viele Stellen gibt es?"
"""


def _link(tmp_path) -> str:
    source = tmp_path / "halb.yaml"
    source.write_text(HALF_TRANSLATED, encoding="utf-8")
    today = date.today()
    survey = create_survey(source, "halb", today - timedelta(days=1), today + timedelta(days=9))
    frame.import_file(DATA / "kreise-mitteldeutschland.csv", survey)
    return link_of(create_invitations(survey)[0]).removeprefix("http://localhost")


def test_error_summary_and_overview_mark_german_fallbacks(app, tmp_path):
    link = _link(tmp_path)
    client = app.test_client()
    refresh()
    client.get(f"{link}?lang=en")
    client.post(link, data={"consent": "ja"})
    page = client.get(f"{link}/seite/a").get_data(as_text=True)
    shown = page.split('name="shown" value="')[1].split('"')[0]
    refused = client.post(
        f"{link}/seite/a", data={"A1": "", "action": "weiter", "revision": "0", "shown": shown}
    ).get_data(as_text=True)
    assert '<html lang="en">' in refused
    assert '<span class="error-summary__question" lang="de">Wie viele Stellen gibt es?</span>' in (
        refused
    )
    client.post(
        f"{link}/seite/a", data={"A1": "3", "action": "weiter", "revision": "1", "shown": shown}
    )
    overview = client.get(f"{link}/ueberblick").get_data(as_text=True)
    refresh()
    assert '1. <span lang="de">Nur auf Deutsch</span></h2>' in overview
    assert '<dt class="kern-label" lang="de">Wie viele Stellen gibt es?</dt>' in overview

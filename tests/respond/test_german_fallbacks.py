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


OPTIONS_IN_GERMAN = """\
format: 1
id: optionen-deutsch
version: "1"
title: {de: "Optionen auf Deutsch", en: "Options in German"}
languages: [de, en]
pages:
  - id: a
    title: {de: "Angebote", en: "Services"}
    questions:
      - id: B1
        type: single
        text: {de: "Gibt es eine Planung?", en: "Is there a plan?"}
        options:
          - {code: 1, label: {de: "ja", en: "yes"}}
          - {code: 2, label: "im Aufbau"}
      - id: B2
        type: multiple
        text: {de: "Wer plant mit?", en: "Who takes part?"}
        options:
          - {code: 1, label: {de: "Jugendhilfe", en: "Youth welfare"}}
          - {code: 2, label: "Schule"}
"""


def test_overview_marks_option_labels_that_fall_back_to_german(app, tmp_path):
    source = tmp_path / "optionen.yaml"
    source.write_text(OPTIONS_IN_GERMAN, encoding="utf-8")
    today = date.today()
    survey = create_survey(source, "optionen", today - timedelta(days=1), today + timedelta(days=9))
    frame.import_file(DATA / "kreise-mitteldeutschland.csv", survey)
    link = link_of(create_invitations(survey)[0]).removeprefix("http://localhost")
    client = app.test_client()
    refresh()
    client.get(f"{link}?lang=en")
    client.post(link, data={"consent": "ja"})
    page = client.get(f"{link}/seite/a").get_data(as_text=True)
    shown = page.split('name="shown" value="')[1].split('"')[0]
    client.post(
        f"{link}/seite/a",
        data={"B1": "2", "B2": ["1", "2"], "action": "weiter", "revision": "0", "shown": shown},
    )
    overview = client.get(f"{link}/ueberblick").get_data(as_text=True)
    refresh()
    assert '<html lang="en">' in overview
    assert '<dd class="kern-body"><span lang="de">im Aufbau</span></dd>' in overview
    assert '<li>Youth welfare</li><li lang="de">Schule</li>' in overview

"""The section overview (hub): every section's status and when it was saved, from every page."""

from __future__ import annotations

import re

from flask_babel import refresh
from respondent import PAGE_A


def _hub(respondent, lang: str = "") -> str:
    query = f"?lang={lang}" if lang else ""
    return respondent.client.get(f"{respondent.link}/abschnitte{query}").get_data(as_text=True)


def _entry(html: str, page_id: str) -> str:
    found = re.search(
        rf'<li class="section-hub__item[^"]*" id="hub-{page_id}">(.*?)</li>', html, re.S
    )
    assert found, f"no hub entry for {page_id}"
    return found.group(1)


def test_hub_says_which_sections_are_not_started_in_progress_complete_or_wrong(respondent):
    respondent.save("a", {"A2": "Sozialamt"}, action="speichern")
    respondent.save("b", {"B1": "1"})
    respondent.save("c", {})
    respondent.save("d", {"D1": "2", "D2": "5"}, action="speichern")
    html = _hub(respondent)
    assert "<title>Alle Abschnitte – Integrierte" in html
    assert "<strong>in Bearbeitung</strong>" in _entry(html, "a")
    assert "<strong>vollständig</strong>" in _entry(html, "c")
    assert "<strong>mit Fehlern</strong>" in _entry(html, "d")
    assert "<strong>nicht begonnen</strong>" in _entry(html, "e")
    assert "zuletzt gespeichert" not in _entry(html, "e")
    assert f'href="{respondent.url("e")}">E: Fachplanungen</a>' in _entry(html, "e")
    assert re.search(
        r"zuletzt gespeichert: \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr \(ME", _entry(html, "c")
    )
    assert f'href="{respondent.link}/ueberblick"' in html


def test_hub_in_english_writes_status_and_time_the_english_way(respondent):
    respondent.save("a", PAGE_A)
    refresh()  # the test's app context outlives each request and would keep its language
    entry = _entry(_hub(respondent, "en"), "a")
    refresh()
    assert "<strong>complete</strong>" in entry
    assert re.search(r"last saved: \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d \(Central European", entry)


def test_every_page_and_the_overview_link_to_the_hub(respondent):
    hub = f'href="{respondent.link}/abschnitte"'
    assert hub in respondent.open("a")["html"]
    assert hub in respondent.client.get(f"{respondent.link}/ueberblick").get_data(as_text=True)
    assert hub in respondent.client.get(respondent.link).get_data(as_text=True)


def test_hub_before_consent_leads_to_the_welcome_page(colleague):
    found = colleague.client.get(f"{colleague.link}/abschnitte")
    assert found.status_code == 302 and found.headers["Location"] == colleague.link

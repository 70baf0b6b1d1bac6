"""`?lang=en` switches a visit to English, and the choice stays for the next pages."""

from __future__ import annotations


def test_english_can_be_switched_on_and_stays(client, link):
    html = client.get(f"{link}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Integrated social planning" in html or "Data protection" in html
    again = client.get(link).get_data(as_text=True)
    assert '<html lang="en">' in again and 'hreflang="de"' in again

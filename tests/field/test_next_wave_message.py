"""What „Als nächste Welle anlegen“ reports, counted right in German and English."""

from __future__ import annotations

from flask_babel import force_locale

from surveyapp.field.next_wave import made_message


def test_one_contact_and_one_unit_are_singular(app):  # noqa: ANN001
    with app.test_request_context():
        assert made_message(2, 1, 1) == (
            "Welle 2 angelegt: 1 Kommune mit neuem Link, 1 Kontakt übernommen."
        )
        assert made_message(3, 49, 4) == (
            "Welle 3 angelegt: 49 Kommunen mit neuen Links, 4 Kontakte übernommen."
        )


def test_the_english_message_counts_too(app):  # noqa: ANN001
    with app.test_request_context(), force_locale("en"):
        assert made_message(2, 1, 1) == (
            "Wave 2 created: 1 local authority with a new link, 1 contact carried over."
        )
        assert made_message(2, 49, 0) == (
            "Wave 2 created: 49 local authorities with new links, 0 contacts carried over."
        )

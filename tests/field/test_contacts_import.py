"""Contacts from a file: a key that Excel stripped of its leading zero is named with its repair;
the language column takes what researchers write."""

from __future__ import annotations

import pytest

from surveyapp.extensions import db
from surveyapp.field import contacts
from surveyapp.models import Unit


def test_a_key_without_its_leading_zero_says_which_unit_is_meant(app):
    db.session.add(
        Unit(
            ags="01001", name="Flensburg, Stadt", land="Schleswig-Holstein", type="kreisfreie Stadt"
        )
    )
    db.session.commit()
    rows = [{"__row__": 2, "ags": "1001", "name": "Anna Beispiel", "email": "anna@example.org"}]
    with pytest.raises(contacts.ContactsInvalid) as raised:
        contacts.validate(rows)
    [problem] = raised.value.problems
    assert "Gemeint ist wohl 01001 (Flensburg (kreisfreie Stadt))" in problem.message
    assert "führende Null" in problem.message


def test_the_language_column_takes_de_and_en_and_names_anything_else(app):
    db.session.add(Unit(ags="14713", name="Leipzig", land="Sachsen", type="kreisfreie Stadt"))
    db.session.commit()
    rows = [
        {"__row__": 2, "ags": "14713", "name": "A", "email": "a@example.org", "Sprache": "EN"},
        {"__row__": 3, "ags": "14713", "name": "B", "email": "b@example.org", "Sprache": "Deutsch"},
        {"__row__": 4, "ags": "14713", "name": "C", "email": "c@example.org", "Sprache": ""},
    ]
    assert [c["language"] for c in contacts.validate(rows)] == ["en", "de", None]
    rows[2]["Sprache"] = "fr"
    with pytest.raises(contacts.ContactsInvalid) as raised:
        contacts.validate(rows)
    [problem] = raised.value.problems
    assert (problem.row, problem.column) == (4, "Sprache")
    assert "„fr“ ist keine Sprache der Befragung (erlaubt: de, en)" in problem.message

"""Contacts from a file: a key that Excel stripped of its leading zero is named with its repair."""

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

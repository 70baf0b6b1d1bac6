"""Hostile values in every parameter of every page: a German answer, never a 500.

The routes come from the app's URL map, so a new page is covered without a new test: every int
converter gets a number past 64 bits, every other converter and every query and form parameter
the app reads gets huge numbers, huge text, NUL bytes, broken UTF-8 and impossible dates.
PostgreSQL is the stricter backend (NUL bytes, integer overflow, varchar lengths): the suite
runs these on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import IntegerConverter, Rule

from surveyapp.extensions import db
from surveyapp.field.invitations import invitation_of, token_of
from surveyapp.models import Survey

HUGE_NUMBER = str(10**30)
HOSTILE = [
    HUGE_NUMBER,
    "-" + HUGE_NUMBER,
    "9" * 400,
    "x" * 5000,
    "a\x00b",
    "%",
    "9999-12-31",
    "0000-00-00",
    "31.12.9999",
    "1e309",
    "nan",
    "-1",
]
#: Every query-string parameter any page reads, and every field of the researcher's forms.
QUERY_PARAMETERS = [
    "seite", "page", "sort", "dir", "status", "land", "type", "q", "lang", "next",
    "aktion", "von", "bis", "wer", "objekt",
]  # fmt: skip
FORM_FIELDS = [
    "action", "active", "aktion", "body", "closes_on", "confirm", "consent", "contact_email",
    "contact_name", "email", "keys", "opens_on", "password", "reason", "revision", "role",
    "scope", "shown", "confirmed", "slug", "standard", "subject", "submit", "version",
]  # fmt: skip
#: Pages that end the researcher's session or take long for reasons of their own.
SKIPPED = {"admin.logout", "static"}
GERMAN = ("Seite", "nicht", "Anfrage", "Befragung", "bitte", "Bitte", "gefunden")


def _values_for(rule: Rule, survey: Survey, token: str, hostile: str) -> dict[str, object]:
    values: dict[str, object] = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 10**30
        elif name == "slug":
            values[name] = survey.slug
        elif name == "ags":
            values[name] = "14713"
        elif name == "token":
            values[name] = token
        else:
            values[name] = hostile
    return values


def _path(rule: Rule, values: dict[str, object]) -> str:
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<{rule._converters[name].__class__.__name__}:{name}>", "")
        path = _replace(path, name, quote(str(value), safe=""))
    return path


def _replace(path: str, name: str, value: str) -> str:
    start = path.find("<")
    while start != -1:
        end = path.find(">", start)
        inner = path[start + 1 : end]
        if inner.split(":")[-1] == name:
            return path[:start] + value + path[end + 1 :]
        start = path.find("<", end)
    return path


def _rules(app: Flask, method: str) -> Iterator[Rule]:
    for rule in app.url_map.iter_rules():
        if method in (rule.methods or ()) and rule.endpoint not in SKIPPED:
            yield rule


def _problem(response, what: str) -> list[str]:
    """What is wrong with the answer, as a list to collect every page's problem at once."""
    if response.status_code >= 500:
        db.session.rollback()  # the test's app context shares one session across requests
        return [f"{what}: {response.status_code}"]
    if response.status_code != 400:
        return []  # a page, a redirect or a PDF (the questionnaire to print): not read as text
    if not any(word in response.get_data(as_text=True) for word in GERMAN):
        return [f"{what}: 400 without a German message"]
    return []


@pytest.fixture
def hostile_world(app: Flask, small_survey: Survey, admin_client: FlaskClient):
    token = token_of(invitation_of(small_survey, "14713"))
    return app, small_survey, token, admin_client


def test_every_page_answers_hostile_query_parameters(hostile_world):
    app, survey, token, client = hostile_world
    problems = []
    for hostile in HOSTILE:
        query = {name: hostile for name in QUERY_PARAMETERS}
        for rule in _rules(app, "GET"):
            path = _path(rule, _values_for(rule, survey, token, hostile))
            problems += _problem(client.get(path), f"GET {path[:90]}")
            problems += _problem(client.get(path, query_string=query), f"GET {path[:90]} ?…")
    assert not problems, "\n".join(problems)


def test_every_form_answers_hostile_fields(hostile_world):
    app, survey, token, client = hostile_world
    problems = []
    for hostile in HOSTILE:
        form = {name: hostile for name in FORM_FIELDS}
        for rule in _rules(app, "POST"):
            path = _path(rule, _values_for(rule, survey, token, hostile))
            problems += _problem(client.post(path, data=form), f"POST {path[:90]} {hostile[:20]!r}")
    assert not problems, "\n".join(problems)


def test_broken_utf8_in_the_query_string_is_answered(hostile_world):
    app, survey, token, client = hostile_world
    query = "&".join(f"{name}=%FF%FE%ED%A0%80" for name in QUERY_PARAMETERS)
    problems = []
    for rule in _rules(app, "GET"):
        path = _path(rule, _values_for(rule, survey, token, "x"))
        problems += _problem(client.get(f"{path}?{query}"), f"GET {path} broken UTF-8")
    assert not problems, "\n".join(problems)


def test_each_query_parameter_alone_on_the_dashboard_and_the_audit_log(hostile_world):
    """One at a time, so that no parameter's refusal hides another's error."""
    app, survey, token, client = hostile_world
    problems = []
    for name in QUERY_PARAMETERS:
        for path in (f"/admin/befragungen/{survey.slug}/monitoring", "/admin/protokoll"):
            for hostile in HOSTILE:
                response = client.get(path, query_string={name: hostile})
                problems += _problem(response, f"GET {path} ?{name}={hostile[:20]!r}")
    assert not problems, "\n".join(problems)


def test_a_nul_byte_in_the_audit_search_is_refused_in_german(hostile_world):
    app, survey, token, client = hostile_world
    response = client.get("/admin/protokoll", query_string={"wer": "a\x00b"})
    assert response.status_code == 200
    assert "unzulässiges Steuerzeichen" in response.get_data(as_text=True)


def test_unit_ids_past_the_database_bounds_are_pages_that_do_not_exist(hostile_world):
    app, survey, token, client = hostile_world
    assert client.post(f"/admin/konten/{2**31}", data={"role": "admin"}).status_code == 404
    assert client.post(f"/admin/konten/{10**30}/link").status_code == 404

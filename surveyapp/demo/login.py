"""The demo's researcher side: an admin account and contacts for a few Kommunen.

The generated password is shown once when the account is made and kept, readable only by the
owner, in the instance folder, so that `make run` can print the login again on every start.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import current_app

from surveyapp.accounts import auth
from surveyapp.demo.survey import Demo
from surveyapp.models import Contact
from surveyapp.transaction import unit_of_work

DEMO_EMAIL = "forschung@example.org"
DEMO_CONTACTS = (
    ("Frau", "Anna Beispiel", "sozialplanung@kommune-eins.example.org"),
    ("Herr", "Bernd Muster", "bildungsmanagement@kommune-zwei.example.org"),
    ("", "Kim Probe", "planung@kommune-drei.example.org"),
)


def _login_file() -> Path:
    """In the instance folder unless configured elsewhere (the tests keep theirs apart)."""
    configured = current_app.config.get("DEMO_LOGIN_FILE")
    return Path(configured or Path(current_app.instance_path) / "researcher-login.txt")


def ensure_demo_access(demo: Demo) -> None:
    """Creates the demo admin and contacts once; prints the researcher login every time."""
    login_file = _login_file()
    if auth.user_by_email(DEMO_EMAIL) is None:
        password = secrets.token_urlsafe(12)
        auth.create_user(DEMO_EMAIL, "admin", password)
        login_file.parent.mkdir(parents=True, exist_ok=True)
        login_file.write_text(f"{DEMO_EMAIL}\n{password}\n")
        login_file.chmod(0o600)
    _add_demo_contacts(demo)
    if login_file.exists():
        email, password = login_file.read_text().split()[:2]
        click.echo(f"Forschungs-Login: {email} / Passwort: {password}")
    else:
        click.echo(f"Forschungs-Login: {DEMO_EMAIL} (Passwort wie beim ersten Start angezeigt)")


def _add_demo_contacts(demo: Demo) -> None:
    with unit_of_work():
        pairs = zip(demo.invitations, DEMO_CONTACTS, strict=False)
        for invitation, (salutation, name, email) in pairs:
            if not invitation.contacts:
                invitation.contacts.append(Contact(salutation=salutation, name=name, email=email))

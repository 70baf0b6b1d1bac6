"""Command line for what a researcher would script: accounts, contacts, sending, purging."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import AppGroup

from surveyapp import audit, auth, contacts
from surveyapp.admin import outreach
from surveyapp.invitations import InvitationError, survey_by_slug
from surveyapp.models import User

users_cli = AppGroup("users", help="Konten des Forschungsteams verwalten.")
contacts_cli = AppGroup("contacts", help="Kontaktdaten laden und nach der Feldphase löschen.")
reminders_cli = AppGroup("reminders", help="Erinnerungen an Kommunen ohne Antwort senden.")

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
CLI_USER = "Kommandozeile"


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def password_link(user: User) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    with current_app.test_request_context(base_url=base):
        return url_for("admin.set_password", token=auth.password_token(user), _external=True)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(auth.ROLES), default="researcher", show_default=True)
@click.option(
    "--link", "one_time_link", is_flag=True, help="Statt einer Passworteingabe einen Link ausgeben."
)
def create_user(email: str, role: str, one_time_link: bool) -> None:
    """Legt ein Konto an; das Passwort wird abgefragt oder über einen Einmal-Link gesetzt."""
    password = None
    if not one_time_link:
        password = click.prompt("Passwort", hide_input=True, confirmation_prompt="Wiederholen")
    try:
        user = auth.create_user(email, role, password)
    except auth.AccountError as error:
        _fail(str(error))
    audit.record("user_created", user.email, user_email=CLI_USER, role=role)
    click.echo(f"Konto {user.email} ({role}) angelegt.")
    if one_time_link:
        click.echo(f"Link zum Setzen des Passworts (3 Tage gültig): {password_link(user)}")


@users_cli.command("link")
@click.argument("email")
def user_link(email: str) -> None:
    """Gibt einen neuen Einmal-Link zum Setzen des Passworts aus."""
    user = auth.user_by_email(email)
    if user is None:
        _fail(f"Kein Konto für {email}.")
    click.echo(password_link(user))


@users_cli.command("list")
def list_users() -> None:
    """Zeigt alle Konten mit Rolle und Status."""
    from surveyapp.extensions import db

    for user in db.session.scalars(db.select(User).order_by(User.email)):
        state = "aktiv" if user.active else "gesperrt"
        click.echo(f"{user.email}\t{user.role}\t{state}")


@contacts_cli.command("import")
@click.argument("slug")
@click.argument("file", type=FILE)
def import_contacts(slug: str, file: Path) -> None:
    """Lädt Kontakte (ags, anrede, name, e-mail) aus CSV oder XLSX: alle Zeilen oder keine."""
    try:
        survey = survey_by_slug(slug)
        with file.open("rb") as stream:
            result = contacts.import_contacts(survey, stream, file.name)
    except InvitationError as error:
        _fail(str(error))
    except contacts.ContactsInvalid as error:
        _fail(f"{file.name}: nichts importiert.\n{error}")
    audit.record("contacts_imported", slug, user_email=CLI_USER, created=result.created)
    click.echo(f"{result.created} Kontakte neu, {result.updated} aktualisiert.")


@contacts_cli.command("purge")
@click.argument("slug")
def purge_contacts(slug: str) -> None:
    """Löscht alle Kontaktdaten einer geschlossenen Befragung; die Antworten bleiben."""
    try:
        survey = survey_by_slug(slug)
        deleted = contacts.purge_contacts(survey)
    except (InvitationError, contacts.PurgeRefused) as error:
        _fail(str(error))
    audit.record("contacts_purged", slug, user_email=CLI_USER, deleted=deleted)
    click.echo(f"{deleted} Kontakte gelöscht; die Antworten bleiben erhalten.")


@click.command("send")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage senden.")
def send_invitations(slug: str, yes: bool) -> None:
    """Sendet die Einladung an alle Kontakte, die noch keine erhalten haben."""
    _send(slug, "invitation", yes)


@reminders_cli.command("send")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage senden.")
def send_reminders(slug: str, yes: bool) -> None:
    """Sendet eine Erinnerung an alle eingeladenen Kommunen ohne abgeschickte Antwort."""
    _send(slug, "reminder", yes)


def _send(slug: str, kind: str, yes: bool) -> None:
    try:
        survey = survey_by_slug(slug)
    except InvitationError as error:
        _fail(str(error))
    if kind == "invitation":
        targets = outreach.invitation_targets(survey)
    else:
        targets = outreach.reminder_targets(survey)
        earlier = outreach.earlier_mailings(survey, "reminder")
        dates = ", ".join(m.sent_at.strftime("%d.%m.%Y") for m in earlier) or "keine"
        click.echo(f"Bisherige Erinnerungen: {len(earlier)} ({dates}).")
    count = outreach.contact_count(targets)
    if not targets:
        click.echo("Niemand zu benachrichtigen.")
        return
    what = "Einladungen" if kind == "invitation" else "Erinnerungen"
    if not yes:
        click.confirm(f"{count} {what} an {len(targets)} Kommunen senden?", abort=True)
    report = outreach.send(survey, targets, kind, user_email=CLI_USER)
    click.echo(f"{len(report.sent)} {what} versandt.")
    for message, reason in report.failed:
        click.echo(f"Nicht zugestellt: {message.to} ({reason})", err=True)


def init_app(app: Flask) -> None:
    for group in (users_cli, contacts_cli, reminders_cli):
        app.cli.add_command(group)
    invitations = app.cli.commands.get("invitations")
    if isinstance(invitations, click.Group):
        invitations.add_command(send_invitations)

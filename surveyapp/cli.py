"""Every `flask …` command: check a questionnaire, create a survey, import the frame, create
invitations, load the demo; accounts, contacts, sending, purging; the health check.

Each command is a thin call into a service, prints a clear German message and exits 1 on bad
input. Account, contact and mailing commands are logged in the audit log as the command line;
creating a survey, importing units and creating links are not (see `surveys.lifecycle`).
"""

from __future__ import annotations

import csv
import gc
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from evaluation import german
from surveyapp.accounts import auth, users
from surveyapp.demo.login import ensure_demo_access
from surveyapp.demo.second_wave import add_second_wave
from surveyapp.demo.survey import database_is_empty, load_demo
from surveyapp.field import bounces, contacts, mail_queue, outreach
from surveyapp.field.invitations import (
    InvitationError,
    code_of,
    create_invitations,
    link_of,
    public_url,
)
from surveyapp.field.next_wave import create_next_wave, made_message
from surveyapp.jobs import tasks
from surveyapp.models import Survey, User
from surveyapp.questionnaire import QuestionnaireInvalid, load_questionnaire
from surveyapp.questionnaire.loading.xlsform import is_xlsform, read_xlsform
from surveyapp.questionnaire.loading.xlsform.writer import write_xlsform
from surveyapp.questionnaire.summary import summarize
from surveyapp.spreadsheets import spreadsheet_text
from surveyapp.surveys import frame, gv100ad, territory
from surveyapp.surveys.lifecycle import SurveyError, create_survey, survey_by_slug
from surveyapp.web import health

questionnaire_cli = AppGroup("questionnaire", help="Fragebogen-Dateien prüfen.")
survey_cli = AppGroup("survey", help="Befragungen anlegen.")
units_cli = AppGroup("units", help="Die Auswahlgesamtheit (Kommunen) laden.")
invitations_cli = AppGroup("invitations", help="Persönliche Links erzeugen.")
users_cli = AppGroup("users", help="Konten des Forschungsteams verwalten.")
contacts_cli = AppGroup("contacts", help="Kontaktdaten laden und nach der Feldphase löschen.")
reminders_cli = AppGroup("reminders", help="Erinnerungen an Kommunen ohne Antwort senden.")
mail_cli = AppGroup("mail", help="Rückläufer (Zustellberichte) einlesen.")

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
#: Who the audit log names for what was done from the command line.
CLI_USER = "Kommandozeile"


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _survey(slug: str) -> Survey:
    survey = survey_by_slug(slug)
    if survey is None:
        _fail(f"Keine Befragung mit dem Kurznamen „{slug}“.")
    return survey


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    for parse in (date.fromisoformat, _german_date):
        try:
            return parse(value)
        except ValueError:
            continue
    raise click.BadParameter(f"„{value}“ ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ).")


def _german_date(value: str) -> date:
    return datetime.strptime(value, german.DAY_FORMAT).date()


@questionnaire_cli.command("check")
@click.argument("file", type=FILE)
def check_questionnaire(file: Path) -> None:
    """Prüft eine Fragebogen-Datei und nennt jeden Fehler mit seiner Stelle."""
    try:
        if is_xlsform(file):
            reading = read_xlsform(file)
            questionnaire, read = reading.questionnaire, reading.summary
        else:
            questionnaire, read = load_questionnaire(file), ""
    except QuestionnaireInvalid as error:
        click.echo(f"{file.name}: {len(error.problems)} Fehler", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    if read:
        click.echo(read)
    click.echo(summarize(questionnaire))


@questionnaire_cli.command("xlsform")
@click.argument("file", type=FILE)
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
def questionnaire_to_xlsform(file: Path, output: Path) -> None:
    """Schreibt einen Fragebogen als XLSForm (.xlsx) für KoboToolbox und ODK; wieder
    eingelesen ergibt er denselben Fragebogen."""
    try:
        questionnaire = load_questionnaire(file)
        data = write_xlsform(questionnaire)
    except QuestionnaireInvalid as error:
        click.echo(f"{file.name}: {len(error.problems)} Fehler, nichts geschrieben", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    output.write_bytes(data)
    click.echo(f"{output.name}: {summarize(questionnaire)}")


@survey_cli.command("create")
@click.argument("file", type=FILE)
@click.option("--slug", required=True, help="Kurzname der Befragung, z. B. sozialplanung-2026.")
@click.option("--opens", callback=_parse_date, help="Beginn der Feldphase.")
@click.option("--closes", callback=_parse_date, help="Ende der Feldphase.")
def create_survey_command(file: Path, slug: str, opens: date | None, closes: date | None) -> None:
    """Legt eine Befragung aus einer Fragebogen-Datei an."""
    try:
        survey = create_survey(file, slug, opens, closes)
    except QuestionnaireInvalid as error:
        _fail(f"{file.name}: Fragebogen fehlerhaft\n{error}")
    except SurveyError as error:
        _fail(str(error))
    click.echo(f"Befragung „{survey.slug}“ angelegt ({survey.title}), Status: {survey.status}.")


LEVEL_OPTION = click.option(
    "--level",
    type=click.Choice(list(gv100ad.LEVELS)),
    default=gv100ad.KREISE,
    show_default=True,
    help="Ebene aus dem Gemeindeverzeichnis (GV100AD): Kreise und kreisfreie Städte oder "
    "Gemeinden.",
)


@survey_cli.command("next-wave")
@click.argument("previous")
@click.option("--slug", required=True, help="Kurzname der neuen Welle, z. B. sozialplanung-2024.")
@click.option("--opens", callback=_parse_date, help="Beginn der Feldphase.")
@click.option("--closes", callback=_parse_date, help="Ende der Feldphase.")
@click.option("--questionnaire", type=FILE, help="Neue Fassung des Fragebogens (sonst derselbe).")
@click.option(
    "--frame",
    "frame_file",
    type=FILE,
    help="Neuere Auswahlgesamtheit: CSV, XLSX oder das Gemeindeverzeichnis (GV100AD, .txt/.asc).",
)
@LEVEL_OPTION
def next_wave_command(
    previous: str,
    slug: str,
    opens: date | None,
    closes: date | None,
    questionnaire: Path | None,
    frame_file: Path | None,
    level: str,
) -> None:
    """Legt die nächste Welle einer Befragung an: Fragebogen, E-Mail-Texte, Kommunen und die
    Kontakte der Kommunen, die sich nicht abgemeldet haben; jede Kommune mit neuem Link."""
    earlier = _survey(previous)
    try:
        newer = None
        if frame_file is not None:
            with frame_file.open("rb") as stream:
                newer = gv100ad.read_frame(stream, frame_file.name, level)
        made = create_next_wave(
            earlier,
            slug,
            questionnaire=(questionnaire.name, questionnaire.read_bytes())
            if questionnaire
            else None,
            opens_on=opens,
            closes_on=closes,
            frame_file=newer,
            user_email=CLI_USER,
        )
    except QuestionnaireInvalid as error:
        _fail(f"Fragebogen fehlerhaft, nichts angelegt.\n{error}")
    except frame.FrameInvalid as error:
        _fail(f"Auswahlgesamtheit fehlerhaft, nichts angelegt.\n{error}")
    except SurveyError as error:
        _fail(str(error))
    click.echo(
        f"„{made.survey.slug}“: {made_message(made.survey.wave, made.units, made.contacts)} "
        f"Nicht übernommen: {made.contacts_left} (abgemeldet, unzustellbar oder Teilnahme "
        "zurückgezogen)."
    )
    if newer is not None:
        click.echo(f"Kommunen aus {newer.source}.")
    if made.changes is not None:
        click.echo(f"Gegenüber „{earlier.slug}“:")
        for line in made.changes.lines():
            click.echo(f"  {line}")


@units_cli.command("import")
@click.argument("file", type=FILE)
@click.option(
    "--survey",
    "slug",
    help="Als Auswahlgesamtheit dieser Befragung: Kommunen, die in der Datei fehlen und noch "
    "nicht geantwortet haben, verlassen die Befragung.",
)
@LEVEL_OPTION
def import_units(file: Path, slug: str | None, level: str) -> None:
    """Lädt Kommunen aus einer CSV- oder XLSX-Datei oder dem Gemeindeverzeichnis (GV100AD)
    ins Verzeichnis, mit --survey auch als Kommunen einer Befragung: alle Zeilen oder keine."""
    survey = _survey(slug) if slug else None
    try:
        with file.open("rb") as stream:
            source = gv100ad.read_frame(stream, file.name, level)
        result = frame.import_rows(source, survey)
    except frame.FrameInvalid as error:
        _fail(f"{file.name}: nichts importiert.\n{error}")
    if survey is None:
        click.echo(
            f"{source.source}: {result.created} Kommunen neu, {result.updated} aktualisiert."
        )
    else:
        click.echo(
            f"Befragung „{survey.slug}“ aus {source.source}: {result.created} Kommunen neu, "
            f"{result.updated} geändert."
        )


@units_cli.command("changes")
@click.argument("file", type=FILE)
def load_territorial_changes(file: Path) -> None:
    """Lädt Gebietsänderungen (alt_ags, neu_ags, datum, optional gewicht) aus einer CSV- oder
    XLSX-Datei: alle Zeilen oder keine. Panel-Auswertungen folgen ihnen zum Nachfolger."""
    try:
        with file.open("rb") as stream:
            result = territory.load(stream, file.name, user_email=CLI_USER)
    except frame.FrameInvalid as error:
        _fail(f"{file.name}: nichts geladen.\n{error}")
    click.echo(f"{result.added} Gebietsänderungen neu, {result.updated} berichtigt.")


@invitations_cli.command("create")
@click.argument("slug")
@click.option("--units", "unit_keys", help="Nur diese Schlüssel (AGS), durch Kommas getrennt.")
def create_invitations_command(slug: str, unit_keys: str | None) -> None:
    """Erzeugt Einladungen und gibt je Kommune den persönlichen Link als CSV aus."""
    survey = _survey(slug)
    try:
        invitations = create_invitations(survey, unit_keys.split(",") if unit_keys else None)
    except InvitationError as error:
        _fail(str(error))
    writer = csv.writer(sys.stdout)
    writer.writerow(["ags", "name", "link", "zugangscode"])
    for invitation in invitations:
        name = spreadsheet_text(invitation.unit.display_name)
        writer.writerow([invitation.unit.ags, name, link_of(invitation), code_of(invitation)])


@click.command("demo")
def demo_command() -> None:
    """Lädt die Demo-Befragung und ihre zweite Welle, falls es sie noch nicht gibt, und zeigt
    je einen Link."""
    fresh = database_is_empty()
    demo = load_demo(with_responses=True)
    if fresh:
        click.echo(f"Demo geladen: {demo.survey.title} ({len(demo.invitations)} Kommunen).")
    click.echo(f"Link für {demo.invitations[0].unit.display_name}: {demo.link(0)}")
    click.echo(f"Forschungsbereich: {current_app.config['PUBLIC_BASE_URL']}/admin/")
    ensure_demo_access(demo)
    second = add_second_wave(demo.survey)
    click.echo(
        f"Zweite Welle, Angaben aus der ersten zum Prüfen ({second.invitation.unit.display_name}): "
        f"{second.link()}"
    )


def password_link(user: User) -> str:
    return public_url("admin.set_password", token=auth.password_token(user))


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
        user = users.create_account(email, role, password, user_email=CLI_USER)
    except auth.AccountError as error:
        _fail(str(error))
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
    for user in users.all_users():
        state = "aktiv" if user.active else "gesperrt"
        click.echo(f"{user.email}\t{user.role}\t{state}")


@contacts_cli.command("import")
@click.argument("slug")
@click.argument("file", type=FILE)
def import_contacts(slug: str, file: Path) -> None:
    """Lädt Kontakte (ags, anrede, name, e-mail) aus CSV oder XLSX: alle Zeilen oder keine."""
    survey = _survey(slug)
    try:
        with file.open("rb") as stream:
            result = contacts.import_contacts(survey, stream, file.name, user_email=CLI_USER)
    except contacts.ContactsInvalid as error:
        _fail(f"{file.name}: nichts importiert.\n{error}")
    click.echo(f"{result.created} Kontakte neu, {result.updated} aktualisiert.")


@contacts_cli.command("purge")
@click.argument("slug")
def purge_contacts(slug: str) -> None:
    """Löscht alle Kontaktdaten einer geschlossenen Befragung; die Antworten bleiben."""
    survey = _survey(slug)
    try:
        deleted = contacts.purge_contacts(survey, user_email=CLI_USER)
    except contacts.PurgeRefused as error:
        _fail(str(error))
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
    survey = _survey(slug)
    if kind == "invitation":
        targets = outreach.invitation_targets(survey)
    else:
        targets = outreach.reminder_targets(survey)
        earlier = outreach.earlier_mailings(survey, "reminder")
        dates = ", ".join(german.day(m.sent_at) for m in earlier) or "keine"
        click.echo(f"Bisherige Erinnerungen: {len(earlier)} ({dates}).")
    count = targets.contacts
    if not targets:
        click.echo("Niemand zu benachrichtigen.")
        return
    what = "Einladungen" if kind == "invitation" else "Erinnerungen"
    if not yes:
        click.confirm(f"{count} {what} an {len(targets)} Kommunen senden?", abort=True)
    purpose = (
        mail_queue.INVITATION
        if kind == "invitation"
        else mail_queue.reminder_purpose(mail_queue.next_reminder_round(survey))
    )
    try:
        queued = mail_queue.queue_mailing(
            survey, targets.invitation_ids, kind, purpose, None, CLI_USER
        )
    except mail_queue.NothingToSend as error:
        _fail(str(error))
    # The command line waits for its mailing: the same job a worker would run, run here.
    tasks.execute(queued.job.id)
    delivery = mail_queue.standing(queued.mailing.id)
    click.echo(f"{delivery.sent} {what} versandt. {delivery.note}")
    for message in mail_queue.problems_of(queued.mailing.id):
        click.echo(f"Nicht zugestellt: {message.recipient} ({message.last_answer})", err=True)
    if delivery.open:
        click.echo("Zurückgestellte Nachrichten sendet ein Job-Worker (flask worker).", err=True)


@mail_cli.command("bounces")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def read_bounces(files: tuple[str, ...]) -> None:
    """Zustellberichte (DSN, .eml-Dateien) einlesen: unzustellbare Adressen werden markiert."""
    marked, unknown = bounces.record(Path(name).read_bytes() for name in files)
    click.echo(f"{marked} Nachrichten als unzustellbar markiert.")
    for address in unknown:
        click.echo(f"Keine versandte Nachricht an {address} gefunden.", err=True)


@click.command("worker")
@click.option("--threads", default=2, show_default=True, help="Aufträge, die gleichzeitig laufen.")
@click.option(
    "--no-clock",
    is_flag=True,
    help="Die Uhr (Feldphase, abgebrochene Aufträge) läuft in einem anderen Worker.",
)
def worker_command(threads: int, no_clock: bool) -> None:
    """Einen Job-Worker starten: er erledigt Downloads, Berichte und Versand im Hintergrund.

    Stoppen mit Strg+C (laufende Aufträge werden zu Ende geführt).
    """
    from surveyapp.jobs import tasks  # noqa: F401  (the tasks register with the queue)
    from surveyapp.jobs.queue import huey

    # What the start-up made lives as long as the worker: kept out of every full collection,
    # which a national mailing's loaded rows would otherwise trigger over the whole heap.
    gc.collect()
    gc.freeze()
    huey.create_consumer(
        workers=threads, worker_type="thread", periodic=not no_clock, max_delay=2.0
    ).run()


@click.command("health")
@click.option(
    "--strict",
    is_flag=True,
    help="Auch bei eingeschränktem Betrieb (Redis nicht erreichbar) mit Fehler enden.",
)
def health_command(strict: bool) -> None:
    """Datenbank und Redis prüfen; endet mit 1, wenn dieser Prozess nicht arbeiten kann.

    Für die Zustandsprüfung eines Containers oder einer systemd-Unit, beim Web-Server wie bei
    Hintergrundprozessen.
    """
    result = health.check()
    click.echo(json.dumps(result.as_json()))
    if result.status == "down" or (strict and result.status == "degraded"):
        sys.exit(1)


def init_app(app: Flask) -> None:
    for command in (
        worker_command,
        questionnaire_cli,
        survey_cli,
        units_cli,
        invitations_cli,
        demo_command,
        users_cli,
        contacts_cli,
        reminders_cli,
        mail_cli,
        health_command,
    ):
        app.cli.add_command(command)
    invitations_cli.add_command(send_invitations)

"""Flask CLI commands for the journey: check a questionnaire, create a survey, import the frame,
create invitations, load the demo. Each prints a clear German message and exits 1 on bad input."""

from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from surveyapp import frame
from surveyapp.invitations import InvitationError, create_invitations, link_of, survey_by_slug
from surveyapp.questionnaire import QuestionnaireInvalid, load_questionnaire
from surveyapp.questionnaire.summary import summarize
from surveyapp.surveys import SurveyError, create_survey

questionnaire_cli = AppGroup("questionnaire", help="Fragebogen-Dateien prüfen.")
survey_cli = AppGroup("survey", help="Befragungen anlegen.")
units_cli = AppGroup("units", help="Die Auswahlgesamtheit (Kommunen) laden.")
invitations_cli = AppGroup("invitations", help="Persönliche Links erzeugen.")

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    for parse in (date.fromisoformat, lambda v: _german_date(v)):
        try:
            return parse(value)
        except ValueError:
            continue
    raise click.BadParameter(f"„{value}“ ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ).")


def _german_date(value: str) -> date:
    day, month, year = value.split(".")
    return date(int(year), int(month), int(day))


@questionnaire_cli.command("check")
@click.argument("file", type=FILE)
def check_questionnaire(file: Path) -> None:
    """Prüft eine Fragebogen-Datei und nennt jeden Fehler mit seiner Stelle."""
    try:
        questionnaire = load_questionnaire(file)
    except QuestionnaireInvalid as error:
        click.echo(f"{file.name}: {len(error.problems)} Fehler", err=True)
        for problem in error.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    click.echo(summarize(questionnaire))


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


@units_cli.command("import")
@click.argument("file", type=FILE)
def import_units(file: Path) -> None:
    """Lädt Kommunen aus einer CSV- oder XLSX-Datei: alle Zeilen oder keine."""
    try:
        result = frame.import_file(file)
    except frame.FrameInvalid as error:
        _fail(f"{file.name}: nichts importiert.\n{error}")
    click.echo(f"{result.created} Kommunen neu, {result.updated} aktualisiert.")


@invitations_cli.command("create")
@click.argument("slug")
@click.option("--units", "unit_keys", help="Nur diese Schlüssel (AGS), durch Kommas getrennt.")
def create_invitations_command(slug: str, unit_keys: str | None) -> None:
    """Erzeugt Einladungen und gibt je Kommune den persönlichen Link als CSV aus."""
    try:
        survey = survey_by_slug(slug)
        invitations = create_invitations(survey, unit_keys.split(",") if unit_keys else None)
    except InvitationError as error:
        _fail(str(error))
    writer = csv.writer(sys.stdout)
    writer.writerow(["ags", "name", "link"])
    for invitation in invitations:
        writer.writerow([invitation.unit.ags, invitation.unit.display_name, link_of(invitation)])


@click.command("demo")
def demo_command() -> None:
    """Lädt die Demo-Befragung, falls die Datenbank leer ist, und zeigt einen Link."""
    from surveyapp.admin.demo import ensure_demo_access
    from surveyapp.demo import database_is_empty, load_demo

    fresh = database_is_empty()
    demo = load_demo(with_responses=True)
    if fresh:
        click.echo(f"Demo geladen: {demo.survey.title} ({len(demo.invitations)} Kommunen).")
    click.echo(f"Link für {demo.invitations[0].unit.display_name}: {demo.link(0)}")
    click.echo(f"Forschungsbereich: {current_app.config['PUBLIC_BASE_URL']}/admin/")
    ensure_demo_access(demo)


def init_app(app: Flask) -> None:
    for command in (questionnaire_cli, survey_cli, units_cli, invitations_cli, demo_command):
        app.cli.add_command(command)
    from surveyapp.admin.cli import init_app as init_admin_cli

    init_admin_cli(app)

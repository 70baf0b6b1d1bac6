"""The researcher's command line: every command says what it did, or what is wrong, in German."""

import csv
import io

from testsupport import BROKEN_QUESTIONNAIRE, DEMO_QUESTIONNAIRE, FRAME

from surveyapp.extensions import db
from surveyapp.models import Invitation, Survey


def test_check_accepts_the_demo_with_a_summary(runner):
    result = runner.invoke(args=["questionnaire", "check", str(DEMO_QUESTIONNAIRE)])
    assert result.exit_code == 0, result.output
    assert "sozialplanung" in result.output
    assert "Variablen" in result.output


def test_check_lists_every_error_with_its_location(runner, tmp_path):
    broken = tmp_path / "kaputt.yaml"
    broken.write_text(BROKEN_QUESTIONNAIRE)
    result = runner.invoke(args=["questionnaire", "check", str(broken)])
    assert result.exit_code == 1
    assert "id" in result.output
    assert "pages[0].questions[0].options" in result.output
    assert "pages[0].questions[1].show_if" in result.output


def test_survey_create_pins_the_questionnaire(runner):
    result = runner.invoke(
        args=[
            "survey",
            "create",
            str(DEMO_QUESTIONNAIRE),
            "--slug",
            "welle-2026",
            "--opens",
            "01.09.2026",
            "--closes",
            "2026-10-31",
        ]
    )
    assert result.exit_code == 0, result.output
    survey = db.session.scalar(db.select(Survey).filter_by(slug="welle-2026"))
    assert survey.questionnaire["id"] == "sozialplanung"
    assert any(row["name"] == "B1" for row in survey.codebook)
    assert str(survey.closes_on) == "2026-10-31"


def test_survey_create_refuses_a_taken_slug(runner):
    runner.invoke(args=["survey", "create", str(DEMO_QUESTIONNAIRE), "--slug", "welle"])
    result = runner.invoke(args=["survey", "create", str(DEMO_QUESTIONNAIRE), "--slug", "welle"])
    assert result.exit_code == 1
    assert "gibt es schon" in result.output


def test_survey_create_with_broken_file_stores_nothing(runner, tmp_path):
    broken = tmp_path / "kaputt.yaml"
    broken.write_text(BROKEN_QUESTIONNAIRE)
    result = runner.invoke(args=["survey", "create", str(broken), "--slug", "kaputt"])
    assert result.exit_code == 1
    assert db.session.scalar(db.select(db.func.count(Survey.id))) == 0


def test_units_import_and_invitations_print_a_link_per_unit(runner):
    assert runner.invoke(args=["units", "import", str(FRAME)]).exit_code == 0
    runner.invoke(args=["survey", "create", str(DEMO_QUESTIONNAIRE), "--slug", "welle"])
    result = runner.invoke(args=["invitations", "create", "welle", "--units", "14713,14729"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["ags"] for r in rows] == ["14713", "14729"]
    assert rows[0]["name"] != rows[1]["name"]
    assert all(r["link"].startswith("http://localhost/r/") for r in rows)


def test_creating_invitations_again_keeps_the_links_already_sent(runner):
    runner.invoke(args=["survey", "create", str(DEMO_QUESTIONNAIRE), "--slug", "welle"])
    loaded = runner.invoke(args=["units", "import", str(FRAME), "--survey", "welle"])
    # Eisenach (16056), dissolved in 2021, stays in the register and out of today's survey.
    assert "49 Kommunen neu" in loaded.output
    first = runner.invoke(args=["invitations", "create", "welle"]).stdout
    second = runner.invoke(args=["invitations", "create", "welle"]).stdout
    assert first == second
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 49


def test_invitations_for_unknown_units_are_refused(runner):
    runner.invoke(args=["units", "import", str(FRAME)])
    runner.invoke(args=["survey", "create", str(DEMO_QUESTIONNAIRE), "--slug", "welle"])
    result = runner.invoke(args=["invitations", "create", "welle", "--units", "99999"])
    assert result.exit_code == 1
    assert "Unbekannte Schlüssel: 99999" in result.output
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 0


def test_units_import_of_a_broken_file_names_row_and_column(runner, tmp_path):
    broken = tmp_path / "frame.csv"
    broken.write_text("ags,name,land,typ\n14511,,Sachsen,Landkreis\n")
    result = runner.invoke(args=["units", "import", str(broken)])
    assert result.exit_code == 1
    assert "Zeile 2, Spalte „name“" in result.output


def test_demo_loads_once_and_prints_a_link(runner):
    first = runner.invoke(args=["demo"])
    second = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Demo geladen" in first.output
    assert "Demo geladen" not in second.output
    assert "/r/" in second.output
    assert "Zweite Welle, Angaben aus der ersten zum Prüfen" in second.output
    assert db.session.scalar(db.select(db.func.count(Survey.id))) == 2


def test_a_new_survey_with_a_reused_id_gets_its_own_questionnaire(runner, tmp_path):
    """Ids repeat across databases (a restore, a test run): the parsed questionnaire does not."""
    from surveyapp.surveys.lifecycle import questionnaire_of

    other = tmp_path / "andere.yaml"
    other.write_text(
        'format: 1\nid: andere\nversion: "2019.1"\ntitle: "Andere"\npages:\n'
        '  - id: a\n    title: "A"\n    questions:\n      - {id: X1, type: text, text: "Frage"}\n'
    )
    runner.invoke(args=["survey", "create", str(DEMO_QUESTIONNAIRE), "--slug", "erste"])
    first = db.session.scalar(db.select(Survey).filter_by(slug="erste"))
    assert questionnaire_of(first).id == "sozialplanung"
    db.session.delete(first)
    db.session.commit()
    runner.invoke(args=["survey", "create", str(other), "--slug", "zweite"])
    second = db.session.scalar(db.select(Survey).filter_by(slug="zweite"))
    assert questionnaire_of(second).id == "andere"

"""`python -m evaluation`: exports, the brief and the feedback reports from the database or a
cleaned workbook; errors are one line.

(Named apart from the app's command tests: pytest's default import mode needs unique basenames.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyreadstat
import pytest
from brief_helpers import pdf_text
from openpyxl import load_workbook

from evaluation.cli import default_database, main
from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.outputs.workbook import write_workbook
from evaluation.reports.brief.config import load_config
from evaluation.reports.brief.content import published_tables
from evaluation.reports.feedback import FeedbackBuilder
from evaluation.reports.release import Release, release_of

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "evaluation", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )


def test_workbook_from_the_database(stored_survey, tmp_path):
    url, slug = stored_survey
    out = tmp_path / "umfrage.xlsx"
    result = run("workbook", "--db", url, "--survey", slug, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "14 Kommunen" in result.stderr
    assert "Arbeitsmappe geschrieben" in result.stderr
    assert result.stdout == ""
    assert load_workbook(out, read_only=True).sheetnames[0] == "Info"


def test_unknown_survey_is_one_german_line_and_status_1(stored_survey, tmp_path):
    url, _ = stored_survey
    result = run("spss", "--db", url, "--survey", "gibt-es-nicht", "-o", str(tmp_path / "x.sav"))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Fehler")]
    assert errors == ["Fehler: Die Umfrage „gibt-es-nicht“ gibt es in der Datenbank nicht."]
    assert "Traceback" not in result.stderr


def test_database_defaults_to_the_apps_sqlite_file(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_database() == f"sqlite:///{tmp_path / 'instance' / 'surveyapp.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert default_database() == "postgresql+psycopg://u@h/db"


def test_missing_default_database_is_a_clear_error(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["workbook", "--survey", "x", "-o", str(tmp_path / "x.xlsx")]) == 1
    assert "surveyapp.db gibt es nicht" in capsys.readouterr().err
    assert not (tmp_path / "instance").exists()


def test_spss_and_stata_from_a_cleaned_workbook(workbook_path, tmp_path, capsys):
    sav, dta = tmp_path / "umfrage.sav", tmp_path / "umfrage.dta"
    assert main(["spss", "--from-workbook", str(workbook_path), "-o", str(sav)]) == 0
    assert main(["stata", "--from-workbook", str(workbook_path), "-o", str(dta)]) == 0
    assert pyreadstat.read_sav(str(sav))[0].shape[0] == 14
    assert pyreadstat.read_dta(str(dta))[0].shape[0] == 14
    assert "SPSS-Datei geschrieben" in capsys.readouterr().err


def test_workbook_from_workbook_round_trips(workbook_path, tmp_path):
    out = tmp_path / "wieder.xlsx"
    assert main(["workbook", "--from-workbook", str(workbook_path), "-o", str(out)]) == 0
    assert Dataset.from_workbook(out).equals(Dataset.from_workbook(workbook_path))


def test_unreadable_workbook(tmp_path, capsys):
    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"PK\x03\x04 kaputt")
    assert main(["spss", "--from-workbook", str(broken), "-o", str(tmp_path / "x.sav")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("Fehler: Die Arbeitsmappe ")
    assert "nicht lesbar" in err[-1]


def test_workbook_whose_codebook_does_not_match_its_data(workbook_path, tmp_path, capsys):
    workbook = load_workbook(workbook_path)
    workbook["Codebuch"].delete_rows(3)
    workbook.save(workbook_path)
    assert main(["stata", "--from-workbook", str(workbook_path), "-o", str(tmp_path / "x")]) == 1
    assert "Codebuch passt nicht zu den Daten" in capsys.readouterr().err


def test_output_directory_missing(workbook_path, tmp_path, capsys):
    out = tmp_path / "fehlt" / "x.xlsx"
    assert main(["workbook", "--from-workbook", str(workbook_path), "-o", str(out)]) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("Fehler: ")


def test_survey_is_required_for_the_database(capsys):
    assert main(["workbook", "--db", "sqlite://", "-o", "x.xlsx"]) == 1
    assert "--survey" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["pdf", "-o", "x"], ["workbook"]])
def test_usage_errors_are_german_and_short(args, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("Fehler: ")


def test_a_database_without_the_tables_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "fremd.db"
    import sqlite3

    sqlite3.connect(path).close()
    assert main(["workbook", "--db", f"sqlite:///{path}", "--survey", "x", "-o", "x.xlsx"]) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == "Fehler: Die Datenbank ist nicht lesbar: no such table: surveys"


# --- brief and feedback --------------------------------------------------------------------


def test_brief_from_the_database_with_html_twin(stored_survey, tmp_path, capsys):
    url, slug = stored_survey
    pdf, html = tmp_path / "brief.pdf", tmp_path / "brief.html"
    assert main(["brief", "--db", url, "--survey", slug, "-o", str(pdf), "--html", str(html)]) == 0
    assert "14 von 16 Kommunen (88 %)" in pdf_text(pdf)
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "PDF geschrieben" in capsys.readouterr().err


def test_brief_and_feedback_from_a_workbook(brief_dataset, demo_config_path, tmp_path):
    book = tmp_path / "auswertung.xlsx"
    write_workbook(brief_dataset, book)
    pdf = tmp_path / "brief.pdf"
    args = ["--from-workbook", str(book)]
    assert main(["brief", *args, "--config", str(demo_config_path), "-o", str(pdf)]) == 0
    assert "14 von 50 Kommunen (28 %)" in pdf_text(pdf)
    report = tmp_path / "r.pdf"
    release = ["--freigabe", str(tmp_path / "brief.freigabe.json")]
    assert main(["feedback", *args, *release, "--unit", "14511", "-o", str(report)]) == 0
    assert "Rückmeldebericht für Chemnitz, Stadt" in pdf_text(report)


def test_feedback_reports_are_built_against_the_published_brief_only(
    brief_dataset, demo_config_path, tmp_path, capsys
):
    """The brief with the demo's brief.yaml withholds B1 "ja, etabliert"; reports built with
    another brief.yaml would print it (4 of 14) in every report. So reports take the brief's
    release and refuse without one or when the answers changed since."""
    book = tmp_path / "auswertung.xlsx"
    write_workbook(brief_dataset, book)
    args = ["--from-workbook", str(book)]
    report = tmp_path / "r.pdf"
    assert main(["feedback", *args, "--unit", "14511", "-o", str(report)]) == 1
    assert "--freigabe brief.freigabe.json" in capsys.readouterr().err
    missing = ["--freigabe", str(tmp_path / "fehlt.freigabe.json")]
    assert main(["feedback", *args, *missing, "--unit", "14511", "-o", str(report)]) == 1
    assert "bitte zuerst den Ergebnisbericht erstellen" in capsys.readouterr().err
    pdf = tmp_path / "brief.pdf"
    assert main(["brief", *args, "--config", str(demo_config_path), "-o", str(pdf)]) == 0
    assert Release.read(tmp_path / "brief.freigabe.json").config == demo_config_path.read_text(
        encoding="utf-8"
    )
    config = load_config(demo_config_path)
    brief = published_tables(brief_dataset, config)
    released = release_of(brief, demo_config_path.read_text(encoding="utf-8"))
    builder = FeedbackBuilder.released(brief_dataset, released)
    view = next(v for v in builder.views("14511") if v.caption.startswith("B1 "))
    b1 = brief.get("B1")
    for row in view.rows:
        assert row.cells[1] == b1.cell(row.label, "Gültige %").display()
    data = brief_dataset.data.copy()
    data.loc[data.index[0], "B1"] = 4.0
    changed = Dataset(brief_dataset.survey, brief_dataset.codebook, data)
    with pytest.raises(EvaluationError, match="nicht mehr den veröffentlichten"):
        FeedbackBuilder.released(changed, released)


def test_brief_errors_are_one_german_line(tmp_path, capsys):
    config = tmp_path / "brief.yaml"
    config.write_text("titel: falsch\n", encoding="utf-8")
    code = main(["brief", "--survey", "x", "--config", str(config), "-o", str(tmp_path / "b.pdf")])
    assert code == 1
    assert capsys.readouterr().err.strip() == "Fehler: brief.yaml: unbekannter Schlüssel „titel“."


def test_workbook_with_crosstabs_of_two_questions(workbook_path, tmp_path, capsys):
    out = tmp_path / "kreuz.xlsx"
    argv = ["workbook", "--from-workbook", str(workbook_path), "-o", str(out)]
    assert main([*argv, "--crosstab", "B1:K1", "--crosstab", "K1:land"]) == 0
    titles = [row[0].value for row in load_workbook(out)["Tabellen"].iter_rows()]
    assert "B1 Stand der Sozialplanung nach K1 Bildungsmonitoring" in titles
    assert main([*argv, "--crosstab", "B1:B9"]) == 1
    assert "Kreuztabelle: B9 ist weder" in capsys.readouterr().err


def test_a_crosstab_argument_without_colon_is_a_usage_error(workbook_path, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["workbook", "--from-workbook", str(workbook_path), "-o", "x", "--crosstab", "B1"])
    assert exit_info.value.code == 2
    assert "ZEILE:SPALTE" in capsys.readouterr().err


def test_workbook_with_a_weight_that_is_no_weight_is_one_german_line(
    workbook_path, tmp_path, capsys
):
    out = tmp_path / "gewichtet.xlsx"
    argv = ["workbook", "--from-workbook", str(workbook_path), "-o", str(out)]
    assert main([*argv, "--weight", "D1"]) == 1
    assert "Gewichtung: die Kommune" in capsys.readouterr().err
    assert not out.exists()


COMPARE = (
    "appendix: false\n"
    "compare:\n"
    "  title: Im Vergleich zur früheren Welle\n"
    "  questions:\n"
    "    - {question: B1, codes: [1], text: haben eine etablierte Sozialplanung}\n"
)


def test_a_comparing_brief_reads_the_earlier_waves_release(
    eval_db_url, store_wave, tmp_path, capsys
):
    """The command line compares with what the earlier brief published (its release, with its
    brief.yaml), records it, and builds the feedback reports after both waves."""
    first, second = store_wave(), store_wave()
    db = ["--db", eval_db_url]
    (tmp_path / "w1").mkdir()
    lax = tmp_path / "w1" / "brief.yaml"
    lax.write_text("disclosure: {min_units: 1}\n", encoding="utf-8")
    w1 = tmp_path / "w1" / "brief.pdf"
    assert main(["brief", *db, "--survey", first, "--config", str(lax), "-o", str(w1)]) == 0
    config = tmp_path / "compare.yaml"
    config.write_text(COMPARE, encoding="utf-8")
    w2 = tmp_path / "brief.pdf"
    args = ["brief", *db, "--survey", second, "--config", str(config), "-o", str(w2)]
    capsys.readouterr()

    assert main([*args, "--compare-with", first]) == 1
    assert "--compare-freigabe" in capsys.readouterr().err

    w1_release = tmp_path / "w1" / "brief.freigabe.json"
    assert main([*args, "--compare-with", first, "--compare-freigabe", str(w1_release)]) == 0
    release = Release.read(tmp_path / "brief.freigabe.json")
    assert release.earlier is not None
    assert (release.earlier.survey, release.earlier.config) == (first, lax.read_text())
    report = tmp_path / "r.pdf"
    freigabe = ["--freigabe", str(tmp_path / "brief.freigabe.json")]
    assert (
        main(["feedback", *db, "--survey", second, *freigabe, "--unit", "14511", "-o", str(report)])
        == 0
    )
    assert "Rückmeldebericht für Chemnitz, Stadt" in pdf_text(report)

    forged = tmp_path / "w1" / "anders.freigabe.json"
    forged.write_text(Release(None, "0" * 64).to_json(), encoding="utf-8")
    capsys.readouterr()
    assert main([*args, "--compare-with", first, "--compare-freigabe", str(forged)]) == 1
    assert f"Die frühere Welle {first} ergibt nicht mehr" in capsys.readouterr().err


def test_a_comparison_over_two_earlier_waves_names_both(eval_db_url, store_wave, tmp_path, capsys):
    """--compare-with and --compare-freigabe once per earlier wave, the nearest first."""
    slugs = [store_wave() for _ in range(3)]
    db = ["--db", eval_db_url]
    for slug in slugs[:2]:
        (tmp_path / slug).mkdir()
        assert main(["brief", *db, "--survey", slug, "-o", str(tmp_path / slug / "b.pdf")]) == 0
    config = tmp_path / "compare.yaml"
    config.write_text(COMPARE + "  waves: 2\n", encoding="utf-8")
    args = [
        "brief",
        *db,
        "--survey",
        slugs[2],
        "--config",
        str(config),
        "-o",
        str(tmp_path / "b.pdf"),
    ]
    pairs = [
        *(
            "--compare-with",
            slugs[1],
            "--compare-freigabe",
            str(tmp_path / slugs[1] / "b.freigabe.json"),
        ),
        *("--compare-with", slugs[0]),
    ]
    capsys.readouterr()
    assert main([*args, *pairs]) == 1
    assert f"Freigabe des Ergebnisberichts von {slugs[0]} angeben" in capsys.readouterr().err

    assert (
        main([*args, *pairs, "--compare-freigabe", str(tmp_path / slugs[0] / "b.freigabe.json")])
        == 0
    )
    release = Release.read(tmp_path / "b.freigabe.json")
    assert release.earlier is not None and release.earlier.earlier is not None
    assert [release.earlier.survey, release.earlier.earlier.survey] == [slugs[1], slugs[0]]

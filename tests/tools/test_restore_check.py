"""The restore check an operator runs on a backup: a database with a seeded survey comes back
with every row and the same workbook, and a restore that lost answers is caught."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import sqlalchemy as sa
from testsupport import POSTGRES_ADMIN_URL, ROOT

from tools.restore_check import compare, main, restored_copy


def _scratch_databases() -> list[str]:
    """PostgreSQL databases the check made and should have dropped again."""
    engine = sa.create_engine(POSTGRES_ADMIN_URL)
    try:
        with engine.connect() as connection:
            query = "SELECT datname FROM pg_database WHERE datname LIKE '%restore_check%'"
            return list(connection.scalars(sa.text(query)))
    finally:
        engine.dispose()


def test_a_backup_of_a_survey_restores_with_every_row_and_the_same_workbook(
    demo_survey, database_url, tmp_path, capsys
):
    backup = tmp_path / "backup"

    code = main(["--database-url", database_url, "--keep-dump", str(backup)])

    output = capsys.readouterr().out
    assert code == 0, output
    answers = re.search(r"^ok +table answers +(\d+) +(\d+)$", output, re.MULTILINE)
    assert answers and int(answers.group(1)) == int(answers.group(2)) > 0
    assert re.search(rf"^ok +workbook {demo_survey.slug}: \d+ sheets, \d+ cells$", output, re.M)
    assert "DIFFERENT" not in output
    assert output.rstrip().endswith("the restored database matches the original")
    assert backup.stat().st_size > 0
    if database_url.startswith("postgresql"):
        scratch = re.search(r"^restored +\S+/(\S+) from", output, re.MULTILINE).group(1)
        assert "restore_check" in scratch and scratch not in _scratch_databases()


def test_a_restore_that_lost_answers_is_reported(demo_survey, database_url, tmp_path):
    with restored_copy(database_url, tmp_path / "backup") as restored:
        url = restored.render_as_string(hide_password=False)
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "DELETE FROM answers WHERE id IN (SELECT a.id FROM answers a "
                    "JOIN responses r ON r.id = a.response_id WHERE r.submitted_at IS NOT NULL "
                    "AND a.number IS NOT NULL AND a.number >= 0 ORDER BY a.id LIMIT 1)"
                )
            )
        engine.dispose()

        report = compare(database_url, url)

    assert report.differences >= 2
    assert any(line.startswith("DIFFERENT table answers") for line in report.lines)
    assert f"DIFFERENT workbook {demo_survey.slug}: sheet Daten_Codes" in report.lines


def test_the_operator_runs_it_from_the_command_line(demo_survey, database_url):
    result = subprocess.run(
        [sys.executable, "tools/restore_check.py", "--database-url", database_url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_a_database_that_does_not_exist_ends_with_status_2(tmp_path, capsys):
    assert main(["--database-url", f"sqlite:///{tmp_path / 'nicht-da.db'}"]) == 2
    assert "does not exist" in capsys.readouterr().err

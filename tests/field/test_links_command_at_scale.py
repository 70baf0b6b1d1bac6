"""`flask invitations create` for a frame of a few hundred Kommunen, as a researcher runs it: a
process of its own on PostgreSQL, which must exit cleanly after printing every link.

It crashed at interpreter exit (rc 139) once the links were built in one made-up request each:
their cyclic garbage made the collector run inside the ORM's attribute writes, where CPython
3.11 frees memory twice (see `field.invitations.public_url`). In-process runners never showed it.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from testsupport import DEMO_QUESTIONNAIRE, ROOT

from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import create_survey

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE") != "postgresql", reason="the crash needs PostgreSQL"
)
UNITS = 400


def _frame_file(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["ags", "name", "land", "typ", "bevoelkerung"])
        for number in range(UNITS):
            writer.writerow([f"14{number:06d}", f"Gemeinde {number}", "Sachsen", "Gemeinde", 900])
    return path


def test_links_for_a_large_frame_print_completely_and_exit_cleanly(app, database_url, tmp_path):
    survey = create_survey(DEMO_QUESTIONNAIRE, "gross")
    frame.import_file(_frame_file(tmp_path / "frame.csv"), survey)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": app.config["SECRET_KEY"],
        "PUBLIC_BASE_URL": "https://umfrage.example.org/kommunen",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "surveyapp", "invitations", "create", "gross"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == UNITS
    assert rows[-1]["ags"] == f"14{UNITS - 1:06d}"
    assert all(row["link"].startswith("https://umfrage.example.org/kommunen/r/") for row in rows), (
        rows[0]
    )

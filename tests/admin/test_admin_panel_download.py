"""The panel download in the researcher area: offered for a wave made from an earlier one, as
a workbook and as SPSS and Stata files long and wide, made by a job worker like the other files,
logged as a data download."""

from __future__ import annotations

import io
from pathlib import Path

import pyreadstat
import pytest
from openpyxl import load_workbook
from respondent import Respondent, finish
from testsupport import pspp, rscript, wait_for_jobs

from surveyapp.extensions import db
from surveyapp.field.invitations import invitation_of, link_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import AuditEvent

FIRST = "/admin/befragungen/sozialplanung-demo"
SECOND = "/admin/befragungen/sozialplanung-demo-2"


@pytest.fixture
def two_waves(app, worker):  # noqa: ANN001, ANN201
    """The demo survey (fourteen submitted) and its second wave, in which Leipzig submitted."""
    from surveyapp.demo.survey import load_demo

    first = load_demo(with_responses=True).survey
    second = create_next_wave(first, "sozialplanung-demo-2").survey
    invitation = invitation_of(second, "14713")
    assert invitation is not None
    person = Respondent(app.test_client(), link_of(invitation).removeprefix("http://localhost"))
    person.consent()
    finish(person)
    assert person.client.post(f"{person.link}/absenden").status_code == 302
    return first, second


def test_only_a_later_wave_offers_the_panel(researcher_client, two_waves):  # noqa: ANN001
    assert f"{SECOND}/dateien/panel" in researcher_client.get(SECOND).text
    assert "Paneldaten aller Wellen" in researcher_client.get(SECOND).text
    assert f"{FIRST}/dateien/panel" not in researcher_client.get(FIRST).text


def test_the_panel_workbook_holds_both_waves_and_is_logged(researcher_client, two_waves):  # noqa: ANN001
    started = researcher_client.post(f"{SECOND}/dateien/panel")
    assert started.status_code == 302
    wait_for_jobs()
    response = researcher_client.get(f"{started.location}/datei")
    assert response.status_code == 200, response.text[:500]
    assert "sozialplanung-demo-2_panel_" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    assert workbook.sheetnames == ["Info", "Codebuch", "Daten_lang", "Daten_breit"]
    rows = list(workbook["Daten_lang"].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "ags")
    assert len(rows) - header - 1 == 14 + 1
    event = db.session.scalar(
        db.select(AuditEvent).filter_by(action="data_downloaded", target="sozialplanung-demo-2")
    )
    assert event.detail == {"format": "panel"}


def test_a_first_wave_asked_for_a_panel_is_told_why_not(researcher_client, two_waves):  # noqa: ANN001
    started = researcher_client.post(f"{FIRST}/dateien/panel")
    wait_for_jobs()
    page = researcher_client.get(started.location).text
    assert "hat keine frühere Welle: Paneldaten gibt es erst ab der zweiten Welle" in page


PANEL_FILES = ["panel-sav-lang", "panel-sav-breit", "panel-dta-lang", "panel-dta-breit"]


def test_a_later_wave_offers_the_panel_for_spss_and_stata(researcher_client, two_waves):  # noqa: ANN001
    page = researcher_client.get(SECOND).text
    for fmt in PANEL_FILES:
        assert f"{SECOND}/dateien/{fmt}" in page
    assert "Paneldaten für Stata (.dta), breit: eine Zeile je Kommune erstellen" in page
    assert f"{FIRST}/dateien/panel-sav-lang" not in researcher_client.get(FIRST).text


def _panel_file(client, fmt: str, folder: Path) -> Path:  # noqa: ANN001
    started = client.post(f"{SECOND}/dateien/{fmt}")
    assert started.status_code == 302
    wait_for_jobs()
    response = client.get(f"{started.location}/datei")
    assert response.status_code == 200, response.text[:500]
    name = response.headers["Content-Disposition"].split("filename=")[-1].strip('"')
    layout = fmt.rsplit("-", 1)[-1]
    assert name.startswith(f"sozialplanung-demo-2_panel-{layout}_")
    assert name.endswith(f".{fmt.split('-')[1]}")
    path = folder / name
    path.write_bytes(response.data)
    return path


@pytest.mark.parametrize("fmt", PANEL_FILES)
def test_the_panel_files_read_back_long_and_wide(researcher_client, two_waves, tmp_path, fmt):  # noqa: ANN001
    """Fourteen Kommunen in 2019, Leipzig again in 2024: long, fifteen rows (one per unit and
    wave); wide, one row per unit with B1_w1 and B1_w2. Logged as a data download."""
    path = _panel_file(researcher_client, fmt, tmp_path)
    read = pyreadstat.read_sav if path.suffix == ".sav" else pyreadstat.read_dta
    data, meta = read(str(path))
    units = set(data["ags"])
    if fmt.endswith("lang"):
        assert len(data) == 14 + 1
        assert sorted(data["wave"].unique()) == [1.0, 2.0]
        assert list(data.loc[data["wave"] == 2.0, "ags"]) == ["14713"]
    else:
        assert len(data) == len(units) == len({*units, "14713"})
        leipzig = data.set_index("ags").loc["14713"]
        assert {"B1_w1", "B1_w2"} <= set(data.columns)
        assert leipzig["B1_w2"] == leipzig["B1_w2"]  # answered in 2024, not missing
    assert "merged" in meta.column_names
    event = db.session.scalars(
        db.select(AuditEvent).filter_by(action="data_downloaded", target="sozialplanung-demo-2")
    ).all()
    assert [e.detail for e in event] == [{"format": fmt}]


def test_spss_and_r_read_the_panel_as_researchers_do(researcher_client, two_waves, tmp_path):  # noqa: ANN001
    long = _panel_file(researcher_client, "panel-sav-lang", tmp_path)
    out = pspp(f"GET FILE='{long}'.\nFREQUENCIES VARIABLES=wave.\n", tmp_path)
    counts = [line.split(",") for line in out.splitlines() if line.startswith(("Valid,1", ",2"))]
    assert [row[2] for row in counts] == ["14", "1"], out
    wide = _panel_file(researcher_client, "panel-dta-breit", tmp_path)
    script = (
        "library(haven); d <- read_dta(commandArgs(TRUE)[1]); cat(nrow(d), 'B1_w2' %in% names(d))"
    )
    assert rscript(script, str(wide)).split()[1] == "TRUE"

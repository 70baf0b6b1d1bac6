"""The demo questionnaire's real codebook (as `surveyapp` builds it) goes through every output.

(Named test_evaluation_demo.py because tests/demo/test_demo.py exists.)
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from evaluation import Codebook, Dataset, SurveyInfo
from evaluation.disclosure import Disclosure
from evaluation.outputs.stats_files import write_spss, write_stata
from evaluation.outputs.workbook import write_workbook
from evaluation.tables.crosstab import crosstab
from evaluation.tables.standard import all_tables

DEMO = Path(__file__).resolve().parents[2] / "surveyapp" / "data" / "demo-questionnaire.yaml"


@pytest.fixture(scope="module")
def demo_dataset() -> Dataset:
    questionnaire = pytest.importorskip("surveyapp.questionnaire")
    if not DEMO.exists():
        pytest.skip("Der Demo-Fragebogen fehlt noch.")
    rows = questionnaire.build_codebook(questionnaire.load_questionnaire(DEMO))
    codebook = Codebook.from_rows(rows)
    frame = pd.read_csv(
        DEMO.parent / "kreise-mitteldeutschland.csv", dtype={"ags": str, "bevoelkerung": "Int64"}
    )
    rng = np.random.default_rng(2019)
    data = {
        "ags": frame["ags"],
        "name": frame["name"],
        "land": frame["land"],
        "type": frame["typ"],
        "population": frame["bevoelkerung"],
    }
    for variable in codebook:
        missing = [float(c) for c in variable.missing_codes]
        if variable.is_categorical:
            valid = [float(c) for c in variable.value_labels] or [0.0, 1.0]
        elif variable.is_numeric:
            valid = [0.0, 0.5, 1.5, 3.0]
        else:
            data[variable.name] = rng.choice(
                np.array(["Text", "=1+1", -88], dtype=object), len(frame)
            )
            continue
        data[variable.name] = rng.choice(valid + missing, len(frame))
    return Dataset(SurveyInfo("demo", "Demo"), codebook, pd.DataFrame(data))


def test_every_question_gets_its_table(demo_dataset):
    tables = all_tables(demo_dataset)
    questions = {v.question_id for v in demo_dataset.codebook if v.type != "other"}
    assert len(tables) == len(questions) + sum(v.type == "other" for v in demo_dataset.codebook)
    multiple = next(t for t in tables if t.kind == "multiple")
    options = [row.code for row in multiple.rows if row.kind == "value"]
    assert options == [v.option_code for v in demo_dataset.codebook.group(multiple.variable)]


def test_workbook_tables_show_options_without_the_question_text(demo_dataset, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "demo.xlsx"
    write_workbook(demo_dataset, path)
    labels = [row[0].value for row in load_workbook(path)["Tabellen"].iter_rows()]
    assert "Eigenmittel der Kommune" in labels


def test_every_published_table_and_crosstab_by_land(demo_dataset):
    for table in all_tables(demo_dataset):
        Disclosure([table])
    for variable in demo_dataset.codebook:
        if variable.is_categorical:
            Disclosure([crosstab(demo_dataset, variable.name, "land")])


def test_workbook_spss_and_stata(demo_dataset, tmp_path):
    path = tmp_path / "demo.xlsx"
    write_workbook(demo_dataset, path)
    assert Dataset.from_workbook(path).equals(demo_dataset)
    write_spss(demo_dataset, tmp_path / "demo.sav")
    write_stata(demo_dataset, tmp_path / "demo.dta")
    sav, _ = pyreadstat.read_sav(str(tmp_path / "demo.sav"), user_missing=True)
    dta, _ = pyreadstat.read_dta(str(tmp_path / "demo.dta"))
    assert sav.shape == dta.shape == demo_dataset.data.shape


def test_top_two_of_an_agreement_scale_follows_its_declared_direction(demo_dataset):
    table = all_tables(demo_dataset)
    i1 = next(t for t in table if t.variable == "I1")
    assert any(
        "Top-2: trifft voll zu und trifft eher zu; "
        "Bottom-2: trifft eher nicht zu und trifft gar nicht zu." in note
        for note in i1.footnotes
    )
    column = demo_dataset.data["I1_spitze"]
    agreeing = int(column.isin([1, 2]).sum())
    valid = int(column.isin([1, 2, 3, 4]).sum())
    row = i1.rows[0].label
    assert i1.value(row, "Top-2") == pytest.approx(100 * agreeing / valid)
    assert i1.top_points == ("trifft voll zu", "trifft eher zu")


def test_a_yes_no_question_is_nominal_and_a_scale_ordinal_in_spss(demo_dataset, tmp_path):
    write_spss(demo_dataset, tmp_path / "demo.sav")
    _, meta = pyreadstat.read_sav(str(tmp_path / "demo.sav"), metadataonly=True)
    assert meta.variable_measure["B3"] == "nominal", "ja/nein/weiß nicht"
    assert meta.variable_measure["I1_spitze"] == "ordinal"


def test_pspp_reads_yes_no_as_nominal_and_the_agreement_scale_as_ordinal(demo_dataset, tmp_path):
    path = tmp_path / "demo.sav"
    write_spss(demo_dataset, path)
    script = tmp_path / "lesen.sps"
    script.write_text(
        f"GET FILE='{path}'.\nDISPLAY DICTIONARY /VARIABLES=B3 I1_spitze.\n", encoding="utf-8"
    )
    out = subprocess.run(
        ["pspp", "-O", "format=csv", str(script)], capture_output=True, text=True, check=True
    ).stdout
    measures = {line.split(",")[0]: line for line in out.splitlines()}
    assert ",Nominal," in measures["B3"]
    assert ",Ordinal," in measures["I1_spitze"]

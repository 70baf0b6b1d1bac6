"""SPSS and Stata files read back with the same values, labels and missing codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyreadstat
import pytest
from testsupport import pspp, rscript

from evaluation.outputs.stats_files import write_spss, write_stata


@pytest.fixture
def sav(dataset, tmp_path):
    path = tmp_path / "umfrage.sav"
    write_spss(dataset, path)
    return pyreadstat.read_sav(str(path), user_missing=True)


@pytest.fixture
def dta(dataset, tmp_path):
    path = tmp_path / "umfrage.dta"
    write_stata(dataset, path)
    return pyreadstat.read_dta(str(path))


def test_spss_keeps_codes_and_declares_missing_codes_user_missing(sav, dataset):
    data, meta = sav
    assert list(data.columns[:6]) == ["ags", "name", "land", "type", "population", "size_class"]
    assert data["ags"].tolist() == list(dataset.data.index)
    np.testing.assert_array_equal(data["B1"].to_numpy(), dataset.data["B1"].to_numpy())
    assert meta.missing_ranges["B1"] == [
        {"lo": -88.0, "hi": -88.0},
        {"lo": -77.0, "hi": -77.0},
        {"lo": -1.0, "hi": -1.0},
    ]
    assert meta.variable_value_labels["B1"][1.0] == "etabliert"
    assert meta.variable_value_labels["B1"][-1.0] == "weiß nicht"
    assert meta.variable_value_labels["D1"] == {
        -88.0: "keine Antwort",
        -77.0: "nicht gestellt (Filter)",
        -1.0: "weiß nicht",
    }
    assert meta.column_names_to_labels["B1"] == "Stand der Sozialplanung"
    assert meta.column_names_to_labels["ags"] == "Amtlicher Schlüssel (AGS)"
    assert meta.variable_measure["H1_a"] == "ordinal"
    assert meta.variable_measure["D1"] == "scale"


def test_spss_leaves_missing_codes_out_of_statistics(dataset, tmp_path):
    path = tmp_path / "umfrage.sav"
    write_spss(dataset, path)
    data, _ = pyreadstat.read_sav(str(path))  # as SPSS sees it: user-missing become NaN
    assert data["D1"].sum() == pytest.approx(18.0)
    assert data["D1"].count() == 11


def test_spss_text_keeps_umlauts_line_breaks_and_the_equals_sign(sav, dataset):
    data, meta = sav
    by_ags = data.set_index("ags")
    assert by_ags.loc["14729", "B1_other"] == "Leitbild\nmit Umlauten: äöüß"
    assert by_ags.loc["14521", "B1_other"] == "=SUMME(A1:A3)"
    assert by_ags.loc["14522", "B1_other"] == "-77"
    assert meta.variable_value_labels["B1_other"]["-77"] == "nicht gestellt (Filter)"
    assert {"lo": "-88", "hi": "-88"} in meta.missing_ranges["N1"]


def test_stata_keeps_codes_and_writes_missing_codes_as_extended_missing_values(dataset, tmp_path):
    path = tmp_path / "umfrage.dta"
    write_stata(dataset, path)
    data, meta = pyreadstat.read_dta(str(path), user_missing=True)
    letters = {-88: "a", -77: "b", -1: "c"}
    assert data["H1_a"].tolist() == [letters.get(v, v) for v in dataset.data["H1_a"]]
    labels = meta.value_labels[meta.variable_to_label["H1_a"]]
    assert labels[5] == "sehr eng"
    assert (labels["a"], labels["b"], labels["c"]) == (
        "keine Antwort",
        "nicht gestellt (Filter)",
        "weiß nicht",
    )
    assert meta.column_names_to_labels["K1"] == "Bildungsmonitoring"
    assert data["ags"].tolist() == list(dataset.data.index)
    assert data["D1"].tolist()[:4] == [1.5, 0.5, 2.0, 3.25]
    assert "D1" not in meta.variable_to_label  # a number, never a category


def _valid(dataset, name: str):  # noqa: ANN202
    values = dataset.data[name]
    return values[~values.isin(list(dataset.codebook[name].missing_codes))].dropna()


def test_pandas_reads_stata_numbers_as_numbers_without_the_missing_codes(dataset, tmp_path):
    path = tmp_path / "umfrage.dta"
    write_stata(dataset, path)
    data = pd.read_stata(path).set_index("ags")
    assert data["D1"].mean() == pytest.approx(_valid(dataset, "D1").mean())
    assert data["D1"].count() == _valid(dataset, "D1").count()
    assert data["H1_a"].value_counts()["sehr eng"] == (_valid(dataset, "H1_a") == 5).sum()


def test_r_haven_gives_the_means_and_counts_of_the_dataset(dataset, tmp_path):
    path = tmp_path / "umfrage.dta"
    write_stata(dataset, path)
    script = (
        "library(haven); d <- read_dta(commandArgs(TRUE)[1]); "
        "cat(mean(d$D1, na.rm = TRUE), sum(!is.na(d$D1)), sum(na_tag(d$H1_a) %in% 'c'), "
        "sum(zap_missing(d$H1_a) == 5, na.rm = TRUE))"
    )
    mean, count, dont_know, close = rscript(script, str(path)).split()
    assert float(mean) == pytest.approx(_valid(dataset, "D1").mean())
    assert int(count) == _valid(dataset, "D1").count()
    assert int(dont_know) == (dataset.data["H1_a"] == -1).sum()
    assert int(close) == (dataset.data["H1_a"] == 5).sum()


def test_stata_text_and_long_labels(dataset, tmp_path):
    from dataclasses import replace

    from evaluation import Codebook, Dataset

    rows = dataset.codebook.to_rows()
    rows[0]["label"] = "Ein sehr langes Label " * 10
    data = dataset.data.copy()
    data.loc["14511", "N1"] = "ä" * 3000
    long = Dataset(replace(dataset.survey), Codebook.from_rows(rows), data)
    path = tmp_path / "lang.dta"
    write_stata(long, path)
    frame, meta = pyreadstat.read_dta(str(path))
    label = meta.column_names_to_labels["B1"]
    assert len(label) <= 80
    assert label.endswith(" …")
    assert set(label.split()) == {"Ein", "sehr", "langes", "Label", "…"}
    assert frame.set_index("ags").loc["14729", "B1_other"] == "Leitbild\nmit Umlauten: äöüß"
    assert len(frame.set_index("ags").loc["14511", "N1"].encode()) <= 2045


def test_pspp_gives_the_means_counts_and_formats_of_the_dataset(dataset, tmp_path):
    path = tmp_path / "umfrage.sav"
    write_spss(dataset, path)
    out = pspp(
        f"GET FILE='{path}'.\nDESCRIPTIVES VARIABLES=D1.\nDISPLAY DICTIONARY /VARIABLES=B1 D1.\n",
        tmp_path,
    )
    row = next(line for line in out.splitlines() if line.startswith("Personal,"))
    _, count, mean, *_ = row.split(",")
    assert int(count) == _valid(dataset, "D1").count()
    assert float(mean) == pytest.approx(_valid(dataset, "D1").mean(), abs=0.005)
    assert "B1,7,Stand der Sozialplanung,Nominal,Input,8,Right,F3.0,F3.0,-88; -77; -1" in out

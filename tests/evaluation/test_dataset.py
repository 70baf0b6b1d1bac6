"""A Dataset is the same whether it comes from the database or from the researcher workbook."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from evaluation import Dataset
from evaluation.errors import EvaluationError, UnknownSurvey
from evaluation.outputs.workbook import write_workbook
from evaluation.survey import UNIT_COLUMNS


def _same(left: Dataset, right: Dataset) -> None:
    assert left.survey == right.survey
    assert left.codebook == right.codebook
    pd.testing.assert_frame_equal(left.data, right.data)
    assert left.equals(right)


def test_database_gives_one_row_per_submitted_unit_with_every_variable(stored_survey, dataset):
    url, slug = stored_survey
    loaded = Dataset.from_database(url, slug)
    assert list(loaded.data.columns) == [*UNIT_COLUMNS, *dataset.codebook.names]
    assert list(loaded.data.index) == sorted(dataset.data.index)
    assert "15083" not in loaded.data.index, "a draft is not data"
    _same(loaded, replace_slug(dataset, slug))


def replace_slug(dataset: Dataset, slug: str) -> Dataset:
    return Dataset(replace(dataset.survey, slug=slug), dataset.codebook, dataset.data)


def test_keys_stay_strings_and_codes_stay_apart_from_text(stored_survey):
    url, slug = stored_survey
    data = Dataset.from_database(url, slug).data
    assert data.loc["14511", "ags"] == "14511"
    assert data.loc["14521", "B1_other"] == "=SUMME(A1:A3)"
    assert data.loc["14522", "B1_other"] == -77
    assert data.loc["14729", "B1_other"] == "Leitbild\nmit Umlauten: äöüß", "\\r\\n becomes \\n"
    assert data.loc["15001", "B1"] == -1
    assert data.loc["14612", "D1"] == 3.25


def test_response_counts_come_from_the_frame_of_invitations(stored_survey):
    url, slug = stored_survey
    info = Dataset.from_database(url, slug).survey
    assert (info.frame, info.invited, info.submitted) == (16, 16, 14)
    assert round(info.response_rate, 1) == 87.5
    assert info.opens_on.isoformat() == "2019-07-01"


def test_unknown_survey_is_a_clear_error(stored_survey):
    url, _ = stored_survey
    with pytest.raises(UnknownSurvey, match="„gibt-es-nicht“ gibt es in der Datenbank nicht"):
        Dataset.from_database(url, "gibt-es-nicht")


def test_a_missing_sqlite_file_is_not_created(tmp_path):
    path = tmp_path / "nirgends.db"
    with pytest.raises(EvaluationError, match="gibt es nicht"):
        Dataset.from_database(f"sqlite:///{path}", "x")
    assert not path.exists()


def test_workbook_round_trip_gives_the_identical_dataset(stored_survey, tmp_path):
    """Missing codes, a text starting with "=", umlauts and line breaks all survive Excel."""
    url, slug = stored_survey
    original = Dataset.from_database(url, slug)
    path = tmp_path / "auswertung.xlsx"
    write_workbook(original, path)
    _same(Dataset.from_workbook(path), original)


def test_round_trip_keeps_empty_cells_and_unknown_population(dataset, tmp_path):
    data = dataset.data.copy()
    data.loc["14511", "D1"] = float("nan")
    data.loc["14521", "N1"] = None
    edited = Dataset(dataset.survey, dataset.codebook, data)
    path = tmp_path / "leer.xlsx"
    write_workbook(edited, path)
    again = Dataset.from_workbook(path)
    _same(again, edited)
    assert pd.isna(again.data.loc["16062", "population"])
    assert again.data.loc["16062", "size_class"] == "Einwohnerzahl unbekannt"


def test_size_class_follows_population(dataset):
    assert dataset.data.loc["14713", "size_class"] == "500.000 und mehr"
    assert dataset.data.loc["15001", "size_class"] == "50.000 bis unter 100.000"


def test_a_survey_nobody_has_submitted_yet_still_exports(eval_db_url, dataset, tmp_path, store):
    empty = Dataset(dataset.survey, dataset.codebook, dataset.data.iloc[0:0])
    slug = store(eval_db_url, empty)
    loaded = Dataset.from_database(eval_db_url, slug)
    assert len(loaded.data) == 0
    assert loaded.survey.frame == 2  # the units only in the frame; one has a draft
    from evaluation.tables.standard import all_tables

    assert all(t.base_valid == 0 for t in all_tables(loaded))
    path = tmp_path / "leer.xlsx"
    write_workbook(loaded, path)
    assert Dataset.from_workbook(path).equals(loaded)


def test_loading_by_columns_in_small_batches_gives_the_same_dataset(
    stored_survey, dataset, monkeypatch
):
    """The answers are read in batches of plain tuples; where a batch ends changes nothing,
    for codes, missing codes, texts and every option of a multiple choice alike."""
    from evaluation.sources import database

    url, slug = stored_survey
    whole = Dataset.from_database(url, slug)
    monkeypatch.setattr(database, "BATCH", 7)
    _same(Dataset.from_database(url, slug), whole)
    _same(whole, replace_slug(dataset, slug))
    kinds = {v.type for v in dataset.codebook}
    assert kinds >= {"single", "multiple", "other", "textarea", "decimal"}


def test_answers_to_variables_outside_the_codebook_are_left_out(eval_db_url, dataset, store):
    """A variable the survey's codebook does not name (e.g. left from a test of the form)
    stays out of the data; a codebook variable nobody answered is a column of no values."""
    import sqlalchemy as sa

    slug = store(eval_db_url, dataset)
    engine = sa.create_engine(eval_db_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO answers (response_id, variable, number, text)"
                " SELECT r.id, 'ZZ_alt', 5, 'alt' FROM responses r"
                " JOIN surveys s ON s.id = r.survey_id WHERE s.slug = :slug"
            ),
            {"slug": slug},
        )
        connection.execute(
            sa.text(
                "DELETE FROM answers WHERE variable = 'N1' AND response_id IN"
                " (SELECT r.id FROM responses r JOIN surveys s ON s.id = r.survey_id"
                " WHERE s.slug = :slug)"
            ),
            {"slug": slug},
        )
    engine.dispose()
    data = Dataset.from_database(eval_db_url, slug).data
    assert "ZZ_alt" not in data.columns
    assert data["N1"].isna().all() and data["N1"].dtype == object
    expected = dataset.data.drop(columns=["N1"])
    pd.testing.assert_frame_equal(data.drop(columns=["N1"]), expected)

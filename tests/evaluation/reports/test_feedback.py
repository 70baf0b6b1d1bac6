"""Feedback reports: a Kommune sees its own answers beside all and its peers, never another
Kommune's answers (the lone unit of the brief tests is the witness)."""

from __future__ import annotations

import subprocess

import pytest
from brief_data import LONE, LONE_OPTION, LONE_VZAE, ROOT, make_brief_dataset

from evaluation.errors import EvaluationError
from evaluation.reports.brief.config import load_config
from evaluation.reports.feedback import MINE, FeedbackBuilder


@pytest.fixture(scope="module")
def builder() -> FeedbackBuilder:
    return FeedbackBuilder(make_brief_dataset())


def _row(views, caption_start: str, label: str):
    view = next(v for v in views if v.caption.startswith(caption_start))
    return next(r for r in view.rows if r.label == label)


def test_a_city_is_compared_with_all_cities_when_its_land_has_too_few(builder):
    assert builder.peers("14511").label == "alle Kommunen des Typs „kreisfreie Stadt“"
    assert builder.peers(LONE).label == "alle Kommunen des Typs „kreisfreie Stadt“"
    assert builder.peers("14521").label == "alle Kommunen des Typs „Landkreis“"


def test_the_own_answer_is_marked_beside_the_distributions(builder):
    views = list(builder.views(LONE))
    row = _row(views, "A1 ", LONE_OPTION)
    assert row.cells[0] == MINE, "a Kommune sees its own answer"
    assert row.cells[1:] == (".", "."), "but its single case is not a published figure"


def test_no_other_report_reveals_the_lone_unit(builder):
    for ags in builder.dataset.data.index:
        if ags == LONE:
            continue
        views = list(builder.views(ags))
        mine, everyone, peers = _row(views, "A1 ", LONE_OPTION).cells
        assert (mine, everyone) == ("", ".")
        lone_is_a_peer = builder.dataset.data.at[ags, "type"] == "kreisfreie Stadt"
        assert peers == "." if lone_is_a_peer else peers == "0,0"
        text = " ".join(c for v in views for r in v.rows for c in r.cells)
        assert "37,5" not in text


def test_reports_are_pdfs_with_the_reading_guide(builder, tmp_path):
    paths = builder.write_all(tmp_path)
    assert len(paths) == 14
    other = tmp_path / "rueckmeldung-14511.pdf"
    text = subprocess.run(["pdftotext", str(other), "-"], capture_output=True, text=True).stdout
    assert "So lesen Sie diesen Bericht" in text
    assert "Gera" not in text and str(LONE_VZAE).replace(".", ",") not in text
    assert other.read_bytes() == _again(builder, "14511", tmp_path)


def _again(builder, ags, tmp_path) -> bytes:
    path = tmp_path / "again.pdf"
    builder.write(ags, path)
    return path.read_bytes()


def test_an_unknown_unit_is_a_clear_error(builder, tmp_path):
    with pytest.raises(EvaluationError, match="nicht teilgenommen"):
        builder.write("99999", tmp_path / "x.pdf")


def test_peer_figures_agree_with_the_briefs_crosstabs_by_type():
    """A Kommune holds its report and the public brief: a peer group of all cities prints the
    same figures as the brief's "kreisfreie Stadt" column, suppressed alike."""
    dataset = make_brief_dataset()
    builder = FeedbackBuilder(dataset, config=load_config(ROOT / "evaluation/data/brief-demo.yaml"))
    peers = builder.peers(LONE)
    compared = 0
    for question in ("B1", "D1", "K2"):
        column = builder.brief.crosstab(question, "type")
        group = builder._tables[(peers.label, question)]
        city = column.columns.index("kreisfreie Stadt")
        rows = {row.label: row for row in group.rows}
        for row in column.rows:
            label = "Gültige Antworten" if row.label == "Basis (=100 %)" else row.label
            if label in rows:
                assert row.cells[city].suppressed == rows[label].cells[0].suppressed, label
                compared += 1
    assert compared >= 8


def test_the_top_two_note_names_the_top_of_the_scale_as_declared(builder):
    """I1's scale runs from "trifft voll zu" (code 1) down: its Top-2 are the first two
    points, not the last two by code."""
    views = list(builder.views(LONE))
    view = next(v for v in views if v.caption.startswith("I1 "))
    assert any("„trifft voll zu“ und „trifft eher zu“" in note for note in view.footnotes)

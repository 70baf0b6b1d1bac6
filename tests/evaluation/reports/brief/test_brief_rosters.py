"""A roster's questions are tabulated per item, as a Tabellenband prints them: the role of
social planning in the Jugendhilfeplanung is its own table, with the Kommunen that have that
plan as its base."""

from __future__ import annotations

from openpyxl import load_workbook

from evaluation.outputs.workbook import write_workbook
from evaluation.reports.brief.content import build_document


def test_the_brief_appendix_has_a_table_per_roster_question_and_item(rosters):
    appendix = {view.caption.split()[0]: view for view in build_document(rosters).appendix}
    for item, plan in ((1, "Jugendhilfeplanung"), (2, "Schulentwicklungsplanung")):
        for question in ("integriert", "rolle", "jahr"):
            view = appendix[f"F_{item}_{question}"]
            assert f"Angaben je Fachplanung: {plan} – " in view.caption
    role = appendix["F_2_rolle"]
    assert next(r for r in role.rows if r.label == "federführend").cells[0] == "5"
    assert next(r for r in role.rows if r.label == "Basis: Frage gestellt").cells[0] == "5"
    youth = appendix["F_1_rolle"]
    assert next(r for r in youth.rows if r.label == "beteiligt").cells[0] == "4"


def test_the_workbook_tabulates_each_roster_item_on_its_own(rosters, tmp_path):
    path = tmp_path / "rosters.xlsx"
    write_workbook(rosters, path)
    book = load_workbook(path, read_only=True)
    titles = [
        row[0]
        for row in book["Tabellen"].iter_rows(values_only=True)
        if row and isinstance(row[0], str) and row[0].startswith("F_")
    ]
    book.close()
    assert [title.split()[0] for title in titles] == [
        f"F_{item}_{question}" for item in (1, 2, 3) for question in ("integriert", "rolle", "jahr")
    ]

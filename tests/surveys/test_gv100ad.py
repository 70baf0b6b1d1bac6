"""A frame from the Destatis Gemeindeverzeichnis (GV100AD): the level chosen, the reference
date read from the records, and what changed since the previous wave's frame."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from testsupport import DEMO_QUESTIONNAIRE

from surveyapp.extensions import db
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import Survey
from surveyapp.surveys import frame, gv100ad
from surveyapp.surveys.lifecycle import create_survey

DATA = Path(__file__).parent / "data"
FILE_2018 = DATA / "GV100AD_311218.ASC"
FILE_2023 = DATA / "GV100AD_311223.ASC"
FILE_BAYERN = DATA / "GV100AD_311224_BY.ASC"


def _register(path: Path, level: str) -> gv100ad.Register:
    return gv100ad.read_register(path.read_bytes(), level)


def test_the_kreise_level_has_the_kreise_and_kreisfreie_staedte():
    register = _register(FILE_2018, gv100ad.KREISE)
    assert register.reference_date == date(2018, 12, 31)
    rows = {row["ags"]: row for row in frame.validate(register.rows)}
    assert list(rows) == ["16051", "16052", "16056", "16063"]
    assert rows["16056"] == {
        "ags": "16056",
        "name": "Eisenach, Stadt",
        "land": "Thüringen",
        "type": "kreisfreie Stadt",
        "population": None,
    }
    assert rows["16063"]["type"] == "Landkreis"
    assert rows["16051"]["population"] == 218200


def test_the_gemeinden_level_has_the_gemeinden_with_their_population():
    register = _register(FILE_2023, gv100ad.GEMEINDEN)
    assert register.reference_date == date(2023, 12, 31)
    rows = frame.validate(register.rows)
    assert [(r["ags"], r["name"], r["land"], r["population"]) for r in rows] == [
        ("15002000", "Halle (Saale), Stadt", "Sachsen-Anhalt", 226586),
        ("16051000", "Erfurt, Stadt", "Thüringen", 218200),
        ("16052000", "Gera, Stadt", "Thüringen", 93120),
    ]
    assert {r["type"] for r in rows} == {"kreisfreie Stadt"}


def test_the_next_wave_lists_units_added_renamed_and_gone(app):  # noqa: ANN001
    first = create_survey(DEMO_QUESTIONNAIRE, "sozialplanung-2019", opens_on=date(2019, 7, 1))
    typed_by_hand = (
        "ags;name;land;typ\n"
        "16051;Erfurt, Stadt;Thüringen;kreisfreie Stadt\n"
        "16052;Gera;Thüringen;kreisfreie Stadt\n"
        "16056;Eisenach, Stadt;Thüringen;kreisfreie Stadt\n"
        "16063;Wartburgkreis;Thüringen;Landkreis\n"
    ).encode()
    frame.import_units(io.BytesIO(typed_by_hand), "rahmen-2019.csv", first)

    with FILE_2023.open("rb") as stream:
        newer = gv100ad.read_frame(stream, FILE_2023.name, gv100ad.KREISE)
    made = create_next_wave(first, "sozialplanung-2024", frame_file=newer)

    assert made.changes is not None
    assert [e.ags for e in made.changes.added] == ["15002"]
    assert [(e.ags, e.changes[0][1], e.name) for e in made.changes.renamed] == [
        ("16052", "Gera", "Gera, Stadt")
    ]
    assert [e.ags for e in made.changes.gone] == ["16056"]
    assert made.changes.lines() == [
        "neu (1): 15002 Halle (Saale) (kreisfreie Stadt)",
        "umbenannt (1): 16052 Gera → Gera, Stadt",
        "entfallen (1): 16056 Eisenach (kreisfreie Stadt)",
    ]
    assert sorted(frame.members(made.survey)) == ["15002", "16051", "16052", "16063"]
    assert frame.members(first)["16052"].name == "Gera"


def test_the_command_imports_the_register_and_prints_the_differences(app, runner):  # noqa: ANN001
    result = runner.invoke(args=["units", "import", str(FILE_2018), "--survey", "x"])
    assert result.exit_code == 1
    create_survey(DEMO_QUESTIONNAIRE, "sozialplanung-2019", opens_on=date(2019, 7, 1))
    result = runner.invoke(
        args=["units", "import", str(FILE_2018), "--survey", "sozialplanung-2019"]
    )
    assert result.exit_code == 0, result.output
    assert "aus GV100AD_311218.ASC, Gebietsstand 31.12.2018: 4 Kommunen neu" in result.output
    first = db.session.scalar(db.select(Survey).filter_by(slug="sozialplanung-2019"))
    assert first.frame_as_of == date(2018, 12, 31)
    result = runner.invoke(
        args=[
            *("survey", "next-wave", "sozialplanung-2019", "--slug", "sozialplanung-2024"),
            *("--frame", str(FILE_2023), "--level", "gemeinden"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Kommunen aus GV100AD_311223.ASC, Gebietsstand 31.12.2023." in result.output
    assert "neu (3): 15002000 Halle (Saale) (kreisfreie Stadt)" in result.output
    second = db.session.scalar(db.select(Survey).filter_by(slug="sozialplanung-2024"))
    assert second.frame_as_of == date(2023, 12, 31)
    assert "entfallen (4): 16051 Erfurt (kreisfreie Stadt)" in result.output
    again = runner.invoke(
        args=["survey", "next-wave", "sozialplanung-2024", "--slug", "sozialplanung-2026"]
    )
    assert again.exit_code == 0, again.output
    third = db.session.scalar(db.select(Survey).filter_by(slug="sozialplanung-2026"))
    assert (third.frame_file, third.frame_as_of) == ("GV100AD_311223.ASC", date(2023, 12, 31))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text.replace("6020231231", "6020241231", 1), "verschiedene Gebietsstände"),
        (lambda text: "99" + text[2:], "Zeile 1, Spalte „Stellen 1–2“: „99“ ist keine Satzart"),
        (lambda text: text.replace("4020231231150", "4020231231190", 1), "19 ist kein Land"),
    ],
)
def test_a_broken_register_file_is_refused_with_its_line(change, message):  # noqa: ANN001
    text = change(FILE_2023.read_text(encoding="cp1252"))
    with pytest.raises(frame.FrameInvalid, match=message):
        gv100ad.read_register(text.encode("cp1252"), gv100ad.KREISE)


def test_a_file_without_the_level_says_so():
    only_lands = b"10201812311" + b"6".ljust(11) + b"Th\xfcringen".ljust(200) + b"\r\n"
    with pytest.raises(frame.FrameInvalid, match="keine Kreise und kreisfreie Städte"):
        gv100ad.read_register(only_lands, gv100ad.KREISE)


def test_a_land_with_regierungsbezirke_gives_its_kreise_and_gemeinden():
    kreise = frame.validate(_register(FILE_BAYERN, gv100ad.KREISE).rows)
    assert [(r["ags"], r["land"], r["type"]) for r in kreise] == [
        ("09162", "Bayern", "kreisfreie Stadt"),
        ("09188", "Bayern", "Landkreis"),
        ("09663", "Bayern", "kreisfreie Stadt"),
    ]
    gemeinden = frame.validate(_register(FILE_BAYERN, gv100ad.GEMEINDEN).rows)
    assert [(r["ags"], r["type"], r["population"]) for r in gemeinden] == [
        ("09162000", "kreisfreie Stadt", 1500000),
        ("09188139", "große Kreisstadt", 24000),
        ("09663000", "kreisfreie Stadt", 127000),
    ]


def test_a_regierungsbezirk_outside_any_land_is_refused_with_its_line():
    text = FILE_BAYERN.read_text(encoding="cp1252").replace("2020241231096", "2020241231196", 1)
    with pytest.raises(frame.FrameInvalid) as refused:
        gv100ad.read_register(text.encode("cp1252"), gv100ad.KREISE)
    assert [(p.row, p.column) for p in refused.value.problems] == [(7, "Stellen 11–18")]
    assert "19 ist kein Land" in refused.value.problems[0].message

"""A brief section compares two waves ("2019: 5 von 14 Kommunen; 2024: 7 von 14 …"), with the
disclosure rule over both waves together: the earlier brief's decisions stand, and the
independent attacker, holding both waves' publications, recovers no withheld count."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from brief_data import make_brief_dataset
from integer_attacker import recovered

from evaluation.dataset import Dataset
from evaluation.reports.brief.config import ConfigError, parse_config
from evaluation.reports.brief.content import build_document, published_tables
from evaluation.reports.render.html import write_html
from evaluation.reports.waves import earlier_wave
from evaluation.tables.table import Table

CONFIG = {
    "appendix": False,
    "sections": [],
    "compare": {
        "title": "2019 und 2024 im Vergleich",
        "questions": [
            {"question": "B1", "codes": [1], "text": "haben eine etablierte Sozialplanung"},
            {"question": "B1", "codes": [2], "text": "bauen sie auf"},
        ],
    },
}


def _waves() -> tuple[Dataset, Dataset]:
    """Both waves of the same 14 Kommunen. B1 in 2019: 5 etabliert, 2 im Aufbau (withheld),
    3 in Planung, 4 nein; in 2024: 7 etabliert, 1 im Aufbau (withheld), 2 in Planung, 4 nein."""
    first = make_brief_dataset()
    data = first.data.copy()
    data["B1"] = [1.0] * 5 + [2.0] * 2 + [3.0] * 3 + [4.0] * 4
    earlier = Dataset(first.survey, first.codebook, data)
    later_data = data.copy()
    later_data["B1"] = [1.0] * 7 + [2.0] * 1 + [3.0] * 2 + [4.0] * 4
    info = replace(
        first.survey, slug="sozialplanung-2024", opens_on=date(2024, 5, 1), closes_on=None
    )
    return earlier, Dataset(info, first.codebook, later_data)


def _section_text(document) -> list[str]:  # noqa: ANN001
    section = next(s for s in document.sections if s.title == "2019 und 2024 im Vergleich")
    return [block.text for block in section.blocks if hasattr(block, "text")]


def test_the_comparison_section_gives_both_waves_with_their_bases():
    earlier, later = _waves()
    document = build_document(later, parse_config(CONFIG), earlier)
    texts = _section_text(document)
    assert (
        "2019: 5 von 14 Kommunen; 2024: 7 von 14 Kommunen haben eine etablierte Sozialplanung."
        in texts
    )
    assert "2019: nicht ausweisbar; 2024: nicht ausweisbar bauen sie auf." in texts


def test_the_earlier_waves_table_withholds_what_its_brief_withheld():
    earlier, later = _waves()
    published = published_tables(later, parse_config(CONFIG), earlier)
    own_brief = earlier_wave(earlier, parse_config(CONFIG).rule).get("B1")
    shown = published.earlier_table("B1")
    assert [[c.suppressed for c in r.cells] for r in shown.rows] == [
        [c.suppressed for c in r.cells] for r in own_brief.rows
    ]
    assert shown.cell("im Aufbau", "Anzahl").suppressed


def test_the_attacker_holding_both_waves_recovers_nothing():
    earlier, later = _waves()
    published = published_tables(later, parse_config(CONFIG), earlier)
    before = published.earlier
    assert before is not None
    tables: list[Table] = [*before.disclosure.tables, *published.all()]
    truth: list[Table] = [*before.unsuppressed, *published.unsuppressed()]
    extra = [*before.relations.relations]
    assert recovered(tables, extra, truth) == {}
    assert recovered(tables, extra, truth, nonzero_known=False) == {}


def test_the_html_twin_shows_the_comparison(tmp_path):  # noqa: ANN001
    earlier, later = _waves()
    path = tmp_path / "brief.html"
    write_html(build_document(later, parse_config(CONFIG), earlier), path)
    html = path.read_text(encoding="utf-8")
    assert "2019 und 2024 im Vergleich" in html
    assert "2019: 5 von 14 Kommunen; 2024: 7 von 14 Kommunen" in html


def test_a_comparison_without_the_earlier_wave_says_what_is_missing():
    _, later = _waves()
    with pytest.raises(ConfigError, match="compare braucht die frühere Welle"):
        build_document(later, parse_config(CONFIG))


def test_a_broken_compare_key_is_explained():
    with pytest.raises(ConfigError, match=r"compare.questions\[1\] braucht"):
        parse_config({"compare": {"title": "Vergleich", "questions": [{"question": "B1"}]}})


def test_the_earlier_wave_is_rebuilt_with_the_brief_yaml_it_was_published_with():
    """2019's brief withheld every count under five: the comparison keeps its „nein“ (4)
    withheld, where the default brief printed it."""
    earlier, later = _waves()
    nein = earlier.codebook["B1"].value_labels[4]
    default = published_tables(later, parse_config(CONFIG), earlier)
    assert not default.earlier_table("B1").cell(nein, "Anzahl").suppressed
    strict = parse_config({"disclosure": {"min_units": 5}})
    published = published_tables(later, parse_config(CONFIG), earlier, strict)
    assert published.earlier_table("B1").cell(nein, "Anzahl").suppressed


def test_the_earlier_briefs_crosstabs_are_rebuilt_too():
    earlier, later = _waves()
    sections = {"sections": [{"title": "Planung", "questions": [{"id": "B1", "by": ["type"]}]}]}
    published = published_tables(later, parse_config(CONFIG), earlier, parse_config(sections))
    assert published.earlier is not None
    titles = [table.title for table in published.earlier.disclosure.tables]
    default = published_tables(later, parse_config(CONFIG), earlier).earlier
    assert default is not None
    assert len(titles) == len(default.disclosure.tables) + 1

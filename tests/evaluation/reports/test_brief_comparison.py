"""A brief section compares two waves ("2019: 5 von 14 Kommunen; 2024: 7 von 14 …"), with the
disclosure rule over both waves together: the earlier brief's decisions stand, and the
independent attacker, holding both waves' publications, recovers no withheld count."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import yaml
from brief_data import make_brief_dataset
from integer_attacker import recovered

from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.reports.brief.config import ConfigError, parse_config
from evaluation.reports.brief.content import build_document, published_tables
from evaluation.reports.feedback import FeedbackBuilder
from evaluation.reports.release import Release, earlier_wave_of, release_of
from evaluation.reports.render.html import write_html
from evaluation.reports.waves import PublishedWave, earlier_wave
from evaluation.tables.table import Table

SLUG_2019 = "sozialplanung-2019"
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
    document = build_document(later, parse_config(CONFIG), PublishedWave(earlier))
    texts = _section_text(document)
    assert (
        "2019: 5 von 14 Kommunen; 2024: 7 von 14 Kommunen haben eine etablierte Sozialplanung."
        in texts
    )
    assert "2019: nicht ausweisbar; 2024: nicht ausweisbar bauen sie auf." in texts


def test_the_earlier_waves_table_withholds_what_its_brief_withheld():
    earlier, later = _waves()
    published = published_tables(later, parse_config(CONFIG), PublishedWave(earlier))
    own_brief = earlier_wave(earlier, parse_config(CONFIG).rule).get("B1")
    shown = published.earlier_table("B1")
    assert [[c.suppressed for c in r.cells] for r in shown.rows] == [
        [c.suppressed for c in r.cells] for r in own_brief.rows
    ]
    assert shown.cell("im Aufbau", "Anzahl").suppressed


def test_the_attacker_holding_both_waves_recovers_nothing():
    earlier, later = _waves()
    published = published_tables(later, parse_config(CONFIG), PublishedWave(earlier))
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
    write_html(build_document(later, parse_config(CONFIG), PublishedWave(earlier)), path)
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
    default = published_tables(later, parse_config(CONFIG), PublishedWave(earlier))
    assert not default.earlier_table("B1").cell(nein, "Anzahl").suppressed
    strict = PublishedWave(earlier, "disclosure: {min_units: 5}\n")
    published = published_tables(later, parse_config(CONFIG), strict)
    assert published.earlier_table("B1").cell(nein, "Anzahl").suppressed


def test_the_earlier_briefs_crosstabs_are_rebuilt_too():
    earlier, later = _waves()
    sections = {"sections": [{"title": "Planung", "questions": [{"id": "B1", "by": ["type"]}]}]}
    wave = PublishedWave(earlier, yaml.safe_dump(sections))
    published = published_tables(later, parse_config(CONFIG), wave)
    assert published.earlier is not None
    titles = [table.title for table in published.earlier.disclosure.tables]
    default = published_tables(later, parse_config(CONFIG), PublishedWave(earlier)).earlier
    assert default is not None
    assert len(titles) == len(default.disclosure.tables) + 1


def _released(earlier: Dataset, later: Dataset, wave: PublishedWave | None = None) -> Release:
    """The release of the 2024 brief with the comparison, as a file would carry it."""
    wave = wave or PublishedWave(earlier)
    document = build_document(later, parse_config(CONFIG), wave)
    return Release.from_json(release_of(document, yaml.safe_dump(CONFIG), wave).to_json())


def test_feedback_reports_of_a_comparing_brief_are_built_after_both_waves():
    """A Kommune holds the 2024 brief, which prints 2019's figures: its report is built with
    the same disclosure as that brief, so its all-units column shows the brief's cells."""
    earlier, later = _waves()
    release = _released(earlier, later)
    assert release.earlier is not None and release.earlier.survey == earlier.survey.slug
    builder = FeedbackBuilder.released(later, release, {earlier.survey.slug: earlier}.__getitem__)
    brief = published_tables(later, parse_config(CONFIG), PublishedWave(earlier))
    view = next(v for v in builder.views(later.data.index[0]) if v.caption.startswith("B1 "))
    b1 = brief.get("B1")
    for row in view.rows:
        assert row.cells[1] == b1.cell(row.label, "Gültige %").display()
    assert builder.brief.earlier is not None


def test_feedback_reports_of_a_comparing_brief_need_the_earlier_wave():
    earlier, later = _waves()
    with pytest.raises(EvaluationError, match=f"vergleicht mit der früheren Welle {SLUG_2019}"):
        FeedbackBuilder.released(later, _released(earlier, later))


def _changed(dataset: Dataset) -> Dataset:
    data = dataset.data.copy()
    data.loc[data.index[0], "B1"] = 4.0
    return Dataset(dataset.survey, dataset.codebook, data)


def test_a_comparison_with_an_earlier_wave_whose_answers_changed_is_refused():
    """2019's brief was published from answers that were corrected since: the comparison
    would print 2019 figures no one has seen, so it is refused with the reason."""
    earlier, later = _waves()
    released = published_tables(earlier, parse_config({})).fingerprint()
    build_document(later, parse_config(CONFIG), PublishedWave(earlier, None, released))
    with pytest.raises(EvaluationError, match="ergibt nicht mehr den Ergebnisbericht, der damals"):
        build_document(
            later, parse_config(CONFIG), PublishedWave(_changed(earlier), None, released)
        )


def test_feedback_reports_refuse_when_the_earlier_wave_moved_on():
    earlier, later = _waves()
    release = _released(earlier, later)
    moved = {earlier.survey.slug: _changed(earlier)}.__getitem__
    with pytest.raises(EvaluationError, match=f"frühere Welle {SLUG_2019} ergibt nicht mehr"):
        FeedbackBuilder.released(later, release, moved)


def test_a_third_wave_compares_with_a_second_that_compared_with_the_first():
    """2024 compares with 2022, whose brief compared with 2019: 2022's brief is rebuilt after
    2019's, checked against what it printed, and the release records the whole chain."""
    first, second = _waves()
    second = Dataset(
        replace(second.survey, slug="sozialplanung-2022"), second.codebook, second.data
    )
    third = Dataset(replace(second.survey, slug="sozialplanung-2024"), second.codebook, first.data)
    wave_2019 = PublishedWave(first, None, published_tables(first, parse_config({})).fingerprint())
    brief_2022 = build_document(second, parse_config(CONFIG), wave_2019)
    release_2022 = release_of(brief_2022, yaml.safe_dump(CONFIG), wave_2019)
    loads = {first.survey.slug: first, second.survey.slug: second}.__getitem__
    wave_2022 = PublishedWave(
        second, release_2022.config, release_2022.fingerprint, earlier_wave_of(release_2022, loads)
    )

    document = build_document(third, parse_config(CONFIG), wave_2022)

    release = release_of(document, yaml.safe_dump(CONFIG), wave_2022)
    assert release.earlier is not None and release.earlier.earlier is not None
    assert [release.earlier.survey, release.earlier.earlier.survey] == [
        "sozialplanung-2022",
        SLUG_2019,
    ]
    builder = FeedbackBuilder.released(third, Release.from_json(release.to_json()), loads)
    assert builder.brief.fingerprint() == document.fingerprint
    with pytest.raises(EvaluationError, match=f"frühere Welle {SLUG_2019} ergibt nicht mehr"):
        moved = {**{first.survey.slug: _changed(first)}, second.survey.slug: second}.__getitem__
        FeedbackBuilder.released(third, release, moved)


def _three_waves() -> tuple[Dataset, Dataset, Dataset]:
    """2019 and 2024 as above, and 2022 between them: 6 etabliert, 2 im Aufbau, 2 in Planung."""
    first, last = _waves()
    data = first.data.copy()
    data["B1"] = [1.0] * 6 + [2.0] * 2 + [3.0] * 2 + [4.0] * 4
    info = replace(first.survey, slug="sozialplanung-2022", opens_on=date(2022, 5, 1))
    return first, Dataset(info, first.codebook, data), last


def _fingerprint(dataset: Dataset) -> str:
    return published_tables(dataset, parse_config({})).fingerprint()


THREE = {**CONFIG, "compare": {**CONFIG["compare"], "waves": 2}}


def test_a_third_wave_compares_with_both_earlier_waves():
    """2024 beside 2022 and 2019, though 2022's brief compared with nothing: one sentence
    per question over the three waves, the oldest first, each from its own brief's cells."""
    first, second, third = _three_waves()
    wave_2019 = PublishedWave(first, None, _fingerprint(first))
    wave_2022 = PublishedWave(second, None, _fingerprint(second), wave_2019)

    document = build_document(third, parse_config(THREE), wave_2022)

    texts = [block.text for s in document.sections for block in s.blocks if hasattr(block, "text")]
    assert (
        "2019: 5 von 14 Kommunen; 2022: 6 von 14 Kommunen; 2024: 7 von 14 Kommunen haben eine "
        "etablierte Sozialplanung." in texts
    )
    release = release_of(document, yaml.safe_dump(THREE), wave_2022)
    assert release.earlier is not None and release.earlier.earlier is not None
    assert release.earlier.earlier.survey == SLUG_2019
    loads = {first.survey.slug: first, second.survey.slug: second}.__getitem__
    builder = FeedbackBuilder.released(third, Release.from_json(release.to_json()), loads)
    assert builder.brief.fingerprint() == document.fingerprint


def test_the_attacker_holding_all_three_waves_recovers_nothing():
    first, second, third = _three_waves()
    wave_2022 = PublishedWave(second, earlier=PublishedWave(first))
    published = published_tables(third, parse_config(THREE), wave_2022)
    waves = published.earlier_waves
    assert [wave.dataset.survey.slug for wave in waves] == ["sozialplanung-2022", SLUG_2019]
    tables: list[Table] = [t for w in waves for t in w.disclosure.tables] + published.all()
    truth: list[Table] = [t for w in waves for t in w.unsuppressed] + published.unsuppressed()
    extra = [relation for w in waves for relation in w.relations.relations]
    assert recovered(tables, extra, truth) == {}
    assert recovered(tables, extra, truth, nonzero_known=False) == {}


def test_a_comparison_over_more_waves_than_the_series_has_is_refused():
    first, second, third = _three_waves()
    with pytest.raises(ConfigError, match="compare.waves verlangt eine Welle vor sozialplanung"):
        build_document(third, parse_config(THREE), PublishedWave(second))
    with pytest.raises(ConfigError, match=r"compare.waves ist die Zahl der früheren Wellen"):
        parse_config({"compare": {**CONFIG["compare"], "waves": 0}})

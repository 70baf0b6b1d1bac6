"""Two waves in one publication: the earlier wave's figures kept apart from this wave's, and
its publication's decisions kept.

A reader of a comparison holds the earlier wave's brief too. So the earlier wave's tables are
rebuilt as its brief published them (every question's table, the crosstabs its sections showed,
the response, the respondents by type) and suppressed by its brief's rule in one `Disclosure`:
the brief.yaml it was published with, when it was (`published_tables(earlier_config=…)`). This
wave's publication is then made
`after` it, so a figure the earlier brief withheld stays withheld in the comparison, one it
printed stays printed, and the check for figures that sums pin down runs over the lines of
both waves. The earlier wave's figures carry the wave in their population (`tag`), so
"Landkreise with B1 = ja in 2019" is never taken for the same figure in 2024.

The earlier wave comes as a `PublishedWave`: its answers, the brief.yaml its brief was
published with and that brief's fingerprint. The figures a reader holds are those printed then,
so a rebuild from answers that changed since (or with another brief.yaml) would compare with a
brief no one has seen: `published_tables` rebuilds the earlier brief, compares its fingerprint
and refuses (`EARLIER_CHANGED`). A wave's brief that compared with its own earlier wave is
rebuilt after that one, so a chain of waves (2024 after 2022 after 2019) is covered at once.
The earlier brief is built once, marked, and its fingerprint taken of that build; its number of
respondents is published ahead of its tables (`_respondents_public`), as the rule treats the
unmarked one.

This uses only the public `Disclosure(tables, rule, after=…, hidden=…)`: the rule itself is
unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from evaluation import german
from evaluation.dataset import Dataset
from evaluation.disclosure import RESPONDENTS, Disclosure, DisclosureRule
from evaluation.reader import reader_relations
from evaluation.tables.response import respondents_by_type, response_table
from evaluation.tables.standard import question_table
from evaluation.tables.table import Cell, FigureId, Row, Table
from evaluation.tables.two_questions import breakdown

WAVE = "welle"
EARLIER_CHANGED = (
    "Die frühere Welle {slug} ergibt nicht mehr den Ergebnisbericht, der damals veröffentlicht "
    "wurde (ihre Antworten haben sich seitdem geändert, oder er wurde mit einer anderen "
    "brief.yaml erstellt). Ein Vergleich zeigt die Zahlen, die ihre Leser haben: bitte die "
    "Antworten der früheren Welle prüfen oder ihren Ergebnisbericht neu veröffentlichen."
)


@dataclass(frozen=True)
class PublishedWave:
    """An earlier wave as its brief was published: `config` the brief.yaml's text (None: the
    default brief), `fingerprint` that of every cell the brief printed or withheld (None: no
    brief of it is out, so this one is the first to print its figures), `earlier` the wave its
    own brief compared with."""

    dataset: Dataset
    config: str | None = None
    fingerprint: str | None = None
    earlier: PublishedWave | None = None

    @property
    def slug(self) -> str:
        return self.dataset.survey.slug


def tag_figure(figure: FigureId, wave: str) -> FigureId:
    return figure.within(((WAVE, wave),))


def tag(table: Table, wave: str) -> Table:
    """The table with every figure it names marked as the wave's own."""

    def cell(c: Cell) -> Cell:
        return c if c.figure is None else replace(c, figure=tag_figure(c.figure, wave))

    rows = tuple(replace(r, cells=tuple(cell(c) for c in r.cells)) for r in table.rows)
    relations = tuple(
        tuple(tag_figure(f, wave) if isinstance(f, FigureId) else f for f in relation)
        for relation in table.relations
    )
    return replace(table, rows=rows, relations=relations)


def wave_label(dataset: Dataset) -> str:
    """How the brief names a wave: the year of its first field day, else its short name."""
    info = dataset.survey
    return str(info.opens_on.year) if info.opens_on else info.slug


def wave_labels(*waves: Dataset) -> tuple[str, ...]:
    """How the brief names waves apart: by year; by first field day when two opened in the
    same year; else by short name."""
    years = tuple(wave_label(wave) for wave in waves)
    if len(set(years)) == len(years):
        return years
    days = tuple(german.day(wave.survey.opens_on) for wave in waves)
    if all(days) and len(set(days)) == len(days):
        return days
    return tuple(wave.survey.slug for wave in waves)


@dataclass(frozen=True)
class EarlierWave:
    """The earlier wave as its brief published it."""

    dataset: Dataset
    disclosure: Disclosure
    #: Each question's table as the earlier brief published it, and before suppression.
    tables: dict[str, Table]
    internal: dict[str, Table]
    relations: Table
    #: Every table of the earlier publication before suppression, in the disclosure's order.
    unsuppressed: tuple[Table, ...] = ()

    @property
    def label(self) -> str:
        return wave_label(self.dataset)

    def get(self, question_id: str) -> Table:
        return self.tables[question_id]


def earlier_wave(
    dataset: Dataset,
    rule: DisclosureRule,
    crosstabs: Iterable[tuple[str, str]] = (),
    before: EarlierWave | None = None,
) -> EarlierWave:
    """The earlier wave's tables through its brief's rule, in the order its brief made them
    (`Published`), its figures marked as that wave's. `crosstabs`: the (question, breakdown)
    pairs its brief's sections showed; `before`: the wave that brief compared with, whose
    publication it was made after."""
    slug = dataset.survey.slug
    keys = dataset.codebook.published_question_ids()
    internal = [question_table(dataset, key) for key in keys]
    internal += [breakdown(dataset, question, by) for question, by in dict.fromkeys(crosstabs)]
    if dataset.survey.response:
        internal.append(response_table(dataset))
    internal.append(respondents_by_type(dataset))
    tagged = [tag(table, slug) for table in internal]
    relations = tag(reader_relations(dataset, internal), slug)
    after = _respondents_public(tagged, rule, before.disclosure if before else None, slug)
    disclosure = Disclosure(tagged, rule, after=after, hidden=[relations])
    tables = dict(zip(keys, disclosure.tables, strict=False))
    internal_tables = dict(zip(keys, tagged, strict=False))
    return EarlierWave(dataset, disclosure, tables, internal_tables, relations, tuple(tagged))


def _respondents_public(
    tables: Iterable[Table], rule: DisclosureRule, after: Disclosure | None, slug: str
) -> Disclosure | None:
    """`after`, with the wave's number of respondents published first, as its brief printed it.

    The rule knows all respondents by name (`disclosure.RESPONDENTS`) and never withholds it to
    protect another figure: the brief prints it as the response. Marked as the earlier wave's,
    it would be a total like any other, and withholding it takes nearly every figure of the
    wave along, so the comparison would show "." where the earlier brief's readers hold
    numbers. Published ahead of the wave's tables, it is left alone as in the brief."""
    figure = tag_figure(RESPONDENTS, slug)
    cell = next(
        (c for table in tables for row in table.rows for c in row.cells if c.figure == figure),
        None,
    )
    if cell is None:
        return after
    alone = replace(cell, depends=(), base=None)
    table = Table("", "", ("",), (Row("", (alone,), "total"),), 0, 0)
    return Disclosure([table], rule, after=after)

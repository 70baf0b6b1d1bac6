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

This uses only the public `Disclosure(tables, rule, after=…, hidden=…)`: the rule itself is
unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from evaluation.dataset import Dataset
from evaluation.disclosure import Disclosure, DisclosureRule
from evaluation.reader import reader_relations
from evaluation.tables.response import respondents_by_type, response_table
from evaluation.tables.standard import question_table
from evaluation.tables.table import Cell, FigureId, Table
from evaluation.tables.two_questions import breakdown

WAVE = "welle"


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
    dataset: Dataset, rule: DisclosureRule, crosstabs: Iterable[tuple[str, str]] = ()
) -> EarlierWave:
    """The earlier wave's tables through its brief's rule, in the order its brief made them
    (`Published`), its figures marked as that wave's. `crosstabs`: the (question, breakdown)
    pairs its brief's sections showed."""
    slug = dataset.survey.slug
    keys = dataset.codebook.published_question_ids()
    internal = [question_table(dataset, key) for key in keys]
    internal += [breakdown(dataset, question, by) for question, by in dict.fromkeys(crosstabs)]
    if dataset.survey.response:
        internal.append(response_table(dataset))
    internal.append(respondents_by_type(dataset))
    tagged = [tag(table, slug) for table in internal]
    relations = tag(reader_relations(dataset, internal), slug)
    disclosure = Disclosure(tagged, rule, hidden=[relations])
    tables = dict(zip(keys, disclosure.tables, strict=False))
    return EarlierWave(
        dataset, disclosure, tables, dict(zip(keys, tagged, strict=False)), relations
    )

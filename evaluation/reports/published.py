"""The figures of one publication: every table it prints, through disclosure control at once.

The brief publishes them, and the feedback reports build on the brief's publication (a Kommune
holds both), so both ask this one object for a figure and never compute a published one again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from evaluation.codebook import QuestionKind
from evaluation.dataset import Dataset
from evaluation.disclosure import Disclosure, DisclosureRule
from evaluation.reader import reader_relations
from evaluation.reports.views import published_count
from evaluation.reports.waves import EarlierWave
from evaluation.tables.response import respondents_by_type, response_table
from evaluation.tables.standard import question_table
from evaluation.tables.table import Table
from evaluation.tables.two_questions import breakdown


class Published:
    """Every table the brief publishes, suppressed together in one `Disclosure`.

    The standard table of each question, the crosstabs the sections show, the response table
    and the response by type all go through the rule at once, so the sections, the sentences,
    the key figure, the method box and the appendix show the same cells, and a figure (a valid
    n, a count) withheld in one of them is withheld in every other. `crosstabs` lists the
    (question, breakdown) pairs the sections will ask for.
    """

    def __init__(
        self,
        dataset: Dataset,
        rule: DisclosureRule,
        crosstabs: Iterable[tuple[str, str]] = (),
        earlier: EarlierWave | None = None,
        compared: Iterable[str] = (),
    ) -> None:
        self.dataset = dataset
        self.rule = rule
        self.earlier = earlier
        internal: dict[tuple[str, ...], Table] = {}
        for key in dataset.codebook.published_question_ids():
            internal[("table", key)] = question_table(dataset, key)
        for question, by in crosstabs:
            internal.setdefault(("crosstab", question, by), breakdown(dataset, question, by))
        if dataset.survey.response:
            internal[("response",)] = response_table(dataset)
        internal[("by type",)] = respondents_by_type(dataset)
        tables = list(internal.values())
        self.disclosure = Disclosure(
            tables,
            rule,
            after=earlier.disclosure if earlier is not None else None,
            hidden=[reader_relations(dataset, tables)],
        )
        self._tables = dict(zip(internal, self.disclosure.tables, strict=True))
        self._internal = internal
        # The earlier wave's tables the comparison shows, as its own brief published them: its
        # readers hold them already, under that brief's rule, whatever this brief's rule is.
        if earlier is not None:
            for question in compared:
                self._tables[("earlier", question)] = earlier.tables[question]
                self._internal[("earlier", question)] = earlier.internal[question]

    def kind(self, question_id: str) -> QuestionKind:
        return self.dataset.codebook.kind(question_id)

    def get(self, question_id: str) -> Table:
        return self._tables[("table", question_id)]

    def crosstab(self, question_id: str, by: str) -> Table:
        return self._tables[("crosstab", question_id, by)]

    def earlier_table(self, question_id: str) -> Table:
        """The earlier wave's table of a compared question, as published beside this wave's."""
        return self._tables[("earlier", question_id)]

    def response(self) -> Table | None:
        return self._tables.get(("response",))

    def by_type(self) -> Table:
        return self._tables[("by type",)]

    def every(self) -> list[Table]:
        """Every standard table in questionnaire order, as `tables.standard.all_tables`."""
        return [self.get(key) for key in self.dataset.codebook.published_question_ids()]

    def all(self) -> list[Table]:
        """Every published table of the brief, whatever part of it shows the table."""
        return list(self._tables.values())

    def fingerprint(self) -> str:
        """Every cell of every published table as printed ("." where withheld), hashed: what
        a release of the brief records (`evaluation.reports.release`)."""
        digest = hashlib.sha256()
        for table in self.all():
            digest.update(table.title.encode())
            for row in table.rows:
                cells = "\x1f".join(cell.display() for cell in row.cells)
                digest.update(f"\x1e{row.label}\x1d{cells}".encode())
        return digest.hexdigest()

    def unsuppressed(self) -> list[Table]:
        """The tables of `all` before disclosure control, in the same order: for checks that
        compare what a reader could work out with the true figures, never for output."""
        return list(self._internal.values())


def published_total(published: Published) -> int | None:
    """The number of responding Kommunen, as published (None if withheld)."""
    return published_count(published.by_type().rows[-1].cells[0])

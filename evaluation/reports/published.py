"""The figures of one publication: every table it prints, through disclosure control at once.

The brief publishes them, and the feedback reports build on the brief's publication (a Kommune
holds both), so both ask this one object for a figure and never compute a published one again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from evaluation.codebook import QuestionKind
from evaluation.dataset import Dataset
from evaluation.disclosure import Disclosure, DisclosureRule
from evaluation.reader import reader_relations
from evaluation.reports.fingerprint import fingerprint_of
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
        earlier: Sequence[EarlierWave] = (),
        compared: Iterable[str] = (),
        earlier_fingerprints: tuple[str, ...] = (),
    ) -> None:
        self.dataset = dataset
        self.rule = rule
        #: The earlier waves a comparison shows, the nearest first; each rebuilt after the
        #: ones before it, so this publication, made after the nearest, is after them all.
        self.earlier_waves = tuple(earlier)
        #: The fingerprints of the earlier waves' briefs this one was made after, the nearest
        #: first: what its release records of them.
        self.earlier_fingerprints = earlier_fingerprints
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
            after=self.earlier.disclosure if self.earlier is not None else None,
            hidden=[reader_relations(dataset, tables)],
        )
        self._tables = dict(zip(internal, self.disclosure.tables, strict=True))
        self._internal = internal
        # The earlier wave's tables the comparison shows, as its own brief published them: its
        # readers hold them already, under that brief's rule, whatever this brief's rule is.
        for number, wave in enumerate(self.earlier_waves):
            for question in compared:
                place = _earlier_key(question, number)
                self._tables[place] = wave.tables[question]
                self._internal[place] = wave.internal[question]

    @property
    def earlier(self) -> EarlierWave | None:
        """The nearest earlier wave a comparison shows."""
        return self.earlier_waves[0] if self.earlier_waves else None

    def kind(self, question_id: str) -> QuestionKind:
        return self.dataset.codebook.kind(question_id)

    def get(self, question_id: str) -> Table:
        return self._tables[("table", question_id)]

    def crosstab(self, question_id: str, by: str) -> Table:
        return self._tables[("crosstab", question_id, by)]

    def earlier_table(self, question_id: str, number: int = 0) -> Table:
        """An earlier wave's table of a compared question (`number` 0: the nearest), as
        published beside this wave's."""
        return self._tables[_earlier_key(question_id, number)]

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
        return fingerprint_of(self.all())

    def unsuppressed(self) -> list[Table]:
        """The tables of `all` before disclosure control, in the same order: for checks that
        compare what a reader could work out with the true figures, never for output."""
        return list(self._internal.values())


def _earlier_key(question_id: str, number: int) -> tuple[str, ...]:
    """Where an earlier wave's table sits (the nearest as before chains, so its fingerprint
    stays that of a brief comparing with one wave)."""
    return ("earlier", question_id) if number == 0 else ("earlier", question_id, str(number))


def published_total(published: Published) -> int | None:
    """The number of responding Kommunen, as published (None if withheld)."""
    return published_count(published.by_type().rows[-1].cells[0])

"""Feedback report per Kommune: its own answers beside the distribution of all units and of
its peer group, under the same disclosure rule as the brief.

The peer group is the units of the same type in the same Land when there are at least
`PEER_MIN` of them, else all units of the same type, else none. The comparison figures of all
units are the brief's own published tables; those of the peer groups are computed on the whole
group (the unit itself included) and suppressed together in one `Disclosure` that builds on the
brief's: a Kommune holds both its report and the public brief, so a figure the brief withholds
(the count of a type, shown in a crosstab by type) stays withheld in every report, and the
figures the brief publishes count as known when the reports' cells are chosen. Reports of
different Kommunen may be pooled, so the run also records how the groups nest (a type is the sum
of its Land × type groups) and carries the groups no report prints as hidden tables: a small
group left over when the Land peer groups are taken from their type stays undeterminable. The
report names only the Kommune it is written for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

import pandas as pd
from reportlab.platypus import Flowable

from evaluation import german
from evaluation.codebook import Variable
from evaluation.dataset import Dataset
from evaluation.disclosure import Disclosure, DisclosureRule
from evaluation.errors import EvaluationError
from evaluation.reader import reader_relations
from evaluation.reports.brief.config import BriefConfig, parse_config_text
from evaluation.reports.brief.content import published_tables
from evaluation.reports.model import TableRow, TableView
from evaluation.reports.published import Published, published_total
from evaluation.reports.release import LoadWave, Release, published_for
from evaluation.reports.render.pdf import build_pdf
from evaluation.reports.render.pdf_styles import brief_styles, para
from evaluation.reports.render.pdf_tables import table_flowables
from evaluation.reports.sentences import kommunen
from evaluation.reports.views import first_row, published_number, short_label
from evaluation.tables.standard import question_table
from evaluation.tables.table import FigureId, Population, Table

PEER_MIN = 5
#: Statistics that add up over disjoint groups of units (a count, a base, a sum).
ADDITIVE = frozenset(
    {"count", "valid", "shown", "no answer", "not shown", "no value", "units"}
    | {"sum", "top2", "bottom2"}
)
MINE = "X"
NOT_AVAILABLE = "–"
GUIDE = (
    "So lesen Sie diesen Bericht: Zu jeder Frage steht in der ersten Spalte die Antwort Ihrer "
    "Kommune (X). Daneben stehen die Anteile unter allen teilnehmenden Kommunen und in der "
    "Vergleichsgruppe, jeweils in Prozent der gültigen Antworten. „.“ bedeutet, dass ein Wert "
    "gesperrt ist, weil er auf weniger als {n} Kommunen beruht oder sich ein solcher Wert aus "
    "ihm errechnen ließe; „–“ bedeutet, dass es keine ausreichend große Vergleichsgruppe gibt. "
    "Der Bericht ist nur für Ihre Kommune bestimmt."
)


@dataclass(frozen=True)
class Peers:
    label: str
    dataset: Dataset | None
    population: Population = ()


def subset(dataset: Dataset, mask: pd.Series) -> Dataset:
    """The same survey restricted to some units (a peer group)."""
    return Dataset(dataset.survey, dataset.codebook, dataset.data[mask.to_numpy()])


class FeedbackBuilder:
    """Builds the reports of one survey; tables of all units and of each peer group are
    computed and suppressed once, together, and shared by every report that needs them.

    `config` is the brief's (its sections decide which crosstabs the brief publishes, which
    the reports must agree with); `rule`, if given, overrides the config's rule. Reports meant
    for the Kommunen are built with `released`, against the brief as it was published.
    """

    def __init__(
        self,
        dataset: Dataset,
        rule: DisclosureRule | None = None,
        config: BriefConfig | None = None,
        brief: Published | None = None,
    ) -> None:
        self.dataset = dataset
        config = config or BriefConfig()
        self.rule = rule or config.rule
        if self.rule != config.rule:
            config = replace(config, rule=self.rule)
        self.brief = brief or published_tables(dataset, config)
        self._peers: dict[tuple[str, str], Peers] = {}
        self.questions = _questions(dataset)
        groups = {peers.label: peers for peers in map(self.peers, dataset.data.index)}
        internal: dict[tuple[str, str], Table] = {}
        for peers in groups.values():
            if peers.dataset is not None:
                for question in self.questions:
                    table = question_table(peers.dataset, question).within(peers.population)
                    internal[(peers.label, question)] = table
        tables = list(internal.values())
        hidden = [*self._nesting(tables), reader_relations(dataset, tables)]
        self.disclosure = Disclosure(tables, self.rule, after=self.brief.disclosure, hidden=hidden)
        self._tables = dict(zip(internal, self.disclosure.tables, strict=True))

    @classmethod
    def released(
        cls, dataset: Dataset, release: Release, load: LoadWave | None = None
    ) -> FeedbackBuilder:
        """The reports for the brief as released: its brief.yaml, the same decisions, made
        after the earlier waves it compared with (their answers read by `load`), or an
        `EvaluationError` when the answers no longer give that brief."""
        brief = published_for(dataset, release, load)
        return cls(dataset, config=parse_config_text(release.config), brief=brief)

    def _nesting(self, tables: list[Table]) -> list[Table]:
        """The tables of the groups no report prints, and the sums that tie the groups together.

        Per additive figure (a count, a base, a sum): the figure of a type is the sum of its
        Land × type groups, that of a Land the sum of its types, and that of all units the sum
        of the types and of the Länder. Groups no report prints
        (too small to be a peer group, a type or Land of its own) enter as tables that are never
        printed, so their figures are unknowns with the units they rest on; where a type's
        peer groups by Land leave more than one Land over, the rest of the type is a group too,
        since a reader gets it as the type minus the printed Länder.
        """
        data = self.dataset.data
        pairs = sorted(set(zip(data["land"], data["type"], strict=True)))
        shown = {
            cell.figure.population
            for table in tables
            for row in table.rows
            for cell in row.cells
            if cell.figure is not None
        }
        hidden: list[Table] = []

        def group(mask: pd.Series, population: Population) -> None:
            if population not in shown and mask.any():
                part = subset(self.dataset, mask)
                hidden.extend(question_table(part, q).within(population) for q in self.questions)

        lands = sorted({land for land, _ in pairs})
        kinds = sorted({kind for _, kind in pairs})
        rests: dict[str, tuple[list[str], Population]] = {}
        for land, kind in pairs:
            mask = (data["land"] == land) & (data["type"] == kind)
            group(mask, (("land", land), ("type", kind)))
        for kind in kinds:
            group(data["type"] == kind, (("type", kind),))
            left = [
                land
                for land, k in pairs
                if k == kind and (("land", land), ("type", kind)) not in shown
            ]
            if 1 < len(left) < sum(k == kind for _, k in pairs):
                population: Population = (("land", " + ".join(left)), ("type", kind))
                group((data["type"] == kind) & data["land"].isin(left), population)
                rests[kind] = (left, population)
        for land in lands:
            group(data["land"] == land, (("land", land),))
        figures = {
            cell.figure
            for q in self.questions
            for table in [question_table(self.dataset, q)]
            for row in table.rows
            for cell in row.cells
            if cell.figure is not None and cell.figure.statistic in ADDITIVE
        }
        relations: list[tuple[FigureId, ...]] = []
        for figure in sorted(figures, key=str):
            for kind in kinds:
                parts = [_at(figure, ("land", la), ("type", kind)) for la, k in pairs if k == kind]
                relations.append((*parts, _at(figure, ("type", kind))))
                if kind in rests:
                    left, population = rests[kind]
                    parts = [_at(figure, ("land", la), ("type", kind)) for la in left]
                    relations.append((*parts, _at(figure, *population)))
            for land in lands:
                parts = [_at(figure, ("land", land), ("type", k)) for la, k in pairs if la == land]
                relations.append((*parts, _at(figure, ("land", land))))
            relations.append((*(_at(figure, ("type", kind)) for kind in kinds), figure))
            relations.append((*(_at(figure, ("land", land)) for land in lands), figure))
        sums = Table("", "", (), (), 0, 0, relations=tuple(relations))
        return [*hidden, sums]

    def peers(self, ags: str) -> Peers:
        data = self.dataset.data
        land, kind = data["land"][ags], data["type"][ags]
        key = (land, kind)
        if key not in self._peers:
            same_type = data["type"] == kind
            same_land = same_type & (data["land"] == land)
            if same_land.sum() >= PEER_MIN:
                label = f"Kommunen des Typs „{kind}“ in {land}"
                population = (("land", land), ("type", kind))
                peers = Peers(label, subset(self.dataset, same_land), population)
            elif same_type.sum() >= PEER_MIN:
                label = f"alle Kommunen des Typs „{kind}“"
                peers = Peers(label, subset(self.dataset, same_type), (("type", kind),))
            else:
                peers = Peers("keine (zu wenige Kommunen gleichen Typs)", None)
            self._peers[key] = peers
        return self._peers[key]

    def views(self, ags: str) -> Iterator[TableView]:
        peers = self.peers(ags)
        # The AGS index is unique, so one label is one row (pandas-stubs cannot know that).
        row = cast(pd.Series, self.dataset.data.loc[ags])
        for question in self.questions:
            everyone = self.brief.get(question)
            group = self._tables[(peers.label, question)] if peers.dataset else None
            yield _view(self.dataset, question, row, everyone, group)

    def write(self, ags: str, target: str | Path) -> None:
        if ags not in self.dataset.data.index:
            raise EvaluationError(f"Die Kommune {ags} hat an der Umfrage nicht teilgenommen.")
        styles = brief_styles()
        name = self.dataset.data["name"][ags]
        title = f"Rückmeldebericht für {name}"
        peers = self.peers(ags)
        story: list[Flowable] = [
            para(title, styles["title"]),
            para(self.dataset.survey.title, styles["subline"]),
            para(GUIDE.format(n=self.rule.min_units), styles["text"]),
            para(f"Vergleichsgruppe: {peers.label}.", styles["text"]),
            para(self._participants(), styles["text"]),
        ]
        for view in self.views(ags):
            story += table_flowables(view, styles)
        build_pdf(
            story,
            target,
            title=title,
            author="Forschungsteam",
            subject=f"Rückmeldung zur Befragung „{self.dataset.survey.title}“",
        )

    def _participants(self) -> str:
        total = published_total(self.brief)
        if total is None:
            return "Alle Kommunen: alle teilnehmenden Kommunen (Anzahl gesperrt)."
        return f"Alle Kommunen: {kommunen(total)} haben teilgenommen."

    def write_all(self, directory: str | Path) -> list[Path]:
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for ags in self.dataset.data.index:
            path = folder / f"rueckmeldung-{ags}.pdf"
            self.write(ags, path)
            paths.append(path)
        return paths


def _at(figure: FigureId, *population: tuple[str, str | int]) -> FigureId:
    """The same figure of another group of units."""
    return replace(figure, population=tuple(sorted(population, key=str)))


def _questions(dataset: Dataset) -> list[str]:
    """The questions a report compares: every one with figures (open answers have none)."""
    codebook = dataset.codebook
    return [q for q in codebook.published_question_ids() if codebook.kind(q) != "text"]


def _pct(table: Table | None, label: str, column: str) -> str:
    if table is None:
        return NOT_AVAILABLE
    try:
        cell = table.cell(label, column)
    except KeyError:
        return NOT_AVAILABLE
    return cell.display() if cell.value is not None or cell.suppressed else NOT_AVAILABLE


def _own(variable: Variable, value: float | None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    code = int(value)
    return variable.label_of(code) or str(code)


def _view(
    dataset: Dataset, question: str, row: pd.Series, everyone: Table, group: Table | None
) -> TableView:
    kind = dataset.codebook.kind(question)
    header = ("Ihre Kommune", "Alle Kommunen %", "Vergleichsgruppe %")
    rows: list[TableRow] = []
    notes = ["Prozent der gültigen Antworten; „.“ = gesperrt."]
    if kind == "single":
        variable = dataset.codebook[question]
        own = row[question]
        for table_row in everyone.rows:
            if table_row.kind != "value":
                continue
            mine = MINE if own == table_row.code else ""
            rows.append(
                TableRow(
                    table_row.label,
                    (
                        mine,
                        _pct(everyone, table_row.label, "Gültige %"),
                        _pct(group, table_row.label, "Gültige %"),
                    ),
                )
            )
        if own in variable.missing_codes:
            notes.insert(0, f"Ihre Angabe: {variable.missing_codes[int(own)]}.")
    elif kind == "multiple":
        members = {m.label: m for m in dataset.codebook.group(question)}
        for table_row in everyone.rows:
            if table_row.kind != "value":
                continue
            member = members[table_row.label]
            mine = MINE if row[member.name] == 1 else ""
            rows.append(
                TableRow(
                    short_label(everyone, table_row.label),
                    (
                        mine,
                        _pct(everyone, table_row.label, "% der Fälle"),
                        _pct(group, table_row.label, "% der Fälle"),
                    ),
                )
            )
        notes = ["Prozent der Kommunen mit Angabe; Mehrfachnennungen möglich; „.“ = gesperrt."]
    elif kind == "matrix":
        items = dataset.codebook.group(question)
        column = "Top-2" if "Top-2" in everyone.columns else None
        header = ("Ihre Antwort", "Alle Kommunen: Top-2 %", "Vergleichsgruppe: Top-2 %")
        for item, table_row in zip(
            items, [r for r in everyone.rows if r.kind == "value"], strict=True
        ):
            cells = (
                _own(item, row[item.name]),
                _pct(everyone, table_row.label, column) if column else NOT_AVAILABLE,
                _pct(group, table_row.label, column) if column else NOT_AVAILABLE,
            )
            rows.append(TableRow(short_label(everyone, table_row.label), cells))
        if column:
            top = (
                list(everyone.top_points)
                or everyone.columns[: everyone.columns.index("Top-2")][-2:]
            )
            notes = [f"Top-2: Anteil „{top[0]}“ und „{top[1]}“ an den gültigen Antworten."]
    else:
        variable = dataset.codebook[question]
        own = row[question]
        value = (
            german.figure(float(own), "number", variable.decimals)
            if own is not None and not pd.isna(own) and own not in variable.missing_codes
            else _own(variable, own)
        )
        header = ("Ihre Kommune", "Alle Kommunen", "Vergleichsgruppe")
        for label in ("Mittelwert", "Median"):
            rows.append(
                TableRow(
                    label,
                    (
                        value if label == "Mittelwert" else "",
                        _pct(everyone, label, "Wert"),
                        _pct(group, label, "Wert"),
                    ),
                )
            )
        notes = ["Ihre Kommune: Ihr Wert; daneben Mittelwert und Median der Gruppen."]
    n_all = first_row(everyone, "total")
    base = published_number(n_all.cells[0]) if n_all else None
    if base is not None and kind != "matrix":
        notes.append(f"Alle Kommunen: Basis {german.number(base)}.")
    return TableView(
        caption=everyone.title,
        stub="Antwort" if kind != "numbers" else "Kennzahl",
        header=header,
        rows=tuple(rows),
        footnotes=tuple(notes),
    )

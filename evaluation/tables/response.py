"""Response: frame, invitations and submissions by Land × type, and the respondents by type
the brief's method box prints."""

from __future__ import annotations

import numpy as np

from evaluation.dataset import Dataset
from evaluation.survey import SurveyInfo
from evaluation.tables.categories import categories
from evaluation.tables.parts import Builder, percent_of
from evaluation.tables.table import Cell, FigureId, Row, Table


def response_table(dataset: Dataset) -> Table:
    """Frame, invitations sent, submitted responses and response rate by Land × type.

    Frame and invitation counts are public (which Kommunen exist) and are not subject to
    disclosure control; the submitted counts are. They add up to the responses by type, which
    the brief's method box prints: the table records that relation, so a suppressed Land × type
    count cannot be worked out from the type's total printed elsewhere.
    """
    info = dataset.survey
    builder = Builder()
    submitted_rows = []
    for cell in info.response:
        figure = respondents(dataset, cell.submitted, land=cell.land, kind=cell.type)
        rate = percent_of(cell.submitted, cell.frame)
        submitted_rows.append(
            builder.add(
                f"{cell.land} – {cell.type}",
                (
                    Cell(cell.frame, "count"),
                    Cell(cell.invited, "count"),
                    Cell(cell.submitted, "count", cell.submitted, figure=figure),
                    Cell(rate, "percent", cell.submitted, figure=figure),
                ),
            )
        )
    figure = respondents(dataset, info.submitted)
    total = builder.add(
        "Insgesamt",
        (
            Cell(info.frame, "count"),
            Cell(info.invited, "count"),
            Cell(info.submitted, "count", info.submitted, figure=figure),
            Cell(info.response_rate, "percent", info.submitted, figure=figure),
        ),
        "total",
    )
    builder.line([*submitted_rows, total], column=2)
    by_type: dict[str, list[FigureId]] = {}
    for cell in info.response:
        figure = respondents(dataset, cell.submitted, land=cell.land, kind=cell.type)
        by_type.setdefault(cell.type, []).append(figure)
    relations = tuple(
        (*parts, respondents(dataset, _submitted(info, kind), kind=kind))
        for kind, parts in sorted(by_type.items())
    )
    return Table(
        title="Rücklauf nach Land und Typ",
        question="",
        columns=("Grundgesamtheit", "Eingeladen", "Abgeschlossen", "Rücklaufquote %"),
        rows=tuple(builder.rows),
        base_shown=info.frame,
        base_valid=info.submitted,
        footnotes=(
            f"{info.submitted} von {info.frame} Kommunen haben den Fragebogen abgeschlossen.",
        ),
        kind="response",
        variable="",
        lines=tuple(builder.lines),
        relations=relations,
    )


def _submitted(info: SurveyInfo, kind: str) -> int:
    return sum(cell.submitted for cell in info.response if cell.type == kind)


def respondents(
    dataset: Dataset, submitted: int, land: str | None = None, kind: str | None = None
) -> FigureId:
    """The figure of a count of submitted responses (all, or of one Land and/or type).

    It is the same figure as "Insgesamt" of every table computed on those units, as long as
    the data hold exactly the submitted responses; a cleaned workbook that dropped or moved a
    unit makes the survey's count a figure of its own, so two different values never share one
    name.
    """
    mask = np.ones(len(dataset.data), dtype=bool)
    population: list[tuple[str, str]] = []
    for attribute, value in (("land", land), ("type", kind)):
        if value is not None:
            codes, labels, *_ = categories(dataset, attribute)
            mask &= codes == (labels.index(value) if value in labels else -2)
            population.append((attribute, value))
    statistic = "units" if int(mask.sum()) == submitted else "submitted"
    return FigureId("", statistic, None, tuple(population))


def respondents_by_type(dataset: Dataset) -> Table:
    """Submitted responses by type with their total, for the method box of the brief
    ("14 von 50 Kommunen, davon 5 kreisfreie Städte und 9 Landkreise")."""
    counts: dict[str, int] = {}
    for cell in dataset.survey.response:
        counts[cell.type] = counts.get(cell.type, 0) + cell.submitted
    rows = [
        Row(kind, (Cell(n, "count", n, figure=respondents(dataset, n, kind=kind)),))
        for kind, n in sorted(counts.items())
    ]
    total = sum(counts.values())
    figure = respondents(dataset, total)
    rows.append(Row("Insgesamt", (Cell(total, "count", total, figure=figure),), "total"))
    return Table(
        title="Teilnehmende Kommunen nach Typ",
        question="",
        columns=("Anzahl",),
        rows=tuple(rows),
        base_shown=total,
        base_valid=total,
        kind="response",
        lines=(tuple((r, 0) for r in range(len(rows))),),
    )

"""One question of the brief: its published table, its chart and the sentences leading with a
figure and its base.

Every figure here is read from a table of the brief's one `evaluation.disclosure.Disclosure`,
through `views.published`, which gives None for a suppressed cell: a suppressed figure cannot
reach a sentence or a bar, and a figure withheld in one table is withheld in all of them.
Superlatives ("am häufigsten") are avoided on purpose: a suppressed cell may be larger than
every published one, and claiming otherwise would say something about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from evaluation.german import NBSP, number, percent
from evaluation.reports.brief.config import QuestionSpec, breakdowns_of
from evaluation.reports.model import Bar, BarChart, DivergingChart, DivergingRow, Figure, TableView
from evaluation.reports.published import Published
from evaluation.reports.sentences import (
    COUNT_FIRST_BELOW,
    MULTIPLE_NOTE,
    either,
    kommunen,
    quoted,
    sentence,
    share,
)
from evaluation.reports.views import (
    base_note,
    first_row,
    published,
    published_count,
    published_number,
    rows_of,
    safe_footnotes,
    short_label,
    view,
)
from evaluation.tables.table import Table

TOO_FEW = (
    "Zu dieser Frage werden keine Zahlen genannt: sie beruhen auf zu wenigen Kommunen oder "
    "ließen solche Werte errechnen."
)
SUPPRESSED_TEXT = "gesperrt"


@dataclass(frozen=True)
class QuestionContent:
    findings: tuple[str, ...]
    figure: Figure | None
    breakdowns: tuple[TableView, ...] = ()


def question_content(
    published: Published, spec: QuestionSpec, breakdowns: tuple[str, ...]
) -> QuestionContent:
    """The findings, figure and breakdown tables of one question, all published figures."""
    kind = published.kind(spec.id)
    if kind == "single":
        content = _single(published.get(spec.id))
    elif kind == "multiple":
        content = _multiple(published.get(spec.id))
    elif kind == "matrix":
        content = _matrix(published.get(spec.id))
    elif kind == "numbers":
        content = _numbers(published.get(spec.id), published.dataset.codebook[spec.id].unit)
    else:
        return QuestionContent((), None)
    figure = content.figure
    if figure is not None and spec.show != "both":
        figure = Figure(
            figure.title,
            figure.chart if spec.show == "chart" else None,
            figure.table if spec.show == "table" or figure.chart is None else None,
            figure.description,
        )
    tables: tuple[TableView, ...] = ()
    if kind in ("single", "numbers"):
        tables = tuple(
            view(published.crosstab(spec.id, by), footnotes=None)
            for by in breakdowns_of(spec, breakdowns)
        )
    return QuestionContent(content.findings, figure, tables)


def _count_text(count: int, pct: float | None, base: int) -> str:
    if pct is None:
        return number(count)
    return f"{number(count)} ({percent(pct)})" if base < COUNT_FIRST_BELOW else percent(pct, 1)


def _lead(count: int, base: int | None) -> str:
    """The figure with its base, or, when the base itself is suppressed, the count alone."""
    if base:
        return share(count, base)
    return f"{kommunen(count)} (Basis gesperrt)"


def _headline(table: Table) -> str:
    return table.question.splitlines()[0] if table.question else table.title


def _single(table: Table) -> QuestionContent:
    valid_row = first_row(table, "total", label="Gültige Antworten")
    shown_row = first_row(table, "base")
    base = published_count(valid_row.cells[0]) if valid_row else None
    values = rows_of(table, "value")
    bars = []
    found = []
    for _, row in values:
        count, pct = published_count(row.cells[0]), published(row.cells[2])
        if count is None or pct is None:
            bars.append(Bar(row.label, None, SUPPRESSED_TEXT))
            continue
        bars.append(Bar(row.label, float(pct), _count_text(count, float(pct), base or 0)))
        if count > 0:
            found.append((count, row.label, float(pct)))
    found.sort(key=lambda item: -item[0])
    findings = [TOO_FEW]
    if found:
        count, label, _ = found[0]
        text = f"{_lead(count, base)} antworteten auf die Frage {quoted(_headline(table))} "
        text += f"mit {quoted(label)}"
        if len(found) > 1 and base:
            count2, label2, pct2 = found[1]
            text += f", {_count_text(count2, pct2, base)} mit {quoted(label2)}"
        findings = [sentence(text)]
    note = base_note(valid_row, shown_row)
    compact = view(
        table,
        ["Anzahl", "Gültige %"],
        kinds=("value", "total"),
        skip_labels=("Insgesamt",),
        footnotes=safe_footnotes(table, (note,)),
    )
    chart = BarChart(table.title, tuple(bars), "Anteile an den gültigen Antworten.")
    return QuestionContent(
        tuple(findings), Figure(table.title, chart, compact, describe_bars(chart, note))
    )


def _multiple(table: Table) -> QuestionContent:
    base_row = first_row(table, "base", label="Basis: Kommunen mit Angabe")
    shown_row = first_row(table, "base", label="Basis: Frage gestellt")
    base = published_count(base_row.cells[0]) if base_row else None
    bars = []
    found = []
    for _, row in rows_of(table, "value"):
        label = short_label(table, row.label)
        count, pct = published_count(row.cells[0]), published(row.cells[1])
        if count is None or pct is None:
            bars.append(Bar(label, None, SUPPRESSED_TEXT))
            continue
        bars.append(Bar(label, float(pct), _count_text(count, float(pct), base or 0)))
        if count > 0 and (row.code is None or row.code >= 0):
            found.append((count, label))
    found.sort(key=lambda item: -item[0])
    findings = [TOO_FEW]
    if found:
        count, label = found[0]
        findings = [
            sentence(
                f"{_lead(count, base)} nannten bei der Frage {quoted(_headline(table))} "
                f"{quoted(label)} ({MULTIPLE_NOTE})"
            )
        ]
    note = base_note(base_row, shown_row, "Angabe")
    compact = view(
        table,
        ["Anzahl", "% der Fälle"],
        kinds=("value",),
        footnotes=safe_footnotes(table, (note,)),
    )
    chart = BarChart(
        table.title, tuple(bars), f"Anteile an den Kommunen mit Angabe; {MULTIPLE_NOTE}."
    )
    return QuestionContent(
        tuple(findings), Figure(table.title, chart, compact, describe_bars(chart, note))
    )


def _points(table: Table) -> list[str]:
    end = table.columns.index("Top-2" if "Top-2" in table.columns else "Gültige n")
    return list(table.columns[:end])


def _matrix(table: Table) -> QuestionContent:
    points = _points(table)
    n_col = table.columns.index("Gültige n")
    rows = []
    best: tuple[int, int, str] | None = None
    for _, row in rows_of(table, "value"):
        label = short_label(table, row.label)
        n = published_count(row.cells[n_col])
        shares = [published_number(cell) for cell in row.cells[: len(points)]]
        values = [value for value in shares if value is not None]
        drawable = n and len(values) == len(shares)
        rows.append(
            DivergingRow(
                label,
                tuple(values) if drawable else None,
                f"n = {number(n)}" if n is not None else "n gesperrt",
            )
        )
        if "Top-2" in table.columns and n:
            top = row.cells[table.columns.index("Top-2")]
            units = top.units
            larger = units is not None and (best is None or units > best[0])
            if published(top) is not None and units is not None and larger:
                best = (units, n, label)
    findings = [TOO_FEW]
    if best is not None:
        count, n, label = best
        findings = [
            sentence(
                f"Bei {quoted(label)} wählten {share(count, n)} "
                f"{either(list(table.top_points) or points[-2:])}"
            )
        ]
    note = "Basis: je Zeile die Kommunen mit gültiger Antwort (Spalte „Gültige n“)."
    compact = view(
        table,
        [*points, "Gültige n"],
        kinds=("value",),
        footnotes=safe_footnotes(table, (note,)),
    )
    chart = DivergingChart(
        table.title, tuple(points), tuple(rows), "Anteile an den gültigen Antworten je Zeile."
    )
    return QuestionContent(
        tuple(findings), Figure(table.title, chart, compact, describe_diverging(chart))
    )


def _numbers(table: Table, unit: str | None) -> QuestionContent:
    n_row = first_row(table, "total")
    shown_row = first_row(table, "base")
    n = published_count(n_row.cells[0]) if n_row else None
    stats = {row.label: row.cells[0] for row in table.rows if row.kind == "statistic"}
    suffix = NBSP + unit if unit else ""
    findings = [TOO_FEW]
    mean, median = (stats.get(k) for k in ("Mittelwert", "Median"))
    if n and mean is not None and published(mean) is not None:
        text = f"{kommunen(n)} machten eine Angabe: im Mittel {mean.display()}{suffix}"
        if median is not None and published(median) is not None:
            text += f", Median {median.display()}{suffix}"
        total = stats.get("Summe")
        if unit and total is not None and published(total) is not None:
            text += f", zusammen {total.display()}{suffix}"
        findings = [sentence(text)]
    shown = ["Mittelwert", "Median"] + (["Summe"] if unit else [])
    skip = [label for label in stats if label not in shown]
    note = base_note(n_row, shown_row, "gültiger Angabe")
    compact = view(
        table,
        kinds=("total", "statistic"),
        skip_labels=[*skip, "Insgesamt"],
        footnotes=safe_footnotes(table, (note,)),
    )
    return QuestionContent(tuple(findings), Figure(table.title, None, compact, ""))


def describe_bars(chart: BarChart, note: str = "") -> str:
    """The text alternative of a bar chart: every bar with its published figure."""
    parts = [f"{bar.label}: {bar.text}" for bar in chart.bars]
    return f"Balkendiagramm „{chart.title}“. " + "; ".join(parts) + ". " + note


def describe_diverging(chart: DivergingChart) -> str:
    """The text alternative of a diverging chart: per row the shares of every scale point."""
    parts = []
    for row in chart.rows:
        if row.shares is None:
            parts.append(f"{row.label}: {SUPPRESSED_TEXT} ({row.base})")
        else:
            shares = ", ".join(
                f"{c} {percent(v)}" for c, v in zip(chart.categories, row.shares, strict=True)
            )
            parts.append(f"{row.label}: {shares} ({row.base})")
    return f"Gestapeltes Balkendiagramm „{chart.title}“. " + "; ".join(parts) + "."

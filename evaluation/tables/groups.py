"""Tables of a question with several variables: multiple choice (one variable per option) and
matrices or scales (one variable per item)."""

from __future__ import annotations

import numpy as np

from evaluation.codebook import NO_ANSWER, NOT_SHOWN, SYSTEM_MISSING
from evaluation.dataset import Dataset
from evaluation.tables.parts import (
    Builder,
    base_note,
    count_cell,
    group_headline,
    missing_block,
    missing_figure,
    share_cell,
)
from evaluation.tables.table import Cell, FigureId, Table
from evaluation.tables.weights import unit_weights, weight_note, weighted_sum

MULTIPLE_NOTE = "Mehrfachnennungen möglich; die Prozentwerte ergeben zusammen mehr als 100 %."


def multiple_response(dataset: Dataset, group: str, weight: str | None = None) -> Table:
    """Multiple choice: % of cases among the units shown the question that ticked anything.

    Ticking an explicit exclusive option ("keine davon", "weiß nicht") counts as an answer;
    a unit shown the question that ticked nothing (-88) does not, nor does one filtered out.
    With a `weight` the % der Fälle are weighted; counts and bases stay numbers of units.
    """
    weights = unit_weights(dataset, weight)
    members = dataset.codebook.group(group)
    values = dataset.data[[m.name for m in members]].to_numpy(dtype=float)
    ticked = values == 1
    answered_mask = ticked.any(axis=1)
    no_value_mask = np.isnan(values).all(axis=1)
    not_shown_mask = ~answered_mask & ~no_value_mask & (values == NOT_SHOWN).any(axis=1)
    answered = int(answered_mask.sum())
    not_shown = int(not_shown_mask.sum())
    no_value = int(no_value_mask.sum())
    no_answer = len(values) - answered - not_shown - no_value
    builder = Builder()
    per_option = ticked[answered_mask].sum(axis=0)
    order = sorted(
        range(len(members)),
        key=lambda i: ((members[i].option_code or 0) < 0, i),
    )
    base_at = (len(members), 0)
    answered_w = weighted_sum(weights, answered_mask)
    for i in order:
        n = int(per_option[i])
        option = members[i].option_code
        figure = FigureId(group, "count", option if option is not None else members[i].name)
        part = weighted_sum(weights, answered_mask & ticked[:, i])
        builder.add(
            members[i].label,
            (count_cell(n, figure), share_cell(part, answered_w, figure, base_at, n)),
            code=option,
        )
    first = members[0]
    counts = {NO_ANSWER: no_answer, NOT_SHOWN: not_shown}
    figure = FigureId(group, "valid")
    valid_row = builder.add(
        "Basis: Kommunen mit Angabe",
        (count_cell(answered, figure), share_cell(answered, answered, figure, base_at)),
        "base",
    )
    labels = {NO_ANSWER: first.missing_codes.get(NO_ANSWER, SYSTEM_MISSING[NO_ANSWER])}
    labels[NOT_SHOWN] = first.missing_codes.get(NOT_SHOWN, SYSTEM_MISSING[NOT_SHOWN])
    missing_block(builder, group, labels, counts, no_value, valid_row, 2)
    shown = answered + no_answer
    return Table(
        title=f"{group} {group_headline(first)}",
        question=first.question,
        columns=("Anzahl", "% der Fälle"),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=answered,
        footnotes=(
            MULTIPLE_NOTE,
            f"Basis: {answered} Kommunen, denen die Frage gestellt wurde und die mindestens "
            f"eine Antwort angekreuzt haben (gestellt: {shown}).",
            *((weight_note(weight),) if weight else ()),
        ),
        kind="multiple",
        variable=group,
        lines=tuple(builder.lines),
    )


def scale(dataset: Dataset, group_or_name: str) -> Table:
    """Matrix or scale: distribution per item in valid %, Top-2/Bottom-2, mean and SD.

    Mean and standard deviation (n − 1) use the scale points only; "weiß nicht" and the other
    missing codes are counted beside the distribution, never folded into it. Top-2/Bottom-2 and
    mean/SD are shown for ordinal or scale items with at least four points; Top-2 is the two
    points at the top by the scale's declared direction (`Variable.top_codes`), whatever their
    codes, and the mean is over the codes as they are.
    """
    codebook = dataset.codebook
    if group_or_name in codebook.groups():
        items = codebook.group(group_or_name)
    else:
        items = [codebook[group_or_name]]
    points: dict[int, str] = {}
    for item in items:
        points.update(item.value_labels)
    codes = sorted(points)
    ordinal = items[0].measure in ("ordinal", "scale") and len(codes) >= 4
    ranked = [c for c in items[0].top_codes() if c in points]
    ranked += [c for c in sorted(points, reverse=True) if c not in ranked]
    top_at = sorted(codes.index(c) for c in ranked[:2])
    bottom_at = sorted(codes.index(c) for c in ranked[-2:])
    missing_codes: dict[int, str] = {}
    for item in items:
        missing_codes.update({c: lab for c, lab in item.missing_codes.items() if c != NOT_SHOWN})
    columns = [points[c] for c in codes]
    if ordinal:
        columns += ["Top-2", "Bottom-2", "Mittelwert", "Standardabweichung"]
    columns += ["Gültige n", *missing_codes.values()]
    values = dataset.data[[i.name for i in items]].to_numpy(dtype=float)
    code_array = np.array(codes, dtype=float)
    shown_any = ((values != NOT_SHOWN) & ~np.isnan(values)).any(axis=1)
    valid_any = np.isin(values, code_array).any(axis=1)
    builder = Builder()
    k = len(codes)
    n_column = k + (4 if ordinal else 0)
    for j, item in enumerate(items):
        column = values[:, j]
        counts = np.array([(column == c).sum() for c in code_array], dtype=int)
        n = int(counts.sum())
        r = builder.next
        name = item.name
        cells = [
            share_cell(int(x), n, FigureId(name, "count", code), (r, n_column))
            for x, code in zip(counts, codes, strict=True)
        ]
        if ordinal:
            top, bottom = counts[top_at].sum(), counts[bottom_at].sum()
            cells.append(share_cell(int(top), n, FigureId(name, "top2"), (r, n_column)))
            cells.append(share_cell(int(bottom), n, FigureId(name, "bottom2"), (r, n_column)))
            valid_values = column[np.isin(column, code_array)]
            everything = (*((r, c) for c in range(k + 2)), (r, n_column))
            mean = float(valid_values.mean()) if n else None
            sd = float(valid_values.std(ddof=1)) if n > 1 else None
            for value, statistic in ((mean, "mean"), (sd, "sd")):
                figure = FigureId(name, statistic)
                cells.append(Cell(value, "number", n, everything, 2, figure=figure))
        cells.append(count_cell(n, FigureId(name, "valid")))
        cells += [
            count_cell(int((column == code).sum()), missing_figure(name, code))
            for code in missing_codes
        ]
        builder.add(item.label, cells, code=None)
        builder.lines.append(tuple((r, c) for c in range(k)) + ((r, n_column),))
        if ordinal:
            builder.lines.append((*((r, c) for c in top_at), (r, k)))
            builder.lines.append((*((r, c) for c in bottom_at), (r, k + 1)))
    shown, valid = int(shown_any.sum()), int(valid_any.sum())
    notes = [
        base_note(shown, valid),
        "Prozentwerte: Anteil an den gültigen Antworten je Zeile (Spalte „Gültige n“).",
    ]
    if ordinal:
        notes.append(
            f"Top-2: {_both(points, codes, top_at)}; Bottom-2: {_both(points, codes, bottom_at)}. "
            f"Mittelwert und Standardabweichung über die Skalenpunkte "
            f"{codes[0]} bis {codes[-1]} ohne fehlende Werte."
        )
    first = items[0]
    return Table(
        title=f"{first.group or first.name} {group_headline(first)}",
        question=first.question,
        columns=tuple(columns),
        rows=tuple(builder.rows),
        base_shown=shown,
        base_valid=valid,
        footnotes=tuple(notes),
        kind="scale",
        variable=group_or_name,
        lines=tuple(builder.lines),
        top_points=tuple(points[codes[c]] for c in top_at) if ordinal else (),
    )


def _both(points: dict[int, str], codes: list[int], at: list[int]) -> str:
    """Two points in the order of the columns."""
    return f"{points[codes[at[0]]]} und {points[codes[at[1]]]}"

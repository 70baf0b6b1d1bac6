"""Large blocks of withheld figures, taken apart where a few figures tie many sums together.

In the feedback reports the number of responding units of each small Land × type group is a
withheld figure, and it sits in a line of every question (a group's units are the units shown
the question plus those not shown it). These few figures join three hundred small problems, one
per question, into one block: with 30 responding units, 36,000 unknowns in 30,000 sums, which
no dense decomposition holds (8 GiB for the matrix alone) and which grows with every question.

Such a block is a set of *parts* joined only through a *border* of shared unknowns. What the
reader can work out is unchanged when it is solved part by part (bordered block elimination):

- each part's sums, with its own unknowns eliminated, say something about the border alone
  (the left null space of the part's own columns, applied to its border columns and its
  right-hand side); all of that together, with the sums that hold border figures only, is
  everything the publication says about the border;
- a border figure is pinned down exactly when those border sums pin it down;
- a figure of one part is pinned down exactly when the part's own sums together with the border
  sums pin it down, since every other part speaks of this one only through the border.

So each part is a small problem, the border a small one, and a pick changes the part it falls
in and, at most, the border sums.

The algebra is exact: Gaussian elimination over the integers modulo a prime of 61 bits, on
sparse rows, eliminating the rarest figures of the shortest sums first so that rows stay short.
The sums have small integer coefficients, so a figure is pinned down over the reals exactly
when it is modulo the prime, except for primes dividing one of the system's minors; with
coefficients this small, no minor of a system this size comes near 2**61, so none does.
Rounding never decides whether a figure is safe.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

Key = Hashable
Line = tuple[Key, ...]

#: Parts larger than this are split further where they have hubs.
PART_LIMIT = 400
#: A figure in this many times as many sums as is typical of its part is a hub of the border.
HUB_DEGREE = 4
PRIME = 2**61 - 1


@dataclass(frozen=True)
class Split:
    """One block taken apart: `border` its shared unknowns, `parts` the lines of each part
    (every line holds unknowns of one part only, besides border ones), `border_lines` the
    lines whose only unknowns are border ones."""

    border: tuple[Key, ...]
    parts: tuple[tuple[Line, ...], ...]
    border_lines: tuple[Line, ...]


def split(lines: Sequence[Line], unknown: frozenset[Key], border: dict[Key, None]) -> Split:
    """Take a block apart at `border` (the unknowns among it), moving the hubs of any part
    larger than `PART_LIMIT` (figures in far more sums than is typical of the part) to the
    border until no large part has one: a large part without hubs is solved as it is.

    `border` is the publication's border so far and grows in place: a figure made border once
    stays border, so that the parts (and what was solved for them) stay the same from one round
    of the suppression to the next.
    """
    degree = Counter(k for line in lines for k in line if k in unknown)
    while True:
        parts = _parts(lines, unknown, border)
        hubs: set[Key] = set()
        for members, _ in parts.values():
            if len(members) > PART_LIMIT:
                typical = float(np.median([degree[k] for k in members]))
                hubs.update(k for k in members if degree[k] >= HUB_DEGREE * typical)
        if not hubs:
            break
        border.update(dict.fromkeys(sorted(hubs, key=lambda k: -degree[k])))
    shared = tuple(k for k in border if k in unknown)
    border_lines = tuple(line for line in lines if all(k in border for k in line if k in unknown))
    return Split(
        shared,
        tuple(tuple(part_lines) for _, part_lines in parts.values()),
        border_lines,
    )


def _parts(
    lines: Sequence[Line], unknown: frozenset[Key], border: dict[Key, None]
) -> dict[Key, tuple[set[Key], list[Line]]]:
    parent: dict[Key, Key] = {}

    def find(key: Key) -> Key:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    inner_lines = []
    for line in lines:
        inner = [k for k in line if k in unknown and k not in border]
        if inner:
            inner_lines.append((line, inner))
            for key in inner[1:]:
                parent[find(key)] = find(inner[0])
    parts: dict[Key, tuple[set[Key], list[Line]]] = defaultdict(lambda: (set(), []))
    for line, inner in inner_lines:
        members, part_lines = parts[find(inner[0])]
        members.update(inner)
        part_lines.append(line)
    return dict(parts)


Row = dict[int, int]


def rows_of(lines: Sequence[Line], columns: dict[Key, int]) -> list[Row]:
    """The sums as sparse rows over `columns` (figures not among them are known): every figure
    of a line adds up to its last one."""
    rows = []
    for line in lines:
        row: Row = {}
        for j, key in enumerate(line):
            column = columns.get(key)
            if column is not None:
                row[column] = (row.get(column, 0) + (-1 if j == len(line) - 1 else 1)) % PRIME
        rows.append({c: v for c, v in row.items() if v})
    return rows


@dataclass
class Reduced:
    """A system in reduced row echelon form: `pivots` maps each pivot column to its row (the
    pivot's coefficient 1, no other row holds the column); `rest` are the rows left without a
    column that was allowed to pivot."""

    pivots: dict[int, Row]
    rest: list[Row]


def reduce(rows: Sequence[Row], pivotable: Collection[int] | None = None) -> Reduced:
    """Gaussian elimination modulo `PRIME`, pivoting only on `pivotable` columns (all if None):
    the shortest row first, on its rarest column, so that eliminating adds few entries."""
    work = [dict(row) for row in rows]
    holders: dict[int, set[int]] = defaultdict(set)
    for r, row in enumerate(work):
        for column in row:
            holders[column].add(r)
    queue = [(len(row), r) for r, row in enumerate(work)]
    heapq.heapify(queue)
    done: set[int] = set()
    pivots: dict[int, Row] = {}
    rest: list[Row] = []
    while queue:
        length, r = heapq.heappop(queue)
        row = work[r]
        if r in done or length != len(row):
            continue
        done.add(r)
        if not row:
            continue
        allowed = [c for c in row if pivotable is None or c in pivotable]
        if not allowed:
            rest.append(row)
            continue
        pivot = min(allowed, key=lambda c: (len(holders[c]), c))
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        for column in row:
            row[column] = row[column] * inverse % PRIME
        for other in list(holders[pivot]):
            if other == r:
                continue
            target = work[other]
            factor = target[pivot]
            for column, value in row.items():
                new = (target.get(column, 0) - factor * value) % PRIME
                if new:
                    if column not in target:
                        holders[column].add(other)
                    target[column] = new
                else:
                    target.pop(column, None)
                    holders[column].discard(other)
            if other not in done:
                heapq.heappush(queue, (len(target), other))
        pivots[pivot] = row
    return Reduced(pivots, rest)


def pinned(rows: Sequence[Row]) -> set[int]:
    """The columns the sums pin down: those whose row, fully reduced, holds nothing else."""
    return {column for column, row in reduce(rows).pivots.items() if len(row) == 1}


def substitute(row: Row, reduced: Reduced) -> Row:
    """`row` with the pivot columns of `reduced` eliminated."""
    result = dict(row)
    for column in [c for c in row if c in reduced.pivots]:
        factor = result.pop(column, 0)
        if not factor:
            continue
        for other, value in reduced.pivots[column].items():
            if other == column:
                continue
            new = (result.get(other, 0) - factor * value) % PRIME
            if new:
                result[other] = new
            else:
                result.pop(other, None)
    return result

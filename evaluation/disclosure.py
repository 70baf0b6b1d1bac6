"""Disclosure control: one rule, applied in one place to every figure meant for publication.

With fifty Kommunen a figure of one or two points at a Kommune. The rule (configurable, default 3)
works on *figures*, not on printed cells: a figure (`evaluation.tables.table.FigureId`, e.g.
"the number of Landkreise that answered B1 with 'ja'") may be printed in several cells of several
tables – as a count, as a percentage, in a crosstab's total column, in a peer group's table – and
it is either published everywhere or nowhere. Tables published together (the brief, the feedback
reports) are suppressed together in one `Disclosure`, so a figure withheld in one table is
withheld in all.

1. Primary suppression: a figure resting on at least one but fewer than `min_units` units is
   withheld. Zero figures are not: "none of them" names no Kommune.
2. Secondary suppression: a table records which cells add up to a total (its lines: a row and
   its total, a column and its base, Top-2 and its two points, the missing rows and the units
   shown the question). Wherever a line holds exactly one withheld figure, it could be worked
   out by subtraction, so a second figure of that line is withheld too. This repeats until every
   line holds none or at least two, and a check over the lines of *all* tables of the
   publication finds any withheld figure the sums would still pin down (two withheld rectangles
   joined by one cell give that cell away) and protects it the same way. The check is exact
   linear algebra (elimination modulo a large prime, so that no rounding decides; a block too
   large to solve at once is taken apart at the few figures that tie it together, see
   `evaluation.disclosure_blocks`), and for blocks of up to `INTEGER_BLOCK` withheld figures
   an integer program (counts are whole numbers from 0 to the number of units; see
   `_pinned`): margins that leave a hidden block one whole-number solution pin it down as
   surely as a sum does.
   What the reader is assumed to know is set out in docs/brief.md ("Publication safety").
3. Derived figures follow what they are derived from. A percentage is its count divided by its
   base, so a published count with its percentage gives the base back (8 at 62 % means 13);
   a percentage is printed only when both its count and its base are published, and then says
   nothing new. A mean or SD goes with any point of the distribution and with the n it
   summarises; mean and sum go together, since mean × n is the sum. The SD needs no sums of
   its own: the sum of squares it gives, (n − 1)·SD² + n·mean², is additive over groups like
   the sum, but it is known only where mean and n are, i.e. where the sum is known too, so a
   group whose sum the sums cannot pin down keeps its sum of squares hidden as well. Medians,
   minima and maxima add up to nothing (and minima and maxima are never published).

Which second figure (step 2): the cheapest to lose. First a figure that is neither a total nor a
base of percentages, then a zero figure (it protects by leaving the reader unsure whether the
withheld one is 0), then a total or base that no other table shows, and last a total or base
shared with other tables; within each, the smallest. A withheld base takes every percentage
taken of it along, and a withheld shared total (the units of a crosstab column, all respondents)
takes figures in every table along, so the rule hides a base only when nothing else in the line
can be hidden instead.

Item nonresponse ("keine Antwort": shown the question, no answer given) is not withheld for
being small. It says that some Kommune skipped a question, which is no attribute of its
planning practice; withholding it would force a second figure of its line, and the only other
candidates there are the bases, so the common case of one Kommune without an answer would cost
the valid n and every percentage. It stays a figure like any other: published, it enters every
sum an attacker can form, and it may still be withheld as a second figure. "weiß nicht" and
"keine Angabe" are options a Kommune chose, i.e. answers, and are protected as answers. "nicht
gestellt (Filter)" is protected too: a question is skipped because of earlier answers, so its
count is a count of those answers.

Nested groups are compared across products. A type is the sum of its Land × type groups, a
Land the sum of its types: a reader holding the brief's crosstab by type and pooling the
feedback reports of several Kommunen gets a small Land × type group as its type minus the Land
peer groups shown. So the feedback reports record these sums as relations, per additive figure
(a count, a base, a sum), and pass the groups that no report prints (too small to be a peer
group, the rest of a type) as `hidden` tables: their figures are never published, and one that
rests on too few units must stay undeterminable like any withheld figure.

Withheld figures render as "." and the table gets a footnote saying why. The guarantee is that
no withheld figure, and no unprinted figure resting on too few units, can be computed exactly
from the published ones through the recorded sums and ratios. One exception, where an earlier
publication leaves nothing more to withhold: a figure withheld only to protect another may stay
computable, since it was publishable itself. A figure resting on too few units that stays
computable stops the publication with `DisclosureError` instead. Internal views may skip all of
this, but must then carry `INTERNAL_NOTE` on every sheet or page.
"""

from __future__ import annotations

import itertools
from collections import defaultdict, deque
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from evaluation import disclosure_blocks as blocks
from evaluation.errors import EvaluationError
from evaluation.tables.table import Cell, FigureId, Position, Table

INTERNAL_NOTE = "Interne Auswertung – nicht zur Veröffentlichung: enthält Kleinstfallzahlen"
#: Statistics that are never withheld for being small (see the module docstring).
NONRESPONSE = frozenset({"no answer"})
#: The number of responding units: printed in the method box of every publication, never
#: withheld to protect another figure.
RESPONDENTS = FigureId("", "units")
#: Statistics that count units: the reader knows they are whole numbers.
COUNTS = frozenset(
    {"count", "valid", "shown", "no answer", "not shown", "no value", "units", "top2", "bottom2"}
)
#: Blocks of up to this many withheld figures are also solved in whole numbers (see `_pinned`);
#: in larger ones the sums tie so many figures together that the reals decide alone.
INTEGER_BLOCK = 60
#: An upper bound for amounts, so that "as large as it likes" is a number to the solver.
_FAR = 1e12
_SESSIONS = itertools.count()

Key = Hashable


@dataclass(frozen=True)
class DisclosureRule:
    """The publication rule. `min_units`: the fewest units a published figure may rest on."""

    min_units: int = 3
    #: The fewest units a median may rest on: with a sum beside it, a member of a group of four
    #: computes another member's value (own value, the two middle ones, the sum).
    median_units: int = 5
    #: The fewest units a standard deviation may rest on: with the mean, a member of a group of
    #: three solves for the other two values.
    sd_units: int = 4
    #: The p % rule for sums and means (None: not applied): a sum is withheld when the
    #: second-largest contributor could estimate the largest value to within p % of it.
    p_percent: float | None = None
    #: Whether the audit credits the reader with knowing that every withheld count is at least
    #: 1: zeros are never withheld for being small, so a reader who knows the rule knows it.
    nonzero_known: bool = True

    def __post_init__(self) -> None:
        if self.min_units < 1:
            raise ValueError("min_units muss mindestens 1 sein.")
        if self.p_percent is not None and not 0 < self.p_percent < 100:
            raise ValueError("p_percent liegt zwischen 0 und 100.")

    def is_small(self, units: int | None) -> bool:
        return units is not None and 0 < units < self.min_units

    def is_sensitive(
        self, figure: FigureId | None, units: int | None, top: tuple[float, ...] = ()
    ) -> bool:
        """Whether a figure must be withheld for itself (primary suppression). `top` is the
        largest contributions to a sum, largest first, then the sum itself."""
        statistic = figure.statistic if figure is not None else None
        if statistic in NONRESPONSE:
            return False
        if units is not None and units > 0:
            if statistic == "median" and units < max(self.median_units, self.min_units):
                return True
            if statistic == "sd" and units < max(self.sd_units, self.min_units):
                return True
        if self.p_percent is not None and len(top) == 3 and statistic in ("sum", "mean"):
            largest, second, total = top
            if largest > 0 and total - largest - second < self.p_percent / 100 * largest:
                return True
        return self.is_small(units)

    @property
    def footnote(self) -> str:
        return (
            f"„.“ = Wert gesperrt: beruht auf weniger als {self.min_units} Kommunen oder ließe "
            "einen solchen Wert errechnen."
        )

    @property
    def description(self) -> str:
        return f"Mindestfallzahl {self.min_units} Kommunen, mit sekundärer Sperrung"

    def as_mapping(self) -> dict[str, int | float | None]:
        """The rule as stored with a publication."""
        return {
            "min_units": self.min_units,
            "median_units": self.median_units,
            "sd_units": self.sd_units,
            "p_percent": self.p_percent,
            "nonzero_known": self.nonzero_known,
        }


DEFAULT_RULE = DisclosureRule()


@dataclass
class _Figure:
    """What the session knows of a figure. `printed` is False for a figure that only a
    relation or a hidden table names (no table of this publication or an earlier one prints
    it): never published, and a sum through it pins nothing down by itself; it needs
    protection only if it rests on too few units."""

    units: int | None
    order: int
    tables: set[int]
    total: bool = False
    printed: bool = True
    value: float | None = None
    integral: bool = True
    top: tuple[float, ...] = ()


_UNKNOWN = _Figure(None, -1, set())


@dataclass(frozen=True)
class _Exposure:
    """A withheld figure the published ones pin down: `through` are the sums it is in,
    `group` all the sums of the equations that pin it down."""

    key: Key
    through: list[tuple[Key, ...]]
    group: list[tuple[Key, ...]]


class DisclosureError(EvaluationError):
    """The tables cannot be published safely: a figure stays computable whatever is withheld."""


class Disclosure:
    """Tables published together, suppressed as one: `tables` holds them as they may be
    published, in the order given.

    `after` is a publication that is already out (the brief, when the feedback reports are
    made): its decisions stand – what it withheld stays withheld here, what it published cannot
    be withheld any more – and its sums count in the check, since a reader may hold both.

    `hidden` are tables nobody prints (a Land × type group too small to be a peer group): their
    lines and relations count, their figures are unknowns unless `after` published them, and
    the units of their cells tell which of them must not be pinned down.
    """

    def __init__(
        self,
        tables: Sequence[Table],
        rule: DisclosureRule = DEFAULT_RULE,
        after: Disclosure | None = None,
        hidden: Sequence[Table] = (),
    ) -> None:
        self.rule = rule
        self._session = next(_SESSIONS)
        self._figures: dict[Key, _Figure] = {}
        self._keys: list[dict[Position, Key]] = []
        self._dependents: dict[Key, set[Key]] = defaultdict(set)
        self._bases: set[Key] = set()
        self._after_lines: tuple[tuple[Key, ...], ...] = after.all_lines if after else ()
        self._locked: frozenset[Key] = (after.published if after else frozenset()) | {RESPONDENTS}
        self._earlier: dict[Key, _Figure] = dict(after._earlier) if after else {}
        # One object per figure: equal keys from different tables would be compared field by
        # field in every look-up, the same object is found by identity.
        self._canonical: dict[Key, Key] = dict(after._canonical) if after else {}
        if after:
            self._earlier.update(after._figures)
        lines: dict[tuple[Key, ...], None] = {}
        for t, table in enumerate(tables):
            self._register(t, table, lines)
        for t, table in enumerate(hidden, start=len(tables)):
            self._register(t, table, lines, printed=False)
        self._finish(lines)
        self.lines: tuple[tuple[Key, ...], ...] = tuple(lines)
        withheld = frozenset(self._suppress(after.withheld if after else frozenset()))
        self.withheld: frozenset[Key] = withheld | (after.withheld if after else frozenset())
        mine = frozenset(k for k, f in self._figures.items() if f.printed) - withheld
        self.published: frozenset[Key] = mine | (after.published if after else frozenset())
        self.all_lines: tuple[tuple[Key, ...], ...] = self._after_lines + self.lines
        self.tables: tuple[Table, ...] = tuple(
            self._apply(t, table) for t, table in enumerate(tables)
        )

    def __iter__(self) -> Iterator[Table]:
        return iter(self.tables)

    # Building the problem: figures, lines, dependencies, bases.

    def _register(
        self, t: int, table: Table, lines: dict[tuple[Key, ...], None], printed: bool = True
    ) -> None:
        keys: dict[Position, Key] = {}
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                key: Key = cell.figure if cell.figure is not None else (self._session, t, r, c)
                key = self._canonical.setdefault(key, key)
                keys[(r, c)] = key
                self._add_figure(key, cell, t, table, printed)
        self._keys.append(keys)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                key = keys[(r, c)]
                if cell.base is not None:
                    self._bases.add(keys[cell.base])
                for position in cell.depends:
                    if keys[position] != key:
                        self._dependents[keys[position]].add(key)
        for line in table.lines:
            lines[tuple(keys[position] for position in line)] = None
        for relation in table.relations:
            lines[tuple(self._canonical.setdefault(k, k) for k in relation)] = None

    def _finish(self, lines: dict[tuple[Key, ...], None]) -> None:
        """Figures named only by relations are unprinted (unless the earlier publication
        printed them); totals are marked for the cost."""
        for line in lines:
            for key in line:
                if key not in self._figures:
                    printed = key in self._locked
                    earlier = self._earlier.get(key, _UNKNOWN)
                    self._figures[key] = _Figure(
                        earlier.units,
                        len(self._figures),
                        set(),
                        printed=printed,
                        value=earlier.value,
                        integral=earlier.integral,
                    )
            self._figures[line[-1]].total = True

    def _add_figure(self, key: Key, cell: Cell, t: int, table: Table, printed: bool) -> None:
        known = self._figures.get(key)
        value = _value_of(cell, table)
        if value is None and key in self._earlier:
            value = self._earlier[key].value
        if known is None:
            shown = printed or key in self._locked
            figure = _as_figure(key)
            integral = figure.statistic in COUNTS if figure else cell.format == "count"
            self._figures[key] = _Figure(
                cell.units,
                len(self._figures),
                {t} if printed else set(),
                printed=shown,
                value=value,
                integral=integral,
                top=cell.top,
            )
            return
        if cell.units is not None and known.units is not None and cell.units != known.units:
            raise ValueError(
                f"{key} steht in {table.title!r} mit {cell.units} Einheiten, anderswo mit "
                f"{known.units}: zwei verschiedene Zahlen tragen denselben Namen."
            )
        if known.units is None:
            known.units = cell.units
        if known.value is None:
            known.value = value
        known.top = known.top or cell.top
        if printed:
            known.tables.add(t)
            known.printed = True

    # The rule.

    def _suppress(self, forced: frozenset[Key]) -> set[Key]:
        withheld: set[Key] = set()
        self._withheld = withheld
        self._solved: dict[tuple, list[Key]] = {}
        self._parts: dict[tuple, blocks.Reduced] = {}
        self._border: dict[Key, None] = {}
        self._line_index: dict[Key, list[int]] = defaultdict(list)
        units = [f.units for f in (*self._figures.values(), *self._earlier.values())]
        # No count exceeds the number of units of the whole publication.
        self._cap = max([u for u in units if u is not None], default=0)
        # For `_exposed`: the sums through each figure, and its groups so far.
        self._through: dict[Key, list[tuple[Key, ...]]] = defaultdict(list)
        for line in dict.fromkeys(self._after_lines + self.lines):
            for key in dict.fromkeys(line):
                self._through[key].append(line)
        self._joined: set[Key] = set()
        self._active: dict[tuple[Key, ...], Key] = {}
        self._parent: dict[Key, Key] = {}
        self._open = [all(self._figures[k].printed for k in line) for line in self.lines]
        self._hidden = [0] * len(self.lines)
        for i, line in enumerate(self.lines):
            for key in line:
                self._line_index[key].append(i)
        queue: deque[int] = deque(range(len(self.lines)))

        def withhold(key: Key) -> None:
            stack = [key]
            while stack:
                current = stack.pop()
                if current in withheld:
                    continue
                withheld.add(current)
                for i in self._line_index[current]:
                    self._hidden[i] += 1
                queue.extend(self._line_index[current])
                stack.extend(self._dependents.get(current, ()))

        for key, figure in self._figures.items():
            if key in forced or self._sensitive(key) or not figure.printed:
                withhold(key)
        while True:
            while queue:
                i = queue.popleft()
                line = self.lines[i]
                if self._open[i] and self._hidden[i] == 1:
                    pick = self._cheapest(key for key in line if key not in withheld)
                    if pick is not None:
                        withhold(pick)
            # Several picks per round, one per exposed figure whose lines no pick of this round
            # touches yet: a pick elsewhere may not change what pins this one down, and the
            # next round checks again.
            picks: dict[Key, None] = {}
            exposed = self._exposed(withheld | forced)
            for exposure in exposed:
                near = {k for line in exposure.through for k in line}
                if near.isdisjoint(picks):
                    pick = self._protection(exposure, withheld)
                    if pick is not None:
                        picks[pick] = None
            if not picks:
                # Nothing left to withhold. A figure withheld only to protect another may then
                # stay computable: it was publishable itself, and the check above would report
                # the small figure it protects. A small figure that stays computable is not
                # published at all.
                for exposure in exposed:
                    if self._sensitive(exposure.key):
                        raise DisclosureError(_unprotectable(exposure.key))
                return withheld
            for pick in picks:
                withhold(pick)

    def _cost(self, key: Key) -> tuple:
        """Cheapest first: no total or base, then one that protects more lines at once (a
        line holding a lone withheld figure that this one would join), non-zero, smallest."""
        figure = self._figures[key]
        structural = figure.total or key in self._bases
        tier = 2 * structural + (len(figure.tables) > 1)
        helps = sum(self._open[i] and self._hidden[i] == 1 for i in self._line_index[key])
        size = figure.units if figure.units is not None else 1 << 30
        return (tier, -helps, size == 0, size, figure.order)

    def _cheapest(self, candidates: Iterator[Key]) -> Key | None:
        allowed = [
            key
            for key in candidates
            if key in self._figures and self._figures[key].printed and key not in self._locked
        ]
        return min(allowed, key=self._cost, default=None)

    def _protection(self, exposed: _Exposure, withheld: set[Key]) -> Key | None:
        """A figure to withhold so that `exposed` is no longer pinned down: from a line through
        it if possible, else from another line of the equations that pin it down (Bottom-2 of
        a four-point scale is pinned down by n minus Top-2 once both its points are withheld)."""
        pick = self._cheapest(k for line in exposed.through for k in line if k not in withheld)
        if pick is None:
            pick = self._cheapest(k for line in exposed.group for k in line if k not in withheld)
        return pick

    def _exposed(self, withheld: set[Key]) -> list[_Exposure]:
        """Withheld figures that the published figures and the sums pin down too far (see
        `_pinned`). Independent groups of withheld figures are solved separately.

        Withheld figures only ever join, so the groups are kept from round to round (a
        union-find over the figures) and only the sums through newly withheld figures are
        looked at."""
        parent = self._parent

        def find(key: Key) -> Key:
            while parent.setdefault(key, key) != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for key in withheld - self._joined:
            self._joined.add(key)
            for line in self._through.get(key, ()):
                self._active.setdefault(line, key)
                for other in line:
                    if other in withheld:
                        parent[find(other)] = find(key)
        groups: dict[Key, list[tuple[Key, ...]]] = defaultdict(list)
        for line, member in self._active.items():
            groups[find(member)].append(line)
        exposed: list[_Exposure] = []
        for group in groups.values():
            unknown = frozenset(k for line in group for k in line if k in withheld)
            if any(k in self._figures for k in unknown):
                # A group no pick has touched since the last round is solved already.
                if len(unknown) > blocks.PART_LIMIT:
                    exposed += self._exposed_in_parts(group, unknown)
                    continue
                problem = (tuple(group), unknown)
                if problem not in self._solved:
                    pinned = _determined(group, withheld)
                    if len(unknown) <= INTEGER_BLOCK:
                        pinned = list(dict.fromkeys(pinned + self._pinned(group, withheld)))
                    self._solved[problem] = [k for k in pinned if self._must_hide(k)]
                exposed += [
                    _Exposure(key, self._through[key], group) for key in self._solved[problem]
                ]
        return sorted(exposed, key=lambda item: self._figure(item.key).order)

    def _exposed_in_parts(
        self, group: list[tuple[Key, ...]], unknown: frozenset[Key]
    ) -> list[_Exposure]:
        """`_exposed` for a block too large to solve at once, taken apart at the few figures
        that tie its parts together (see `evaluation.disclosure_blocks`)."""
        split = blocks.split(group, unknown, self._border)
        border = {key: i for i, key in enumerate(split.border)}
        reduced = [self._part(part, unknown, border) for part in split.parts]
        said = blocks.rows_of(split.border_lines, border)
        for _, part in reduced:
            said += part.rest
        sums = blocks.reduce(said)
        exposed: list[_Exposure] = []
        for key, i in border.items():
            row = sums.pivots.get(i)
            if row is not None and len(row) == 1 and self._must_hide(key):
                through = self._through[key]
                exposed.append(_Exposure(key, through, through + list(split.border_lines)))
        for lines, (own, part) in zip(split.parts, reduced, strict=True):
            protection = list(lines) + list(split.border_lines)
            for column, row in part.pivots.items():
                key = own[column - len(border)]
                if self._must_hide(key) and len(blocks.substitute(row, sums)) == 1:
                    exposed.append(_Exposure(key, self._through[key], protection))
        return exposed

    def _part(
        self, lines: tuple[tuple[Key, ...], ...], unknown: frozenset[Key], border: dict[Key, int]
    ) -> tuple[tuple[Key, ...], blocks.Reduced]:
        """One part reduced on its own figures (columns after the border's): its pivot rows,
        and in `rest` what its sums say about the border alone. Remembered while the part and
        the border stay the same."""
        own = tuple(
            k
            for k in dict.fromkeys(k for line in lines for k in line)
            if k in unknown and k not in border
        )
        problem = ("part", lines, own, tuple(border))
        if problem not in self._parts:
            columns = dict(border)
            columns.update({key: len(border) + i for i, key in enumerate(own)})
            rows = blocks.rows_of(lines, columns)
            self._parts[problem] = blocks.reduce(rows, pivotable=range(len(border), len(columns)))
        return own, self._parts[problem]

    def _pinned(self, lines: list[tuple[Key, ...]], withheld: set[Key]) -> list[Key]:
        """The withheld figures of one block that a reader narrows down too far.

        The reader's knowledge is an integer program: every line is an equation once the
        published figures are filled in; counts are whole numbers from 0 up to the number of
        units; a withheld count that is not 0 is at least 1 (a reader who knows that zeros are
        published, or an insider counted in it, knows that much); amounts are not negative
        where none of them is. A figure is safe when a solution gives it another value than its
        own, and a figure resting on too few units only when a solution makes it at least
        `min_units`: a reader must not learn that a count is 1 or 2. Each test is a solve by
        HiGHS (`scipy.optimize.milp`); one solve that raises many figures at once settles them
        together, so most figures need no solve of their own.
        """
        unknowns = list(dict.fromkeys(k for line in lines for k in line if k in withheld))
        column = {key: i for i, key in enumerate(unknowns)}
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        rhs = np.zeros(len(lines))
        for i, line in enumerate(lines):
            for j, key in enumerate(line):
                sign = -1.0 if j == len(line) - 1 else 1.0
                if key in column:
                    rows.append(i)
                    cols.append(column[key])
                    data.append(sign)
                else:
                    rhs[i] -= sign * (self._figure(key).value or 0.0)
        matrix = csr_array((data, (rows, cols)), shape=(len(lines), len(unknowns)))
        slack = 1e-7 * np.maximum(1.0, np.abs(rhs))
        constraint = LinearConstraint(matrix, rhs - slack, rhs + slack)
        figures = [self._figure(key) for key in unknowns]
        integral = np.array([f.integral for f in figures], dtype=np.uint8)
        low = np.array(
            [
                _floor(f, self.rule.nonzero_known and _answers(key))
                for key, f in zip(unknowns, figures, strict=True)
            ]
        )
        high = np.where(integral == 1, float(self._cap), _FAR)
        bounds = Bounds(low, high)

        def solve(objective: np.ndarray) -> np.ndarray | None:
            result = milp(objective, constraints=constraint, integrality=integral, bounds=bounds)
            return result.x if result.status == 0 else None

        # What each figure must reach in some solution: above its value, or min_units.
        wants: dict[int, float] = {}
        for i, (key, figure) in enumerate(zip(unknowns, figures, strict=True)):
            if not self._must_hide(key) or figure.value is None:
                continue
            step = 1.0 if figure.integral else max(1e-6, 1e-6 * abs(figure.value))
            wants[i] = figure.value + step
        open_up = dict(wants)
        while open_up:
            objective = np.zeros(len(unknowns))
            objective[list(open_up)] = -1.0
            x = solve(objective)
            reached = [] if x is None else [i for i, t in open_up.items() if x[i] >= t - 1e-6]
            if not reached:
                break
            for i in reached:
                del open_up[i]
        pinned: list[Key] = []
        for i in open_up:
            objective = np.zeros(len(unknowns))
            objective[i] = -1.0
            x = solve(objective)
            if x is not None and x[i] >= open_up[i] - 1e-6:
                continue
            figure = figures[i]
            step = 1.0 if figure.integral else max(1e-6, 1e-6 * abs(figure.value or 0.0))
            objective[i] = 1.0
            x = solve(objective)
            if x is not None and x[i] <= (figure.value or 0.0) - step + 1e-6:
                continue
            pinned.append(unknowns[i])
        return pinned

    def _must_hide(self, key: Key) -> bool:
        """A printed withheld figure, or one printed nowhere that rests on too few units (a
        small Land × type group): neither may be pinned down by the published figures."""
        return self._figure(key).printed or self._sensitive(key)

    def _figure(self, key: Key) -> _Figure:
        return self._figures.get(key) or self._earlier.get(key) or _UNKNOWN

    def _sensitive(self, key: Key) -> bool:
        figure = self._figure(key)
        return self.rule.is_sensitive(_as_figure(key), figure.units, figure.top)

    def _apply(self, t: int, table: Table) -> Table:
        keys = self._keys[t]
        hidden: dict[Position, Cell] = {}
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                base = keys[cell.base] if cell.base is not None else None
                if keys[(r, c)] in self.withheld or (base is not None and base in self.withheld):
                    hidden[(r, c)] = replace(cell, value=None, suppressed=True)
        footnotes = table.footnotes + ((self.rule.footnote,) if hidden else ())
        return table.with_cells(hidden, footnotes=footnotes, disclosure=self.rule.description)


def _unprotectable(key: Key) -> str:
    figure = _as_figure(key)
    name = "eine Zahl einer Tabelle"
    if figure is not None:
        details = [f"Kategorie {figure.category}"] if figure.category is not None else []
        details += [f"{_ATTRIBUTES.get(k, k)} {v}" for k, v in figure.population]
        name = f"eine Zahl zu {figure.variable}" + (f" ({', '.join(details)})" if details else "")
    return (
        f"Die Tabellen lassen sich nicht sicher veröffentlichen: {name} wäre aus bereits "
        "veröffentlichten Zahlen errechenbar, und keine weitere Zahl darf mehr gesperrt werden; "
        "bitte Tabellen oder Vergleichsgruppen anders zuschneiden."
    )


_ATTRIBUTES = {"type": "Typ", "land": "Land"}


def _as_figure(key: Key) -> FigureId | None:
    return key if isinstance(key, FigureId) else None


def _answers(key: Key) -> bool:
    """Whether a figure counts answers. Counts of responding units (by Land and type) are left
    at 0: their zeros are not printed in every table, and with a handful of respondents the
    rule would otherwise leave nothing that may be withheld."""
    figure = _as_figure(key)
    return figure is None or figure.variable != ""


def _floor(figure: _Figure, nonzero_known: bool) -> float:
    """The least value a reader can rule out: 1 for a withheld count that is not 0 if the
    reader knows that zeros stay printed, else 0; 0 for amounts where none is negative."""
    value = figure.value
    if figure.integral:
        known = nonzero_known and figure.printed and value is not None and value >= 1
        return 1.0 if known else 0.0
    return 0.0 if value is None or value >= 0 else -_FAR


def _value_of(cell: Cell, table: Table) -> float | None:
    """The figure a cell shows as a number: a count or an amount as printed, a percentage's
    count from its base (Top-2 is printed only as a share)."""
    if not isinstance(cell.value, int | float) or isinstance(cell.value, bool):
        return None
    if cell.format != "percent":
        return float(cell.value)
    if cell.base is None:
        return None
    r, c = cell.base
    base = table.rows[r].cells[c].value
    if not isinstance(base, int | float):
        return None
    return float(round(cell.value * base / 100))


def _determined(lines: list[tuple[Key, ...]], withheld: set[Key]) -> list[Key]:
    unknowns = list(dict.fromkeys(k for line in lines for k in line if k in withheld))
    pinned = blocks.pinned(blocks.rows_of(lines, {key: i for i, key in enumerate(unknowns)}))
    return [unknowns[i] for i in sorted(pinned)]

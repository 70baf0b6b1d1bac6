"""The large-block algebra of disclosure control: exact, and the same answer part by part."""

from __future__ import annotations

import random

import numpy as np
from scipy.linalg import null_space

from evaluation import disclosure_blocks as blocks


def _pinned_over_the_reals(lines, unknown) -> set:
    columns = {key: i for i, key in enumerate(sorted(unknown, key=repr))}
    matrix = np.zeros((len(lines), len(columns)))
    for i, line in enumerate(lines):
        for j, key in enumerate(line):
            if key in columns:
                matrix[i, columns[key]] += -1 if j == len(line) - 1 else 1
    basis = null_space(matrix)
    moves = np.abs(basis).max(axis=1) > 1e-9 if basis.size else np.zeros(len(columns), bool)
    return {key for key, i in columns.items() if not moves[i]}


def _groups(lines, unknown) -> list[list]:
    """The sums in independent groups: two sums are in one group if they share an unknown."""
    parent: dict = {}

    def find(key):
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for line in lines:
        inside = [k for k in line if k in unknown]
        for key in inside[1:]:
            parent[find(key)] = find(inside[0])
    groups: dict = {}
    for line in lines:
        groups.setdefault(find(next(k for k in line if k in unknown)), []).append(line)
    return list(groups.values())


def _pinned_part_by_part(lines, unknown) -> set:
    split = blocks.split(lines, unknown, {})
    border = {key: i for i, key in enumerate(split.border)}
    said = blocks.rows_of(split.border_lines, border)
    reduced = []
    for part in split.parts:
        own = sorted(
            {k for line in part for k in line if k in unknown and k not in border}, key=repr
        )
        columns = dict(border) | {key: len(border) + i for i, key in enumerate(own)}
        result = blocks.reduce(
            blocks.rows_of(part, columns), pivotable=range(len(border), len(columns))
        )
        said += result.rest
        reduced.append((own, result))
    sums = blocks.reduce(said)
    pinned = {key for key, i in border.items() if len(sums.pivots.get(i, {0: 0, 1: 1})) == 1}
    for own, result in reduced:
        for column, row in result.pivots.items():
            if len(blocks.substitute(row, sums)) == 1:
                pinned.add(own[column - len(border)])
    return pinned


def _peer_groups(questions: int, groups: int, seed: int):
    """Feedback-like sums: per question, categories add up to the units shown it in each
    small group, the groups to the published total; every group's units are one figure shared
    by all questions (the hub), and some of it is published."""
    rng = random.Random(seed)
    lines, unknown = [], set()
    for g in range(groups):
        unknown.add(("units", g))
    for q in range(questions):
        for g in range(groups):
            cells = [(q, g, c) for c in range(3)]
            lines.append((*cells, ("shown", q, g)))
            lines.append((("shown", q, g), ("not shown", q, g), ("units", g)))
            unknown.update(k for k in cells if rng.random() < 0.7)
            unknown.update(k for k in [("shown", q, g), ("not shown", q, g)] if rng.random() < 0.5)
        for c in range(3):
            lines.append((*[(q, g, c) for g in range(groups)], (q, "all", c)))
    lines.append((*[("units", g) for g in range(groups)], ("units", "all")))
    return lines, frozenset(unknown)


def test_exact_elimination_agrees_with_a_decomposition_over_the_reals() -> None:
    rng = random.Random(3)
    for _ in range(30):
        keys = list(range(12))
        lines = [tuple(rng.sample(keys, rng.randint(2, 5))) for _ in range(rng.randint(3, 9))]
        unknown = frozenset(k for k in keys if rng.random() < 0.6)
        columns = {key: i for i, key in enumerate(sorted(unknown, key=repr))}
        found = {
            key for key, i in columns.items() if i in blocks.pinned(blocks.rows_of(lines, columns))
        }
        assert found == _pinned_over_the_reals(lines, unknown)


def test_a_block_taken_apart_at_its_hubs_pins_down_what_the_whole_block_does() -> None:
    for seed in range(4):
        lines, unknown = _peer_groups(questions=60, groups=4, seed=seed)
        split = blocks.split(lines, unknown, {})
        assert set(split.border) == {("units", g) for g in range(4)} & unknown
        assert max(len(part) for part in split.parts) < len(lines) / 10
        assert _pinned_part_by_part(lines, unknown) == _pinned_over_the_reals(lines, unknown)


def test_a_hub_published_nowhere_is_pinned_down_through_the_parts_alone() -> None:
    # One group's units (the hub) in every question: shown plus not shown (published) give
    # the units. Question 0 publishes all its answer cells, so its "shown" and with it the
    # units follow; no sum of the hub alone is published, so only a part can tell.
    questions, cells = 10, 50
    lines = [(("shown", q), ("not shown", q), "units") for q in range(questions)]
    lines += [tuple((q, c) for c in range(cells)) + (("shown", q),) for q in range(questions)]
    unknown = frozenset(
        {"units"}
        | {("shown", q) for q in range(questions)}
        | {(q, c) for q in range(1, questions) for c in range(cells)}
    )
    split = blocks.split(lines, unknown, {})
    assert split.border == ("units",)
    assert split.border_lines == ()
    assert len(split.parts) == questions
    pinned = _pinned_part_by_part(lines, unknown)
    assert pinned == _pinned_over_the_reals(lines, unknown)
    assert {"units"} | {("shown", q) for q in range(questions)} <= pinned
    assert not any((q, 0) in pinned for q in range(1, questions))


def test_feedback_reports_solved_part_by_part_leave_nothing_computable(monkeypatch) -> None:
    """The demo's feedback reports with every block taken apart: no withheld figure that must
    stay hidden is pinned down over the reals by all the sums of brief and reports."""
    from brief_data import make_brief_dataset

    from evaluation.reports.feedback import FeedbackBuilder

    monkeypatch.setattr(blocks, "PART_LIMIT", 5)
    disclosure = FeedbackBuilder(make_brief_dataset()).disclosure
    withheld = set(disclosure.withheld)
    lines = [line for line in disclosure.all_lines if any(k in withheld for k in line)]
    unknown = frozenset(k for line in lines for k in line if k in withheld)
    computable = set()
    for group in _groups(lines, unknown):
        computable |= _pinned_over_the_reals(group, unknown)
    assert not [key for key in computable if disclosure._must_hide(key)]

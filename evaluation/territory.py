"""Territorial changes: an official key that ended and the key that took it over.

Kommunen merge (Eisenach, 16056, joined the Wartburgkreis, 16063, on 1 July 2021) and are
sometimes split. A panel compares a unit with itself across waves, so an earlier wave's answer
is followed to the key the unit has in the later wave. The rule lives here, where both the app
(which loads the table) and the panel outputs (which apply it) can use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Change:
    """`old` ended and went to `new` on `on`; `weight`: the share of `old` that went to `new`
    when `old` was split (None: all of it)."""

    old: str
    new: str
    on: date
    weight: float | None = None

    @property
    def share(self) -> float:
        return 1.0 if self.weight is None else self.weight


@dataclass(frozen=True)
class Followed:
    """Where a key leads: the key on the day asked about and the changes on the way."""

    key: str
    via: tuple[Change, ...] = ()

    @property
    def merged(self) -> bool:
        """The unit now lives on under another key (merged into it, or the largest part of a
        split)."""
        return bool(self.via)

    @property
    def split(self) -> bool:
        return any(change.weight is not None and change.weight < 1 for change in self.via)


def follow(key: str, changes: Iterable[Change], until: date | None = None) -> Followed:
    """The key `key` has on `until` (None: after every change). A split unit is followed to
    the part that took the largest share: one earlier answer belongs to one later unit."""
    by_old: dict[str, list[Change]] = {}
    for change in changes:
        if until is None or change.on <= until:
            by_old.setdefault(change.old, []).append(change)
    via: list[Change] = []
    seen = {key}
    while key in by_old:
        change = max(by_old[key], key=lambda c: (c.share, c.new))
        if change.new in seen:
            break
        via.append(change)
        key = change.new
        seen.add(key)
    return Followed(key, tuple(via))

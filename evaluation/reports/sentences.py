"""German number sentences for the brief and the feedback reports.

Readers want the figure first, with its base: "9 von 14 Kommunen (64 %)". Below about 30 valid
cases a percentage alone overstates precision, so the count leads; above it the percentage leads
and the count follows. Every sentence is built from cells that have already passed disclosure
control: a function here receives a count only if it may be published, and callers skip the
sentence otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from evaluation.german import day, number, percent

#: Below this count, counts lead ("9 von 14"); from it on, percentages lead.
COUNT_FIRST_BELOW = 30
MULTIPLE_NOTE = "Mehrfachnennungen möglich"

_PLURALS = {
    "Landkreis": "Landkreise",
    "kreisfreie Stadt": "kreisfreie Städte",
    "Stadt": "Städte",
    "Gemeinde": "Gemeinden",
    "Kreis": "Kreise",
    "Kommune": "Kommunen",
    "Stadtkreis": "Stadtkreise",
    "Verbandsgemeinde": "Verbandsgemeinden",
}


def kommunen(n: int, noun: str = "Kommune") -> str:
    """ "1 Kommune", "14 Kommunen" (and the plural of a unit type: "5 kreisfreie Städte")."""
    return f"{number(n)} {noun if n == 1 else plural(noun)}"


def plural(noun: str) -> str:
    return _PLURALS.get(noun, noun)


def share(count: int, base: int) -> str:
    """The figure with its base: "9 von 14 Kommunen (64 %)"; from 30 units on the percentage
    leads ("64,3 % (90 von 140 Kommunen)"), with a decimal from a base of 100."""
    if base <= 0:
        return f"{number(count)} von 0 Kommunen"
    pct = 100.0 * count / base
    decimals = 0 if base < 100 else 1
    if count < COUNT_FIRST_BELOW:
        return f"{number(count)} von {kommunen(base)} ({percent(pct, decimals)})"
    return f"{percent(pct, decimals)} ({number(count)} von {kommunen(base)})"


def quoted(label: str) -> str:
    """German quotation marks around an answer label."""
    return f"„{label}“"


def either(labels: Sequence[str]) -> str:
    """„a“, „b“ oder „c“."""
    parts = [quoted(label) for label in labels]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " oder " + parts[-1]


def enumerate_de(parts: Sequence[str]) -> str:
    """a, b und c."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " und " + parts[-1]


def period(start: date | None, end: date | None) -> str:
    """ "01.07.2019 bis 31.08.2019"; whichever end is known."""
    if start and end:
        return f"{day(start)} bis {day(end)}"
    return day(start or end)


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop, as a leading figure needs."""
    text = text.strip()
    if not text:
        return text
    if text[0].isalpha():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."

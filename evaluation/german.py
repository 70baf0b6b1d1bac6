"""German numbers and dates, the one style for every output: tables, sentences, the workbook,
the researcher area, letters and respondent pages.

DIN 5008 and the Duden write a decimal comma, group thousands with a dot only from five digits
on (so a year never reads "2.014"), put a non-breaking space before "%" and write dates as
TT.MM.JJJJ.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

#: How a figure is printed: a count (no decimals), a percentage (one), a number (two) or text.
FigureFormat = Literal["count", "percent", "number", "text"]
#: Numbers are grouped in thousands only from this size on.
GROUP_DIGITS_FROM = 10_000
NBSP = "\u00a0"
#: What an empty date or share is printed as.
DASH = "–"
#: TT.MM.JJJJ, for printing and for reading a date a researcher typed.
DAY_FORMAT = "%d.%m.%Y"


def figure(value: float | int | str | None, format: FigureFormat, decimals: int | None) -> str:
    """A table figure in its format; the decimals default to 0, 1 and 2 for count, percent and
    number. Text is printed as it is, a missing value as nothing."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if format == "count":
        places = 0
    elif format == "percent":
        places = 1 if decimals is None else decimals
    else:
        places = 2 if decimals is None else decimals
    rounded = half_up(value, places)
    grouping = "," if abs(rounded) >= GROUP_DIGITS_FROM else ""
    text = f"{rounded:{grouping}.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def half_up(value: float | int, places: int) -> Decimal:
    """Rounded as German tables round (DIN 1333, and Excel's number formats): a 5 rounds up,
    so 5 of 16 is 31,3 % and a median of 72,5 rounds to 73. Python's own rounding goes to the
    even digit (31,2). The shortest decimal that names the float is rounded, not its binary
    expansion, so 2,675 rounds to 2,68 as the reader expects."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def statistic_decimals(decimals: int | None) -> int | None:
    """Means, standard deviations and medians of whole numbers are not whole numbers: they get
    at least one decimal ("im Mittel 5,8 Personen", not 6)."""
    return None if decimals is None else max(decimals, 1)


def number(value: float | int, decimals: int = 0) -> str:
    """11.000, 2014 and 12,5."""
    return figure(value, "number", decimals)


def percent(value: float, decimals: int = 0) -> str:
    """ "64 %" with a non-breaking space, so the sign never starts a line."""
    return f"{number(value, decimals)}{NBSP}%"


def share(part: int, whole: int, decimals: int = 1) -> str:
    """Part of a whole as a percentage ("12,5 %"); a dash for an empty base."""
    if not whole:
        return DASH
    return percent(100 * part / whole, decimals)


def day(value: date | None) -> str:
    """TT.MM.JJJJ, or an empty string."""
    return value.strftime(DAY_FORMAT) if value else ""


def moment(value: datetime | date | None) -> str:
    """ "TT.MM.JJJJ, HH:MM Uhr" for a point in time, TT.MM.JJJJ for a day, a dash for none."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        return value.strftime(f"{DAY_FORMAT}, %H:%M Uhr")
    return day(value)


def stamp(value: datetime) -> str:
    """ "TT.MM.JJJJ HH:MM", where a file notes when it was made and room is short."""
    return value.strftime(f"{DAY_FORMAT} %H:%M")

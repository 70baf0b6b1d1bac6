"""Reading numbers and dates the way German respondents type them, and showing them back.

Respondents write "1,5" or "1.5", "1.200" for twelve hundred, and dates as TT.MM.JJJJ; a browser
date picker or a copy from elsewhere may give ISO "2024-01-31". Parsing is strict otherwise, so a
typo is reported instead of being stored as a different number: "1.500" in a decimal field is
one and a half to a program but fifteen hundred to a German reader, so it is refused as
ambiguous (`is_ambiguous_decimal`) rather than stored as either.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from evaluation import german

_INTEGER = re.compile(r"^[+-]?\d+$")
_GROUPED_INTEGER = re.compile(r"^[+-]?\d{1,3}(?:[. ]\d{3})+$")
_AMBIGUOUS_DECIMAL = re.compile(r"^[+-]?\d{1,3}\.\d{3}$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _compact(text: str) -> str:
    return text.strip().replace("\u00a0", " ").replace("\u202f", " ")


def parse_integer(text: str) -> int | None:
    """An integer, allowing thousands grouped with '.' or a space; None if it is not one."""
    value = _compact(text)
    if _INTEGER.match(value):
        return int(value)
    if _GROUPED_INTEGER.match(value):
        return int(value.replace(".", "").replace(" ", ""))
    return None


def parse_decimal(text: str) -> Decimal | None:
    """A decimal with a comma or a point as decimal mark; None if it is not one.

    Exactly one mark is allowed, so "1.000,5" is refused rather than guessed at.
    """
    value = _compact(text).replace(" ", "")
    if not _DECIMAL.match(value):
        return None
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None


def is_ambiguous_decimal(text: str) -> bool:
    """A point before exactly three digits and nothing else ("1.500"): a thousands separator
    in German, a decimal mark in English."""
    return bool(_AMBIGUOUS_DECIMAL.match(_compact(text).replace(" ", "")))


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def format_number(value: float | int | Decimal, lang: str = "de") -> str:
    """A number as shown on screen: decimal comma in German, no trailing zeros, no grouping.

    Not `evaluation.german.number`, which prints a fixed number of decimals and groups
    thousands: a respondent sees back what they typed ("2,5", "12000"), and the text must parse
    again as the same value when the page is sent back.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",") if lang == "de" else text


def parse_date(text: str) -> date | None:
    """TT.MM.JJJJ (day and month may have one digit) or ISO JJJJ-MM-TT; None otherwise."""
    value = _compact(text)
    if match := _GERMAN_DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_date(value: date | str) -> str:
    """TT.MM.JJJJ, as German forms and letters write dates (an ISO text is read first)."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return german.day(value)

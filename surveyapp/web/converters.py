"""URL converters with the database's bounds: an id past them is a page that does not exist.

Werkzeug's `int` converter accepts any number of digits, and SQLite (past 64 bits) and
PostgreSQL (past an `integer` column's 32 bits) refuse such a number in a query with an error,
which was a 500. Every `<int:…>` of every blueprint gets this bound, new routes included.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

#: The largest value of an `integer` column on PostgreSQL, the narrower of the two backends.
LARGEST_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """`<int:…>` that matches no number past `LARGEST_ID`, so the page answers 404."""

    def __init__(
        self,
        url_map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = LARGEST_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(url_map, fixed_digits, min, max, signed)


def init_app(app: Flask) -> None:
    """Called before any blueprint adds its routes: a rule takes its converter when added."""
    app.url_map.converters["int"] = BoundedIntegerConverter

"""Reading the cells of an XLSForm workbook: texts in every language, yes/no flags,
expressions and appearances, each recorded with the cell it came from.

The translator builds a source mapping for the schema; every value it takes from a cell goes
through here, so a problem the schema finds later can be pointed back at that cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from surveyapp.questionnaire.loading.errors import Problem, child_path
from surveyapp.questionnaire.loading.xlsform.expressions import (
    ExpressionError,
    translate_expression,
)
from surveyapp.questionnaire.loading.xlsform.workbook import Row

VISUAL_APPEARANCES = frozenset(
    {
        "minimal",
        "horizontal",
        "horizontal-compact",
        "compact",
        "likert",
        "columns",
        "columns-pack",
        "quick",
        "no-calendar",
        "field-list",
    }
)
YES = frozenset({"yes", "true", "1", "true()"})
NO = frozenset({"no", "false", "0", "false()"})


def cell_code(value: Any) -> int | None:
    """An option code from a cell: 3, 3.0 and "3" are code 3; anything else is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return None


def plain(value: Any) -> str:
    """A number cell as the text it shows: 2019.1 stays 2019.1, 3.0 becomes 3."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class CellReader:
    """What every part of the translation shares: the problems, the origin of each path of the
    mapping (`pages[0].questions[2].show_if` → `survey[5].relevant`), the languages and the kind
    of every question (to translate expressions by type)."""

    problems: list[Problem]
    origins: dict[str, str]
    languages: tuple[str, ...]
    kinds: Mapping[str, str]

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def error(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))

    def text(self, row: Row, name: str, path: str) -> str | dict[str, str] | None:
        """A text column in all its languages: plain text if it has only the default one."""
        values: dict[str, str] = {}
        self.origins[path] = row.column(name, self.default_language)
        for (column, language), value in row.cells.items():
            if column != name:
                continue
            code = language or self.default_language
            if code in values:
                self.error(
                    row.at(name, language),
                    f"Zwei Spalten geben {name} in der Sprache '{code}' an; eine ohne Sprache "
                    "gilt für die Standardsprache",
                )
                continue
            values[code] = plain(value)
            self.origins[child_path(path, code)] = row.at(name, language)
        if not values:
            return None
        if list(values) == [self.default_language]:
            return values[self.default_language]
        return values

    def flag(self, row: Row, name: str) -> bool:
        value = row.get(name)
        if value is None or value is False or plain(value).lower() in NO:
            return False
        if value is True or plain(value).lower() in YES:
            return True
        hint = " (Bedingungen gehören in relevant)" if "$" in str(value) else ""
        self.error(row.at(name), f"{name} erlaubt yes oder no, nicht „{value}“{hint}")
        return False

    def condition(self, row: Row, name: str, path: str, own: str | None) -> str | None:
        value = row.get(name)
        if value is None:
            return None
        self.origins[path] = row.at(name)
        try:
            return translate_expression(plain(value), self.kinds, own)
        except ExpressionError as error:
            shown = plain(value)
            shown = shown if len(shown) <= 80 else f"{shown[:77]}…"
            self.error(row.at(name), f"{error} (in „{shown}“)")
            return None

    def appearance(self, row: Row, kind: str) -> bool:
        """Check the appearance words; True if a text question asks for several lines."""
        value = row.get("appearance")
        multiline = False
        for word in str(value).split() if value is not None else ():
            if word == "multiline" and kind == "text":
                multiline = True
            elif word not in VISUAL_APPEARANCES:
                self.error(
                    row.at("appearance"),
                    f"Die Darstellung (appearance) „{word}“ wird bei {kind} nicht unterstützt",
                )
        return multiline

    def _origin_row(self, path: str, row: Row, columns: Mapping[str, str]) -> None:
        self.origins[path] = row.where
        for key, column in columns.items():
            self.origins[child_path(path, key)] = row.at(column)


# Ordering problems --------------------------------------------------------------------------------

"""Reading an XLSForm workbook (.xlsx) into the same questionnaire as a YAML file.

Researchers who build forms in Excel (ODK, KoBoToolbox, SurveyCTO) upload them as they are. The
workbook is translated into the source mapping the YAML loader validates, so every rule and
message of the YAML format applies unchanged and the snapshot (`Questionnaire.source`) is an
ordinary YAML-style mapping that `questionnaire_from_snapshot` rebuilds. Problems point at sheet,
row (as Excel numbers them: the header is row 1) and column, e.g. `survey[7].relevant`; problems
the YAML rules find in the translation are pointed back at the row they came from.

Translated:
- settings: `form_id` (lowercased) → id, `version`, `form_title` → title, `default_language`.
- survey `type`: `select_one L` / `select_multiple L` (`or_other` → other) → single / multiple
  with the options of list L; integer, decimal, text (appearance multiline → textarea), date,
  note; `begin_group`/`end_group` → a page (name → id, label → title, hint → intro,
  relevant → show_if).
- `label` → text, `hint` → help, `required` (yes/true/1) → required, `relevant` → show_if,
  `constraint` + `constraint_message` → check (expressions: see `xlsform_expressions`).
- choices: `list_name`, `name` (an integer code), `label`, each list an `option_lists` entry.
  A `missing` column (yes) is this project's addition for answers like "weiß nicht".
- `label::Deutsch (de)` columns (also `hint::`, `constraint_message::`, `form_title::`) →
  languages; a plain `label` column is the default language.

Questions outside any group: each run of them becomes one page titled with the form title, as
Enketo shows a form without groups on one page. Appearances that only change the look
(`minimal`, `likert`, `field-list`, …) are accepted and have no effect: the web form has its own
layout. Everything else (other types, other columns holding a value, other appearances, groups
in groups, functions in expressions) is refused by name and row, never ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from surveyapp.questionnaire.errors import Problem, QuestionnaireInvalid
from surveyapp.questionnaire.model import Questionnaire
from surveyapp.questionnaire.xlsform_expressions import (
    UNSUPPORTED,
    ExpressionError,
    translate_expression,
)
from surveyapp.questionnaire.xlsform_workbook import (
    OLE_MAGIC,
    SHEET_ORDER,
    Row,
    Sheet,
    language_code,
    read_workbook,
)
from surveyapp.questionnaire.yamlsource import child_path

SUFFIXES = (".xlsx", ".xlsm", ".xls")
ZIP_MAGIC = b"PK\x03\x04"

SIMPLE_TYPES = {
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "text": "text",
    "string": "text",
    "date": "date",
    "note": "note",
}
SELECT_TYPES = {"select_one": "single", "select_multiple": "multiple"}
STRUCTURE = ("begin_group", "end_group", "begin_repeat", "end_repeat")
SUPPORTED_TYPES = "select_one, select_multiple, integer, decimal, text, date, note, begin_group"
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


def is_xlsform(source: str | bytes | Path) -> bool:
    """True for a path ending in .xlsx (or .xls, to refuse it clearly) and for Excel bytes."""
    if isinstance(source, Path):
        return source.suffix.lower() in SUFFIXES
    if isinstance(source, str):
        return "\n" not in source and source.strip().lower().endswith(SUFFIXES)
    return source.startswith((ZIP_MAGIC, OLE_MAGIC))


def load_xlsform(source: str | bytes | Path) -> Questionnaire:
    """Read an XLSForm workbook (path or bytes); raises `QuestionnaireInvalid` with every problem.

    The translation is validated by the YAML loader's own rules, so both file kinds accept and
    refuse exactly the same questionnaires.
    """
    # The loader dispatches .xlsx files here, so it can only be imported once it exists.
    from surveyapp.questionnaire.loader import questionnaire_from_snapshot

    translation = translate_xlsform(source)
    problems = list(translation.problems)
    questionnaire: Questionnaire | None = None
    try:
        questionnaire = questionnaire_from_snapshot(translation.data)
    except QuestionnaireInvalid as invalid:
        problems.extend(translation.locate(invalid.problems))
    if problems or questionnaire is None:
        raise QuestionnaireInvalid(sorted(problems, key=_order))
    return questionnaire


@dataclass
class Translation:
    """The source mapping made from a workbook, the problems found on the way, and for each
    path of the mapping the cell it came from (`pages[0].questions[2].show_if` →
    `survey[5].relevant`)."""

    data: dict[str, Any]
    problems: list[Problem]
    origins: dict[str, str]

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """The loader's problems, pointed at the workbook.

        A cell refused here, or a row refused as a whole, makes the loader stumble over the
        same place again ("Der Schlüssel 'id' fehlt"); those echoes are left out.
        """
        cells = {p.location for p in self.problems}
        rows = {_row_of(p.location) for p in self.problems}
        located: list[Problem] = []
        for problem in problems:
            location = self._origin(problem)
            echo = location in cells or (location == _row_of(location) and location in rows)
            if not echo:
                located.append(Problem(location, self._message(problem.message)))
        return located

    def _message(self, message: str) -> str:
        """`(zuerst bei pages[0].questions[1])` → `(zuerst bei survey[3])`."""
        return re.sub(
            r"\bpages\[\d+\](?:\.questions\[\d+\])?",
            lambda match: self.origins.get(match.group(0), match.group(0)),
            message,
        )

    def _origin(self, problem: Problem) -> str:
        path = problem.location
        if not path and problem.message.startswith("…"):
            return path
        while True:
            if path in self.origins:
                return self.origins[path]
            if not path:
                return problem.location
            path = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", path)


def translate_xlsform(source: str | bytes | Path) -> Translation:
    """Translate a workbook into a source mapping; broken or oversized files raise at once."""
    sheets, problems = read_workbook(source)
    translator = _Translator(sheets, problems)
    return Translation(translator.translate(), problems, translator.origins)


@dataclass(frozen=True)
class _Type:
    """A parsed `type` cell: the model's type or a structure word, or `UNSUPPORTED`."""

    kind: str
    name: str
    list_name: str | None = None
    other: bool = False
    problem: str | None = None


def _parse_type(value: Any) -> _Type:
    text = re.sub(r"\s+", " ", str(value).strip())
    text = re.sub(
        r"^(select|begin|end) (one|multiple|group|repeat)\b", r"\1_\2", text, flags=re.IGNORECASE
    )
    head, _, rest = text.partition(" ")
    head = head.lower()
    if head in SELECT_TYPES:
        parts = rest.split()
        if not parts:
            return _Type(UNSUPPORTED, head, problem=f"Nach {head} fehlt der Name der Auswahlliste")
        other = parts[1:] == ["or_other"]
        if len(parts) > 1 and not other:
            problem = f"Typ „{text}“: nach der Auswahlliste ist nur „or_other“ erlaubt"
            return _Type(UNSUPPORTED, head, problem=problem)
        return _Type(SELECT_TYPES[head], head, parts[0], other)
    known = SIMPLE_TYPES.get(head) or (head if head in STRUCTURE else None)
    if known and rest:
        return _Type(UNSUPPORTED, head, problem=f"Typ „{text}“: nach {head} darf nichts stehen")
    return _Type(known or UNSUPPORTED, head)


def _unsupported_type(parsed: _Type) -> str:
    if parsed.problem:
        return parsed.problem
    return f"Typ „{parsed.name}“ wird nicht unterstützt (unterstützt: {SUPPORTED_TYPES})"


def _code(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return None


def _plain(value: Any) -> str:
    """A number cell as the text it shows: 2019.1 stays 2019.1, 3.0 becomes 3."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class _Layout:
    """Where the walk through the survey sheet is: pages so far, the open page, open groups."""

    pages: list[dict[str, Any]] = field(default_factory=list)
    implicit: list[int] = field(default_factory=list)
    page: dict[str, Any] | None = None
    group_row: Row | None = None
    rows_in_group: int = 0
    stack: list[str] = field(default_factory=list)

    @property
    def page_path(self) -> str:
        return child_path("pages", len(self.pages) - 1)


class _Translator:
    """Builds the source mapping sheet by sheet, recording each path's origin cell."""

    def __init__(self, sheets: Mapping[str, Sheet], problems: list[Problem]) -> None:
        self.survey = sheets["survey"]
        self.choices = sheets.get("choices")
        self.settings_sheet = sheets.get("settings")
        self.problems = problems
        self.origins: dict[str, str] = {}
        self.settings_row = self._settings_row()
        self.languages = self._languages()
        self.kinds = self._kinds()
        self.title: str | dict[str, str] | None = None
        self.list_names: Collection[str] = ()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def error(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))

    def translate(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": 1, **self._settings()}
        if self.languages != ("de",):
            data["languages"] = list(self.languages)
        lists = self._option_lists()
        if lists:
            data["option_lists"] = lists
        data["pages"] = self._pages()
        return data

    # settings and languages

    def _settings_row(self) -> Row | None:
        sheet = self.settings_sheet
        if sheet is None or not sheet.rows:
            self.error(
                "settings",
                "Das Blatt „settings“ fehlt oder ist leer: es braucht form_id, form_title "
                "und version",
            )
            self.origins[""] = "settings"
            return None
        for extra in sheet.rows[1:]:
            self.error(extra.where, "Im Blatt settings gilt nur eine Zeile unter den Überschriften")
        self.origins[""] = sheet.rows[0].where
        return sheet.rows[0]

    def _languages(self) -> tuple[str, ...]:
        seen: list[str] = []
        sheets = [s for s in (self.survey, self.choices, self.settings_sheet) if s is not None]
        for sheet in sheets:
            for _, language in sheet.headers:
                if language and language not in seen:
                    seen.append(language)
        default = seen[0] if seen else "de"
        row = self.settings_row
        value = row.get("default_language") if row else None
        if row is not None and value is not None:
            code = language_code(str(value))
            if code is None:
                self.error(
                    row.at("default_language"),
                    f"„{value}“ ist kein Sprachcode: schreiben Sie z. B. de oder Deutsch (de)",
                )
            else:
                default = code
            self.origins["languages"] = row.at("default_language")
        return (default, *(language for language in seen if language != default))

    def _settings(self) -> dict[str, Any]:
        row = self.settings_row
        if row is None:
            return {}
        result: dict[str, Any] = {}
        for name, key, what in (
            ("form_id", "id", "die Kennung des Fragebogens, z. B. sozialplanung"),
            ("version", "version", "die Fassung, z. B. 2019.1"),
        ):
            self.origins[key] = row.at(name)
            value = row.get(name)
            if value is None:
                self.error(row.at(name), f"{name} fehlt: {what}")
            else:
                result[key] = _plain(value).lower() if key == "id" else _plain(value)
        self.title = self.text(row, "form_title", "title")
        if self.title is None:
            self.error(row.column("form_title"), "form_title fehlt: der Titel des Fragebogens")
        else:
            result["title"] = self.title
        return result

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
            values[code] = _plain(value)
            self.origins[child_path(path, code)] = row.at(name, language)
        if not values:
            return None
        if list(values) == [self.default_language]:
            return values[self.default_language]
        return values

    # choices

    def _option_lists(self) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        self.list_names = lists.keys()
        for row in self.choices.rows if self.choices else ():
            name = row.get("list_name")
            if name is None:
                self.error(
                    row.at("list_name"), "list_name fehlt: zu welcher Liste gehört die Zeile"
                )
                continue
            entries = lists.setdefault(_plain(name), [])
            list_path = child_path("option_lists", _plain(name))
            self.origins.setdefault(list_path, row.at("list_name"))
            entry = self._choice(row, child_path(list_path, len(entries)))
            if entry is not None:
                entries.append(entry)
        return lists

    def _choice(self, row: Row, path: str) -> dict[str, Any] | None:
        value = row.get("name")
        code = _code(value)
        if value is None:
            self.error(row.at("name"), "name fehlt: der Code der Antwort, eine ganze Zahl")
        elif code is None:
            self.error(
                row.at("name"),
                f"Der Name „{value}“ ist kein ganzzahliger Code: Antworten werden als Zahlen "
                "gespeichert, verwenden Sie 1, 2, 3 … (und z. B. -1 für „weiß nicht“)",
            )
        label = self.text(row, "label", child_path(path, "label"))
        if label is None:
            self.error(row.column("label"), "label fehlt: der Text der Antwort")
        missing = self.flag(row, "missing")
        if code is None or label is None:
            return None
        self.origins[path] = row.where
        self.origins[child_path(path, "code")] = row.at("name")
        self.origins[child_path(path, "missing")] = row.at("missing")
        entry: dict[str, Any] = {"code": code, "label": label}
        if missing:
            entry["missing"] = True
        return entry

    def flag(self, row: Row, name: str) -> bool:
        value = row.get(name)
        if value is None or value is False or _plain(value).lower() in NO:
            return False
        if value is True or _plain(value).lower() in YES:
            return True
        hint = " (Bedingungen gehören in relevant)" if "$" in str(value) else ""
        self.error(row.at(name), f"{name} erlaubt yes oder no, nicht „{value}“{hint}")
        return False

    # survey

    def _kinds(self) -> dict[str, str]:
        """Every question name with its kind, so expressions can be translated by type."""
        kinds: dict[str, str] = {}
        for row in self.survey.rows:
            name, value = row.get("name"), row.get("type")
            if name is None or value is None:
                continue
            parsed = _parse_type(value)
            if parsed.kind not in STRUCTURE:
                kinds.setdefault(_plain(name), parsed.kind)
        return kinds

    def _pages(self) -> list[dict[str, Any]]:
        self.origins["pages"] = "survey"
        if not self.survey.rows:
            self.error("survey", "Das Blatt survey enthält keine Fragen")
        layout = _Layout()
        for row in self.survey.rows:
            value = row.get("type")
            if value is None:
                self.error(row.at("type"), "Der Typ fehlt")
                continue
            parsed = _parse_type(value)
            if parsed.kind in STRUCTURE:
                self._structure(layout, row, parsed.kind)
                continue
            layout.rows_in_group += 1
            if parsed.kind == UNSUPPORTED:
                self.error(row.at("type"), _unsupported_type(parsed))
            else:
                self._place_question(layout, row, parsed)
        if layout.stack and layout.group_row is not None:
            self.error(layout.group_row.at("type"), "Zu dieser Gruppe fehlt end_group")
        self._name_implicit_pages(layout)
        return layout.pages

    def _structure(self, layout: _Layout, row: Row, kind: str) -> None:
        if kind == "begin_repeat":
            self.error(row.at("type"), "Typ „begin_repeat“ (Wiederholungen) wird nicht unterstützt")
            layout.stack.append("repeat")
        elif kind == "begin_group" and layout.stack:
            self.error(
                row.at("type"),
                "Eine Gruppe in einer Gruppe wird nicht unterstützt: jede Gruppe wird eine Seite",
            )
            layout.stack.append("group")
        elif kind == "begin_group":
            layout.stack.append("group")
            self._open_group(layout, row)
        else:
            self._close(layout, row, "group" if kind == "end_group" else "repeat")

    def _close(self, layout: _Layout, row: Row, kind: str) -> None:
        if not layout.stack:
            self.error(row.at("type"), f"end_{kind} ohne begin_{kind}")
            return
        opened = layout.stack.pop()
        if opened != kind:
            self.error(row.at("type"), f"end_{kind} schließt ein begin_{opened}")
        if not layout.stack and layout.group_row is not None:
            if not layout.rows_in_group:
                self.error(layout.group_row.at("type"), "Die Gruppe enthält keine Fragen")
            layout.page, layout.group_row = None, None

    def _open_group(self, layout: _Layout, row: Row) -> None:
        page: dict[str, Any] = {}
        layout.pages.append(page)
        layout.page, layout.group_row, layout.rows_in_group = page, row, 0
        path = layout.page_path
        self._origin_row(path, row, {"id": "name", "type": "type", "questions": "type"})
        name = row.get("name")
        if name is None:
            self.error(row.at("name"), "Die Gruppe braucht einen name: er wird die Seiten-ID")
        else:
            page["id"] = _plain(name)
        title = self.text(row, "label", child_path(path, "title"))
        if title is None:
            self.error(row.column("label"), "Die Gruppe braucht ein label: es wird der Seitentitel")
        else:
            page["title"] = title
        intro = self.text(row, "hint", child_path(path, "intro"))
        if intro is not None:
            page["intro"] = intro
        show_if = self.condition(row, "relevant", child_path(path, "show_if"), None)
        if show_if is not None:
            page["show_if"] = show_if
        for name in ("required", "constraint", "constraint_message"):
            if row.get(name) is not None:
                self.error(row.at(name), f"{name} ist bei einer Gruppe nicht möglich")
        self.appearance(row, "group")
        page["questions"] = []

    def _place_question(self, layout: _Layout, row: Row, parsed: _Type) -> None:
        if layout.page is None:
            layout.implicit.append(len(layout.pages))
            layout.page = {"id": "", "title": self.title or "Fragen", "questions": []}
            layout.pages.append(layout.page)
            self.origins[layout.page_path] = row.where
        questions = layout.page["questions"]
        path = child_path(child_path(layout.page_path, "questions"), len(questions))
        questions.append(self._question(row, parsed, path))

    def _name_implicit_pages(self, layout: _Layout) -> None:
        """Pages made for questions outside groups get ids no group uses: seite-1, seite-2, …"""
        used = {page.get("id") for page in layout.pages}
        number = 0
        for index in layout.implicit:
            number += 1
            while f"seite-{number}" in used:
                number += 1
            layout.pages[index]["id"] = f"seite-{number}"
            self.origins[child_path(child_path("pages", index), "title")] = self.origins.get(
                "title", "settings"
            )

    def _question(self, row: Row, parsed: _Type, path: str) -> dict[str, Any]:
        self._origin_row(
            path,
            row,
            {
                "id": "name",
                "type": "type",
                "options": "type",
                "other": "type",
                "required": "required",
            },
        )
        question: dict[str, Any] = {}
        name = row.get("name")
        if name is None:
            self.error(row.at("name"), "Die Frage braucht einen name: er wird der Variablenname")
        else:
            question["id"] = _plain(name)
        multiline = self.appearance(row, parsed.kind)
        question["type"] = "textarea" if multiline else parsed.kind
        text = self.text(row, "label", child_path(path, "text"))
        if text is None:
            self.error(row.column("label"), "label fehlt: der Text der Frage")
        else:
            question["text"] = text
        help_text = self.text(row, "hint", child_path(path, "help"))
        if help_text is not None:
            question["help"] = help_text
        if parsed.list_name is not None:
            self._check_list(row, parsed.list_name)
            question["options"] = parsed.list_name
        if parsed.other:
            question["other"] = True
        question.update(self._rules(row, parsed.kind, path, question.get("id")))
        return question

    def _check_list(self, row: Row, name: str) -> None:
        if name not in self.list_names:
            known = ", ".join(self.list_names) or "keine"
            self.error(
                row.at("type"),
                f"Die Auswahlliste „{name}“ gibt es im Blatt choices nicht (vorhanden: {known})",
            )

    def _rules(self, row: Row, kind: str, path: str, own: str | None) -> dict[str, Any]:
        rules: dict[str, Any] = {}
        show_if = self.condition(row, "relevant", child_path(path, "show_if"), None)
        if show_if is not None:
            rules["show_if"] = show_if
        if kind == "note":
            for name in ("required", "constraint", "constraint_message"):
                if row.get(name) is not None:
                    self.error(row.at(name), f"Ein Hinweis (note) hat keine Antwort: kein {name}")
            return rules
        if self.flag(row, "required"):
            rules["required"] = True
        check = self._check(row, child_path(child_path(path, "check"), 0), own)
        if check is not None:
            rules["check"] = [check]
        return rules

    def _check(self, row: Row, path: str, own: str | None) -> dict[str, Any] | None:
        has_rule = row.get("constraint") is not None
        message = self.text(row, "constraint_message", child_path(path, "message"))
        if not has_rule:
            if message is not None:
                self.error(row.at("constraint_message"), "constraint_message ohne constraint")
            return None
        self.origins[path] = row.at("constraint")
        rule = self.condition(row, "constraint", child_path(path, "rule"), own)
        if message is None:
            self.error(
                row.at("constraint"),
                "Zu constraint fehlt constraint_message: die Meldung, die Befragte sehen",
            )
        if rule is None or message is None:
            return None
        return {"rule": rule, "message": message}

    def condition(self, row: Row, name: str, path: str, own: str | None) -> str | None:
        value = row.get(name)
        if value is None:
            return None
        self.origins[path] = row.at(name)
        try:
            return translate_expression(_plain(value), self.kinds, own)
        except ExpressionError as error:
            shown = _plain(value)
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


def _row_of(location: str) -> str:
    """`survey[7].relevant` → `survey[7]`: problems on one row belong together."""
    match = re.match(r"^[a-z_]+(\[\d+\])?", location)
    return match.group(0) if match else location


def _order(problem: Problem) -> tuple[int, int]:
    match = re.match(r"^([a-z_]+)(?:\[(\d+)\])?", problem.location)
    if not match:
        return (len(SHEET_ORDER) + 1, 0)
    sheet, row = match.group(1), match.group(2)
    position = SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else len(SHEET_ORDER)
    return (position, int(row) if row else 0)

"""The survey sheet of an XLSForm workbook: groups become pages, rows become questions.

Questions outside any group: each run of them becomes one page titled with the form title, as
Enketo shows a form without groups on one page.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from surveyapp.questionnaire.loading.errors import child_path
from surveyapp.questionnaire.loading.xlsform.cells import CellReader, plain
from surveyapp.questionnaire.loading.xlsform.expressions import UNSUPPORTED
from surveyapp.questionnaire.loading.xlsform.workbook import Row, Sheet

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


class SurveyReader(CellReader):
    """Walks the survey sheet row by row, keeping groups and pages in a `_Layout`."""

    survey: Sheet
    title: str | dict[str, str] | None
    list_names: Collection[str]

    def _kinds(self) -> dict[str, str]:
        """Every question name with its kind, so expressions can be translated by type."""
        kinds: dict[str, str] = {}
        for row in self.survey.rows:
            name, value = row.get("name"), row.get("type")
            if name is None or value is None:
                continue
            parsed = _parse_type(value)
            if parsed.kind not in STRUCTURE:
                kinds.setdefault(plain(name), parsed.kind)
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
            page["id"] = plain(name)
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
            question["id"] = plain(name)
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

"""The translator: an XLSForm workbook's sheets into the source mapping the schema builds.

Settings and choices are read here, the survey sheet by `SurveyReader`; the order matters, as
the pages need the form title and the names of the choice lists.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from surveyapp.questionnaire.loading.errors import Problem, child_path
from surveyapp.questionnaire.loading.xlsform.cells import cell_code, plain
from surveyapp.questionnaire.loading.xlsform.survey import SurveyReader
from surveyapp.questionnaire.loading.xlsform.workbook import Row, Sheet, language_code


class Translator(SurveyReader):
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

    def translate(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": 1, **self._settings()}
        if self.languages != ("de",):
            data["languages"] = list(self.languages)
        lists = self._option_lists()
        if lists:
            data["option_lists"] = lists
        data["pages"] = self._pages()
        return data

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
                result[key] = plain(value).lower() if key == "id" else plain(value)
        self.title = self.text(row, "form_title", "title")
        if self.title is None:
            self.error(row.column("form_title"), "form_title fehlt: der Titel des Fragebogens")
        else:
            result["title"] = self.title
        return result

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
            entries = lists.setdefault(plain(name), [])
            list_path = child_path("option_lists", plain(name))
            self.origins.setdefault(list_path, row.at("list_name"))
            entry = self._choice(row, child_path(list_path, len(entries)))
            if entry is not None:
                entries.append(entry)
        return lists

    def _choice(self, row: Row, path: str) -> dict[str, Any] | None:
        value = row.get("name")
        code = cell_code(value)
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

"""pyxform's JSON form into the source mapping the schema builds.

pyxform has already resolved the XLSForm conventions (aliases, old spellings, settings
defaults, groups as a tree); what is left here is the project's model: pages, option codes,
conditions. Each value keeps the cell it came from (`origins`) so a problem the schema finds
is pointed at its Excel row. What the model cannot hold is refused by name and row; what
changes nothing the respondent answers (metadata, visual appearances) is left out and named
in `ignored`, so the check's summary says what was not taken over. A `default` would change
what is stored without the respondent saying so, and is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from surveyapp.questionnaire.codes import TOTAL
from surveyapp.questionnaire.loading.errors import Problem, child_path
from surveyapp.questionnaire.loading.schema.roster import MAX_ENTRIES
from surveyapp.questionnaire.loading.xlsform.choice_filters import choice_verdicts
from surveyapp.questionnaire.loading.xlsform.definition import DEFAULT_LANGUAGE, Definition
from surveyapp.questionnaire.loading.xlsform.expressions import (
    METADATA_KIND,
    UNSUPPORTED,
    ExpressionError,
    translate_expression,
    translate_formula,
)
from surveyapp.questionnaire.loading.xlsform.languages import language_code
from surveyapp.questionnaire.model import DEFAULT_OTHER_CODE, TODAY

SIMPLE_TYPES = {
    "text": "text",
    "string": "text",
    "integer": "integer",
    "int": "integer",
    "decimal": "decimal",
    "date": "date",
    "note": "note",
}
SELECT_TYPES = {"select one": "single", "select all that apply": "multiple", "rank": "ranking"}
#: Rows ODK fills in by itself (device, times); the web form records its own paradata.
METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "email",
        "audit",
    }
)
#: What a question in a repeat cannot have yet: a condition or check of its own (a roster's
#: question may be required, of every entry).
ROSTER_RULES = ("relevant", "constraint")
_COUNTED = re.compile(r"^\$\{([^}]+)\}$")
_COUNT_SELECTED = re.compile(r"^\s*count-selected\(\s*\$\{\s*([^}\s]+)\s*\}\s*\)\s*$")
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
        "numbers",
    }
)
REQUIRED_YES = frozenset({"yes", "true", "true()", "1"})
REQUIRED_NO = frozenset({"", "no", "false", "false()", "0"})
#: Keys of pyxform's JSON that are read here or carry nothing for the respondent.
READ_KEYS = frozenset(
    {
        "type",
        "name",
        "label",
        "hint",
        "bind",
        "control",
        "children",
        "choices",
        "itemset",
        "list_name",
        "parameters",
        "default",
        "choice_filter",
        "__row_number",
        "entry",
        *("min", "max", "unit", "decimals", "max_length", "exclusive", "min_choices"),
        *("max_choices", "other_code", "soft_required", "constraint_soft", "show", "ranks"),
        "prefill",
        "grid",
        "totals",
        "matrix",
        "boolean",
    }
)
#: The project's own survey columns (see `writer`): what XLSForm has no column for.
NUMBERS = ("decimals", "max_length", "min_choices", "max_choices", "other_code", "ranks")
READ_BIND = frozenset({"relevant", "required", "constraint", "jr:constraintMsg", "calculate"})
CONSTRAINT_MESSAGE = {"de": "Die Angabe ist so nicht möglich.", "en": "This answer is not valid."}
TABLE_LIST_LABELS = "reserved_name_for_field_list_labels_"
#: The note pyxform makes of a table-list group's own label and hint.
TABLE_LIST_TITLE = "generated_table_list_label_"
_PIPED = re.compile(r"\$\{([^}]*)\}")
#: Where an XLSForm may show an earlier answer (`${D1}`): where the format's pipes go.
XLSFORM_PIPES_GO = (
    "eine frühere Antwort lässt sich in label und hint einer Frage, in der constraint_message "
    "und im hint einer Gruppe einsetzen, nicht in Optionen und nicht im label einer Gruppe, "
    "die eine Seite ist"
)
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: A default that is an XPath function (`now()`, `once(…)`): worked out, not written.
_FUNCTION_CALL = re.compile(r"^[a-z][\w:-]*\(")
_INTEGER = re.compile(r"^-?\d+$")


class Translator:
    """Builds the source mapping; `problems` and `ignored` collect what it cannot take over."""

    def __init__(self, definition: Definition, problems: list[Problem]) -> None:
        self.definition = definition
        self.form = definition.form
        self.problems = problems
        self.origins: dict[str, str] = {"": "settings"}
        self.ignored: dict[str, list[int | None]] = {}
        self.languages = self._languages()
        self.codes: dict[str, dict[str, int]] = {}
        self.kinds: dict[str, str] = {}
        self.question_codes: dict[str, dict[str, int]] = {}
        self.questions = 0
        self.or_other: set[str] = set()
        self.lists: dict[str, list[dict[str, Any]]] = {}
        #: The top of a list's scale (`first`, `last`): the project's column `top` on its
        #: first choice, as the writer puts it.
        self.tops: dict[str, str] = {}
        #: Lists that only yes/no questions (column `boolean`) use: no scale of their own.
        self.boolean_lists: set[str] = set()
        #: Columns of `choices` beyond name/label/missing, and those a fixed filter read.
        self.choice_columns: list[tuple[str, int | None]] = []
        self.filter_columns: set[str] = set()
        self._find_or_other(self.form.get("children", ()))

    # The form as a whole ---------------------------------------------------------------------

    def translate(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": 1, **self._settings()}
        if self.languages != ("de",):
            data["languages"] = list(self.languages)
        lists = self._option_lists()
        self.lists = lists
        if lists:
            data["option_lists"] = lists
        self._collect_kinds(self.form.get("children", ()))
        data["pages"] = self._pages()
        for column, row in self.choice_columns:
            if column not in self.filter_columns:
                self.ignore(f"Spalte „{column}“ im Blatt choices", row)
        self._inline_own_lists(data)
        return data

    def _inline_own_lists(self, data: dict[str, Any]) -> None:
        """A list named like the one question that uses it is that question's own options,
        as the writer puts them; anything else stays a shared scale."""
        lists = data.get("option_lists", {})
        users: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for p, page in enumerate(data["pages"]):
            for q, outer in enumerate(page["questions"]):
                outer_path = child_path(child_path(child_path("pages", p), "questions"), q)
                inner = [
                    (child_path(child_path(outer_path, "questions"), r), question)
                    for r, question in enumerate(outer.get("questions", ()))
                ]
                for path, question in [(outer_path, outer), *inner]:
                    if isinstance(question.get("options"), str):
                        users.setdefault(question["options"], []).append((path, question))
        for name, used in users.items():
            if len(used) != 1 or used[0][1]["id"] != name or name not in lists:
                continue
            path, question = used[0]
            options = lists.pop(name)
            question["options"] = (
                {"top": self.tops[name], "options": options} if name in self.tops else options
            )
            prefix = child_path("option_lists", name)
            for key, origin in list(self.origins.items()):
                if key.startswith(prefix):
                    self.origins[f"{path}.options{key[len(prefix) :]}"] = origin
        for name in self.boolean_lists - set(users):
            lists.pop(name, None)
        for name, top in self.tops.items():
            if name in lists:
                lists[name] = {"top": top, "options": lists[name]}
        if not lists:
            data.pop("option_lists", None)

    def error(self, location: str, message: str) -> None:
        self.problems.append(Problem(location, message))

    def ignore(self, what: str, row: int | None) -> None:
        self.ignored.setdefault(what, []).append(row)

    def _settings(self) -> dict[str, Any]:
        settings = self.definition.settings or {}
        if not settings:
            self.ignore("kein Blatt settings: Kennung aus dem Dateinamen, Fassung 1", None)
        form_id = str(self.form.get("id_string") or self.definition.stem or "fragebogen")
        result: dict[str, Any] = {
            "id": re.sub(r"[^a-z0-9-]+", "-", form_id.lower()).strip("-") or "fragebogen",
            "version": str(self.form.get("version") or settings.get("version") or "1"),
        }
        self.origins.update({"id": "settings.form_id", "version": "settings.version"})
        titles = self.form.get("form_titles") or self.form.get("title")
        title = self.text(titles, "settings.form_title", "title")
        result["title"] = title if title is not None else result["id"]
        for key in ("intro", "outro"):
            text = self.text(self.form.get(key), f"settings.{key}", key)
            if text is not None:
                result[key] = text
        return result

    def _languages(self) -> tuple[str, ...]:
        names: list[str] = []
        self._language_names(self.form, names)
        default_name = str(self.form.get("default_language") or DEFAULT_LANGUAGE)
        self.language_of: dict[str, str] = {}
        for name in names:
            code = "de" if name == DEFAULT_LANGUAGE else language_code(name)
            if code is None:
                self.error(
                    "survey[1]",
                    f"Die Sprache „{name}“ hat keinen bekannten Sprachcode: schreiben Sie ihn in "
                    "Klammern, z. B. label::Deutsch (de) oder label::English (en)",
                )
                continue
            self.language_of[name] = code
        named = [code for name, code in self.language_of.items() if name != DEFAULT_LANGUAGE]
        default = self.language_of.get(default_name) if default_name != DEFAULT_LANGUAGE else None
        default = default or (named[0] if named else "de")
        if DEFAULT_LANGUAGE in self.language_of:
            self.language_of[DEFAULT_LANGUAGE] = default
        seen = dict.fromkeys(self.language_of.values())
        return (default, *(code for code in seen if code != default))

    def _language_names(self, element: Mapping[str, Any], names: list[str]) -> None:
        for key in ("label", "hint", "unit", "entry", "intro", "outro", "form_titles"):
            value = element.get(key)
            if isinstance(value, Mapping):
                names.extend(name for name in value if name not in names)
            elif isinstance(value, str) and DEFAULT_LANGUAGE not in names:
                names.append(DEFAULT_LANGUAGE)
        message = element.get("bind", {}).get("jr:constraintMsg")
        if isinstance(message, Mapping):
            names.extend(name for name in message if name not in names)
        for child in element.get("children", ()):
            self._language_names(child, names)
        for entries in (element.get("choices") or {}).values() if element is self.form else ():
            for entry in entries:
                self._language_names(entry, names)

    def text(self, value: Any, location: str, path: str) -> str | dict[str, str] | None:
        """A label in all its languages: plain text if it has only the default one."""
        self.origins[path] = location
        if value is None or value == "":
            return None
        texts: dict[str, str] = {}
        if not isinstance(value, Mapping):
            value, texts = {}, {self.languages[0]: str(value)}
        named_first = sorted(value.items(), key=lambda item: item[0] == DEFAULT_LANGUAGE)
        for name, content in named_first:
            code = self.language_of.get(name)
            if code is not None and code not in texts and content not in (None, ""):
                texts[code] = self.definition.as_written(location, str(content))
        texts = {code: _piped(content) for code, content in texts.items()}
        if not texts:
            return None
        if list(texts) == [self.languages[0]]:
            return texts[self.languages[0]]
        return texts

    # Choices ---------------------------------------------------------------------------------

    def _option_lists(self) -> dict[str, list[dict[str, Any]]]:
        lists: dict[str, list[dict[str, Any]]] = {}
        other_lists = {self._list_of(name) for name in self.or_other}
        for list_name, entries in (self.form.get("choices") or {}).items():
            if list_name in other_lists and entries and entries[-1].get("name") == "other":
                entries = entries[:-1]  # pyxform's own "Other"; the model adds "Sonstiges"
            names = [str(entry.get("name", "")) for entry in entries]
            numbered = all(_INTEGER.match(name) for name in names)
            codes: dict[str, int] = {}
            options: list[dict[str, Any]] = []
            path = child_path("option_lists", list_name)
            for index, entry in enumerate(entries):
                name = names[index]
                row = self.definition.choice_row(list_name, name, names[:index].count(name))
                where = f"choices[{row}]" if row else "choices"
                if name in names[:index]:
                    self._duplicate_choice(list_name, name, where)
                self.origins.setdefault(path, where)
                option_path = child_path(path, index)
                code = int(name) if numbered else index + 1
                codes.setdefault(name, code)
                option: dict[str, Any] = {"code": code}
                label = self.text(entry.get("label"), f"{where}.label", f"{option_path}.label")
                piped = _PIPED.search(str(entry.get("label", "")))
                if piped:
                    self.error(
                        f"{where}.label",
                        f"{piped.group(0)} kann hier nicht stehen: {XLSFORM_PIPES_GO}",
                    )
                    label = None
                option["label"] = label if label is not None else name
                if not numbered:
                    option["name"] = name
                if str(entry.get("missing", "")).strip().lower() in REQUIRED_YES:
                    option["missing"] = True
                if index == 0 and entry.get("top") not in (None, ""):
                    self.tops[list_name] = str(entry["top"]).strip()
                    self.origins[child_path(path, "top")] = f"{where}.top"
                for extra in sorted(set(entry) - {"name", "label", "missing", "top"}):
                    self.choice_columns.append((extra, row))
                self.origins.update({option_path: where, f"{option_path}.code": f"{where}.name"})
                options.append(option)
            self.codes[list_name] = codes
            lists[list_name] = options
        return lists

    def _duplicate_choice(self, list_name: str, name: str, where: str) -> None:
        """Two choices of one name (`allow_choice_duplicates`) are one answer in ODK, which
        stores the name; here they would be two codes, and a condition or filter naming the
        choice could mean only one of them."""
        first = self.definition.choice_row(list_name, name)
        self.error(
            f"{where}.name",
            f"Der Name „{name}“ steht in der Liste {list_name} schon in Zeile {first}: ODK "
            "speichert für beide dieselbe Antwort, hier wären es zwei verschiedene; geben Sie "
            "jeder Option einer Liste einen eigenen Namen",
        )

    # The survey sheet ------------------------------------------------------------------------

    def _collect_kinds(self, children: Any) -> None:
        for child in children:
            kind = self._kind(child)
            name = str(child.get("name", ""))
            if child.get("type") in ("group", "repeat"):
                self._collect_kinds(child.get("children", ()))
                continue
            recorded = str(child.get("type", "")) in METADATA
            self.kinds.setdefault(name, kind or (METADATA_KIND if recorded else UNSUPPORTED))
            list_name = child.get("list_name")
            if kind in ("single", "multiple") and list_name in self.codes:
                own = dict(self.codes[list_name])
                if self._has_or_other(name):
                    own["other"] = DEFAULT_OTHER_CODE
                self.question_codes[name] = own

    def _kind(self, element: Mapping[str, Any]) -> str | None:
        kind = str(element.get("type", ""))
        if kind in SELECT_TYPES:
            itemset = str(element.get("itemset", ""))
            return None if itemset.endswith((".csv", ".xml", ".geojson")) else SELECT_TYPES[kind]
        if kind == "calculate":
            return kind
        return SIMPLE_TYPES.get(kind)

    def _list_of(self, name: str, children: Any = None) -> str | None:
        for child in self.form.get("children", ()) if children is None else children:
            if child.get("name") == name and child.get("type") in SELECT_TYPES:
                return str(child.get("list_name"))
            found = self._list_of(name, child.get("children", ()))
            if found:
                return found
        return None

    def _has_or_other(self, name: str) -> bool:
        return name in self.or_other

    def _find_or_other(self, children: Any) -> None:
        """The select questions pyxform gave an `or_other` text question (`X_other`)."""
        by_name = {str(child.get("name")): child for child in children}
        for name, child in by_name.items():
            other = by_name.get(f"{name}_other")
            relevant = str((other or {}).get("bind", {}).get("relevant", ""))
            if child.get("type") in SELECT_TYPES and relevant == f"selected(../{name}, 'other')":
                self.or_other.add(name)
            self._find_or_other(child.get("children", ()))

    def _pages(self) -> list[dict[str, Any]]:
        self.origins["pages"] = "survey"
        pages: list[dict[str, Any]] = []
        loose: dict[str, Any] | None = None
        skip: set[str] = set()
        for child in self.form.get("children", ()):
            if _is_pyxform_meta(child) or child.get("name") in skip:
                continue
            if child.get("type") == "group" and not _is_question(child):
                loose = None
                pages.append(self._group_page(child, len(pages)))
                continue
            if loose is None:
                loose = {"id": "", "title": self.form.get("title"), "questions": []}
                loose["title"] = (
                    self.text(
                        self.form.get("title"), "settings.form_title", f"pages[{len(pages)}].title"
                    )
                    or "Fragen"
                )
                self.origins[child_path("pages", len(pages))] = self._where(child)
                pages.append(loose)
            self._place(child, loose, child_path("pages", len(pages) - 1), [], skip)
        pages = self._split_at_cascades(pages)
        _name_loose_pages(pages)
        if not pages and not self.problems:
            self.error("survey", "Das Blatt survey enthält keine Fragen, die gestellt werden")
        return pages

    def _split_at_cascades(self, pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Pages without questions left out, and a page cut before each question whose
        choices are filtered by an answer on that page (`county` by `state`).

        ODK asks such a question on a screen of its own after the one it depends on; a page
        here offers the choices its filters allow when it is built, so the question moves to
        a page of its own that follows, with the same title and condition. The sources of
        error messages (`origins`) move with the pages and questions."""
        parts: list[tuple[int, list[int]]] = []
        for index, page in enumerate(pages):
            current: list[int] = []
            names: set[str] = set()
            for position, question in enumerate(page["questions"]):
                if current and _filtered_by(question, names):
                    parts.append((index, current))
                    current, names = [], set()
                current.append(position)
                names.add(str(question.get("id")))
            if current:
                parts.append((index, current))
        result: list[dict[str, Any]] = []
        origins = {k: v for k, v in self.origins.items() if not k.startswith("pages[")}
        count: dict[int, int] = {}
        for new_index, (old_index, positions) in enumerate(parts):
            page = pages[old_index]
            count[old_index] = count.get(old_index, 0) + 1
            part = {**page, "questions": [page["questions"][p] for p in positions]}
            if count[old_index] > 1 and page["id"]:
                part["id"] = f"{page['id']}-{count[old_index]}"
            result.append(part)
            old, new = child_path("pages", old_index), child_path("pages", new_index)
            questions = child_path(old, "questions")
            for key, origin in self.origins.items():
                if (key == old or key.startswith(f"{old}.")) and not key.startswith(questions):
                    origins[new + key[len(old) :]] = origin
            for place, position in enumerate(positions):
                was = child_path(questions, position)
                now = child_path(child_path(new, "questions"), place)
                for key, origin in self.origins.items():
                    if key == was or key.startswith((f"{was}.", f"{was}[")):
                        origins[now + key[len(was) :]] = origin
        self.origins = origins
        return result

    def _where(self, element: Mapping[str, Any]) -> str:
        row = self._row(element)
        return f"survey[{row}]" if row else "survey"

    def _row(self, element: Mapping[str, Any]) -> int | None:
        grouping = element.get("type") in ("group", "repeat")
        return self.definition.survey_row(str(element.get("name", "")), grouping)

    def _group_page(self, group: Mapping[str, Any], index: int) -> dict[str, Any]:
        path = child_path("pages", index)
        where = self._where(group)
        self.origins.update({path: where, f"{path}.id": f"{where}.name"})
        page: dict[str, Any] = {"id": str(group.get("name"))}
        title = self.text(group.get("label"), f"{where}.label", f"{path}.title")
        page["title"] = title if title is not None else str(group.get("name"))
        intro = self.text(group.get("hint"), f"{where}.hint", f"{path}.intro")
        if intro is not None:
            page["intro"] = intro
        show_if = self.condition(group, "relevant", f"{path}.show_if", None)
        if show_if is not None:
            page["show_if"] = show_if
        self._note_extras(group)
        page["questions"] = []
        skip: set[str] = set()
        for child in group.get("children", ()):
            if child.get("name") not in skip:
                self._place(child, page, path, [], skip)
        return page

    def _place(
        self,
        element: Mapping[str, Any],
        page: dict[str, Any],
        page_path: str,
        conditions: list[str],
        skip: set[str],
    ) -> None:
        """One element of a page; a group in a group becomes a sub-heading whose condition
        applies to each of its questions."""
        kind = element.get("type")
        if kind == "group" and _is_question(element):
            path = child_path(child_path(page_path, "questions"), len(page["questions"]))
            read = self._matrix if _yes(element.get("matrix")) else self._grid
            question = read(element, path, conditions)
            if question is not None:
                page["questions"].append(question)
            return
        if kind == "group":
            self._subgroup(element, page, page_path, conditions, skip)
            return
        if kind == "repeat":
            path = child_path(child_path(page_path, "questions"), len(page["questions"]))
            roster = self._roster(element, path, conditions)
            if roster is not None:
                page["questions"].append(roster)
            return
        if not self._can_ask(element):
            return
        path = child_path(child_path(page_path, "questions"), len(page["questions"]))
        question = self._question(element, path, conditions)
        if question is not None:
            page["questions"].append(question)
            if question.get("other"):
                skip.add(f"{element.get('name')}_other")

    def _subgroup(
        self,
        group: Mapping[str, Any],
        page: dict[str, Any],
        page_path: str,
        conditions: list[str],
        skip: set[str],
    ) -> None:
        where = self._where(group)
        path = child_path(child_path(page_path, "questions"), len(page["questions"]))
        own = self.condition(group, "relevant", f"{path}.show_if", None)
        inner = [*conditions, own] if own else conditions
        label = self.text(group.get("label"), f"{where}.label", f"{path}.text")
        self._note_extras(group)
        if label is not None:
            self.origins.update({path: where, f"{path}.id": f"{where}.name"})
            heading: dict[str, Any] = {"id": str(group.get("name")), "type": "note", "text": label}
            if inner:
                heading["show_if"] = _all(inner)
            page["questions"].append(heading)
        for child in group.get("children", ()):
            if child.get("name") not in skip:
                self._place(child, page, page_path, inner, skip)

    def _roster(
        self, repeat: Mapping[str, Any], path: str, conditions: list[str]
    ) -> dict[str, Any] | None:
        """A repeat is an open roster: entries the respondent adds, at most `repeat_count`
        (a number), the project's column `max` or, with neither, as many as a roster may have,
        named by the project's column `entry`; its
        questions are asked per entry. Counted by `count-selected(${E1})`, it is a roster per
        option ticked in E1."""
        where = self._where(repeat)
        self.origins.update(
            {path: where, f"{path}.id": f"{where}.name", f"{path}.max": f"{where}.repeat_count"}
        )
        roster: dict[str, Any] = {"id": str(repeat.get("name")), "type": "roster"}
        text = self.text(repeat.get("label"), f"{where}.label", f"{path}.text")
        roster["text"] = text if text is not None else roster["id"]
        most = self._repeat_count(repeat, where)
        if most is None:
            return None
        if isinstance(most, str):
            self.origins[f"{path}.for_each"] = f"{where}.repeat_count"
            roster["for_each"] = most
        else:
            roster["max"] = most
        entry = self.text(repeat.get("entry"), f"{where}.entry", f"{path}.entry")
        if entry is not None:
            roster["entry"] = entry
        roster.update(self._show_if(repeat, path, conditions))
        self.origins[f"{path}.questions"] = where
        roster["questions"] = []
        known = len(self.problems)
        for child in repeat.get("children", ()):
            if child.get("type") in ("group", "repeat"):
                self.error(
                    f"{self._where(child)}.type",
                    "Eine Gruppe oder Wiederholung in einer Wiederholung wird nicht unterstützt",
                )
                continue
            if not self._can_ask(child):
                continue
            own = [key for key in ROSTER_RULES if child.get("bind", {}).get(key)]
            if own:
                self.error(
                    f"{self._where(child)}.{own[0]}",
                    f"Fragen einer Wiederholung haben noch kein eigenes {own[0]}",
                )
                continue
            question_path = child_path(child_path(path, "questions"), len(roster["questions"]))
            question = self._question(child, question_path, [])
            if question is not None:
                roster["questions"].append(question)
        self._note_extras(repeat)
        if not roster["questions"] and len(self.problems) == known:
            self.error(
                f"{where}.type",
                "Die Wiederholung enthält keine Frage, die das Webformular stellen kann",
            )
        return roster if roster["questions"] else None  # else its rows are refused already

    def _grid(
        self, group: Mapping[str, Any], path: str, conditions: list[str]
    ) -> dict[str, Any] | None:
        """A group marked by the project's column `grid` (as the writer puts it) is a grid: a
        group per row, a question per cell named `<grid>_<row>_<column>` and labelled by its
        column, the totals (`totals`) as calculate rows of their variables' names."""
        where = self._where(group)
        name = str(group.get("name"))
        self.questions += 1
        self.origins.update(
            {
                path: where,
                f"{path}.id": f"{where}.name",
                f"{path}.cell": f"{where}.grid",
                f"{path}.totals": f"{where}.totals",
                f"{path}.rows": where,
                f"{path}.columns": where,
            }
        )
        grid: dict[str, Any] = {"id": name, "type": "grid", "cell": str(group["grid"]).strip()}
        grid.update(self._group_question(group, group, path, conditions))
        if group.get("totals"):
            grid["totals"] = str(group["totals"]).split()
        rows, columns, cells = self._grid_lines(group, path, name)
        grid.update(rows=rows, columns=columns)
        self._grid_totals(group, grid)
        if cells and cells[0].get("list_name"):
            grid["options"] = str(cells[0]["list_name"])
        rules = self._rules(group, path, name)
        if "required" not in rules:
            rules.update(self._grid_required(cells, where, path))
        grid.update(rules)
        grid.update(self._project_columns(group, path, grid["cell"]))
        self._note_extras(group)
        return grid

    def _matrix(
        self, group: Mapping[str, Any], path: str, conditions: list[str]
    ) -> dict[str, Any] | None:
        """A group marked by the project's column `matrix` (as the writer puts it: ODK's
        `table-list` of one `select_one` per item on one list) is one matrix question, its
        items the rows named `<matrix>_<item>`."""
        where = self._where(group)
        name = str(group.get("name"))
        self.questions += 1
        self.origins.update({path: where, f"{path}.id": f"{where}.name", f"{path}.items": where})
        matrix: dict[str, Any] = {"id": name, "type": "matrix"}
        children = list(group.get("children", ()))
        title = next(
            (c for c in children if str(c.get("name", "")).startswith(TABLE_LIST_TITLE)), group
        )
        matrix.update(self._group_question(group, title, path, conditions))
        items: list[dict[str, Any]] = []
        lists: set[str] = set()
        cells: list[Mapping[str, Any]] = []
        for child in children:
            child_where = self._where(child)
            child_name = str(child.get("name", ""))
            if child_name.startswith(TABLE_LIST_LABELS) or child is title:
                continue
            if self._kind(child) != "single" or not child_name.startswith(f"{name}_"):
                self.error(
                    f"{child_where}.type",
                    f"Eine Matrix (Spalte matrix) enthält nur select_one-Fragen, eine je Zeile, "
                    f"namens {name}_<Zeile>, nicht {child_name}",
                )
                continue
            item_path = child_path(f"{path}.items", len(items))
            self.origins.update({item_path: child_where, f"{item_path}.id": f"{child_where}.name"})
            label = self.text(child.get("label"), f"{child_where}.label", f"{item_path}.text")
            item_id = child_name[len(name) + 1 :]
            items.append({"id": item_id, "text": label if label is not None else item_id})
            lists.add(str(child.get("list_name")))
            cells.append(child)
            self._note_extras(child, skip=("list-nolabel",))
        if len(lists) > 1:
            self.error(
                f"{where}.type",
                f"Alle Zeilen der Matrix {name} haben dieselbe Auswahlliste, nicht "
                f"{', '.join(sorted(lists))}",
            )
        elif lists:
            self.origins[f"{path}.options"] = where
            matrix["options"] = lists.pop()
        matrix["items"] = items
        rules = self._rules(group, path, name)
        if "required" not in rules:
            rules.update(self._grid_required(cells, where, path))
        matrix.update(rules)
        matrix.update(self._project_columns(group, path, "matrix"))
        self._note_extras(group, skip=("table-list",))
        return matrix

    def _group_question(
        self,
        group: Mapping[str, Any],
        title: Mapping[str, Any],
        path: str,
        conditions: list[str],
    ) -> dict[str, Any]:
        """Text, help and condition of a question the writer made a group of (a grid, a
        matrix); `title` holds its label and hint (pyxform moves a table-list's to a note)."""
        where = self._where(group)
        question: dict[str, Any] = {}
        text = self.text(title.get("label"), f"{where}.label", f"{path}.text")
        if text is None:
            self.error(f"{where}.label", "label fehlt: der Text der Frage")
        else:
            question["text"] = text
        help_text = self.text(title.get("hint"), f"{where}.hint", f"{path}.help")
        if help_text is not None:
            question["help"] = help_text
        question.update(self._show_if(group, path, conditions))
        return question

    def _show_if(
        self, element: Mapping[str, Any], path: str, conditions: list[str]
    ) -> dict[str, str]:
        """The element's `relevant` together with those of the groups around it."""
        own = self.condition(element, "relevant", f"{path}.show_if", None)
        combined = [*conditions, own] if own else conditions
        return {"show_if": _all(combined)} if combined else {}

    def _grid_lines(
        self, group: Mapping[str, Any], path: str, name: str
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Mapping[str, Any]]]:
        rows: list[dict[str, Any]] = []
        columns: dict[str, dict[str, Any]] = {}
        cells: list[Mapping[str, Any]] = []
        for child in group.get("children", ()):
            where = self._where(child)
            if child.get("type") == "calculate":
                continue  # a total, worked out from `totals` (`_grid_totals`)
            line_name = str(child.get("name", ""))
            if child.get("type") != "group" or not line_name.startswith(f"{name}_"):
                self.error(
                    f"{where}.type",
                    f"Ein Raster (Spalte grid) enthält nur Gruppen, eine je Zeile, namens "
                    f"{name}_<Zeile>, und seine Summen",
                )
                continue
            line_id = line_name[len(name) + 1 :]
            row_path = child_path(f"{path}.rows", len(rows))
            self.origins.update({row_path: where, f"{row_path}.id": f"{where}.name"})
            label = self.text(child.get("label"), f"{where}.label", f"{row_path}.text")
            rows.append({"id": line_id, "text": label if label is not None else line_id})
            for cell in child.get("children", ()):
                cell_where = self._where(cell)
                cell_name = str(cell.get("name", ""))
                prefix = f"{line_name}_"
                if not cell_name.startswith(prefix) or cell.get("type") in ("group", "repeat"):
                    self.error(
                        f"{cell_where}.name",
                        f"Eine Zelle des Rasters {name} heißt {prefix}<Spalte>, nicht {cell_name}",
                    )
                    continue
                column_id = cell_name[len(prefix) :]
                if column_id not in columns:
                    column_path = child_path(f"{path}.columns", len(columns))
                    self.origins.update(
                        {column_path: cell_where, f"{column_path}.id": f"{cell_where}.name"}
                    )
                    text = self.text(
                        cell.get("label"), f"{cell_where}.label", f"{column_path}.text"
                    )
                    columns[column_id] = {"id": column_id, "text": text or column_id}
                self._note_extras(cell)
                cells.append(cell)
        return rows, list(columns.values()), cells

    def _grid_totals(self, group: Mapping[str, Any], grid: Mapping[str, Any]) -> None:
        """The calculate rows in a grid are its totals, named as their variables; any other
        calculation there would be dropped, so it is refused."""
        name = grid["id"]
        wanted = set(grid.get("totals", ()))
        totals = {f"{name}_{TOTAL}"} if wanted else set()
        if "rows" in wanted:
            totals.update(f"{name}_{row['id']}_{TOTAL}" for row in grid["rows"])
        if "columns" in wanted:
            totals.update(f"{name}_{TOTAL}_{column['id']}" for column in grid["columns"])
        for child in group.get("children", ()):
            if child.get("type") == "calculate" and str(child.get("name")) not in totals:
                self.error(
                    f"{self._where(child)}.calculation",
                    f"Im Raster {name} stehen als Berechnungen nur seine Summen (Spalte totals: "
                    f"{', '.join(sorted(totals)) or 'keine'}), nicht {child.get('name')}",
                )

    def _grid_required(
        self, cells: list[Mapping[str, Any]], where: str, path: str
    ) -> dict[str, Any]:
        """`required: true` on a grid means every cell, so every cell says so, or none."""
        flags = {
            str(c.get("bind", {}).get("required", "")).strip().lower() in REQUIRED_YES
            for c in cells
        }
        if flags == {True}:
            self.origins[f"{path}.required"] = where
            soft = all(_yes(c.get("soft_required")) for c in cells)
            return {"required": "soft" if soft else True}
        if len(flags) > 1:
            self.error(
                f"{where}.required",
                "In einem Raster sind alle Zellen Pflicht oder keine (required je Zelle)",
            )
        return {}

    def _repeat_count(self, repeat: Mapping[str, Any], where: str) -> int | str | None:
        """The most entries, or the multiple-choice question whose ticked options the repeat
        runs over: pyxform turns `repeat_count` into a calculate row of its own (`G_count`)
        that `jr:count` names. `count-selected(${E1})` is a roster per ticked option of E1
        (`for_each`); any other answer as the count is refused."""
        written = repeat.get("max")
        if written not in (None, ""):
            value = _number(str(written))
            if isinstance(value, int):
                return value
        count = str(repeat.get("control", {}).get("jr:count", ""))
        if written in (None, "") and not count:
            # ODK lets the respondent add entries without end; the web form offers as many
            # as a roster may have, and the check's line says so.
            self.ignore(
                f"Wiederholung ohne Höchstzahl: höchstens {MAX_ENTRIES} Einträge", self._row(repeat)
            )
            return MAX_ENTRIES
        counted = _COUNTED.match(count)
        if counted and self.definition.survey_row(counted.group(1)) is None:
            generated = self._generated_count(counted.group(1))
            value = _number(generated)
            if isinstance(value, int):
                return value
            chosen = _COUNT_SELECTED.match(generated)
            if chosen and self.kinds.get(chosen.group(1)) == "multiple":
                return chosen.group(1)
        self.error(
            f"{where}.repeat_count",
            "Eine Wiederholung braucht eine feste Höchstzahl (repeat_count als Zahl oder die "
            "Spalte max) oder läuft über die gewählten Optionen einer Mehrfachauswahl "
            "(count-selected(${E1})); eine andere Anzahl aus einer Antwort wird nicht unterstützt",
        )
        return None

    def _generated_count(self, name: str, children: Any = None) -> str:
        for child in self.form.get("children", ()) if children is None else children:
            if child.get("name") == name and child.get("type") == "calculate":
                return str(child.get("bind", {}).get("calculate", ""))
            found = self._generated_count(name, child.get("children", ()))
            if found:
                return found
        return ""

    def _can_ask(self, element: Mapping[str, Any]) -> bool:
        kind = str(element.get("type", ""))
        if str(element.get("name", "")).startswith(TABLE_LIST_LABELS):
            return False  # pyxform's header row of a table-list group: only its look
        row = self._row(element)
        if row is None and kind == "calculate":
            return False  # pyxform's own, e.g. the count of a refused repeat_count
        where = self._where(element)
        written = self.definition.survey_type(str(element.get("name", "")), False) or kind
        if kind in METADATA or kind.startswith("uri:"):
            self.ignore(f"Metadaten „{written}“", row)
            return False
        if self._kind(element) is None:
            self.error(
                f"{where}.type",
                f"Typ „{written}“ kann das Webformular nicht fragen (möglich: text, integer, "
                "decimal, date, note, select_one, select_multiple, calculate, rank)",
            )
            return False
        return True

    def _question(
        self, element: Mapping[str, Any], path: str, conditions: list[str]
    ) -> dict[str, Any] | None:
        kind = self._kind(element) or UNSUPPORTED
        name = str(element.get("name"))
        where = self._where(element)
        self.questions += 1
        self.origins.update(
            {
                path: where,
                f"{path}.id": f"{where}.name",
                f"{path}.type": f"{where}.type",
                f"{path}.options": f"{where}.type",
                f"{path}.required": f"{where}.required",
            }
        )
        appearance = str(element.get("control", {}).get("appearance", "")).split()
        question: dict[str, Any] = {"id": name}
        question["type"] = "textarea" if kind == "text" and "multiline" in appearance else kind
        text = self.text(element.get("label"), f"{where}.label", f"{path}.text")
        if text is None and kind == "calculate":
            question["text"] = name  # ODK's calculate rows rarely have a label
        elif text is None:
            self.error(f"{where}.label", "label fehlt: der Text der Frage")
        else:
            question["text"] = text
        help_text = self.text(element.get("hint"), f"{where}.hint", f"{path}.help")
        if help_text is not None:
            question["help"] = help_text
        if kind in ("single", "multiple", "ranking"):
            question["options"] = str(element.get("list_name"))
            if self._has_or_other(name):
                question["other"] = True
        if _yes(element.get("boolean")):
            self._yes_no(element, question, where)
        if element.get("choice_filter") and "options" in question:
            self._filter_choices(element, question, path)
        question.update(self._show_if(element, path, conditions))
        if kind == "calculate":
            question.update(self._calculation(element, path))
        if kind != "note":
            question.update(self._rules(element, path, name))
            question.update(self._project_columns(element, path, kind))
        if kind not in ("note", "calculate", "ranking") and element.get("default") not in (
            None,
            "",
        ):
            question["default"] = self._default(element, question, path)
        self._note_extras(
            element,
            skip=("multiline",) if kind == "text" else (),
            default_read="default" in question,
        )
        return question

    def _default(self, element: Mapping[str, Any], question: dict[str, Any], path: str) -> Any:
        """The column `default` as the format's value: choice names as their codes, a date
        as written or `today()` as `today`; the schema checks it against the question. A
        default worked out from other answers (`${x}`) is refused: the page would show it
        before those answers are known."""
        where = f"{self._where(element)}.default"
        self.origins[f"{path}.default"] = where
        text = str(element["default"]).strip()
        kind = question["type"]
        if text != "today()" and ("${" in text or _FUNCTION_CALL.match(text)):
            self.error(
                where,
                f"Ein Vorgabewert aus einer Formel („{text}“) wird nicht übernommen: nur feste "
                "Werte und today() für ein Datum",
            )
            return None
        if kind == "date":
            return TODAY if text == "today()" else text
        if kind in ("integer", "decimal"):
            return _number(text)
        if kind == "boolean":
            return _number(text)
        if kind in ("single", "multiple"):
            codes = self.question_codes.get(str(element.get("name")), {})
            names = text.split() if kind == "multiple" else [text]
            unknown = [n for n in names if n not in codes]
            if unknown:
                self.error(where, f"„{unknown[0]}“ ist keine Auswahl der Frage")
                return None
            chosen = [codes[n] for n in names]
            return chosen if kind == "multiple" else chosen[0]
        return text

    def _yes_no(self, element: Mapping[str, Any], question: dict[str, Any], where: str) -> None:
        """A `select_one` marked by the project's column `boolean` (as the writer puts it) is
        a yes/no question, stored 1 ja / 0 nein: its list must say so."""
        list_name = str(element.get("list_name"))
        if question["type"] != "single" or set(self.codes.get(list_name, {})) != {"1", "0"}:
            self.error(
                f"{where}.boolean",
                "Eine Ja/Nein-Frage (Spalte boolean) ist ein select_one mit den Auswahlen 1 (ja) "
                "und 0 (nein)",
            )
            return
        question["type"] = "boolean"
        question.pop("options", None)
        self.boolean_lists.add(list_name)

    def _filter_choices(
        self, element: Mapping[str, Any], question: dict[str, Any], path: str
    ) -> None:
        """A `choice_filter` gives the question its own options: those it may keep, each with
        the condition on earlier answers it is kept under (its `show_if`), if any."""
        where = f"{self._where(element)}.choice_filter"
        list_name = str(element.get("list_name"))
        entries = (self.form.get("choices") or {}).get(list_name, [])
        options = self.lists.get(list_name, [])
        text = str(element["choice_filter"])
        shown = text if len(text) <= 80 else f"{text[:77]}…"
        try:
            verdicts, used = choice_verdicts(text, entries[: len(options)])
            conditions = {
                index: translate_expression(verdict, self.kinds, None, self.question_codes)
                for index, verdict in enumerate(verdicts)
                if isinstance(verdict, str)
            }
        except ExpressionError as error:
            self.error(where, f"{error} (in „{shown}“)")
            return
        kept = [index for index, verdict in enumerate(verdicts) if verdict is not False]
        if not kept:
            self.error(where, f"Der Filter „{text}“ lässt keine Auswahl übrig")
            return
        self.filter_columns.update(used)
        self.origins[f"{path}.options"] = where
        prefix = child_path("option_lists", list_name)
        question["options"] = []
        for position, index in enumerate(kept):
            own, listed = child_path(f"{path}.options", position), child_path(prefix, index)
            for key, origin in list(self.origins.items()):
                if key == listed or key.startswith(f"{listed}."):
                    self.origins[own + key[len(listed) :]] = origin
            option = dict(options[index])
            if index in conditions:
                option["show_if"] = conditions[index]
                self.origins[f"{own}.show_if"] = where
            question["options"].append(option)
        if list_name in self.tops:
            question["options"] = {"top": self.tops[list_name], "options": question["options"]}

    def _calculation(self, element: Mapping[str, Any], path: str) -> dict[str, Any]:
        """A calculate row's `calculation` as the formula, and the project's column `show`."""
        where = self._where(element)
        values: dict[str, Any] = {}
        if _yes(element.get("show")):
            self.origins[f"{path}.show"] = f"{where}.show"
            values["show"] = True
        self.origins[f"{path}.formula"] = f"{where}.calculation"
        calculation = str(element.get("bind", {}).get("calculate") or "")
        try:
            values["formula"] = translate_formula(calculation, self.kinds, self.question_codes)
        except ExpressionError as error:
            shown = calculation if len(calculation) <= 80 else f"{calculation[:77]}…"
            self.error(f"{where}.calculation", f"{error} (in „{shown}“)")
        return values

    def _project_columns(self, element: Mapping[str, Any], path: str, kind: str) -> dict[str, Any]:
        """`min`, `max`, `unit`, … as the writer puts them (the schema checks the values)."""
        where = self._where(element)
        values: dict[str, Any] = {}
        for key in ("min", "max"):
            value = element.get(key)
            if value not in (None, ""):
                self.origins[f"{path}.{key}"] = f"{where}.{key}"
                values[key] = str(value) if kind == "date" else _number(str(value))
        for key in NUMBERS:
            value = element.get(key)
            if value not in (None, ""):
                self.origins[f"{path}.{key}"] = f"{where}.{key}"
                values[key] = _number(str(value))
        if element.get("exclusive"):
            self.origins[f"{path}.exclusive"] = f"{where}.exclusive"
            values["exclusive"] = [_number(code) for code in str(element["exclusive"]).split()]
        if element.get("prefill") not in (None, ""):
            self.origins[f"{path}.prefill"] = f"{where}.prefill"
            values["prefill"] = str(element["prefill"]).strip()
        unit = self.text(element.get("unit"), f"{where}.unit", f"{path}.unit")
        if unit is not None:
            values["unit"] = unit
        return values

    def _rules(self, element: Mapping[str, Any], path: str, name: str) -> dict[str, Any]:
        bind = element.get("bind", {})
        where = self._where(element)
        rules: dict[str, Any] = {}
        required = str(bind.get("required", "")).strip().lower()
        if required in REQUIRED_YES:
            rules["required"] = "soft" if _yes(element.get("soft_required")) else True
        elif required not in REQUIRED_NO:
            self.error(
                f"{where}.required",
                f"required erlaubt yes oder no, nicht „{bind.get('required')}“ (eine Pflicht unter "
                "einer Bedingung wird nicht unterstützt)",
            )
        if bind.get("constraint"):
            check_path = child_path(child_path(path, "check"), 0)
            self.origins[check_path] = f"{where}.constraint"
            rule = self.condition(element, "constraint", f"{check_path}.rule", name)
            message = self.text(
                bind.get("jr:constraintMsg"), f"{where}.constraint_message", f"{check_path}.message"
            )
            if message is None:
                message = {
                    code: CONSTRAINT_MESSAGE.get(code, CONSTRAINT_MESSAGE["de"])
                    for code in self.languages
                }
                message = message if len(message) > 1 else message[self.languages[0]]
            if rule is not None:
                check: dict[str, Any] = {"rule": rule, "message": message}
                if _yes(element.get("constraint_soft")):
                    check["soft"] = True
                rules["check"] = [check]
        elif bind.get("jr:constraintMsg"):
            self.ignore("constraint_message ohne constraint", self._row(element))
        return rules

    def condition(
        self, element: Mapping[str, Any], key: str, path: str, own: str | None
    ) -> str | None:
        value = element.get("bind", {}).get(key)
        if not value:
            return None
        where = f"{self._where(element)}.{key}"
        self.origins[path] = where
        try:
            return translate_expression(str(value), self.kinds, own, self.question_codes)
        except ExpressionError as error:
            shown = str(value) if len(str(value)) <= 80 else f"{str(value)[:77]}…"
            self.error(where, f"{error} (in „{shown}“)")
            return None

    def _note_extras(
        self, element: Mapping[str, Any], skip: tuple[str, ...] = (), default_read: bool = False
    ) -> None:
        """What pyxform read but the model has no place for: named in the summary; a default
        where the format has none (a grid's cell, a note) is refused."""
        row = self._row(element)
        for key in sorted(set(element) - READ_KEYS):
            self.ignore(f"Spalte „{key}“", row)
        for key in sorted(set(element.get("bind", {})) - READ_BIND):
            self.ignore(f"Spalte „{_bind_column(key)}“", row)
        if element.get("default") not in (None, "") and not default_read:
            self.error(
                f"{self._where(element)}.default",
                f"Ein Vorgabewert (default „{element['default']}“) ist hier nicht möglich: nur "
                "bei Fragen nach einer Zahl, einem Text, einem Datum, einer Auswahl oder ja/nein",
            )
        if element.get("parameters"):
            self.ignore("Spalte „parameters“", row)
        control = element.get("control", {})
        for word in str(control.get("appearance", "")).split():
            if word not in VISUAL_APPEARANCES and word not in skip:
                self.ignore(f"Darstellung „{word}“", row)


def _piped(text: str) -> str:
    """`${D1}` in a label or hint is the format's piping, `{{D1}}`; where the format cannot
    pipe (a choice label, a group's title), the schema refuses it by its row."""
    return _PIPED.sub(lambda match: "{{" + match.group(1).strip() + "}}", text)


def _is_question(group: Mapping[str, Any]) -> bool:
    """A group that the writer made of one question: a grid or a matrix."""
    return bool(group.get("grid")) or _yes(group.get("matrix"))


def _yes(value: Any) -> bool:
    return str(value or "").strip().lower() in REQUIRED_YES


def _number(text: str) -> Any:
    """`5` → 5, `2.5` → 2.5; anything else stays text for the schema to refuse by row."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def _bind_column(key: str) -> str:
    return {"jr:requiredMsg": "required_message", "readonly": "read_only"}.get(key, key)


def _is_pyxform_meta(element: Mapping[str, Any]) -> bool:
    """The group pyxform adds for instanceID (and the file's own `meta` group alike)."""
    return bool(element.get("control", {}).get("bodyless")) and element.get("name") == "meta"


def _all(conditions: list[str]) -> str:
    if len(conditions) == 1:
        return conditions[0]
    return " and ".join(f"({condition})" for condition in conditions)


def _filtered_by(question: Mapping[str, Any], names: set[str]) -> bool:
    """Whether one of the question's choices is kept by a condition on one of `names` (or on
    a variable of theirs, `E1_3`)."""
    options = question.get("options")
    if isinstance(options, Mapping):
        options = options.get("options")
    if not isinstance(options, list):
        return False
    for option in options:
        condition = option.get("show_if") if isinstance(option, Mapping) else None
        if not isinstance(condition, str):
            continue
        for word in _IDENTIFIER.findall(condition):
            if word in names or any(word.startswith(f"{name}_") for name in names):
                return True
    return False


def _name_loose_pages(pages: list[dict[str, Any]]) -> None:
    """Pages made for questions outside groups get ids no group uses: seite-1, seite-2, …"""
    used = {page.get("id") for page in pages}
    number = 0
    for page in pages:
        if page["id"]:
            continue
        number += 1
        while f"seite-{number}" in used:
            number += 1
        page["id"] = f"seite-{number}"

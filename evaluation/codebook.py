"""The codebook: the contract between the collection side and the evaluation side.

`surveyapp` stores one JSON row per variable with the survey; this module wraps those rows in a
small immutable value that answers the questions the evaluation asks (which variables form a
multiple-choice set, what code 2 means, which codes are missing values). Nothing else in the
package walks the raw dictionaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from evaluation.errors import EvaluationError
from evaluation.piped_text import neutral

#: Codes the system adds to every variable: filtered out, and shown but not answered.
#: Questionnaire files may not use them, so they never collide with a real code.
NOT_SHOWN = -77
NO_ANSWER = -88
#: Their labels in each language the respondent pages speak.
SYSTEM_MISSING_LABELS: Mapping[int, Mapping[str, str]] = {
    NOT_SHOWN: {"de": "nicht gestellt (Filter)", "en": "not asked (filter)"},
    NO_ANSWER: {"de": "keine Antwort", "en": "no answer"},
}
#: The labels the outputs print (German).
SYSTEM_MISSING = {code: labels["de"] for code, labels in SYSTEM_MISSING_LABELS.items()}


def is_system_code(value: object) -> bool:
    """Whether a stored value is one of the system missing codes rather than an answer.

    Booleans are never codes, although Python counts True as 1."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return value in SYSTEM_MISSING


#: The declared directions of a scale (None: undeclared).
SCALE_TOPS = (None, "first", "last")
#: Types whose values (not only their missing codes) sit in `answers.number`.
NUMERIC_TYPES = frozenset({"single", "multiple", "matrix", "integer", "decimal", "boolean"})
#: Types whose values sit in `answers.text` (dates as ISO strings).
TEXT_TYPES = frozenset({"text", "textarea", "date", "other"})
#: Types whose codes carry value labels (categorical variables).
CATEGORICAL_TYPES = frozenset({"single", "multiple", "matrix", "boolean"})
#: Types whose variables form one question together: one variable per option or per item.
GROUP_TYPES = frozenset({"multiple", "matrix"})
TYPES = NUMERIC_TYPES | TEXT_TYPES

#: What a question is to a table or a report: one answer, several ticks, a matrix or scale,
#: numbers, or words.
QuestionKind = Literal["single", "multiple", "matrix", "numbers", "text"]


def _int_keys(mapping: Mapping[Any, Any] | None, what: str, name: str) -> dict[int, str]:
    """JSON keys are strings; the evaluation compares codes as integers."""
    result: dict[int, str] = {}
    for key, label in (mapping or {}).items():
        try:
            result[int(key)] = str(label)
        except (TypeError, ValueError):
            raise EvaluationError(
                f"Codebuch: {what} der Variable {name} hat den Schlüssel {key!r}, "
                "der keine ganze Zahl ist."
            ) from None
    return result


@dataclass(frozen=True)
class Variable:
    """One row of the codebook, and the one constructor of a row: `surveyapp` builds its
    codebook with it and stores `to_row()`, the evaluation reads it back with `from_row`.
    Value labels and missing codes are keyed by integer code, in the order they are given.

    `page_title` is the title of the questionnaire page: brief sections without a brief.yaml
    are named by it. `scale_top` says which end of the value labels, in their order, is the top
    of the scale ("first" or "last"); None when the questionnaire declared no direction, and
    Top-2 then takes the highest codes.

    `paradata` marks a variable about how the answers came about rather than an answer (whether
    a unit confirmed its earlier wave's answer, `B1_prefill`): the workbook and the statistics
    files keep it with its codebook note, the publications (brief, feedback reports) print no
    table of it.
    """

    name: str
    label: str
    type: str
    question: str = ""
    question_id: str | None = None
    page: str | int | None = None
    page_title: str | None = None
    value_labels: Mapping[int, str] = field(default_factory=dict)
    missing_codes: Mapping[int, str] = field(default_factory=lambda: dict(SYSTEM_MISSING))
    group: str | None = None
    option_code: int | None = None
    item: str | None = None
    unit: str | None = None
    decimals: int | None = None
    measure: str = "nominal"
    scale_top: str | None = None
    #: For a calculated value: the formula it is worked out with, as the questionnaire says it.
    formula: str | None = None
    paradata: bool = False

    def __post_init__(self) -> None:
        if not self.name:
            raise EvaluationError("Codebuch: eine Zeile hat keinen Variablennamen.")
        if self.type not in TYPES:
            raise EvaluationError(
                f"Codebuch: die Variable {self.name} hat den unbekannten Typ {self.type!r}."
            )
        if self.scale_top not in SCALE_TOPS:
            raise EvaluationError(
                f"Codebuch: die Skalenspitze der Variable {self.name} ist {self.scale_top!r}; "
                "erlaubt sind first (die erste Option oben), last oder nichts."
            )
        # Every output prints these texts; none of them has one respondent's answer to pipe.
        object.__setattr__(self, "label", neutral(self.label))
        object.__setattr__(self, "question", neutral(self.question))
        if self.page_title:
            object.__setattr__(self, "page_title", neutral(self.page_title))
        labels = {code: neutral(label) for code, label in self.value_labels.items()}
        object.__setattr__(self, "value_labels", labels)

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Variable:
        """A stored row as the evaluation reads it: the system codes always among the missing
        codes (in German unless the row names them), missing codes from the highest down."""
        name = str(row.get("name") or "")
        if not name:
            raise EvaluationError("Codebuch: eine Zeile hat keinen Variablennamen.")
        kind = row.get("type")
        if kind not in TYPES:
            raise EvaluationError(
                f"Codebuch: die Variable {name} hat den unbekannten Typ {kind!r}."
            )
        missing = _int_keys(row.get("missing_codes"), "die fehlenden Werte", name)
        for code, label in SYSTEM_MISSING.items():
            missing.setdefault(code, label)
        option_code = row.get("option_code")
        decimals = row.get("decimals")
        return cls(
            name=name,
            label=str(row.get("label") or name),
            question=str(row.get("question") or ""),
            question_id=row.get("question_id"),
            page=row.get("page"),
            page_title=row.get("page_title") or None,
            type=str(kind),
            value_labels=_int_keys(row.get("value_labels"), "die Wertelabels", name),
            missing_codes=dict(sorted(missing.items(), reverse=True)),
            group=row.get("group") or None,
            option_code=None if option_code is None else int(option_code),
            item=row.get("item") or None,
            unit=row.get("unit") or None,
            decimals=None if decimals is None else int(decimals),
            measure=str(row.get("measure") or "nominal"),
            scale_top=row.get("scale_top") or None,
            formula=row.get("formula") or None,
            paradata=bool(row.get("paradata")),
        )

    def to_row(self) -> dict[str, Any]:
        """The JSON form `surveyapp` stores with each survey: these keys in this order, label
        maps keyed by strings. Stored codebooks hold this shape; do not change it. A key may
        only be added at the end, with a default `from_row` gives rows stored before it."""
        return {
            "name": self.name,
            "label": self.label,
            "question": self.question,
            "question_id": self.question_id,
            "page": self.page,
            "page_title": self.page_title,
            "type": self.type,
            "value_labels": {str(k): v for k, v in self.value_labels.items()},
            "missing_codes": {str(k): v for k, v in self.missing_codes.items()},
            "group": self.group,
            "option_code": self.option_code,
            "item": self.item,
            "unit": self.unit,
            "decimals": self.decimals,
            "measure": self.measure,
            "scale_top": self.scale_top,
            "formula": self.formula,
            "paradata": self.paradata,
        }

    @property
    def question_key(self) -> str | None:
        """The question this variable's standard table belongs to: its group for an option or
        an item, else its own name (None for an option or item that lost its group)."""
        return self.group if self.type in GROUP_TYPES else self.name

    @property
    def is_numeric(self) -> bool:
        """True when the value itself is a number (codes included); text-like otherwise."""
        return self.type in NUMERIC_TYPES

    @property
    def is_categorical(self) -> bool:
        return self.type in CATEGORICAL_TYPES

    def top_codes(self) -> list[int]:
        """The substantive codes from the top of the scale down: by the declared direction,
        else from the highest code down."""
        codes = list(self.value_labels)
        if self.scale_top == "first":
            return codes
        if self.scale_top == "last":
            return codes[::-1]
        return sorted(codes, reverse=True)

    def labels(self) -> dict[int, str]:
        """Every code this variable can carry with its label: substantive first, then missing."""
        return {**self.value_labels, **self.missing_codes}

    def label_of(self, code: int) -> str | None:
        return self.value_labels.get(code) or self.missing_codes.get(code)


class Codebook:
    """The variables of one survey in questionnaire order; immutable once built."""

    __slots__ = ("_by_name", "_groups", "_variables")

    def __init__(self, variables: Iterable[Variable]) -> None:
        self._variables = tuple(variables)
        self._by_name = {v.name: v for v in self._variables}
        self._groups: dict[str, tuple[Variable, ...]] = {}
        for v in self._variables:
            if v.group and v.type in GROUP_TYPES:
                self._groups[v.group] = (*self._groups.get(v.group, ()), v)
        if len(self._by_name) != len(self._variables):
            names = [v.name for v in self._variables]
            doubled = next(name for i, name in enumerate(names) if name in names[:i])
            raise EvaluationError(f"Codebuch: die Variable {doubled} steht zweimal darin.")

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> Codebook:
        return cls(Variable.from_row(row) for row in rows)

    def to_rows(self) -> list[dict[str, Any]]:
        return [v.to_row() for v in self._variables]

    def __iter__(self) -> Iterator[Variable]:
        return iter(self._variables)

    def __len__(self) -> int:
        return len(self._variables)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Variable:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"Die Variable {name} steht nicht im Codebuch.") from None

    def get(self, name: str, default: Variable | None = None) -> Variable | None:
        return self._by_name.get(name, default)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Codebook) and self._variables == other._variables

    def __hash__(self) -> int:
        return hash(self._variables)

    def __repr__(self) -> str:
        return f"Codebook({len(self)} Variablen)"

    @property
    def names(self) -> list[str]:
        return [v.name for v in self._variables]

    def question_ids(self) -> list[str]:
        """Every question with a standard table, in questionnaire order: a group id for
        multiple choice and matrices, else the variable's name."""
        keys = (v.question_key for v in self._variables)
        return list(dict.fromkeys(key for key in keys if key))

    def published_question_ids(self) -> list[str]:
        """The questions a publication prints a table of: every one of `question_ids` but the
        paradata, which describe how answers came about and are no finding of the survey."""
        return [key for key in self.question_ids() if not self.is_paradata(key)]

    def is_paradata(self, question_id: str) -> bool:
        variable = self._by_name.get(question_id)
        return variable is not None and variable.paradata

    def kind(self, question_id: str) -> QuestionKind:
        """What a question (a variable or a group id) is to a table or a report."""
        members = self._groups.get(question_id)
        if members:
            return "multiple" if members[0].type == "multiple" else "matrix"
        kind = self[question_id].type
        if kind in ("single", "boolean"):
            return "single"
        if kind in ("integer", "decimal"):
            return "numbers"
        if kind == "matrix":
            return "matrix"
        return "text"

    def groups(self) -> dict[str, list[Variable]]:
        """Multiple-choice sets and matrices, keyed by question id, in questionnaire order.

        The `_other` free text of a "Sonstiges" option also names its question as group; it is
        not an option of the set and is left out here.
        """
        return {group: list(members) for group, members in self._groups.items()}

    def group(self, group_id: str) -> list[Variable]:
        members = self._groups.get(group_id)
        if not members:
            raise KeyError(f"Die Frage {group_id} ist keine Mehrfachauswahl und keine Matrix.")
        return list(members)

    def rosters(self) -> dict[str, dict[str, list[Variable]]]:
        """Questions asked once per item (rosters), keyed by question id, then by item: the
        variables that carry an item without forming a multiple-choice set or a matrix."""
        found: dict[str, dict[str, list[Variable]]] = {}
        for v in self._variables:
            if v.item and v.question_id and v.type not in GROUP_TYPES:
                found.setdefault(v.question_id, {}).setdefault(v.item, []).append(v)
        return found

    def value_labels(self, name: str) -> Mapping[int, str]:
        return self[name].value_labels

    def missing_codes(self, name: str) -> Mapping[int, str]:
        return self[name].missing_codes

"""brief.yaml: what the researcher decides about the brief (see docs/brief.md).

The figures come from the data; everything a reader takes as the institute's voice (title, lead,
section texts, conclusions, approved quotes, limitations) comes from this file, so a brief can be
rebuilt from cleaned data without losing the editorial work. Every problem is reported with the
key it concerns, in German, as an `EvaluationError`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, overload

import yaml

from evaluation.disclosure import DisclosureRule
from evaluation.errors import EvaluationError

Show = Literal["chart", "table", "both"]
SHOW_CHOICES = ("chart", "table", "both")
BREAKDOWNS = ("land", "type", "size_class")
#: What a question id looks like (the questionnaire format's rule).
QUESTION_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


class ConfigError(EvaluationError):
    """brief.yaml is unreadable or names something that does not exist."""


@dataclass(frozen=True)
class QuestionSpec:
    """One question shown in a section: a variable or a group id (multiple choice, matrix)."""

    id: str
    show: Show = "both"
    by: tuple[str, ...] | None = None
    text: str = ""


@dataclass(frozen=True)
class SectionSpec:
    title: str
    text: str = ""
    questions: tuple[QuestionSpec, ...] = ()


@dataclass(frozen=True)
class KeyFigure:
    """The cover's subline: the share of units that gave one of `codes` to `question`."""

    question: str
    codes: tuple[int, ...]
    text: str


#: Earlier waves one comparison may show: a series of surveys every two to five years.
MAX_WAVES = 5


@dataclass(frozen=True)
class ComparisonSpec:
    """A section that compares this wave with the earlier ones: per question, the units that
    gave one of `codes` in each wave ("2019: 5 von 14 Kommunen; 2024: 30 von 54 …"). `waves`:
    how many earlier waves, the nearest first (2: the one before and the one before that)."""

    title: str
    text: str = ""
    questions: tuple[KeyFigure, ...] = ()
    waves: int = 1


@dataclass(frozen=True)
class Quote:
    """An open answer a researcher has approved for publication, verbatim."""

    question: str
    text: str


@dataclass(frozen=True)
class BriefConfig:
    title: str | None = None
    subline: str | None = None
    date: date | None = None
    author: str = "Forschungsteam"
    subject: str | None = None
    mode: str = "Online-Befragung"
    lead: str = ""
    key_figure: KeyFigure | None = None
    sections: tuple[SectionSpec, ...] | None = None
    breakdowns: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    conclusions: str = ""
    limitations: str = ""
    appendix: bool = True
    compare: ComparisonSpec | None = None
    rule: DisclosureRule = field(default_factory=DisclosureRule)


def load_config(path: str | Path | None) -> BriefConfig:
    """Read brief.yaml; no path gives the defaults (a brief built from the questionnaire)."""
    if path is None:
        return BriefConfig()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"Die Datei {path} ist nicht lesbar: {error.strerror}.") from None
    return parse_config_text(text, str(path))


def parse_config_text(text: str | None, name: str = "brief.yaml") -> BriefConfig:
    """brief.yaml from its text (a file's, or an upload to the app); None gives the defaults.

    A syntax error is told with its line and column; an empty file is the default brief.
    """
    if text is None:
        return BriefConfig()
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (Zeile {mark.line + 1}, Spalte {mark.column + 1})" if mark else ""
        raise ConfigError(f"{name} ist keine gültige YAML-Datei{where}.") from None
    except RecursionError:
        raise ConfigError(f"{name} ist zu tief verschachtelt für eine brief.yaml.") from None
    return parse_config(raw or {})


def parse_config(raw: Mapping[str, Any]) -> BriefConfig:
    """The config from already parsed YAML (tests and the web app pass dictionaries)."""
    if not isinstance(raw, Mapping):
        raise ConfigError("brief.yaml muss eine Zuordnung von Schlüsseln zu Werten sein.")
    known = set(BriefConfig.__dataclass_fields__) - {"rule"} | {"disclosure"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ConfigError(f"brief.yaml: unbekannter Schlüssel „{unknown[0]}“.")
    sections = raw.get("sections")
    return BriefConfig(
        title=_text(raw, "title", None),
        subline=_text(raw, "subline", None),
        date=_date(raw.get("date")),
        author=_text(raw, "author", "Forschungsteam") or "Forschungsteam",
        subject=_text(raw, "subject", None),
        mode=_text(raw, "mode", "Online-Befragung") or "Online-Befragung",
        lead=_text(raw, "lead", ""),
        key_figure=_key_figure(raw.get("key_figure")),
        sections=None if sections is None else tuple(_section(s, i) for i, s in _items(sections)),
        breakdowns=_breakdowns(raw.get("breakdowns"), "breakdowns"),
        quotes=tuple(_quote(q, i) for i, q in _items(raw.get("quotes") or [])),
        conclusions=_text(raw, "conclusions", ""),
        limitations=_text(raw, "limitations", ""),
        appendix=bool(raw.get("appendix", True)),
        compare=_comparison(raw.get("compare")),
        rule=_rule(raw.get("disclosure")),
    )


def _comparison(value: Any) -> ComparisonSpec | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value.get("title"):
        raise ConfigError("brief.yaml: compare braucht „title“ und „questions“.")
    unknown = sorted(set(value) - {"title", "text", "questions", "waves"})
    if unknown:
        raise ConfigError(f"brief.yaml: compare: unbekannter Schlüssel „{unknown[0]}“.")
    questions = value.get("questions")
    if not isinstance(questions, list) or not questions:
        raise ConfigError("brief.yaml: compare.questions ist eine Liste von Fragen.")
    parsed = []
    for index, item in enumerate(questions, start=1):
        figure = _key_figure(item, f"compare.questions[{index}]")
        if figure is not None:
            parsed.append(figure)
    waves = value.get("waves", 1)
    if isinstance(waves, bool) or not isinstance(waves, int) or not 1 <= waves <= MAX_WAVES:
        raise ConfigError(
            f"brief.yaml: compare.waves ist die Zahl der früheren Wellen (1 bis {MAX_WAVES})."
        )
    return ComparisonSpec(
        str(value["title"]).strip(), str(value.get("text") or "").strip(), tuple(parsed), waves
    )


def _items(value: Any) -> list[tuple[int, Any]]:
    if not isinstance(value, list):
        raise ConfigError("brief.yaml: sections und quotes sind Listen.")
    return list(enumerate(value, start=1))


@overload
def _text(raw: Mapping[str, Any], key: str, default: str) -> str: ...


@overload
def _text(raw: Mapping[str, Any], key: str, default: None) -> str | None: ...


def _text(raw: Mapping[str, Any], key: str, default: str | None) -> str | None:
    value = raw.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str | int | float):
        raise ConfigError(f"brief.yaml: „{key}“ muss ein Text sein.")
    return str(value).strip()


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ConfigError(f"brief.yaml: „date“ ist kein Datum (JJJJ-MM-TT): {value}.") from None


def _breakdowns(value: Any, where: str) -> tuple[str, ...]:
    """Unit attributes or question ids; whether a question id is in the survey is checked
    against the codebook (`content.check_against`), which this file does not know."""
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else list(value)
    for item in values:
        if not isinstance(item, str) or not QUESTION_NAME.fullmatch(item):
            raise ConfigError(
                f"brief.yaml: {where}: „{item}“ ist keine Aufgliederung "
                f"(möglich: {', '.join(BREAKDOWNS)} oder die ID einer Frage)."
            )
    return tuple(values)


def breakdowns_of(question: QuestionSpec, breakdowns: tuple[str, ...]) -> tuple[str, ...]:
    """The breakdowns a question is shown with: its own `by`, else the brief's `breakdowns`
    without the question itself (a question is not broken down by its own answers)."""
    if question.by is not None:
        return question.by
    return tuple(by for by in breakdowns if by != question.id)


def _question(value: Any, where: str) -> QuestionSpec:
    if isinstance(value, str):
        return QuestionSpec(value)
    if not isinstance(value, Mapping) or "id" not in value:
        raise ConfigError(f"brief.yaml: {where}: eine Frage braucht „id“.")
    show = value.get("show", "both")
    if show not in SHOW_CHOICES:
        raise ConfigError(f"brief.yaml: {where}: „show“ muss chart, table oder both sein.")
    by = value.get("by")
    return QuestionSpec(
        id=str(value["id"]),
        show=show,
        by=None if by is None else _breakdowns(by, where),
        text=str(value.get("text") or "").strip(),
    )


def _section(value: Any, index: int) -> SectionSpec:
    where = f"sections[{index}]"
    if not isinstance(value, Mapping) or not value.get("title"):
        raise ConfigError(f"brief.yaml: {where} braucht einen Titel („title“).")
    questions = value.get("questions") or []
    if not isinstance(questions, list):
        raise ConfigError(f"brief.yaml: {where}: „questions“ ist eine Liste.")
    return SectionSpec(
        title=str(value["title"]).strip(),
        text=str(value.get("text") or "").strip(),
        questions=tuple(_question(q, where) for q in questions),
    )


def _key_figure(value: Any, where: str = "key_figure") -> KeyFigure | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not value.get("question") or not value.get("text"):
        raise ConfigError(f"brief.yaml: {where} braucht „question“, „codes“ und „text“.")
    codes = value.get("codes") or []
    try:
        parsed = tuple(int(c) for c in (codes if isinstance(codes, list) else [codes]))
    except (TypeError, ValueError):
        raise ConfigError(f"brief.yaml: {where}.codes sind ganze Zahlen.") from None
    if not parsed:
        raise ConfigError(f"brief.yaml: {where} braucht mindestens einen Code („codes“).")
    return KeyFigure(str(value["question"]), parsed, str(value["text"]).strip())


def _quote(value: Any, index: int) -> Quote:
    if not isinstance(value, Mapping) or not value.get("question") or not value.get("text"):
        raise ConfigError(f"brief.yaml: quotes[{index}] braucht „question“ und „text“.")
    return Quote(str(value["question"]), str(value["text"]).strip())


def _rule(value: Any) -> DisclosureRule:
    if value is None:
        return DisclosureRule()
    if not isinstance(value, Mapping):
        raise ConfigError("brief.yaml: „disclosure“ braucht „min_units“.")
    unknown = sorted(set(value) - set(DisclosureRule().as_mapping()))
    if unknown:
        raise ConfigError(f"brief.yaml: disclosure kennt „{unknown[0]}“ nicht.")
    try:
        p_percent = value.get("p_percent")
        return DisclosureRule(
            min_units=int(value.get("min_units", 3)),
            median_units=int(value.get("median_units", 5)),
            sd_units=int(value.get("sd_units", 4)),
            p_percent=None if p_percent is None else float(p_percent),
            nonzero_known=bool(value.get("nonzero_known", True)),
        )
    except (TypeError, ValueError):
        raise ConfigError(
            "brief.yaml: disclosure.min_units, median_units und sd_units sind ganze Zahlen ≥ 1, "
            "p_percent liegt zwischen 0 und 100."
        ) from None

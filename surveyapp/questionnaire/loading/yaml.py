"""The YAML reader: a file, text or bytes read safely into plain data, with the line of every
place in the document, for the schema to build a questionnaire from.

Questionnaire files come from researchers and are treated as untrusted: only `SafeLoader`
scalars, no aliases (a billion-laughs file expands from kilobytes to gigabytes), bounded size and
nesting, and duplicate keys are errors rather than silently last-one-wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from surveyapp.questionnaire.loading.errors import Problem, QuestionnaireInvalid, child_path

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 50
_PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_ALIASES = (
    "YAML-Aliase (*name) sind nicht erlaubt; für wiederkehrende Antwortskalen gibt es option_lists"
)
_TOO_DEEP = f"Die Datei ist zu tief verschachtelt (höchstens {MAX_DEPTH} Ebenen)"


@dataclass(frozen=True)
class Document:
    """Plain data (dict, list, str, int, float, bool, None) and the line of each path."""

    data: Any
    lines: dict[str, int]


class _Mark(Protocol):
    """Where the parser is; PyYAML's pure-Python and libyaml marks both have a `line`."""

    line: int


class _Refused(Exception):
    def __init__(self, message: str, mark: _Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = mark.line + 1 if mark is not None else None


class _Loader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases and deep nesting while composing the node tree."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # noqa: D102
        if self.check_event(yaml.AliasEvent):
            raise _Refused(_ALIASES, self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(_TOO_DEEP, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _precheck(text: str, loader: Any) -> None:
    """Walk the event stream (libyaml, fast) for aliases and depth before composing in C."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(_ALIASES, event.start_mark)
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(_TOO_DEEP, event.start_mark)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1


def _loader(text: str) -> yaml.SafeLoader:
    if _FAST_LOADER is None:
        return _Loader(text)
    _precheck(text, _FAST_LOADER)
    return _FAST_LOADER(text)


def yaml_text(source: str | bytes | Path) -> str:
    """The YAML text of a source: a path (or a one-line string ending in .yaml/.yml) is read as
    a file, bytes are decoded as UTF-8, any other string is the text itself."""
    if isinstance(source, str) and _names_a_file(source):
        source = Path(source.strip())
    if isinstance(source, Path):
        source = _read_file(source)
    if isinstance(source, bytes):
        check_size(len(source))
        try:
            return source.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise QuestionnaireInvalid(
                [Problem("", f"Die Datei ist nicht UTF-8-kodiert (Byte {error.start})")]
            ) from None
    return source


def _read_file(path: Path) -> bytes:
    try:
        check_size(path.stat().st_size)
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = "nicht gefunden" if isinstance(error, FileNotFoundError) else "nicht lesbar"
        raise QuestionnaireInvalid([Problem("", f"Die Datei {path} ist {reason}")]) from None


def _names_a_file(text: str) -> bool:
    return "\n" not in text and text.strip().lower().endswith((".yaml", ".yml"))


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise QuestionnaireInvalid(
            [
                Problem(
                    "",
                    f"Die Datei ist zu groß ({size / 1024 / 1024:.1f} MB, höchstens "
                    f"{MAX_BYTES // 1024 // 1024} MB)",
                )
            ]
        )


def read_yaml(text: str) -> Document:
    """Parse YAML text into plain data with lines; raises `QuestionnaireInvalid`."""
    check_size(len(text.encode("utf-8", errors="replace")))
    loader = None
    try:
        loader = _loader(text)
        root = loader.get_single_node()
        problems: list[Problem] = []
        lines: dict[str, int] = {}
        data = _convert(loader, root, "", lines, problems) if root is not None else None
    except _Refused as refused:
        raise QuestionnaireInvalid([Problem("", refused.message, refused.line)]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        detail = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise QuestionnaireInvalid(
            [
                Problem(
                    "",
                    f"Die Datei ist kein gültiges YAML ({detail})",
                    mark.line + 1 if mark else None,
                )
            ]
        ) from None
    except yaml.YAMLError as error:
        raise QuestionnaireInvalid(
            [Problem("", f"Die Datei ist kein gültiges YAML ({error})")]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if problems:
        raise QuestionnaireInvalid(problems)
    return Document(data, lines)


def _convert(
    loader: yaml.SafeLoader, node: Node, path: str, lines: dict[str, int], problems: list[Problem]
) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, MappingNode | SequenceNode) and node.tag not in _PLAIN_TAGS:
        problems.append(_bad_tag(node, path))
        return None
    if isinstance(node, MappingNode):
        return _convert_mapping(loader, node, path, lines, problems)
    if isinstance(node, SequenceNode):
        return [
            _convert(loader, item, child_path(path, index), lines, problems)
            for index, item in enumerate(node.value)
        ]
    return _convert_scalar(loader, node, path, problems)


def _convert_mapping(
    loader: yaml.SafeLoader,
    node: MappingNode,
    path: str,
    lines: dict[str, int],
    problems: list[Problem],
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            problems.append(Problem(path, "Ein Schlüssel muss ein einfacher Name sein", line))
            continue
        key = str(key_node.value)
        key_path = child_path(path, key)
        if key in result:
            problems.append(Problem(key_path, f"Der Schlüssel '{key}' kommt doppelt vor", line))
            continue
        lines[key_path] = line
        result[key] = _convert(loader, value_node, key_path, lines, problems)
    return result


def _bad_tag(node: Node, path: str) -> Problem:
    return Problem(
        path,
        f"Der YAML-Typ {node.tag} ist nicht erlaubt; erlaubt sind Text, Zahlen, "
        "true/false, Listen und Zuordnungen",
        node.start_mark.line + 1,
    )


def _convert_scalar(loader: yaml.SafeLoader, node: Node, path: str, problems: list[Problem]) -> Any:
    try:
        value = loader.construct_object(node)
    except yaml.constructor.ConstructorError:
        problems.append(_bad_tag(node, path))
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        problems.append(Problem(path, "Binärdaten sind nicht erlaubt", node.start_mark.line + 1))
        return None
    return value

"""Errors of a questionnaire file, collected so a researcher sees every problem at once.

A researcher fixing a file wants the whole list in one go, each entry pointing at the place in
the file (`pages[2].questions[0].options`) and, where the YAML parser knows it, the line. Both
readers and the schema write places the same way (`child_path`), so a problem found in the
mapping can be traced back to a YAML line or a workbook cell.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A hostile or badly broken file could produce thousands of problems; beyond this many the
#: list stops helping, so the rest is summarised in one line.
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a questionnaire file, with where it is."""

    location: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text} (Zeile {self.line})" if self.line is not None else text


def child_path(path: str, key: str | int) -> str:
    """`pages` + 2 → `pages[2]`; `pages[2]` + `id` → `pages[2].id`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class QuestionnaireInvalid(Exception):
    """The file is refused as a whole; `problems` lists every error found."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]) -> None:
        problems = tuple(problems)
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = (*problems[:MAX_PROBLEMS], Problem("", f"… und {rest} weitere Fehler"))
        self.problems: tuple[Problem, ...] = problems
        super().__init__(str(self))

    def __str__(self) -> str:
        count = len(self.problems)
        head = (
            "Der Fragebogen enthält 1 Fehler:"
            if count == 1
            else (f"Der Fragebogen enthält {count} Fehler:")
        )
        return "\n".join([head, *(f"- {problem}" for problem in self.problems)])

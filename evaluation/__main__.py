"""The command line: `python -m evaluation workbook|spss|stata -o FILE`.

The data come from the database (`--db URL --survey SLUG`; the URL defaults to `DATABASE_URL`,
else the app's default SQLite file `instance/surveyapp.db` under the current directory) or from a
researcher workbook (`--from-workbook FILE`), e.g. after cleaning it in Excel. Progress goes to
stderr; an error is one German line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from evaluation.brief.cli import COMMANDS as PUBLISHING
from evaluation.dataset import Dataset, database_url
from evaluation.errors import EvaluationError
from evaluation.stats_files import write_spss, write_stata
from evaluation.workbook import write_workbook

WRITERS = {"workbook": "Arbeitsmappe", "spss": "SPSS-Datei", "stata": "Stata-Datei"}


def default_database() -> str:
    """Where the app keeps its data unless told otherwise (without importing the app)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return database_url(url)
    return f"sqlite:///{Path.cwd() / 'instance' / 'surveyapp.db'}"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Fehler: {message} (Hilfe: python -m evaluation --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m evaluation",
        description="Exportiert eine Umfrage als Arbeitsmappe (.xlsx), SPSS- oder Stata-Datei.",
    )
    parser.add_argument("format", choices=sorted(WRITERS), help="was geschrieben wird")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", help="Datenbank-URL (Standard: DATABASE_URL oder instance/)")
    source.add_argument("--from-workbook", type=Path, help="bereinigte Arbeitsmappe als Quelle")
    parser.add_argument("--survey", help="Kennung (Slug) der Umfrage in der Datenbank")
    parser.add_argument("-o", "--output", type=Path, required=True, help="Zieldatei")
    return parser


def _say(message: str, start: float) -> None:
    print(f"[{time.monotonic() - start:6.1f} s] {message}", file=sys.stderr, flush=True)


def _load(args: argparse.Namespace, start: float) -> Dataset:
    if args.from_workbook is not None:
        if args.survey:
            raise EvaluationError("--survey gilt nur für die Datenbank, nicht mit --from-workbook.")
        _say(f"Lese Arbeitsmappe {args.from_workbook}", start)
        return Dataset.from_workbook(args.from_workbook)
    if not args.survey:
        raise EvaluationError("Bitte die Umfrage angeben: --survey KENNUNG.")
    url = args.db or default_database()
    _say(f"Lese Umfrage {args.survey} aus der Datenbank", start)
    return Dataset.from_database(database_url(url), args.survey)


def _write(fmt: str, dataset: Dataset, output: Path, start: float) -> None:
    if fmt == "workbook":
        write_workbook(dataset, output, progress=lambda message: _say(message, start))
    elif fmt == "spss":
        write_spss(dataset, output)
    else:
        write_stata(dataset, output)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PUBLISHING:
        return PUBLISHING[argv[0]](argv[1:])
    args = _parser().parse_args(argv)
    start = time.monotonic()
    try:
        dataset = _load(args, start)
        _say(f"{len(dataset.data)} Kommunen, {len(dataset.codebook)} Variablen", start)
        _write(args.format, dataset, args.output, start)
    except EvaluationError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"Fehler: {error.filename or args.output}: {error.strerror or error}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    _say(f"{WRITERS[args.format]} geschrieben: {args.output}", start)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m evaluation brief …` and `python -m evaluation feedback …`.

    brief    --db URL --survey SLUG [--config brief.yaml] -o brief.pdf [--html brief.html]
    feedback --db URL --survey SLUG (--unit AGS -o FILE.pdf | --all -o DIR)

Both also read `--from-workbook FILE` instead of the database. Errors are one German line on
stderr and exit status 1, as for the other subcommands.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from evaluation.dataset import Dataset, database_url
from evaluation.errors import EvaluationError


def _source(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", help="Datenbank-URL (Standard: DATABASE_URL oder instance/)")
    source.add_argument("--from-workbook", type=Path, help="bereinigte Arbeitsmappe als Quelle")
    parser.add_argument("--survey", help="Kennung (Slug) der Umfrage in der Datenbank")


def _load(args: argparse.Namespace) -> Dataset:
    if args.from_workbook is not None:
        if args.survey:
            raise EvaluationError("--survey gilt nur für die Datenbank, nicht mit --from-workbook.")
        return Dataset.from_workbook(args.from_workbook)
    if not args.survey:
        raise EvaluationError("Bitte die Umfrage angeben: --survey KENNUNG.")
    from evaluation.__main__ import default_database

    return Dataset.from_database(database_url(args.db or default_database()), args.survey)


def _say(message: str, start: float) -> None:
    print(f"[{time.monotonic() - start:6.1f} s] {message}", file=sys.stderr, flush=True)


def _run(action: Callable[[float], None]) -> int:
    start = time.monotonic()
    try:
        action(start)
    except EvaluationError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Fehler: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0


def brief_main(argv: Sequence[str]) -> int:
    """The findings brief as PDF and optionally its HTML twin."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation brief", description="Ergebnisbericht als PDF und HTML."
    )
    _source(parser)
    parser.add_argument("--config", type=Path, help="brief.yaml (siehe docs/brief.md)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="PDF-Datei")
    parser.add_argument("--html", type=Path, help="barrierefreie HTML-Fassung")
    args = parser.parse_args(argv)

    def action(start: float) -> None:
        from evaluation.brief import build_document, load_config, write_html, write_pdf

        config = load_config(args.config)
        dataset = _load(args)
        _say(f"{len(dataset.data)} Kommunen, {len(dataset.codebook)} Variablen", start)
        document = build_document(dataset, config)
        write_pdf(document, args.output)
        _say(f"PDF geschrieben: {args.output}", start)
        if args.html:
            write_html(document, args.html)
            _say(f"HTML geschrieben: {args.html}", start)

    return _run(action)


def feedback_main(argv: Sequence[str]) -> int:
    """One feedback report, or one per responding Kommune into a folder."""
    parser = argparse.ArgumentParser(
        prog="python -m evaluation feedback", description="Rückmeldeberichte je Kommune."
    )
    _source(parser)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", help="AGS der Kommune")
    which.add_argument("--all", action="store_true", help="ein Bericht je Kommune")
    parser.add_argument(
        "--config", type=Path, help="brief.yaml (Sperrregel und Tabellen des Berichts)"
    )
    parser.add_argument("-o", "--output", type=Path, required=True, help="PDF-Datei oder Ordner")
    args = parser.parse_args(argv)

    def action(start: float) -> None:
        from evaluation.brief import load_config
        from evaluation.feedback import FeedbackBuilder

        builder = FeedbackBuilder(_load(args), config=load_config(args.config))
        if args.all:
            paths = builder.write_all(args.output)
            _say(f"{len(paths)} Berichte geschrieben nach {args.output}", start)
        else:
            builder.write(args.unit, args.output)
            _say(f"Bericht geschrieben: {args.output}", start)

    return _run(action)


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "brief": brief_main,
    "feedback": feedback_main,
}

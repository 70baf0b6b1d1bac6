"""The command line: one parser, one subcommand per thing it makes.

    python -m evaluation workbook|spss|stata --db URL --survey SLUG -o FILE
    python -m evaluation brief    --db URL --survey SLUG [--config brief.yaml] -o brief.pdf
                                  [--html brief.html]
                                  [--compare-with EARLIER-SLUG --compare-freigabe FILE]…
    python -m evaluation feedback --db URL --survey SLUG --freigabe brief.freigabe.json
                                  (--unit AGS -o FILE.pdf | --all -o DIR)
    python -m evaluation panel    --db URL --survey SLUG [--format workbook|spss|stata]
                                  [--layout lang|breit] -o FILE

Every subcommand reads `--from-workbook FILE` (a researcher workbook, e.g. cleaned in Excel)
instead of the database; `brief` also writes the release its feedback reports are built
against (brief.freigabe.json beside brief.pdf). A brief that compares with an earlier wave
reads that wave's release too (`--compare-freigabe`: its brief.yaml and fingerprint), so it
compares with what was published then, and records it in its own. The URL defaults to
`DATABASE_URL`, else the app's default SQLite file `instance/surveyapp.db` under the current
directory. Progress goes to stderr; an error is one German line on stderr and exit status 1,
a usage error one German line and status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from evaluation.dataset import Dataset
from evaluation.errors import EvaluationError
from evaluation.outputs.stats_files import write_spss, write_stata
from evaluation.outputs.workbook import write_workbook
from evaluation.sources.database import database_url

if TYPE_CHECKING:
    from evaluation.reports.waves import PublishedWave

WRITERS = {"workbook": "Arbeitsmappe", "spss": "SPSS-Datei", "stata": "Stata-Datei"}
Say = Callable[[str], None]


def default_database() -> str:
    """Where the app keeps its data unless told otherwise (without importing the app)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return database_url(url)
    return f"sqlite:///{Path.cwd() / 'instance' / 'surveyapp.db'}"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"Fehler: {message} (Hilfe: python -m evaluation --help)\n")


def _source(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--db", help="Datenbank-URL (Standard: DATABASE_URL oder instance/)")
    source.add_argument("--from-workbook", type=Path, help="bereinigte Arbeitsmappe als Quelle")
    parser.add_argument("--survey", help="Kennung (Slug) der Umfrage in der Datenbank")


def parser() -> argparse.ArgumentParser:
    """The one parser of `python -m evaluation`."""
    main_parser = _Parser(
        prog="python -m evaluation",
        description="Exportiert eine Umfrage als Arbeitsmappe (.xlsx), SPSS- oder Stata-Datei "
        "und erstellt den Ergebnisbericht und die Rückmeldeberichte.",
    )
    commands = main_parser.add_subparsers(
        title="Befehle", dest="command", metavar="BEFEHL", required=True, parser_class=_Parser
    )
    for name, label in WRITERS.items():
        export = commands.add_parser(name, help=f"{label} schreiben", description=f"{label}.")
        _source(export)
        export.add_argument("-o", "--output", type=Path, required=True, help="Zieldatei")
        if name == "workbook":
            export.add_argument(
                "--crosstab",
                action="append",
                type=_pair,
                default=[],
                metavar="ZEILE:SPALTE",
                help="zusätzliche Kreuztabelle im Blatt Tabellen, z. B. B1:K1 oder B1:land "
                "(mehrfach möglich)",
            )
            export.add_argument(
                "--weight",
                metavar="VARIABLE",
                help="Designgewichte: Prozentwerte im Blatt Tabellen gewichtet mit dieser "
                "Variable (Anzahlen und Basen ungewichtet)",
            )
        export.set_defaults(run=_export)
    brief = commands.add_parser(
        "brief",
        help="Ergebnisbericht als PDF und HTML",
        description="Ergebnisbericht als PDF und HTML.",
    )
    _source(brief)
    brief.add_argument("--config", type=Path, help="brief.yaml (siehe docs/brief.md)")
    brief.add_argument("-o", "--output", type=Path, required=True, help="PDF-Datei")
    brief.add_argument("--html", type=Path, help="barrierefreie HTML-Fassung")
    brief.add_argument(
        "--compare-with",
        action="append",
        default=[],
        help="Kennung der früheren Welle, mit der der Abschnitt compare vergleicht (mehrfach: "
        "die nächste zuerst, für compare.waves)",
    )
    brief.add_argument(
        "--compare-freigabe",
        dest="compare_release",
        action="append",
        default=[],
        type=Path,
        help="Freigabe des Ergebnisberichts der früheren Welle (…freigabe.json): ihre brief.yaml "
        "und was er zeigte, damit der Vergleich dieselben Zahlen sperrt (je --compare-with eine)",
    )
    brief.set_defaults(run=_brief)
    what = "Rückmeldeberichte je Kommune"
    feedback = commands.add_parser("feedback", help=what, description=f"{what}.")
    _source(feedback)
    which = feedback.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", help="AGS der Kommune")
    which.add_argument("--all", action="store_true", help="ein Bericht je Kommune")
    feedback.add_argument(
        "--freigabe",
        dest="release",
        type=Path,
        help="Freigabe des veröffentlichten Ergebnisberichts (brief schreibt sie neben das PDF, "
        "z. B. brief.freigabe.json)",
    )
    feedback.add_argument("-o", "--output", type=Path, required=True, help="PDF-Datei oder Ordner")
    feedback.set_defaults(run=_feedback)
    panel = commands.add_parser(
        "panel",
        help="Paneldaten aller Wellen einer Reihe",
        description="Paneldaten aller Wellen der Reihe, zu der die Umfrage gehört: Arbeitsmappe "
        "(Codebuch, lang und breit) oder SPSS/Stata in einer der beiden Formen.",
    )
    panel.add_argument("--db", help="Datenbank-URL (Standard: DATABASE_URL oder instance/)")
    panel.add_argument("--survey", required=True, help="Kennung (Slug) einer Welle der Reihe")
    panel.add_argument("--format", choices=("workbook", "spss", "stata"), default="workbook")
    panel.add_argument(
        "--layout",
        choices=("lang", "breit"),
        default="lang",
        help="lang: eine Zeile je Kommune und Welle; breit: eine Zeile je Kommune (B1_w1, B1_w2)",
    )
    panel.add_argument("-o", "--output", type=Path, required=True, help="Zieldatei")
    panel.set_defaults(run=_panel)
    return main_parser


def _panel(args: argparse.Namespace, say: Say) -> None:
    from evaluation.outputs.panel_workbook import write_panel_workbook
    from evaluation.panel import Panel

    url = database_url(args.db or default_database())
    say(f"Lese die Wellen der Reihe von {args.survey} aus der Datenbank")
    panel = Panel.from_database(url, args.survey)
    say(f"{len(panel.waves)} Wellen")
    if args.format == "workbook":
        write_panel_workbook(panel, args.output)
    else:
        layout = panel.long() if args.layout == "lang" else panel.wide()
        (write_spss if args.format == "spss" else write_stata)(layout, args.output)
    say(f"Paneldaten geschrieben: {args.output}")


def _pair(text: str) -> tuple[str, str]:
    """ "B1:K1" → ("B1", "K1"): the row question and the column question or unit attribute."""
    var, sep, by = text.partition(":")
    if not sep or not var.strip() or not by.strip():
        raise argparse.ArgumentTypeError(
            f"„{text}“ ist keine Kreuztabelle: bitte ZEILE:SPALTE angeben, z. B. B1:K1."
        )
    return var.strip(), by.strip()


def _load(args: argparse.Namespace, say: Say) -> Dataset:
    if args.from_workbook is not None:
        if args.survey:
            raise EvaluationError("--survey gilt nur für die Datenbank, nicht mit --from-workbook.")
        say(f"Lese Arbeitsmappe {args.from_workbook}")
        dataset = Dataset.from_workbook(args.from_workbook)
    else:
        if not args.survey:
            raise EvaluationError("Bitte die Umfrage angeben: --survey KENNUNG.")
        url = args.db or default_database()
        say(f"Lese Umfrage {args.survey} aus der Datenbank")
        dataset = Dataset.from_database(database_url(url), args.survey)
    say(f"{len(dataset.data)} Kommunen, {len(dataset.codebook)} Variablen")
    return dataset


def _export(args: argparse.Namespace, say: Say) -> None:
    dataset = _load(args, say)
    if args.command == "workbook":
        write_workbook(
            dataset, args.output, progress=say, crosstabs=args.crosstab, weight=args.weight
        )
    elif args.command == "spss":
        write_spss(dataset, args.output)
    else:
        write_stata(dataset, args.output)
    say(f"{WRITERS[args.command]} geschrieben: {args.output}")


def _brief(args: argparse.Namespace, say: Say) -> None:
    # The reports are imported when asked for: the exports need none of ReportLab.
    from evaluation.reports.brief.config import load_config
    from evaluation.reports.brief.content import build_document
    from evaluation.reports.release import SUFFIX, release_of
    from evaluation.reports.render.html import write_html
    from evaluation.reports.render.pdf import write_pdf

    config = load_config(args.config)
    earlier = _earlier_wave(args, say)
    document = build_document(_load(args, say), config, earlier)
    write_pdf(document, args.output)
    say(f"PDF geschrieben: {args.output}")
    text = args.config.read_text(encoding="utf-8") if args.config else None
    record = Path(args.output).with_suffix(SUFFIX)
    record.write_text(release_of(document, text, earlier).to_json(), encoding="utf-8")
    say(f"Freigabe geschrieben: {record} (für die Rückmeldeberichte)")
    if args.html:
        write_html(document, args.html)
        say(f"HTML geschrieben: {args.html}")


def _wave_loader(args: argparse.Namespace, say: Say) -> Callable[[str], Dataset]:
    """Reads an earlier wave from the database (the later one's, or the default)."""
    url = database_url(args.db or default_database())

    def load(slug: str) -> Dataset:
        say(f"Lese die frühere Welle {slug} aus der Datenbank")
        return Dataset.from_database(url, slug)

    return load


def _earlier_wave(args: argparse.Namespace, say: Say) -> PublishedWave | None:
    """The waves `--compare-with` names (the nearest first), as their releases
    (`--compare-freigabe`, one each) say their briefs were published."""
    from evaluation.reports.release import Release, earlier_wave_of
    from evaluation.reports.waves import PublishedWave

    slugs, releases = args.compare_with, args.compare_release
    if not slugs and releases:
        raise EvaluationError("--compare-freigabe gilt nur mit --compare-with KENNUNG.")
    if len(releases) < len(slugs):
        raise EvaluationError(
            f"Bitte die Freigabe des Ergebnisberichts von {slugs[len(releases)]} angeben: "
            "--compare-freigabe …freigabe.json (der Befehl „brief“ schreibt sie neben das PDF). "
            "So vergleicht der Bericht mit den Zahlen, die damals veröffentlicht wurden."
        )
    if len(releases) > len(slugs):
        raise EvaluationError("Bitte je --compare-with KENNUNG genau eine --compare-freigabe.")
    load = _wave_loader(args, say)
    wave = None
    for slug, path in reversed(list(zip(slugs, releases, strict=True))):
        release = Release.read(path)
        before = wave if wave is not None else earlier_wave_of(release, load)
        wave = PublishedWave(load(slug), release.config, release.fingerprint, before)
    return wave


def _feedback(args: argparse.Namespace, say: Say) -> None:
    from evaluation.reports.feedback import FeedbackBuilder
    from evaluation.reports.release import NOT_PUBLISHED, Release

    if args.release is None:
        raise EvaluationError(f"{NOT_PUBLISHED} Dann hier --freigabe brief.freigabe.json angeben.")
    release = Release.read(args.release)
    builder = FeedbackBuilder.released(_load(args, say), release, _wave_loader(args, say))
    if args.all:
        paths = builder.write_all(args.output)
        say(f"{len(paths)} Berichte geschrieben nach {args.output}")
    else:
        builder.write(args.unit, args.output)
        say(f"Bericht geschrieben: {args.output}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    start = time.monotonic()

    def say(message: str) -> None:
        print(f"[{time.monotonic() - start:6.1f} s] {message}", file=sys.stderr, flush=True)

    try:
        args.run(args, say)
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
    return 0

"""Does the backup come back? Back up the app's database, restore it into an empty one, and
compare the two: the rows of every table and the researcher workbook of every survey.

    python tools/restore_check.py --database-url postgresql://USER@HOST/DB [--keep-dump FILE]

PostgreSQL: `pg_dump --format=custom` into a file, a new empty database beside the original
(the user needs CREATEDB), `pg_restore` into it, compare, drop it again. SQLite: a copy through
sqlite3's online backup, which is consistent while the app writes. A password in the URL is
handed to pg_dump through PGPASSWORD, never on its command line, and never printed.

The workbook is compared by cell values, not bytes (the file records when it was written, and
so does its Info sheet's "Exportiert am"). Exit status 0 when both sides agree, 1 for any
difference, 2 when the check could not run.
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl import load_workbook

from evaluation import Dataset
from evaluation.outputs.workbook import write_workbook
from evaluation.sources.database import connect, database_url

#: The Info sheet's row that holds the moment of the export, different on every run.
EXPORT_TIME_LABEL = "Exportiert am"


class CheckFailed(Exception):
    """The check could not run (a tool missing, no right to create a database, …)."""


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    differences: int = 0

    def same(self, line: str) -> None:
        self.lines.append(f"ok        {line}")

    def different(self, line: str) -> None:
        self.lines.append(f"DIFFERENT {line}")
        self.differences += 1


def _libpq(url: sa.URL) -> tuple[str, dict[str, str]]:
    """The URL as pg_dump reads it, and the environment that carries its password."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise CheckFailed(f"{command[0]} not found (Debian: postgresql-client)")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CheckFailed(f"{command[0]}: {result.stderr.strip()}")


@contextmanager
def _restored_postgresql(url: sa.URL, dump: Path) -> Iterator[sa.URL]:
    source, env = _libpq(url)
    _run(["pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source}"], env)
    scratch = f"{url.database}_restore_check_{secrets.token_hex(4)}"
    server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{scratch}" TEMPLATE template0'))
    except sa.exc.SQLAlchemyError as error:
        server.dispose()
        reason = str(getattr(error, "orig", None) or error).strip()
        raise CheckFailed(f"cannot create {scratch}: {reason}") from None
    restored = url.set(database=scratch)
    try:
        target, env = _libpq(restored)
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
        _run([*command, f"--dbname={target}", str(dump)], env)
        yield restored
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        server.dispose()


@contextmanager
def _restored_sqlite(url: sa.URL, copy: Path) -> Iterator[sa.URL]:
    path = Path(str(url.database))
    if not path.is_file():
        raise CheckFailed(f"{path} does not exist")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    yield sa.make_url(f"sqlite:///{copy}")


@contextmanager
def restored_copy(url: str, dump: Path) -> Iterator[sa.URL]:
    """A database restored from a fresh backup of `url`, written to `dump`; gone afterwards."""
    parsed = sa.make_url(database_url(url))
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        with _restored_postgresql(parsed, dump) as restored:
            yield restored
    elif backend == "sqlite":
        with _restored_sqlite(parsed, dump) as restored:
            yield restored
    else:
        raise CheckFailed(f"no backup for {backend} databases")


def _row_counts(engine: sa.Engine) -> dict[str, int]:
    names = sa.inspect(engine).get_table_names()
    with engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name))) or 0
            for name in sorted(names)
        }


def _compare_tables(original: sa.Engine, restored: sa.Engine, report: Report) -> None:
    before, after = _row_counts(original), _row_counts(restored)
    for name in sorted(before.keys() | after.keys()):
        left, right = before.get(name, "missing"), after.get(name, "missing")
        line = f"table {name:<28} {left!s:>9} {right!s:>9}"
        (report.same if left == right else report.different)(line)


def _survey_slugs(engine: sa.Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(sa.text("SELECT slug FROM surveys ORDER BY slug")))


def _workbook_cells(engine: sa.Engine, slug: str) -> dict[str, list[tuple[Any, ...]]] | None:
    """Every sheet's rows of values, the moment of the export left out; None without data."""
    dataset = Dataset.from_database(engine, slug)
    if dataset.data.empty:
        return None
    buffer = io.BytesIO()
    write_workbook(dataset, buffer)
    book = load_workbook(io.BytesIO(buffer.getvalue()), read_only=True, data_only=True)
    try:
        return {
            sheet.title: [
                row
                for row in sheet.iter_rows(values_only=True)
                if not (row and row[0] == EXPORT_TIME_LABEL)
            ]
            for sheet in book.worksheets
        }
    finally:
        book.close()


def _compare_workbooks(original: sa.Engine, restored: sa.Engine, report: Report) -> None:
    for slug in _survey_slugs(original):
        before, after = _workbook_cells(original, slug), _workbook_cells(restored, slug)
        if before is None and after is None:
            report.same(f"workbook {slug}: no submitted responses on either side")
            continue
        if before is None or after is None:
            report.different(f"workbook {slug}: data on one side only")
            continue
        cells = sum(len(row) for rows in before.values() for row in rows)
        for sheet in sorted(before.keys() | after.keys()):
            if before.get(sheet) != after.get(sheet):
                report.different(f"workbook {slug}: sheet {sheet}")
        if before == after:
            report.same(f"workbook {slug}: {len(before)} sheets, {cells} cells")


def compare(original_url: str, restored_url: str) -> Report:
    """Rows of every table, then the workbook of every survey, side by side (both read-only
    where the database allows it)."""
    report = Report()
    original, restored = connect(original_url), connect(restored_url)
    try:
        _compare_tables(original, restored, report)
        _compare_workbooks(original, restored, report)
    finally:
        original.dispose()
        restored.dispose()
    return report


def check(url: str, dump: Path) -> Report:
    """Back up `url` into `dump`, restore it into a scratch database and compare the two."""
    with restored_copy(url, dump) as restored:
        report = compare(url, restored.render_as_string(hide_password=False))
        where = restored.set(drivername=restored.get_backend_name())
        shown = where.render_as_string(hide_password=True)
        report.lines.insert(0, f"restored  {shown} from a backup of {dump.stat().st_size} bytes")
        return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Back up the database, restore it into an empty one, compare the two."
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--keep-dump", type=Path, help="keep the backup made for the check in this file"
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or DATABASE_URL is needed")
    shown = sa.make_url(args.database_url).render_as_string(hide_password=True)
    print(f"restore check of {shown}")
    with tempfile.TemporaryDirectory() as folder:
        dump = args.keep_dump or Path(folder) / "backup"
        try:
            report = check(args.database_url, dump)
        except (CheckFailed, sa.exc.SQLAlchemyError) as error:
            print(f"FAILED    {error}", file=sys.stderr)
            return 2
    print("\n".join(report.lines))
    if args.keep_dump:
        print(f"kept      the backup in {args.keep_dump}")
    if report.differences:
        print(f"DIFFERENT {report.differences} difference(s): the restore is not complete")
        return 1
    print("OK        the restored database matches the original")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The synthetic national survey in a real database, built once per size and reused.

The app's own migrations make the schema; the survey, its frame, one invitation per unit (a
tenth of them never answer), the submitted responses and one answer row per response ×
variable are then inserted in bulk, with the values of `synthetic.synthetic_dataset`. So
`Dataset.from_database` reads exactly what the app would have stored, and the bench can compare
what it loads with the dataset it wrote.

The file lives in bench/out/ (ignored by git) and is rebuilt only when it is missing.

Run: .venv/bin/python bench/database.py [units]   (builds or reuses the file, prints its path)
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_dataset  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
SLUG = "bench"
#: Invited units that never answered, per responding unit: they count in the frame only.
SILENT_SHARE = 0.1


def database_path(units: int) -> Path:
    return OUT / f"national-{units}.db"


def ensure_database(units: int) -> Path:
    """The database of `units` responding units, built now if it is not there yet."""
    path = database_path(units)
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        _migrate(partial)
        _fill(partial, units)
        partial.rename(path)
    return path


def _migrate(path: Path) -> None:
    from flask_migrate import upgrade

    from surveyapp import create_app

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "bench",
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        upgrade()


def _fill(path: Path, units: int) -> None:
    """Plain sqlite3 `executemany`: millions of rows in seconds, as a bulk load would."""
    dataset = synthetic_dataset(units)
    data = dataset.data
    silent = int(units * SILENT_SHARE)
    now = datetime(2024, 2, 1, 12, 0).isoformat(" ")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO surveys (id, slug, title, questionnaire_id, questionnaire_version,"
            " questionnaire, codebook, status, opens_on, closes_on, created_at, reminder_max)"
            " VALUES (1, ?, ?, 'bench', '1', '{}', json(?), 'closed', '2024-01-01',"
            " '2024-03-31', ?, 0)",
            (SLUG, dataset.survey.title, _codebook_json(dataset), now),
        )
        frame = [
            (ags, name, land, kind, int(population))
            for ags, name, land, kind, population in data[
                ["ags", "name", "land", "type", "population"]
            ].itertuples(index=False)
        ]
        frame += [
            (f"9{n:07d}", f"Stille Gemeinde {n}", "Bayern", "Gemeinde", 1000 + n)
            for n in range(silent)
        ]
        connection.executemany(
            "INSERT INTO units (id, ags, name, land, type, population) VALUES (?, ?, ?, ?, ?, ?)",
            [(i, *row) for i, row in enumerate(frame, 1)],
        )
        connection.executemany(
            "INSERT INTO survey_units (survey_id, unit_id, name, land, type, population,"
            " added_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
            [(i, *row[1:], now) for i, row in enumerate(frame, 1)],
        )
        connection.executemany(
            "INSERT INTO invitations (survey_id, unit_id, salt, token_digest, created_at,"
            " sent_at) VALUES (1, ?, 'salt', ?, ?, ?)",
            [(i, f"{i:064x}", now, now) for i in range(1, len(frame) + 1)],
        )
        connection.executemany(
            "INSERT INTO responses (id, survey_id, unit_id, status, language, started_at,"
            " updated_at, submitted_at) VALUES (?, 1, ?, 'submitted', 'de', ?, ?, ?)",
            [(i, i, now, now, now) for i in range(1, units + 1)],
        )
        for variable in dataset.codebook:
            values = data[variable.name].to_numpy()
            if variable.is_numeric:
                rows = [
                    (i, variable.name, float(v), None)
                    for i, v in enumerate(values.astype(float), 1)
                ]
            else:
                rows = [
                    (i, variable.name, *((None, v) if isinstance(v, str) else (v, None)))
                    for i, v in enumerate(values.tolist(), 1)
                ]
            connection.executemany(
                "INSERT INTO answers (response_id, variable, number, text) VALUES (?, ?, ?, ?)",
                rows,
            )
        connection.execute("ANALYZE")


def _codebook_json(dataset) -> str:
    import json

    return json.dumps([variable.to_row() for variable in dataset.codebook], default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(type(value).__name__)


if __name__ == "__main__":
    print(ensure_database(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000))

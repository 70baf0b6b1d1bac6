"""The suite itself: in CI an unreachable PostgreSQL fails the run instead of skipping it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def _run_migration_test(ci: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CI": ci,
        "TEST_DATABASE": "postgresql",
        "TEST_POSTGRES_URL": "postgresql+psycopg://postgres@127.0.0.1:1/postgres",
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    return subprocess.run(
        [*command, "tests/test_migrations.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_unreachable_postgres_fails_the_ci_run():
    result = _run_migration_test("true")
    assert result.returncode == 1
    assert "PostgreSQL ist nicht erreichbar" in result.stdout + result.stderr


def test_unreachable_postgres_is_skipped_on_a_developer_machine():
    result = _run_migration_test("")
    assert result.returncode == 0
    assert "1 skipped" in result.stdout

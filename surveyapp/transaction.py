"""The unit of work: the one way a service makes its changes permanent.

A service opens it around everything one user action changes, the audit record included, so
the action is stored whole or not at all. Views, commands and templates never commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from surveyapp.extensions import db


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Commit what the block added when it ends normally; roll everything back on any error."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise

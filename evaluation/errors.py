"""Errors a researcher can act on. Their message is one German sentence, shown as it is."""

from __future__ import annotations


class EvaluationError(Exception):
    """Base of every error the CLI reports as one line with exit status 1."""


class UnknownSurvey(EvaluationError):
    """No survey with the given slug in the database."""


class WorkbookError(EvaluationError):
    """A workbook that is unreadable or whose codebook does not match its data."""

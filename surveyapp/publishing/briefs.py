"""The findings brief's way to the public: build a draft, preview it, publish it, take it down.

Each step is one unit of work with its audit event. Building reads a brief.yaml the researcher
uploaded (or the draft's, or none for the default brief); publishing names the draft version
the admin saw, so a draft someone rebuilt meanwhile is never published unseen.
"""

from __future__ import annotations

from typing import IO

from evaluation.codebook import Codebook
from evaluation.reports.brief.config import parse_config_text
from evaluation.reports.brief.content import check_against
from surveyapp.accounts import audit
from surveyapp.models import Publication, Survey
from surveyapp.publishing.downloads import Download
from surveyapp.publishing.publications import (
    DRAFT,
    MAX_CONFIG_BYTES,
    PUBLIC,
    NoResponses,
    build_brief,
    decode_config,
    file_name,
    has_submissions,
    publication,
    publish,
    save_draft,
    unpublish,
)
from surveyapp.transaction import unit_of_work


class DraftChanged(ValueError):
    """The draft was rebuilt since the admin saw it; the message is for the user."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"Der Entwurf wurde inzwischen neu erstellt (Fassung {version}). Bitte prüfen "
            "Sie die neue Vorschau und veröffentlichen Sie dann."
        )


def draft_of(survey: Survey) -> Publication | None:
    return publication(survey, DRAFT)


def public_of(survey: Survey) -> Publication | None:
    return publication(survey, PUBLIC)


def upload_name(filename: str) -> str:
    """The uploaded file's own name without any folder, as the draft remembers it."""
    return filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "brief.yaml"


def chosen_config(
    upload: IO[bytes] | None, filename: str | None, standard: bool, draft: Publication | None
) -> tuple[str | None, str | None]:
    """(text, file name) of the brief.yaml to use: a new upload, else the draft's (unless the
    standard brief was asked for), else none. Raises `EvaluationError` for a file that is not
    a brief.yaml's text; more than the largest allowed file is never read."""
    if upload is not None and filename:
        name = upload_name(filename)
        return decode_config(upload.read(MAX_CONFIG_BYTES + 1), name), name
    if standard or draft is None:
        return None, None
    return draft.config, draft.config_name


def check_buildable(survey: Survey, config: str | None, config_name: str | None) -> None:
    """What can be told at once, before the build goes to a job worker: the brief.yaml reads,
    and some Kommune has submitted. Raises `EvaluationError` (`NoResponses`) with the reason."""
    parsed = parse_config_text(config, config_name or "brief.yaml")
    check_against(Codebook.from_rows(survey.codebook), parsed)
    if not has_submissions(survey):
        raise NoResponses()


def build_draft(
    survey: Survey, config: str | None, config_name: str | None, user_email: str | None
) -> Publication:
    """A new draft from the current answers, replacing the old one; logged.

    Raises `EvaluationError` (`NoResponses` before the first submission, German messages for
    a brief.yaml that does not fit) and stores nothing then.
    """
    built = build_brief(survey, parse_config_text(config, config_name or "brief.yaml"))
    with unit_of_work():
        draft = save_draft(survey, built, config, config_name, user_email)
        audit.record(
            "brief_built",
            survey.slug,
            user_email=user_email,
            version=draft.version,
            config=config_name or "Standard",
        )
    return draft


def preview(draft: Publication, survey: Survey) -> str:
    """The draft's HTML twin for an admin to check; that it was looked at is logged."""
    with unit_of_work():
        audit.record("brief_previewed", survey.slug, version=draft.version)
    return draft.html


def draft_pdf(draft: Publication, survey: Survey) -> Download:
    """The draft's PDF, named after the day it was built; logged as a download."""
    with unit_of_work():
        audit.record("brief_downloaded", survey.slug, format="pdf", version=draft.version)
    name = file_name(survey.slug, "pdf", draft.built_at.date(), kind="entwurf")
    return Download(draft.pdf, "application/pdf", name)


def publish_draft(
    survey: Survey, draft: Publication, seen_version: str | None, user_email: str | None
) -> Publication:
    """The draft the admin saw (`seen_version`) becomes the public brief; logged."""
    if seen_version != str(draft.version):
        raise DraftChanged(draft.version)
    with unit_of_work():
        public = publish(survey, draft, user_email)
        audit.record("brief_published", survey.slug, version=public.version)
    return public


def take_down(survey: Survey) -> Publication | None:
    """Withdraws the public brief (the draft stays); None if nothing was public."""
    with unit_of_work():
        public = unpublish(survey)
        if public is not None:
            audit.record("brief_unpublished", survey.slug, version=public.version)
    return public

"""The findings brief inside the app: built from the app's own database, kept as a draft,
published to the results page, taken down again.

The evaluation package does the work (`Dataset.from_database` with the app's engine,
`evaluation.reports.brief`); this module only decides where the files live and who may see which
version. A survey has at most one draft and one public version (`Publication.stage`):
publishing copies the draft, so the public file is byte for byte the one an admin previewed.
Only the brief is ever published, and every figure in it has passed the evaluation's
disclosure control; nothing here adds a number of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from evaluation import Dataset, EvaluationError
from evaluation.reports.brief.config import BriefConfig
from evaluation.reports.brief.content import build_document
from evaluation.reports.release import Release, earlier_wave_of, release_of
from evaluation.reports.render.html import html_document
from evaluation.reports.render.pdf import pdf_bytes
from evaluation.reports.waves import PublishedWave
from surveyapp.extensions import db
from surveyapp.models import Publication, Response, Survey, utcnow

DRAFT, PUBLIC = "draft", "public"
#: A brief.yaml is a page of text; anything much larger is not one.
MAX_CONFIG_BYTES = 256 * 1024

NO_RESPONSES = (
    "Für diese Befragung liegen noch keine abgeschickten Antworten vor. Daten und "
    "Ergebnisbericht gibt es, sobald die erste Kommune ihre Antworten abgeschickt hat."
)

#: The brief's HTML twin is one self-contained file: an inline <style>, style attributes in its
#: inline SVG charts and its font as a data: URL. The app-wide policy (`surveyapp.web.security`)
#: forbids all three, so these responses, and only these, carry their own policy: styles and
#: the font may be inline, and nothing else is allowed at all: no script, no request to any
#: address (default-src 'none'), no form, no framing. Inline styles cannot be abused here
#: because `evaluation.reports.render.html` escapes every text it writes, so no one can inject
#: markup.
BRIEF_CSP = "; ".join(
    [
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "font-src data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


class NoResponses(EvaluationError):
    """Nothing to evaluate yet: no unit has submitted. The message is for the user."""

    def __init__(self) -> None:
        super().__init__(NO_RESPONSES)


@dataclass(frozen=True)
class BuiltBrief:
    title: str
    pdf: bytes
    html: str
    fingerprint: str = ""
    #: The earlier waves a comparison was made after (`Publication.earlier_release`).
    earlier_release: str | None = None


def load_dataset(survey: Survey) -> Dataset:
    """The survey's submitted responses, read through the app's own engine (and pool).

    Raises NoResponses when there are none: an export of nothing would only puzzle.
    """
    dataset = Dataset.from_database(db.engine, survey.slug)
    if dataset.data.empty:
        raise NoResponses()
    return dataset


def has_submissions(survey: Survey) -> bool:
    """Whether any unit has submitted: asked before a long build is started at all."""
    return bool(
        db.session.scalar(
            db.select(Response.id).filter_by(survey_id=survey.id, status="submitted").limit(1)
        )
    )


def decode_config(content: bytes, name: str) -> str:
    """The text of an uploaded brief.yaml; a German error for anything that is not one."""
    if len(content) > MAX_CONFIG_BYTES:
        raise EvaluationError(f"{name} ist zu groß für eine brief.yaml (höchstens 256 KB).")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EvaluationError(f"{name} ist keine Textdatei in UTF-8.") from None


def build_brief(survey: Survey, config: BriefConfig) -> BuiltBrief:
    """PDF and HTML twin of the brief from the current answers (about a second for 14 units)."""
    earlier = _earlier_wave(survey, config)
    document = build_document(load_dataset(survey), config, earlier)
    return BuiltBrief(
        document.title,
        pdf_bytes(document),
        html_document(document),
        document.fingerprint,
        release_of(document, None, earlier).earlier_json(),
    )


def load_wave(slug: str) -> Dataset:
    """A wave's submitted answers by its slug, as the evaluation asks for an earlier one."""
    return Dataset.from_database(db.engine, slug)


def _earlier_wave(survey: Survey, config: BriefConfig) -> PublishedWave | None:
    """The wave this survey was made from, for a brief that compares with it (`compare`), as
    its public brief was published: its brief.yaml, its fingerprint (checked by the build) and
    the waves before it (those its brief compared with, as that build found them, or, for a
    comparison over more waves, the waves it was made from). Without a public brief, this one
    is the first to print its figures, with the default brief.yaml."""
    if config.compare is None or survey.previous_id is None:
        return None
    previous = db.session.get(Survey, survey.previous_id)
    if previous is None:
        return None
    return _published_wave(previous, config.compare.waves)


def _published_wave(survey: Survey, depth: int) -> PublishedWave:
    public = publication(survey, PUBLIC)
    earlier = None
    if public is not None and public.earlier_release is not None:
        earlier = earlier_wave_of(release_of_public(public), load_wave)
    if depth > 1 and _length(earlier) < depth - 1 and survey.previous_id is not None:
        previous = db.session.get(Survey, survey.previous_id)
        if previous is not None:
            earlier = _published_wave(previous, depth - 1)
    dataset = load_wave(survey.slug)
    if public is None:
        return PublishedWave(dataset, earlier=earlier)
    return PublishedWave(dataset, public.config, public.fingerprint or None, earlier)


def _length(wave: PublishedWave | None) -> int:
    return 0 if wave is None else 1 + _length(wave.earlier)


def release_of_public(public: Publication) -> Release:
    """What a public brief was released as: its brief.yaml, its fingerprint, and the earlier
    waves it was made after."""
    earlier = None
    if public.earlier_release is not None:
        earlier = Release.from_json(public.earlier_release, "Die frühere Welle des Berichts")
    return Release(public.config, public.fingerprint or "", earlier=earlier)


def publication(survey: Survey, stage: str) -> Publication | None:
    return db.session.scalar(db.select(Publication).filter_by(survey_id=survey.id, stage=stage))


def public_by_slug(slug: str) -> Publication | None:
    """The public version of a survey's brief, or None for an unknown or unpublished survey
    (the two look the same from outside, so the page reveals no survey that is not public)."""
    return db.session.scalar(
        db.select(Publication)
        .join(Survey, Survey.id == Publication.survey_id)
        .where(Survey.slug == slug, Publication.stage == PUBLIC)
    )


def pdf_size(publication: Publication) -> int:
    """The PDF's size in bytes, counted by the database (the page need not load the file)."""
    query = db.select(db.func.length(Publication.pdf)).where(Publication.id == publication.id)
    return db.session.scalar(query) or 0


def _lock(survey: Survey) -> None:
    """Serialise changes to one survey's publications (PostgreSQL; SQLite has one writer)."""
    db.session.execute(db.select(Survey.id).where(Survey.id == survey.id).with_for_update())


def save_draft(
    survey: Survey,
    built: BuiltBrief,
    config: str | None,
    config_name: str | None,
    user_email: str | None,
) -> Publication:
    """Replace the survey's draft by a newly built brief; the caller commits."""
    _lock(survey)
    draft = publication(survey, DRAFT)
    if draft is None:
        draft = Publication(survey_id=survey.id, stage=DRAFT, version=0)
        db.session.add(draft)
    draft.version += 1
    draft.title, draft.pdf, draft.html = built.title, built.pdf, built.html
    draft.config, draft.config_name = config, config_name
    draft.fingerprint, draft.earlier_release = built.fingerprint, built.earlier_release
    draft.built_at, draft.built_by = utcnow(), user_email
    db.session.flush()
    return draft


#: What publishing copies from the draft: the files and how they were made.
COPIED = (
    *("version", "title", "pdf", "html", "config", "config_name", "fingerprint"),
    "earlier_release",
    *("built_at", "built_by"),
)


def publish(survey: Survey, draft: Publication, user_email: str | None) -> Publication:
    """Make the draft the public version, replacing any earlier one; the caller commits."""
    _lock(survey)
    # Read the draft (its files load on access) before a new row is pending: a load would
    # flush that row half-filled.
    copied = {name: getattr(draft, name) for name in COPIED}
    public = publication(survey, PUBLIC)
    if public is None:
        public = Publication(survey_id=survey.id, stage=PUBLIC)
        db.session.add(public)
    for name, value in copied.items():
        setattr(public, name, value)
    public.published_at, public.published_by = utcnow(), user_email
    db.session.flush()
    return public


def unpublish(survey: Survey) -> Publication | None:
    """Take the public version down (the draft stays); the caller commits."""
    _lock(survey)
    public = publication(survey, PUBLIC)
    if public is not None:
        db.session.delete(public)
        db.session.flush()
    return public


def file_name(slug: str, suffix: str, day: date | None = None, kind: str = "") -> str:
    """`sozialplanung-demo_2026-11-26.xlsx`: the survey, what it is, the day it was made."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", slug).strip("-") or "befragung"
    parts = [stem, kind, (day or date.today()).isoformat()]
    return "_".join(part for part in parts if part) + f".{suffix}"


def with_links(html: str, header: str = "", footer: str = "") -> str:
    """The brief's HTML with a few links of the app added to its header and footer.

    The stored file stays exactly what `evaluation.reports.render.html` wrote; the app's own
    links (the PDF, the accessibility statement, the way back) go in on the way out. The markers
    are the file's own landmarks; should they ever be missing, the links go first and last in
    <body>.
    """
    if header:
        if "</header>" in html:
            html = html.replace("</header>", header + "</header>", 1)
        else:
            html = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + header, html, count=1)
    if footer:
        at = html.rfind("</footer>")
        if at < 0:
            at = html.rfind("</body>")
        html = html[:at] + footer + html[at:] if at >= 0 else html + footer
    return html

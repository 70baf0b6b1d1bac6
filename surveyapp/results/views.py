"""The public routes: the published brief as a page of its own, and its PDF."""

from __future__ import annotations

import io

from flask import abort, send_file, url_for
from markupsafe import escape
from werkzeug.wrappers import Response

from surveyapp.models import Publication
from surveyapp.publishing.publications import (
    BRIEF_CSP,
    file_name,
    pdf_size,
    public_by_slug,
    with_links,
)
from surveyapp.results.blueprint import bp


def _public_or_404(slug: str) -> Publication:
    public = public_by_slug(slug)
    if public is None:
        abort(404)
    return public


def _kilobytes(size: int) -> str:
    return f"{max(1, round(size / 1024)):,}".replace(",", ".") + " KB"


@bp.route("/<slug>")
def brief(slug: str) -> Response:
    """The brief's HTML twin itself, with the PDF and the legal pages linked.

    It is served as its own document (not inside the app's layout) because it is a complete,
    self-styled page; hence its own Content-Security-Policy (see `BRIEF_CSP`).
    """
    public = _public_or_404(slug)
    # German like the brief itself (lang="de"), whatever language the visitor chose elsewhere.
    pdf_link = (
        f'<p class="meta"><a href="{escape(url_for("results.brief_pdf", slug=slug))}">'
        "Ergebnisbericht als PDF herunterladen</a> "
        f"(PDF, {_kilobytes(pdf_size(public))}; diese Seite ist die barrierefreie Fassung)</p>"
    )
    legal = (
        '<nav aria-label="Rechtliches und Barrierefreiheit"><p>'
        f'<a href="{escape(url_for("respond.accessibility"))}">Erklärung zur Barrierefreiheit</a>'
        f' · <a href="{escape(url_for("respond.imprint"))}">Impressum und Datenschutz</a></p></nav>'
    )
    response = Response(with_links(public.html, pdf_link, legal), mimetype="text/html")
    response.headers["Content-Security-Policy"] = BRIEF_CSP
    return response


@bp.route("/<slug>/bericht.pdf")
def brief_pdf(slug: str) -> Response:
    public = _public_or_404(slug)
    day = (public.published_at or public.built_at).date()
    response = send_file(
        io.BytesIO(public.pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=file_name(slug, "pdf", day, kind="ergebnisbericht"),
    )
    # Taken down means gone: no cache may keep serving a withdrawn version.
    response.headers["Cache-Control"] = "no-store"
    return response

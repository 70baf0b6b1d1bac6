"""Reading a PDF of the respondent pages back: its text as pdftotext finds it, the document's
language and the passages marked as in another language (a module beside the tests that use it,
imported by name)."""

from __future__ import annotations

import base64
import re
import subprocess
import zlib


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext reads it (what a screen reader or a search would find)."""
    assert data.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def document_language(data: bytes) -> str | None:
    """The catalog's /Lang (ReportLab writes the catalog uncompressed)."""
    found = re.search(rb"/Lang \(([A-Za-z-]+)\)", data)
    return found.group(1).decode() if found else None


_PAGE_STREAM = re.compile(
    rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n"
)


def marked_languages(data: bytes) -> list[str]:
    """The language of every marked-content passage (`/Span <</Lang (de)>> BDC`), page by page,
    each closed again (EMC) on its page."""
    found: list[str] = []
    for match in _PAGE_STREAM.finditer(data):
        raw = data[match.end() : match.end() + int(match.group(1))].strip()
        content = zlib.decompress(base64.a85decode(raw.removesuffix(b"~>"), adobe=False))
        langs = re.findall(rb"/Span <</Lang \(([a-z]+)\)>> BDC", content)
        assert content.count(b"EMC") == len(langs)
        found.extend(lang.decode() for lang in langs)
    return found

"""The findings brief: a PDF for print and an accessible HTML twin, from one document model.

    document = build_document(dataset, load_config("brief.yaml"))
    write_pdf(document, "brief.pdf"); write_html(document, "brief.html")

Every figure in it has passed `evaluation.disclosure` (see `content.py`).
"""

from evaluation.brief.config import BriefConfig, load_config, parse_config
from evaluation.brief.content import build_document
from evaluation.brief.html import html_document, write_html
from evaluation.brief.pdf import pdf_bytes, write_pdf

__all__ = [
    "BriefConfig",
    "build_document",
    "html_document",
    "load_config",
    "parse_config",
    "pdf_bytes",
    "write_html",
    "write_pdf",
]

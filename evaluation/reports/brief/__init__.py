"""The findings brief: what it says, built from a Dataset and brief.yaml into the document
model (`evaluation.reports.model`) that `evaluation.reports.render` lays out as PDF and HTML.

    document = build_document(dataset, load_config("brief.yaml"))   # content.py, config.py
    write_pdf(document, "brief.pdf"); write_html(document, "brief.html")   # render/

Every figure in it has passed `evaluation.disclosure` (see `evaluation.reports.published`).
"""

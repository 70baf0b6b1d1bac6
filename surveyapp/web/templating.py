"""Names every template can use, for every blueprint that extends the shared base layout: the
page's language, and German numbers and dates in the one style of `evaluation.german` (times
in Berlin's time: the database stores UTC)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from evaluation import german
from surveyapp import clock
from surveyapp.web.language import current_language


def template_names() -> dict[str, Any]:
    return {"current_lang": current_language()}


def init_app(app: Flask) -> None:
    app.context_processor(template_names)
    app.add_template_filter(german.day, "german_day")
    app.add_template_filter(clock.local_moment, "german_moment")
    app.add_template_filter(german.number, "german_number")
    app.add_template_global(german.share, "german_share")

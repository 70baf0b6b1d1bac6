"""Names every template can use, for every blueprint that extends the shared base layout."""

from __future__ import annotations

from typing import Any

from flask import Flask

from surveyapp.web.language import current_language


def template_names() -> dict[str, Any]:
    return {"current_lang": current_language()}


def init_app(app: Flask) -> None:
    app.context_processor(template_names)

"""Names every template can use, for every blueprint that extends the shared base layout."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale

from surveyapp.respond import bp


@bp.app_context_processor
def template_names() -> dict[str, Any]:
    return {"current_lang": str(get_locale() or "de")}

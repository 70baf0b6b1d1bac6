"""Which language a page is shown in: German unless the respondent chose English."""

from __future__ import annotations

from flask import current_app, request, session


def select_locale() -> str:
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]

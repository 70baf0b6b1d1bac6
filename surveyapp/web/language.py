"""Which language a page is shown in: German unless the respondent chose English.

`?lang=en` on any page switches the language for the rest of the visit; the choice is kept in
the session cookie (a strictly necessary cookie), never in the database.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale, get_translations

from surveyapp.extensions import babel


def select_locale() -> str:
    """The respondent's choice; German outside a request (the command line, the job worker)."""
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = request.args.get("lang") or session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return str(chosen)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def remember_language() -> None:
    """`?lang=en` switches the language for the rest of the visit."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen


def current_language() -> str:
    """The language of the page being built, as a code ("de", "en")."""
    return str(get_locale() or "de")


#: Where a request keeps its translations (`page_translations`).
_TRANSLATIONS = "surveyapp.translations"


def page_translations() -> Any:
    """The translations of the page being built, looked up once per request: Flask-Babel looks
    them up anew for every text (8 µs each; a respondent's page shows a few dozen)."""
    if not has_request_context():
        return get_translations()
    environ = request.environ
    found = environ.get(_TRANSLATIONS)
    if found is None:
        found = environ[_TRANSLATIONS] = get_translations()
    return found


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.before_request(remember_language)

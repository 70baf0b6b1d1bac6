"""The page at `/` and `/zugang` where an access code from a letter is typed in.

A code that is well-formed opens the unit's link (a redirect to `/r/<token>`); a character
that cannot be in a code, a wrong length or a failed check letter is named in the answer
before anything is looked up. Looking up a code that opens nothing counts against the same
limit as guessing a link (`routes.limited`: only failed look-ups count).
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from surveyapp.field import access_code
from surveyapp.field.access_code import Problem, Typed
from surveyapp.field.invitations import find_by_code, token_of
from surveyapp.respond.blueprint import bp
from surveyapp.respond.routes import limited


def problem_text(typed: Typed) -> str:
    letters = " ".join(access_code.ALPHABET)
    if typed.problem is Problem.FOREIGN_CHARACTER:
        return _(
            "Das Zeichen „%(char)s“ (an Stelle %(n)s) kommt in Zugangscodes nicht vor. "
            "Zugangscodes bestehen nur aus diesen Buchstaben: %(letters)s.",
            char=typed.character,
            n=typed.position,
            letters=letters,
        )
    if typed.problem is Problem.LENGTH:
        return _(
            "Ein Zugangscode hat %(length)s Buchstaben; Sie haben %(n)s eingegeben.",
            length=access_code.LENGTH,
            n=len(typed.code),
        )
    if typed.problem is Problem.CHECK:
        return _(
            "Dieser Zugangscode ist nicht richtig geschrieben: Bitte vergleichen Sie ihn "
            "Buchstabe für Buchstabe mit Ihrem Schreiben; vielleicht sind zwei vertauscht."
        )
    return _("Bitte geben Sie Ihren Zugangscode ein.")


def _form(error: str = "", typed: str = "") -> str:
    return render_template(
        "respond/access.html", error=error, typed=typed, length=access_code.LENGTH
    )


@bp.route("/", methods=["GET"])
@bp.route("/zugang", methods=["GET", "POST"])
@limited
def access() -> Any:
    if request.method == "GET":
        return _form()
    return _open(request.form.get("code", "")[:100])


def _open(typed: str) -> Any:
    read = access_code.read(typed)
    if read.problem is not None:
        return _form(problem_text(read), typed), 422
    invitation = find_by_code(read.code)
    if invitation is None:
        error = _(
            "Zu diesem Zugangscode gibt es keine Befragung. Bitte prüfen Sie den Code in "
            "Ihrem Schreiben."
        )
        return _form(error, typed), 404
    return redirect(url_for("respond.start", token=token_of(invitation)))

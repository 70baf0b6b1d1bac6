"""The opt-out link of every e-mail: a page that asks once, and the one-click POST that mail
programs send on their own (RFC 8058), which needs no page and no CSRF token (the signed link
is the proof; all it can do is stop e-mail)."""

from __future__ import annotations

from flask import abort, render_template, request

from surveyapp.extensions import csrf
from surveyapp.field import optout
from surveyapp.respond.blueprint import bp


@bp.route("/abmelden/<token>", methods=["GET", "POST"])
@csrf.exempt
def opt_out(token: str) -> str | tuple[str, int]:
    contact = optout.contact_for(token)
    if contact is None:
        abort(404)
    if request.method == "POST":
        optout.opt_out(contact)
        if request.form.get("List-Unsubscribe") == "One-Click":
            return "", 200
        return render_template("respond/optout.html", done=True, token=token)
    return render_template("respond/optout.html", done=contact.status == "opted_out", token=token)

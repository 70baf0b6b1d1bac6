"""The questionnaire to look at before consent, and the copies of the submitted answers.

`/r/<token>/fragebogen` (HTML) and `/r/<token>/fragebogen.pdf` open for every working link,
before consent too: a contact prints the questionnaire and gathers figures from colleagues.
`/r/<token>/kopie.pdf` is the PDF of the answers, once they were submitted, and
`/r/<token>/bestaetigung` asks for the confirmation e-mail to the unit's contacts (a link to
the thank-you page, not the answers), sent once through the mail queue.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.documents.pdf import Document, render
from surveyapp.field import mail_queue
from surveyapp.forms.answer_text import not_answered
from surveyapp.jobs import submit
from surveyapp.respond.blueprint import bp
from surveyapp.respond.outline import outline, outline_document
from surveyapp.respond.routes import limited
from surveyapp.respond.views import in_language, local_time, sections_in_words
from surveyapp.responses.session import ResponseSession
from surveyapp.web.language import current_language


def _pdf(document: Document, filename: str) -> HttpResponse:
    response = HttpResponse(render(document), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.route("/r/<token>/fragebogen")
@limited
def preview(token: str) -> Any:
    session = ResponseSession.open(token, current_language())
    questionnaire = session.questionnaire
    return render_template(
        "respond/preview.html",
        access=session.access,
        pages=outline(questionnaire, session.language),
        survey_title=questionnaire.title.get(session.language),
        survey_heading=in_language(questionnaire.title, session.language),
    )


@bp.route("/r/<token>/fragebogen.pdf")
@limited
def preview_pdf(token: str) -> Any:
    session = ResponseSession.open(token, current_language())
    author = current_app.config["INSTITUTE_NAME"]
    document = outline_document(session.questionnaire, session.language, author)
    return _pdf(document, f"fragebogen-{session.access.survey.slug}.pdf")


def answers_document(session: ResponseSession) -> Document:
    """The submitted answers on paper: each section, each question with its answer in words."""
    lang = session.language
    response = session.response
    assert response is not None
    unit = (session.access.invitation.member or session.access.invitation.unit).display_name
    title = session.questionnaire.title.get(lang)
    document = Document(title=title, author=current_app.config["INSTITUTE_NAME"], lang=lang)
    document.add(title, 1)
    document.add(
        _(
            "Die Angaben für %(unit)s wurden am %(when)s abgesendet.",
            unit=unit,
            when=local_time(response.submitted_at, lang),
        )
    )
    empty = not_answered()
    for section in sections_in_words(session, session.sections()):
        document.add(f"{section['number']}. {section['title']}", 2, lang=section["title_lang"])
        for answer in section["answers"]:
            document.add(answer.text, 3, lang=answer.text_lang)
            langs = answer.line_langs
            lines = [
                (line, langs[number] if number < len(langs) else "")
                for number, line in enumerate(answer.lines)
            ] or [(empty, "")]
            if len(lines) == 1:
                document.add(lines[0][0], lang=lines[0][1])
            else:
                document.add("", items=lines)
    return document


@bp.route("/r/<token>/kopie.pdf")
@limited
def answers_pdf(token: str) -> Any:
    session = ResponseSession.open(token, current_language())
    if not session.submitted:
        return redirect(url_for("respond.start", token=token))
    return _pdf(answers_document(session), f"angaben-{session.access.survey.slug}.pdf")


@bp.route("/r/<token>/bestaetigung", methods=["POST"])
@limited
def confirmation(token: str) -> Any:
    session = ResponseSession.open(token, current_language())
    if not session.submitted:
        return redirect(url_for("respond.start", token=token))
    if not session.access.may_submit:
        raise session.access.not_shared()
    try:
        queued = mail_queue.queue_confirmation(session.access.invitation, session.language)
    except mail_queue.NothingToSend:
        flash(_("Die Bestätigung wurde schon angefordert; sie wird nur einmal verschickt."))
    else:
        submit.send_to_queue(queued.job)
        flash(
            _(
                "Die Bestätigung wird an %(n)s hinterlegte E-Mail-Adresse(n) Ihrer Kommune "
                "geschickt.",
                n=queued.messages,
            )
        )
    return redirect(url_for("respond.thanks", token=token))

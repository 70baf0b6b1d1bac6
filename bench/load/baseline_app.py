"""The baseline of the load run: the least a Flask + WTForms app must do for a respondent page.

One form page of about the weight of a questionnaire page (radio groups, a matrix of radios,
numbers, texts; a layout with the same head), CSRF-protected, with the signed session cookie,
reading the respondent and their saved answers and writing the page's rows in the same
PostgreSQL through plain SQLAlchemy Core. What surveyapp does beyond this is its own cost.

Served as `gunicorn 'bench.load.baseline_app:create_app()'` with DATABASE_URL and SECRET_KEY set.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, abort, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from jinja2 import DictLoader
from sqlalchemy import (
    Column,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
    update,
)
from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

#: Pages per respondent: the demo questionnaire's pages on the longest route.
PAGES = 12
SCALE = [(str(code), f"Antwortmöglichkeit {code} auf der Skala") for code in range(1, 6)]
ROWS = [f"row{n}" for n in range(3)]

metadata = MetaData()
respondents = Table(
    "baseline_respondents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(64), unique=True, nullable=False),
    Column("page", Integer, nullable=False, default=0),
)
answers = Table(
    "baseline_answers",
    metadata,
    Column("respondent_id", ForeignKey("baseline_respondents.id"), primary_key=True),
    Column("page", Integer, primary_key=True),
    Column("field", String(40), primary_key=True),
    Column("value", Text),
)


class PageForm(FlaskForm):
    single1 = RadioField(
        "In welcher Funktion füllen Sie den Fragebogen aus?", choices=SCALE, validators=[Optional()]
    )
    single2 = RadioField(
        "Gibt es in Ihrer Verwaltung eine integrierte Sozialplanung?",
        choices=SCALE,
        validators=[Optional()],
    )
    single3 = RadioField(
        "Wo ist die Sozialplanung organisatorisch angesiedelt?",
        choices=SCALE,
        validators=[Optional()],
    )
    number1 = IntegerField(
        "Wie viele Personen haben mitgewirkt?", validators=[Optional(), NumberRange(1, 500)]
    )
    number2 = IntegerField("Seit welchem Jahr?", validators=[Optional(), NumberRange(1990, 2030)])
    text1 = StringField("Wie heißt Ihre Organisationseinheit?", validators=[Length(max=200)])
    text2 = TextAreaField("Möchten Sie uns noch etwas mitteilen?", validators=[Length(max=3000)])


for _row in ROWS:
    setattr(PageForm, _row, RadioField(f"Aussage {_row} über die Kommune", choices=SCALE,
                                       validators=[Optional()]))  # fmt: skip

FIELDS = ["single1", "single2", "single3", "number1", "number2", "text1", "text2", *ROWS]

TEMPLATE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Seite {{ page }} – Befragung</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/vendor/kern/kern.min.css"><link rel="stylesheet" href="/static/app.css">
</head><body><header class="site-header"><p class="kern-heading">Forschungsinstitut für kommunale Planung</p></header>
<main id="inhalt"><h1>Abschnitt {{ page + 1 }} von {{ pages }}</h1>
<form method="post" novalidate class="survey-form">{{ form.csrf_token }}
{% for name in fields %}{% set field = form[name] %}
<fieldset class="kern-fieldset" id="q-{{ name }}"><legend class="kern-label">{{ field.label.text }}</legend>
<p class="kern-hint" id="{{ name }}-hint">Bitte beantworten Sie die Frage für Ihre Verwaltung insgesamt.</p>
{% if field.type == "RadioField" %}{% for option in field %}
<div class="kern-form-check"><input class="kern-form-check__radio" type="radio" id="{{ option.id }}" name="{{ field.name }}" value="{{ option.data }}"{% if option.checked %} checked{% endif %} aria-describedby="{{ name }}-hint"><label class="kern-label" for="{{ option.id }}">{{ option.label.text }}</label></div>
{% endfor %}{% else %}<div class="kern-form-input">{{ field(class_="kern-form-input__input", **{"aria-describedby": name ~ "-hint"}) }}</div>{% endif %}
{% for error in field.errors %}<p class="kern-error">{{ error }}</p>{% endfor %}
</fieldset>{% endfor %}
<div class="form-actions"><button type="submit" name="action" value="weiter" class="kern-btn kern-btn--primary"><span class="kern-label">Weiter</span></button></div>
</form></main><footer class="site-footer"><p>Impressum · Datenschutz · Barrierefreiheit</p></footer></body></html>
"""  # noqa: E501


def _engine() -> Engine:
    url = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url, pool_pre_ping=False)


def create_tables(engine: Engine, tokens: list[str]) -> None:
    """Done once by the runner before gunicorn starts, so workers never race to create them."""
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(respondents), [{"token": token, "page": 0} for token in tokens])


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["WTF_CSRF_TIME_LIMIT"] = None
    CSRFProtect(app)
    # A named template, compiled once per worker like an app's template files.
    app.jinja_loader = DictLoader({"page.html": TEMPLATE})
    engine = _engine()

    @app.route("/b/<token>/<int:page>", methods=["GET", "POST"])
    def form_page(token: str, page: int) -> Any:
        with engine.begin() as connection:
            respondent = connection.execute(
                select(respondents).where(respondents.c.token == token)
            ).first()
            if respondent is None or not 0 <= page < PAGES:
                abort(404)
            saved = {
                row.field: row.value
                for row in connection.execute(
                    select(answers.c.field, answers.c.value).where(
                        answers.c.respondent_id == respondent.id, answers.c.page == page
                    )
                )
            }
            form = PageForm(data=saved) if request.method == "GET" else PageForm()
            if request.method == "POST" and form.validate():
                _store(connection, respondent.id, page, form)
                return redirect(url_for("form_page", token=token, page=page + 1)
                                if page + 1 < PAGES else url_for("done", token=token))  # fmt: skip
        return render_template("page.html", form=form, fields=FIELDS, page=page, pages=PAGES)

    @app.route("/b/<token>/fertig")
    def done(token: str) -> str:
        return "<!doctype html><title>Danke</title><p>Vielen Dank!</p>"

    return app


def _store(connection: Any, respondent_id: int, page: int, form: PageForm) -> None:
    connection.execute(
        delete(answers).where(answers.c.respondent_id == respondent_id, answers.c.page == page)
    )
    connection.execute(
        insert(answers),
        [
            {"respondent_id": respondent_id, "page": page, "field": name,
             "value": None if form[name].data is None else str(form[name].data)}
            for name in FIELDS
        ],
    )  # fmt: skip
    connection.execute(
        update(respondents).where(respondents.c.id == respondent_id).values(page=page + 1)
    )

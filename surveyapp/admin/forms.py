"""Forms of the researcher area. Every one is a FlaskForm, so every POST carries a CSRF token."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from surveyapp.accounts.auth import MIN_PASSWORD_LENGTH, ROLES
from surveyapp.field.contacts import EMAIL

IS_EMAIL = Regexp(EMAIL, message="Bitte eine gültige E-Mail-Adresse angeben.")

ROLE_LABELS = {"admin": "Administration", "researcher": "Forschung (nur ansehen)"}


def _choices(pairs: list[tuple[str, str]]) -> list[Any]:
    """WTForms 3.3 wants SelectChoice objects; older versions (still allowed) want tuples."""
    try:
        from wtforms import SelectChoice
    except ImportError:
        return pairs
    return [SelectChoice(value, label) for value, label in pairs]


class LoginForm(FlaskForm):
    email = EmailField("E-Mail-Adresse", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Passwort", validators=[InputRequired(), Length(max=200)])
    submit = SubmitField("Anmelden")


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        f"Neues Passwort (mindestens {MIN_PASSWORD_LENGTH} Zeichen)",
        validators=[InputRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )
    confirm = PasswordField(
        "Passwort wiederholen",
        validators=[InputRequired(), EqualTo("password", "Die Passwörter stimmen nicht überein.")],
    )
    submit = SubmitField("Passwort speichern")


class UserForm(FlaskForm):
    email = EmailField("E-Mail-Adresse", validators=[InputRequired(), IS_EMAIL, Length(max=254)])
    role = SelectField("Rolle", choices=_choices([(r, ROLE_LABELS[r]) for r in ROLES]))
    submit = SubmitField("Konto anlegen")


class UserChangeForm(FlaskForm):
    role = SelectField("Rolle", choices=_choices([(r, ROLE_LABELS[r]) for r in ROLES]))
    active = BooleanField("Konto aktiv")
    submit = SubmitField("Änderung speichern")


class ActionForm(FlaskForm):
    """A button that changes something; the form holds nothing but the CSRF token."""

    submit = SubmitField("Ausführen")


class SurveyForm(FlaskForm):
    questionnaire = FileField(
        "Fragebogen-Datei (YAML oder XLSForm)",
        validators=[
            FileRequired("Bitte eine Datei wählen."),
            FileAllowed(["yaml", "yml", "xlsx"], "Nur YAML- oder XLSX-Dateien."),
        ],
    )
    slug = StringField(
        "Kurzname (Kleinbuchstaben, Ziffern, Bindestriche; z. B. sozialplanung-2026)",
        validators=[InputRequired(), Length(max=60)],
    )
    opens_on = DateField("Beginn der Feldphase", validators=[Optional()])
    closes_on = DateField("Ende der Feldphase", validators=[Optional()])
    contact_name = StringField("Ansprechpartner im Forschungsteam", validators=[Length(max=200)])
    contact_email = EmailField("E-Mail-Adresse für Rückfragen", validators=[Optional(), IS_EMAIL])
    submit = SubmitField("Befragung anlegen")


class SurveySettingsForm(FlaskForm):
    opens_on = DateField("Beginn der Feldphase", validators=[Optional()])
    closes_on = DateField("Ende der Feldphase", validators=[Optional()])
    contact_name = StringField("Ansprechpartner im Forschungsteam", validators=[Length(max=200)])
    contact_email = EmailField("E-Mail-Adresse für Rückfragen", validators=[Optional(), IS_EMAIL])
    submit = SubmitField("Angaben speichern")


class UploadForm(FlaskForm):
    file = FileField(
        "Datei (CSV oder XLSX)",
        validators=[
            FileRequired("Bitte eine Datei wählen."),
            FileAllowed(["csv", "xlsx"], "Nur CSV- oder XLSX-Dateien."),
        ],
    )
    submit = SubmitField("Hochladen")


class FrameConfirmForm(FlaskForm):
    """The preview's confirmation: the validated rows travel signed, nothing is stored before."""

    draft = HiddenField(validators=[InputRequired()])
    submit = SubmitField("Änderungen übernehmen")


class UnitKeyForm(FlaskForm):
    key = StringField(
        "Schlüssel (AGS) einer Kommune",
        validators=[InputRequired("Bitte einen Schlüssel angeben."), Length(max=20)],
    )
    submit = SubmitField("In die Befragung aufnehmen")


class InvitationsForm(FlaskForm):
    scope = RadioField(
        "Für welche Kommunen?",
        choices=_choices(
            [("all", "alle Kommunen der Auswahlgesamtheit"), ("some", "nur diese Kommunen")]
        ),
        default="all",
    )
    keys = TextAreaField(
        "Schlüssel (AGS), durch Kommas, Leerzeichen oder Zeilenumbrüche getrennt",
        validators=[Length(max=200_000)],
    )
    submit = SubmitField("Einladungen erzeugen")


class SendForm(FlaskForm):
    scope = RadioField(
        "An wen?",
        choices=_choices(
            [
                ("new", "alle Kommunen mit Kontakten, die noch keine Einladung erhalten haben"),
                ("some", "nur diese Kommunen (erneuter Versand mit demselben Link)"),
            ]
        ),
        default="new",
    )
    keys = TextAreaField(
        "Schlüssel (AGS), durch Kommas, Leerzeichen oder Zeilenumbrüche getrennt",
        validators=[Length(max=200_000)],
    )
    confirm = BooleanField("Ja, jetzt senden")
    #: The confirmation page's own random id: the same confirmation sent twice queues once.
    nonce = HiddenField(validators=[Length(max=40)])
    submit = SubmitField("Weiter")


class ReminderForm(FlaskForm):
    round = HiddenField()
    confirm = BooleanField(
        "Ja, ich möchte die Erinnerung jetzt senden.",
        validators=[InputRequired("Bitte bestätigen Sie den Versand.")],
    )
    submit = SubmitField("Erinnerung senden")


class TemplateForm(FlaskForm):
    subject = StringField("Betreff", validators=[InputRequired(), Length(max=300)])
    body = TextAreaField("Text", validators=[InputRequired(), Length(max=20_000)])
    submit = SubmitField("Vorlage speichern")


class ReasonForm(FlaskForm):
    reason = TextAreaField("Begründung", validators=[InputRequired(), Length(max=1000)])
    confirm = BooleanField(
        "Ja, ich bin sicher.", validators=[InputRequired("Bitte bestätigen Sie.")]
    )
    submit = SubmitField("Ausführen")


class AuditFilterForm(FlaskForm):
    """The audit log's search (a GET form: it changes nothing, so it needs no CSRF token)."""

    class Meta:
        csrf = False

    aktion = SelectField("Aktion", validators=[Optional()])
    von = DateField("Von (Datum, UTC)", validators=[Optional()])
    bis = DateField("Bis einschließlich (Datum, UTC)", validators=[Optional()])
    wer = StringField("Wer (E-Mail-Adresse enthält)", validators=[Optional(), Length(max=254)])
    objekt = StringField(
        "Objekt (enthält, z. B. Kurzname oder AGS)", validators=[Optional(), Length(max=200)]
    )

    def __init__(self, *args, actions: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.aktion.choices = _choices([("", "alle"), *actions.items()])

    def validate_bis(self, field: DateField) -> None:
        if field.data and self.von.data and field.data < self.von.data:
            raise ValidationError("Das Ende liegt vor dem Beginn.")

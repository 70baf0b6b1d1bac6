"""Forms of the researcher area. Every one is a FlaskForm, so every POST carries a CSRF token."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
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
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from surveyapp.accounts.auth import MIN_PASSWORD_LENGTH, ROLES
from surveyapp.field.contacts import EMAIL
from surveyapp.surveys.gv100ad import KREISE, LEVELS

IS_EMAIL = Regexp(EMAIL, message="Bitte eine gültige E-Mail-Adresse angeben.")

ROLE_LABELS = {"admin": "Administration", "researcher": "Forschung (nur ansehen)"}


#: Characters no text of the researcher area holds; PostgreSQL refuses NUL in any text column.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Form(FlaskForm):
    """Every form of the researcher area: text with a control character is refused with a
    message at its field, before any query sees it (a NUL byte was a 500 on PostgreSQL)."""

    def validate(self, extra_validators: dict[str, list[Any]] | None = None) -> bool:
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name in self._fields:
            extra.setdefault(name, []).append(_printable)
        return super().validate(extra_validators=extra)


def _printable(form: Form, field: Any) -> None:
    values = field.data if isinstance(field.data, list) else [field.data]
    if any(isinstance(value, str) and CONTROL_CHARACTERS.search(value) for value in values):
        raise ValidationError("Die Eingabe enthält ein unzulässiges Steuerzeichen.")


def _choices(pairs: list[tuple[str, str]]) -> list[Any]:
    """WTForms 3.3 wants SelectChoice objects; older versions (still allowed) want tuples."""
    try:
        from wtforms import SelectChoice
    except ImportError:
        return pairs
    return [SelectChoice(value, label) for value, label in pairs]


def _frame_file_types() -> FileAllowed:
    """What a frame file may be: a CSV or XLSX table, or the register's GV100AD file."""
    return FileAllowed(
        ["csv", "xlsx", "txt", "asc"], "Nur CSV-, XLSX- oder GV100AD-Dateien (.txt, .asc)."
    )


def _level_field() -> SelectField:
    """Which units a GV100AD file gives: Kreise and kreisfreie Städte, or Gemeinden."""
    return SelectField(
        "Ebene aus dem Gemeindeverzeichnis", choices=_choices(list(LEVELS.items())), default=KREISE
    )


class LoginForm(Form):
    email = EmailField("E-Mail-Adresse", validators=[InputRequired(), Length(max=254)])
    password = PasswordField("Passwort", validators=[InputRequired(), Length(max=200)])
    submit = SubmitField("Anmelden")


class SetPasswordForm(Form):
    password = PasswordField(
        f"Neues Passwort (mindestens {MIN_PASSWORD_LENGTH} Zeichen)",
        validators=[InputRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )
    confirm = PasswordField(
        "Passwort wiederholen",
        validators=[InputRequired(), EqualTo("password", "Die Passwörter stimmen nicht überein.")],
    )
    submit = SubmitField("Passwort speichern")


class UserForm(Form):
    email = EmailField("E-Mail-Adresse", validators=[InputRequired(), IS_EMAIL, Length(max=254)])
    role = SelectField("Rolle", choices=_choices([(r, ROLE_LABELS[r]) for r in ROLES]))
    submit = SubmitField("Konto anlegen")


class UserChangeForm(Form):
    role = SelectField("Rolle", choices=_choices([(r, ROLE_LABELS[r]) for r in ROLES]))
    active = BooleanField("Konto aktiv")
    submit = SubmitField("Änderung speichern")


class ActionForm(Form):
    """A button that changes something; the form holds nothing but the CSRF token."""

    submit = SubmitField("Ausführen")


class SurveyForm(Form):
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


class NextWaveForm(Form):
    """„Als nächste Welle anlegen“: everything but the short name and dates is optional."""

    slug = StringField(
        "Kurzname der neuen Welle (z. B. sozialplanung-2024)",
        validators=[InputRequired(), Length(max=60)],
    )
    opens_on = DateField("Beginn der Feldphase", validators=[Optional()])
    closes_on = DateField("Ende der Feldphase", validators=[Optional()])
    questionnaire = FileField(
        "Neue Fassung des Fragebogens (YAML oder XLSForm, optional)",
        validators=[FileAllowed(["yaml", "yml", "xlsx"], "Nur YAML- oder XLSX-Dateien.")],
    )
    frame_file = FileField(
        "Neuere Auswahlgesamtheit (CSV, XLSX oder Gemeindeverzeichnis GV100AD, optional)",
        validators=[_frame_file_types()],
    )
    frame_level = _level_field()
    submit = SubmitField("Als nächste Welle anlegen")


class SurveySettingsForm(Form):
    opens_on = DateField("Beginn der Feldphase", validators=[Optional()])
    closes_on = DateField("Ende der Feldphase", validators=[Optional()])
    contact_name = StringField("Ansprechpartner im Forschungsteam", validators=[Length(max=200)])
    contact_email = EmailField("E-Mail-Adresse für Rückfragen", validators=[Optional(), IS_EMAIL])
    reminder_after_days = IntegerField(
        "Automatische Erinnerung nach so vielen Tagen ohne Versand (leer: keine)",
        validators=[
            Optional(),
            NumberRange(1, 90, "Bitte eine Zahl von 1 bis 90 Tagen angeben."),
        ],
    )
    reminder_max = IntegerField(
        "Höchstens so viele automatische Erinnerungen",
        validators=[Optional(), NumberRange(0, 10, "Bitte eine Zahl von 0 bis 10 angeben.")],
        default=2,
    )
    submit = SubmitField("Angaben speichern")


class UploadForm(Form):
    file = FileField(
        "Datei (CSV oder XLSX)",
        validators=[
            FileRequired("Bitte eine Datei wählen."),
            FileAllowed(["csv", "xlsx"], "Nur CSV- oder XLSX-Dateien."),
        ],
    )
    submit = SubmitField("Hochladen")


class FrameUploadForm(Form):
    """A frame file: CSV, XLSX, or the Destatis Gemeindeverzeichnis at a chosen level."""

    file = FileField(
        "Datei (CSV, XLSX oder Gemeindeverzeichnis GV100AD)",
        validators=[FileRequired("Bitte eine Datei wählen."), _frame_file_types()],
    )
    level = _level_field()
    submit = SubmitField("Hochladen")


class FrameConfirmForm(Form):
    """The preview's confirmation: the validated rows travel signed, nothing is stored before."""

    draft = HiddenField(validators=[InputRequired()])
    submit = SubmitField("Änderungen übernehmen")


class UnitKeyForm(Form):
    key = StringField(
        "Schlüssel (AGS) einer Kommune",
        validators=[InputRequired("Bitte einen Schlüssel angeben."), Length(max=20)],
    )
    submit = SubmitField("In die Befragung aufnehmen")


class InvitationsForm(Form):
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


class SendForm(Form):
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
    send_at = DateTimeLocalField(
        "Versand erst am (leer: sofort)", format="%Y-%m-%dT%H:%M", validators=[Optional()]
    )
    #: The confirmation page's own random id: the same confirmation sent twice queues once.
    nonce = HiddenField(validators=[Length(max=40)])
    submit = SubmitField("Weiter")


class ContactForm(Form):
    salutation = StringField("Anrede", validators=[Length(max=60)])
    name = StringField("Name", validators=[InputRequired(), Length(max=200)])
    email = StringField("E-Mail-Adresse", validators=[InputRequired(), Length(max=254)])
    language = SelectField(
        "Sprache", choices=_choices([("de", "Deutsch"), ("en", "Englisch")]), default="de"
    )


class ReminderForm(Form):
    round = HiddenField()
    confirm = BooleanField(
        "Ja, ich möchte die Erinnerung jetzt senden.",
        validators=[InputRequired("Bitte bestätigen Sie den Versand.")],
    )
    submit = SubmitField("Erinnerung senden")


class TemplateForm(Form):
    subject = StringField("Betreff", validators=[InputRequired(), Length(max=300)])
    body = TextAreaField("Text", validators=[InputRequired(), Length(max=20_000)])
    submit = SubmitField("Vorlage speichern")


class ReasonForm(Form):
    reason = TextAreaField("Begründung", validators=[InputRequired(), Length(max=1000)])
    confirm = BooleanField(
        "Ja, ich bin sicher.", validators=[InputRequired("Bitte bestätigen Sie.")]
    )
    submit = SubmitField("Ausführen")


class AuditFilterForm(Form):
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


class SurveyLegalForm(Form):
    privacy_purpose = TextAreaField(
        "Zweck der Befragung (Datenschutzhinweis)",
        validators=[Length(max=2000)],
    )
    imprint_address = TextAreaField(
        "Anschrift des Anbieters (Impressum)", validators=[Length(max=1000)]
    )
    imprint_representative = StringField(
        "Vertreten durch (Impressum)", validators=[Length(max=200)]
    )
    accessibility_reviewed_on = DateField(
        "Erklärung zur Barrierefreiheit erstellt bzw. zuletzt überprüft am",
        validators=[Optional()],
    )
    accessibility_contact = EmailField(
        "E-Mail-Adresse für Rückmeldungen zur Barrierefreiheit",
        validators=[Optional(), IS_EMAIL],
    )
    submit = SubmitField("Speichern")

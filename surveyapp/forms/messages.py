"""Every message a respondent can get about an answer, and every hint on how to give it, in
one place.

German is the source language; `surveyapp/translations/en` holds the English versions. The
functions are called while a request is handled, so each message comes out in the respondent's
language. Keeping them here means one wording for one problem across all question types.
"""

from __future__ import annotations

from flask_babel import gettext as _


def required() -> str:
    return _("Bitte beantworten Sie diese Frage. Sie ist ein Pflichtfeld.")


def required_grid() -> str:
    return _("Bitte füllen Sie jede Zelle aus. Diese Frage ist ein Pflichtfeld.")


def required_roster() -> str:
    return _("Bitte beantworten Sie jede Frage zu jedem Eintrag. Diese Frage ist ein Pflichtfeld.")


def required_ranking() -> str:
    return _("Bitte vergeben Sie jeden Platz. Diese Frage ist ein Pflichtfeld.")


def ranked_twice() -> str:
    return _("Diese Option hat schon einen Platz weiter oben; jede Option steht nur einmal.")


def rank_gap(place: int) -> str:
    return _("Bitte vergeben Sie zuerst die Plätze vor Platz %(place)s.", place=place)


def required_matrix() -> str:
    return _("Bitte beantworten Sie jede Zeile. Diese Frage ist ein Pflichtfeld.")


def soft_required() -> str:
    return _(
        "Sie haben diese Frage nicht beantwortet. Wenn Sie sie auslassen möchten, "
        "wählen Sie noch einmal „Weiter“."
    )


def soft_check_hint() -> str:
    return _("Wenn Ihre Angabe trotzdem stimmt, wählen Sie noch einmal „Weiter“.")


def invalid_choice() -> str:
    return _("Bitte wählen Sie eine der angebotenen Antworten.")


def other_text_missing() -> str:
    return _("Sie haben „Sonstiges“ gewählt. Bitte geben Sie an, was gemeint ist.")


def other_text_without_option() -> str:
    return _(
        "Sie haben bei „Sonstiges“ etwas eingetragen, die Antwort aber nicht gewählt. "
        "Bitte wählen Sie „Sonstiges“ oder leeren Sie das Feld."
    )


def exclusive_conflict(label: str) -> str:
    return _("„%(label)s“ kann nicht zusammen mit anderen Antworten gewählt werden.", label=label)


def too_few_choices(minimum: int) -> str:
    return _("Bitte wählen Sie mindestens %(min)s Antworten.", min=minimum)


def too_many_choices(maximum: int) -> str:
    return _("Bitte wählen Sie höchstens %(max)s Antworten.", max=maximum)


def not_an_integer() -> str:
    return _("Bitte geben Sie eine ganze Zahl ein, zum Beispiel 12.")


def not_a_number() -> str:
    return _("Bitte geben Sie eine Zahl ein, zum Beispiel 1,5.")


def ambiguous_decimal(text: str) -> str:
    grouped, _point, fraction = text.strip().partition(".")
    return _(
        "„%(text)s“ ist nicht eindeutig. Schreiben Sie %(whole)s ohne Punkt, wenn Sie "
        "%(whole)s meinen, oder %(decimal)s mit Komma für eine Dezimalzahl.",
        text=text.strip(),
        whole=grouped + fraction,
        decimal=f"{grouped},{fraction}",
    )


def too_many_decimals(decimals: int) -> str:
    return _("Bitte geben Sie höchstens %(n)s Nachkommastellen an.", n=decimals)


def number_between(minimum: str, maximum: str) -> str:
    return _(
        "Bitte geben Sie eine Zahl zwischen %(min)s und %(max)s ein.", min=minimum, max=maximum
    )


def number_at_least(minimum: str) -> str:
    return _("Bitte geben Sie eine Zahl ab %(min)s ein.", min=minimum)


def number_at_most(maximum: str) -> str:
    return _("Bitte geben Sie eine Zahl bis %(max)s ein.", max=maximum)


def not_a_date() -> str:
    return _(
        "Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ ein, zum Beispiel 31.01.2024."
    )


def date_between(first: str, last: str) -> str:
    return _("Bitte geben Sie ein Datum zwischen %(min)s und %(max)s ein.", min=first, max=last)


def date_not_before(first: str) -> str:
    return _("Bitte geben Sie ein Datum ab %(min)s ein.", min=first)


def date_not_after(last: str) -> str:
    return _("Bitte geben Sie ein Datum bis %(max)s ein.", max=last)


def text_too_long(maximum: int, length: int) -> str:
    return _(
        "Bitte kürzen Sie Ihre Antwort auf höchstens %(max)s Zeichen (jetzt %(n)s Zeichen).",
        max=maximum,
        n=length,
    )


def yes() -> str:
    return _("ja")


def no() -> str:
    return _("nein")


def other_label() -> str:
    return _("Sonstiges")


def other_text_label() -> str:
    return _("Sonstiges, bitte angeben")


def choose_several(low: int | None, high: int | None) -> list[str]:
    """The hints of a multiple-choice question: several answers, and how many."""
    hints = [_("Mehrfachnennungen möglich.")]
    if low and high:
        hints.append(_("Bitte wählen Sie %(min)s bis %(max)s Antworten.", min=low, max=high))
    elif high:
        hints.append(_("Bitte wählen Sie höchstens %(max)s Antworten.", max=high))
    elif low:
        hints.append(_("Bitte wählen Sie mindestens %(min)s Antworten.", min=low))
    return hints


def date_format() -> str:
    return _("Format: TT.MM.JJJJ, zum Beispiel 31.01.2024.")


def decimal_format() -> str:
    return _("Dezimalzahlen mit Komma, zum Beispiel 1,5.")


def at_most_characters(n: int) -> str:
    return _("Höchstens %(n)s Zeichen.", n=n)

"""„Als nächste Welle anlegen“: a new survey from an earlier one, by the service and the
command line; the two know they are waves of one series."""

from __future__ import annotations

import io

import pytest
from respondent import Respondent
from testsupport import DEMO_QUESTIONNAIRE, FRAME

from surveyapp.extensions import db
from surveyapp.field import contacts, mail
from surveyapp.field.invitations import create_invitations, invitation_of, link_of
from surveyapp.field.next_wave import create_next_wave
from surveyapp.models import AuditEvent, Contact, Invitation, Response, Survey, SurveyUnit
from surveyapp.responses import lifecycle as responses
from surveyapp.surveys import frame
from surveyapp.surveys.lifecycle import SurveyError, create_survey
from surveyapp.surveys.waves import previous_of, waves_of

CONTACTS = (
    b"ags;name;email;sprache\n"
    b"14713;Anna Beispiel;anna@leipzig.example.org;\n"
    b"14713;Carl Zweit;carl@leipzig.example.org;de\n"
    b"14729;Bernd Muster;bernd@kreis-leipzig.example.org;en\n"
    b"15002;Kim Probe;kim@halle.example.org;\n"
)


@pytest.fixture
def first_wave(app) -> Survey:  # noqa: ANN001
    survey = create_survey(DEMO_QUESTIONNAIRE, "sozialplanung-2019")
    frame.import_file(FRAME, survey)
    create_invitations(survey)
    contacts.import_contacts(survey, io.BytesIO(CONTACTS), "kontakte.csv", user_email="test")
    mail.save_template(survey, "invitation", "Bitte antworten", "Guten Tag,\n{{link}}\n")
    mail.save_template(survey, "invitation", "Please answer", "Hello,\n{{link}}\n", "en")
    return survey


def _contacts_of(survey: Survey, ags: str) -> list[str]:
    invitation = invitation_of(survey, ags)
    assert invitation is not None
    return sorted(contact.email for contact in invitation.contacts)


def test_the_next_wave_takes_questionnaire_frame_texts_and_contacts(first_wave):
    made = create_next_wave(first_wave, "sozialplanung-2024")

    wave = made.survey
    assert (first_wave.series, first_wave.wave) == ("sozialplanung-2019", 1)
    assert (wave.series, wave.wave) == ("sozialplanung-2019", 2)
    assert previous_of(wave) == first_wave
    assert [s.slug for s in waves_of(wave)] == ["sozialplanung-2019", "sozialplanung-2024"]
    assert wave.questionnaire == first_wave.questionnaire
    assert wave.codebook == first_wave.codebook
    assert mail.template_for(wave, "invitation") == ("Bitte antworten", "Guten Tag,\n{{link}}\n")
    assert mail.text_for(wave, "invitation", "en").subject == "Please answer"
    assert made.units == len(frame.members(first_wave)) == 49
    leipzig = frame.members(wave)["14713"]
    assert leipzig.display_name == frame.members(first_wave)["14713"].display_name
    assert _contacts_of(wave, "14713") == ["anna@leipzig.example.org", "carl@leipzig.example.org"]
    old, new = invitation_of(first_wave, "14713"), invitation_of(wave, "14713")
    assert old is not None and new is not None
    assert link_of(old) != link_of(new)
    assert made.contacts == 4
    [bernd] = invitation_of(wave, "14729").contacts
    assert bernd.language == "en"


def test_opted_out_contacts_and_withdrawn_units_are_not_carried_over(app, first_wave):  # noqa: ANN001
    carl = db.session.scalar(db.select(Contact).filter_by(email="carl@leipzig.example.org"))
    contacts.set_opted_out(carl, True)
    halle = invitation_of(first_wave, "15002")
    assert halle is not None
    Respondent(app.test_client(), link_of(halle).removeprefix("http://localhost")).consent()
    response = db.session.scalar(db.select(Response).filter_by(unit_id=halle.unit_id))
    responses.delete(response, "Kommune möchte nicht mehr teilnehmen")

    made = create_next_wave(first_wave, "sozialplanung-2024")

    assert _contacts_of(made.survey, "14713") == ["anna@leipzig.example.org"]
    assert _contacts_of(made.survey, "15002") == []
    assert (made.contacts, made.contacts_left) == (2, 2)


def test_a_newer_frame_replaces_the_earlier_one(first_wave):
    newer = frame.read_file(
        io.BytesIO(b"ags;name;land;typ\n14713;Leipzig, Stadt;Sachsen;kreisfreie Stadt\n"),
        "rahmen.csv",
    )
    made = create_next_wave(first_wave, "sozialplanung-2024", frame_file=newer)
    assert list(frame.members(made.survey)) == ["14713"]
    assert made.contacts == 2


def test_a_new_version_of_the_questionnaire_is_taken(first_wave):
    newer = DEMO_QUESTIONNAIRE.read_text().replace('version: "2019.1"', 'version: "2024.1"')
    made = create_next_wave(
        first_wave, "sozialplanung-2024", questionnaire=("neu.yaml", newer.encode())
    )
    assert made.survey.questionnaire_version == "2024.1"
    assert made.survey.questionnaire_id == first_wave.questionnaire_id


def test_another_questionnaire_is_refused_and_nothing_is_stored(first_wave):
    other = DEMO_QUESTIONNAIRE.read_text().replace("id: sozialplanung", "id: jugendhilfe", 1)
    with pytest.raises(SurveyError, match="nicht der der früheren Welle"):
        create_next_wave(first_wave, "jugend-2024", questionnaire=("neu.yaml", other.encode()))
    assert db.session.scalar(db.select(Survey).filter_by(slug="jugend-2024")) is None
    assert db.session.scalar(db.select(db.func.count(Invitation.id))) == 49
    db.session.expire_all()
    assert first_wave.series is None


def test_a_taken_short_name_is_refused(first_wave):
    with pytest.raises(SurveyError, match="gibt es schon"):
        create_next_wave(first_wave, "sozialplanung-2019")


def test_a_third_wave_counts_on(first_wave):
    second = create_next_wave(first_wave, "sozialplanung-2022").survey
    third = create_next_wave(second, "sozialplanung-2024").survey
    assert [survey.wave for survey in waves_of(first_wave)] == [1, 2, 3]
    assert previous_of(third) == second


def test_the_command_makes_the_next_wave(first_wave, runner):  # noqa: ANN001
    result = runner.invoke(args=["survey", "next-wave", "sozialplanung-2019", "--slug", "welle-2"])
    assert result.exit_code == 0, result.output
    assert "„welle-2“: Welle 2 angelegt: 49 Kommunen mit neuen Links" in result.output
    assert "4 Kontakte übernommen" in result.output
    wave = db.session.scalar(db.select(Survey).filter_by(slug="welle-2"))
    count = db.select(db.func.count(SurveyUnit.id)).filter_by(survey_id=wave.id)
    assert db.session.scalar(count) == 49
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="wave_created"))
    assert event.user_email == "Kommandozeile"
    assert event.detail["previous"] == "sozialplanung-2019"


def test_the_command_refuses_an_unknown_survey(app, runner):  # noqa: ANN001
    result = runner.invoke(args=["survey", "next-wave", "gibt-es-nicht", "--slug", "welle-2"])
    assert result.exit_code == 1
    assert "Keine Befragung" in result.output

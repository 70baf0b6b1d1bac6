"""„Als nächste Welle anlegen“: a new survey from an earlier one, with links and contacts.

The survey side (questionnaire, mail texts, frame) is `surveys.waves.new_wave`; here the new
wave gets a fresh link for every unit of its frame (an old link never opens the new wave) and
the contacts of the earlier wave, except where the unit withdrew or the contact opted out or
its address bounced: whoever asked to hear nothing more is not written to again. Everything
happens in one unit of work with its audit event, so a refused file leaves nothing behind.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from flask_babel import gettext, ngettext

from surveyapp.accounts import audit
from surveyapp.extensions import db
from surveyapp.field.invitations import new_invitation
from surveyapp.models import Contact, Invitation, Survey, SurveyUnit
from surveyapp.surveys import frame, waves
from surveyapp.transaction import unit_of_work


@dataclass(frozen=True)
class NextWave:
    survey: Survey
    units: int
    contacts: int
    #: Contacts of the earlier wave not carried over (opted out, bounced, unit withdrawn).
    contacts_left: int
    #: A newer frame against the earlier wave's (None: the earlier frame was taken).
    changes: frame.Differences | None = None


def made_message(wave: int | None, units: int, contacts: int) -> str:
    """„Welle 2 angelegt: 1 Kommune mit neuem Link, 1 Kontakt übernommen.“, counted right."""
    return gettext(
        "Welle %(wave)s angelegt: %(units)s, %(contacts)s.",
        wave=wave,
        units=ngettext("%(num)d Kommune mit neuem Link", "%(num)d Kommunen mit neuen Links", units),
        contacts=ngettext("%(num)d Kontakt übernommen", "%(num)d Kontakte übernommen", contacts),
    )


def create_next_wave(
    previous: Survey,
    slug: str,
    *,
    questionnaire: tuple[str, bytes] | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
    frame_file: frame.FrameFile | None = None,
    user_email: str | None = None,
) -> NextWave:
    """The next wave of `previous`; `questionnaire` is (file name, content) of a new version of
    its questionnaire, else the earlier snapshot is taken. Logged as the logged-in user or
    `user_email` (the command line)."""
    changes = frame.differences(previous, frame_file.rows) if frame_file is not None else None
    with tempfile.TemporaryDirectory() as folder, unit_of_work():
        source = None
        if questionnaire is not None:
            filename, content = questionnaire
            source = Path(folder) / f"fragebogen{Path(filename).suffix.lower() or '.yaml'}"
            source.write_bytes(content)
        survey = waves.new_wave(
            previous,
            slug,
            questionnaire=source,
            opens_on=opens_on,
            closes_on=closes_on,
            frame_file=frame_file,
        )
        result = replace(_invite_with_contacts(previous, survey), changes=changes)
        audit.record(
            "wave_created",
            survey.slug,
            user_email=user_email,
            previous=previous.slug,
            wave=survey.wave,
            units=result.units,
            contacts=result.contacts,
        )
    return result


def _invite_with_contacts(previous: Survey, survey: Survey) -> NextWave:
    members = db.session.scalars(db.select(SurveyUnit).filter_by(survey_id=survey.id)).all()
    earlier = {
        invitation.unit_id: invitation
        for invitation in db.session.scalars(db.select(Invitation).filter_by(survey_id=previous.id))
    }
    carried = left = 0
    for member in members:
        invitation = new_invitation(survey, member.unit)
        db.session.add(invitation)
        old = earlier.get(member.unit_id)
        if old is None:
            continue
        for contact in old.contacts:
            if old.withdrawn_at is not None or contact.status != "active":
                left += 1
                continue
            invitation.contacts.append(
                Contact(
                    salutation=contact.salutation,
                    name=contact.name,
                    email=contact.email,
                    language=contact.language,
                )
            )
            carried += 1
    db.session.flush()
    return NextWave(survey, len(members), carried, left)

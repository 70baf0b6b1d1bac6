"""The page at `/` and `/zugang`: an access code from a letter opens the unit's link."""

from __future__ import annotations

from surveyapp.field import access_code
from surveyapp.field.invitations import code_of, link_of
from surveyapp.field.outreach import links_table


def _enter(client, code: str):
    return client.post("/zugang", data={"code": code})


def test_the_start_page_asks_for_the_access_code(client):
    for path in ("/", "/zugang"):
        html = client.get(path).get_data(as_text=True)
        assert '<h1 class="kern-heading-large">Zugang zur Befragung</h1>' in html
        assert 'id="code" name="code"' in html


def test_a_code_typed_loosely_opens_the_unit_s_link(client, demo):
    invitation = demo.invitations[0]
    code = code_of(invitation)
    opened = _enter(client, " " + code.lower().replace("-", " ") + " ")
    assert opened.status_code == 302
    assert opened.headers["Location"] == link_of(invitation).removeprefix("http://localhost")


def test_a_foreign_character_gets_a_german_error_naming_it(client, demo):
    code = code_of(demo.invitations[0])
    typo = "O" + code[1:]
    refused = _enter(client, typo)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "<title>Fehler: Zugang zur Befragung" in html
    assert "Das Zeichen „O“ (an Stelle 1) kommt in Zugangscodes nicht vor." in html
    assert f'value="{typo}"' in html and 'aria-invalid="true"' in html


def test_a_mistyped_letter_is_caught_by_the_check_letter(client, demo):
    code = code_of(demo.invitations[0]).replace("-", "")
    other = next(c for c in access_code.ALPHABET if c != code[3])
    refused = _enter(client, code[:3] + other + code[4:])
    assert refused.status_code == 422
    assert "nicht richtig geschrieben" in refused.get_data(as_text=True)


def test_a_well_formed_code_that_opens_nothing_is_a_404_and_counts_against_the_limit(csrf_app):
    from surveyapp.demo.survey import load_demo

    load_demo()
    csrf_app.config["RESPONDENT_LINK_LIMIT"] = "3 per minute"
    csrf_app.config["WTF_CSRF_ENABLED"] = False
    client = csrf_app.test_client()
    unknown = access_code.formatted(access_code.make("nobody's salt", "some key"))
    codes = [_enter(client, unknown).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_the_links_csv_and_the_invitation_mail_print_the_code(demo):
    from surveyapp.field import mail
    from surveyapp.field.mail import Addressee

    table = links_table(demo.survey)
    header, first = table.splitlines()[:2]
    assert header.endswith(";link;zugangscode")
    assert first.split(";")[-1].count("-") == 2
    message = mail.compose(
        demo.survey,
        Addressee("a@example.org", "Frau", "A", "Musterstadt"),
        "invitation",
        link_of(demo.invitations[0]),
        code=code_of(demo.invitations[0]),
    )
    assert f"Ihren Zugangscode eingeben: {code_of(demo.invitations[0])}" in message.text
    assert "/zugang" in message.text


def test_a_link_made_before_access_codes_gets_one_with_the_next_export(client, demo):
    from surveyapp.extensions import db

    invitation = demo.invitations[0]
    invitation.code_digest = None
    db.session.commit()
    code = code_of(invitation)
    assert _enter(client, code).status_code == 404
    links_table(demo.survey)
    assert _enter(client, code).status_code == 302

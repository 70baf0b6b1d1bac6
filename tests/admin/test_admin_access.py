"""Who may enter the researcher area and do what: every denial is proven here."""

from __future__ import annotations

import re

import pytest
from admin_helpers import PASSWORD, login
from flask import Flask

from surveyapp.accounts import auth
from surveyapp.extensions import db
from surveyapp.models import AuditEvent, User

PUBLIC = {"admin.login", "admin.set_password"}
#: Pages that change surveys, frames, contacts or accounts: admins only.
ADMIN_ONLY = {
    "admin.survey_new",
    "admin.survey_status",
    "admin.survey_settings",
    "admin.next_wave",
    "admin.survey_legal",
    "admin.units_upload",
    "admin.survey_frame",
    "admin.survey_frame_apply",
    "admin.survey_unit_add",
    "admin.survey_unit_remove",
    "admin.contacts_upload",
    "admin.contacts_purge",
    "admin.invitations",
    "admin.invitations_send",
    "admin.reminders",
    "admin.mail_template",
    "admin.links_csv",
    "admin.answer_history_csv",
    "admin.contact_add",
    "admin.follow_up_list",
    "admin.contact_change",
    "admin.link_action",
    "admin.response_action",
    "admin.audit_log",
    "admin.accounts",
    "admin.account_change",
    "admin.account_link",
    "admin.brief_publish",
    "admin.brief_unpublish",
}
#: Pages for watching: every logged-in researcher.
WATCHING = {
    "admin.index",
    "admin.survey_list",
    "admin.survey_detail",
    "admin.survey_preview",
    "admin.questionnaire_xlsform",
    "admin.dashboard",
    "admin.unit_detail",
    "admin.response_view",
    "admin.logout",
    "admin.keep_session",
    "admin.download",
    "admin.job",
    "admin.job_state",
    "admin.job_file",
    "admin.brief",
    "admin.brief_build",
    "admin.brief_preview",
    "admin.brief_draft_pdf",
}
SAMPLE = {
    "slug": "welle-2026",
    "ags": "14713",
    "kind": "invitation",
    "action": "loeschen",
    "user_id": 1,
    "token": "x",
    "fmt": "xlsx",
    "job_id": 1,
    "contact_id": 1,
    "lang": "en",
}


def _urls(app: Flask, endpoints: set[str]) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every route of these endpoints."""
    result = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in endpoints:
            url = rule.rule
            for name in rule.arguments:
                url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(SAMPLE[name]), url)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                result.append((rule.endpoint, method, url))
    return result


def test_every_page_of_the_area_is_classified(app):
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("admin.")}
    assert endpoints == PUBLIC | ADMIN_ONLY | WATCHING


def test_without_login_every_page_sends_to_the_login(app, client, small_survey):
    for endpoint, method, url in _urls(app, ADMIN_ONLY | WATCHING):
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, method, url)
        assert response.location.startswith("/admin/login"), (endpoint, url)


def test_a_researcher_is_refused_every_managing_page(app, researcher_client, small_survey):
    for endpoint, method, url in _urls(app, ADMIN_ONLY):
        response = researcher_client.open(url, method=method)
        assert response.status_code == 403, (endpoint, method, url)
        assert "Keine Berechtigung" in response.text


def test_a_researcher_may_watch(app, researcher_client, small_survey):
    watching = WATCHING - {
        "admin.logout",
        "admin.keep_session",
        "admin.response_view",
        "admin.job",
        "admin.job_state",
        "admin.job_file",
    }
    for endpoint, method, url in _urls(app, watching):
        response = researcher_client.open(url, method=method, follow_redirects=True)
        assert response.status_code == 200, (endpoint, url)


def test_a_respondent_link_gives_no_access_to_the_research_area(client, demo):
    link = demo.link(0).removeprefix("http://localhost")
    client.get(link, follow_redirects=True)
    response = client.get("/admin/befragungen")
    assert response.status_code == 302
    assert response.location.startswith("/admin/login")
    assert client.get(f"/admin/befragungen/{demo.survey.slug}/monitoring").status_code == 302


def test_login_with_the_right_password_opens_the_area(client, admin_user):
    response = login(client, admin_user.email)
    assert response.location == "/admin/befragungen"
    assert client.get("/admin/befragungen").status_code == 200
    assert db.session.get(User, admin_user.id).last_login_at is not None


def test_login_with_a_wrong_password_is_refused_and_logged(client, admin_user):
    response = login(client, admin_user.email, "falsches Passwort")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort sind nicht richtig" in response.text
    assert client.get("/admin/befragungen").status_code == 302
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="login_failed"))
    assert event.target == admin_user.email


def test_an_unknown_address_gets_the_same_answer(client, admin_user):
    response = login(client, "niemand@example.org")
    assert "E-Mail-Adresse oder Passwort sind nicht richtig" in response.text


def test_a_deactivated_account_cannot_log_in(client, admin_user):
    admin_user.active = False
    db.session.commit()
    assert login(client, admin_user.email).status_code == 200
    assert client.get("/admin/befragungen").status_code == 302


def test_passwords_are_stored_with_argon2id(admin_user):
    assert admin_user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in admin_user.password_hash


def test_changing_the_password_ends_open_sessions(admin_client, admin_user):
    assert admin_client.get("/admin/befragungen").status_code == 200
    auth.set_password(admin_user, "ein ganz neues Passwort")
    assert admin_client.get("/admin/befragungen").status_code == 302


def test_deactivating_an_account_ends_its_sessions(researcher_client, researcher_user):
    researcher_user.active = False
    db.session.commit()
    assert researcher_client.get("/admin/befragungen").status_code == 302


def test_login_never_redirects_to_another_site(client, admin_user):
    response = client.post(
        "/admin/login?next=https://boese.example.com/admin",
        data={"email": admin_user.email, "password": PASSWORD},
    )
    assert response.location == "/admin/befragungen"


def test_login_returns_to_the_page_asked_for(client, admin_user):
    response = client.post(
        "/admin/login?next=/admin/protokoll",
        data={"email": admin_user.email, "password": PASSWORD},
    )
    assert response.location == "/admin/protokoll"


def test_logout_ends_the_session(admin_client):
    response = admin_client.post("/admin/logout")
    assert response.location == "/admin/login"
    assert admin_client.get("/admin/befragungen").status_code == 302


def test_logout_is_not_possible_by_a_link(admin_client):
    assert admin_client.get("/admin/logout").status_code == 405


def test_session_cookie_is_httponly_and_samesite(client, admin_user):
    response = login(client, admin_user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def _csrf_token(client, url: str) -> str:
    page = client.get(url).text
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_login_needs_a_csrf_token(csrf_app):
    auth.create_user("leitung@example.org", "admin", PASSWORD)
    client = csrf_app.test_client()
    response = client.post(
        "/admin/login", data={"email": "leitung@example.org", "password": PASSWORD}
    )
    assert response.status_code in (200, 400)
    assert client.get("/admin/befragungen").status_code == 302
    token = _csrf_token(client, "/admin/login")
    response = client.post(
        "/admin/login",
        data={"email": "leitung@example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert client.get("/admin/befragungen").status_code == 200


def test_a_post_without_csrf_token_changes_nothing(csrf_app):
    auth.create_user("leitung@example.org", "admin", PASSWORD)
    client = csrf_app.test_client()
    token = _csrf_token(client, "/admin/login")
    client.post(
        "/admin/login",
        data={"email": "leitung@example.org", "password": PASSWORD, "csrf_token": token},
    )
    response = client.post("/admin/konten", data={"email": "neu@example.org", "role": "admin"})
    assert response.status_code == 400
    assert auth.user_by_email("neu@example.org") is None


def test_login_is_rate_limited(csrf_app):
    client = csrf_app.test_client()
    token = _csrf_token(client, "/admin/login")
    wrong = {"email": "x@example.org", "password": "falsch", "csrf_token": token}
    limit = int(csrf_app.config["LOGIN_LIMIT"].split()[0])
    for _ in range(limit):
        assert client.post("/admin/login", data=wrong).status_code == 200
    response = client.post("/admin/login", data=wrong)
    assert response.status_code == 429
    assert "Zu viele Versuche" in response.text


def test_a_one_time_link_sets_the_password_once(client, app):
    user = auth.create_user("neu@example.org", "researcher")
    with app.test_request_context():
        token = auth.password_token(user)
    url = f"/admin/passwort/{token}"
    assert client.get(url).status_code == 200
    new = {"password": "mein neues Passwort", "confirm": "mein neues Passwort"}
    assert client.post(url, data=new).location == "/admin/login"
    assert login(client, "neu@example.org", "mein neues Passwort").status_code == 302
    assert client.get(url).status_code == 404


def test_a_short_password_is_refused(client, app):
    user = auth.create_user("neu@example.org", "researcher")
    token = auth.password_token(user)
    response = client.post(f"/admin/passwort/{token}", data={"password": "kurz", "confirm": "kurz"})
    assert response.status_code == 200
    assert db.session.get(User, user.id).password_hash is None


def test_a_forged_password_link_is_refused(client):
    assert client.get("/admin/passwort/gefälscht").status_code == 404


@pytest.mark.parametrize("role", ["admin", "researcher"])
def test_cli_creates_an_account_with_a_prompted_password(runner, role):
    result = runner.invoke(
        args=["users", "create", "Person@Example.org", "--role", role],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    user = auth.user_by_email("person@example.org")
    assert user.role == role
    assert auth.authenticate("person@example.org", PASSWORD) is not None


def test_cli_can_give_a_one_time_link_instead(runner):
    result = runner.invoke(args=["users", "create", "neu@example.org", "--link"])
    assert result.exit_code == 0, result.output
    assert "http://localhost/admin/passwort/" in result.output
    assert auth.user_by_email("neu@example.org").password_hash is None


def test_cli_refuses_a_second_account_for_one_address(runner, admin_user):
    result = runner.invoke(args=["users", "create", admin_user.email, "--link"])
    assert result.exit_code == 1
    assert "gibt es schon" in result.output


def test_admin_creates_an_account_and_sees_its_link_once(admin_client):
    response = admin_client.post(
        "/admin/konten", data={"email": "neu@example.org", "role": "researcher"}
    )
    assert response.status_code == 200
    assert "/admin/passwort/" in response.text
    assert auth.user_by_email("neu@example.org").role == "researcher"
    assert "/admin/passwort/" not in admin_client.get("/admin/konten").text


def test_admin_cannot_lock_themselves_out(admin_client, admin_user):
    admin_client.post(
        f"/admin/konten/{admin_user.id}",
        data={f"u{admin_user.id}-role": "researcher", f"u{admin_user.id}-active": "y"},
    )
    assert db.session.get(User, admin_user.id).role == "admin"


def test_admin_deactivates_another_account(admin_client, researcher_user):
    admin_client.post(
        f"/admin/konten/{researcher_user.id}", data={f"u{researcher_user.id}-role": "researcher"}
    )
    assert db.session.get(User, researcher_user.id).active is False


def test_guessing_one_accounts_password_from_many_addresses_is_limited(csrf_app):
    """The address limit alone lets an attacker with many addresses keep guessing; attempts on
    one account also count together, while other accounts can still log in."""
    csrf_app.config.update(LOGIN_LIMIT="100 per minute", LOGIN_ACCOUNT_LIMIT="3 per minute")
    auth.create_user("andere@example.org", "researcher", password="ein gutes Passwort")
    client = csrf_app.test_client()
    token = _csrf_token(client, "/admin/login")

    def attempt(email: str, password: str, address: str) -> int:
        data = {"email": email, "password": password, "csrf_token": token}
        response = client.post(
            "/admin/login", data=data, environ_overrides={"REMOTE_ADDR": address}
        )
        return response.status_code

    for number in range(3):
        assert attempt("Ziel@example.org", "falsch", f"192.0.2.{number + 1}") == 200
    assert attempt("ziel@example.org", "falsch", "192.0.2.9") == 429
    assert attempt("andere@example.org", "ein gutes Passwort", "192.0.2.9") == 302


def test_logging_out_ends_the_session_for_every_copy_of_its_cookie(app, admin_client):
    from surveyapp.models import ResearcherSession

    cookie = admin_client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    assert thief.get("/admin/befragungen").status_code == 200
    assert admin_client.post("/admin/logout").headers["Location"] == "/admin/login"
    assert thief.get("/admin/befragungen").headers["Location"].startswith("/admin/login")
    assert db.session.scalar(db.select(db.func.count(ResearcherSession.id))) == 0


def test_the_database_holds_no_session_id_that_would_open_the_area(app, admin_client):
    from surveyapp.models import ResearcherSession

    stored = db.session.scalar(db.select(ResearcherSession.id))
    forger = app.test_client()
    with forger.session_transaction() as session:
        session["_user_id"] = stored
    assert forger.get("/admin/befragungen").headers["Location"].startswith("/admin/login")


def test_the_researcher_pages_name_who_is_logged_in(researcher_client, researcher_user):
    html = researcher_client.get("/admin/befragungen").get_data(as_text=True)
    assert f"Angemeldet als {researcher_user.email}" in html

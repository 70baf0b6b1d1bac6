"""Error pages for the whole application: never a stack trace, always a way on."""

from __future__ import annotations

from surveyapp.demo.survey import load_demo


def test_form_without_csrf_token_gives_400(csrf_app):
    link = load_demo().link(0).removeprefix("http://localhost")
    client = csrf_app.test_client()
    response = client.post(link, data={"consent": "ja"})
    assert response.status_code == 400
    assert "Ihre Angaben wurden noch nicht gespeichert" in response.get_data(as_text=True)
    unknown = client.post("/r/kein-gueltiger-link", data={"consent": "ja"})
    assert unknown.status_code == 400
    assert "Das Formular war nicht mehr gültig" in unknown.get_data(as_text=True)


def test_form_with_csrf_token_works(csrf_app):
    link = load_demo().link(0).removeprefix("http://localhost")
    client = csrf_app.test_client()
    html = client.get(link).get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(link, data={"consent": "ja", "csrf_token": token})
    assert response.status_code == 302


def test_an_unexpected_error_gives_the_friendly_500_page_and_is_logged(app, caplog):
    def broken() -> str:
        raise RuntimeError("kaputt")

    app.add_url_rule("/kaputt", view_func=broken)
    response = app.test_client().get("/kaputt")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Ein technischer Fehler ist aufgetreten" in html and "Traceback" not in html
    assert "Unerwarteter Fehler" in caplog.text and "kaputt" in caplog.text


def test_a_wrong_method_gets_the_not_found_page(client):
    response = client.post("/barrierefreiheit")
    assert response.status_code == 405
    assert "Diese Seite gibt es nicht" in response.get_data(as_text=True)


def test_an_upload_too_large_is_refused_in_german_before_it_is_read(database_url):
    from surveyapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "upload",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "MAX_CONTENT_LENGTH": 1024 * 1024,
        }
    )
    response = app.test_client().post(
        "/admin/login", data={"email": "x@example.org", "password": "x" * (2 * 1024 * 1024)}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Datei zu groß" in html and "größer als 1 MB" in html and "nichts gespeichert" in html

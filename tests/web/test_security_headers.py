"""Every page carries the security headers and loads nothing from third parties; behind a
trusted proxy each client is known by its own address."""

from __future__ import annotations

import secrets


def test_security_headers_and_no_third_party_resources(client, link):
    response = client.get(link)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.get_data(as_text=True)
    assert "/static/vendor/kern/kern.min.css" in html
    assert "https://" not in html.split("</head>")[0]
    cookies = response.headers.getlist("Set-Cookie")
    assert all(cookie.startswith("session=") for cookie in cookies)


def _app(**config):
    from surveyapp import create_app

    return create_app(
        {"TESTING": True, "SECRET_KEY": "headers", "SQLALCHEMY_DATABASE_URI": "sqlite://"} | config
    )


def test_served_over_https_the_browser_is_told_to_stay_on_https():
    secure = _app(PUBLIC_BASE_URL="https://umfrage.example.org").test_client()
    assert (
        secure.get("/barrierefreiheit").headers["Strict-Transport-Security"].startswith("max-age=")
    )
    plain = _app(PUBLIC_BASE_URL="http://127.0.0.1:5000").test_client()
    assert "Strict-Transport-Security" not in plain.get("/barrierefreiheit").headers


def _guesses(client, address: str) -> list[int]:
    headers = {"X-Forwarded-For": address}
    return [client.get("/r/geraten", headers=headers).status_code for _ in range(3)]


def test_behind_a_trusted_proxy_each_client_is_limited_by_its_own_address(database_url):
    limited = {"RATELIMIT_ENABLED": True, "RESPONDENT_LINK_LIMIT": "2 per minute"}
    proxied = _app(PROXY_HOPS=1, SQLALCHEMY_DATABASE_URI=database_url, **limited).test_client()
    first = f"198.51.100.{secrets.randbelow(250) + 1}"
    assert _guesses(proxied, first)[-1] == 429
    # A colleague behind the same proxy is not locked out by someone else's guessing.
    assert _guesses(proxied, f"203.0.113.{secrets.randbelow(250) + 1}")[0] == 404


def test_without_a_trusted_proxy_a_forged_address_changes_nothing(database_url):
    limited = {"RATELIMIT_ENABLED": True, "RESPONDENT_LINK_LIMIT": "2 per minute"}
    direct = _app(PROXY_HOPS=0, SQLALCHEMY_DATABASE_URI=database_url, **limited).test_client()
    direct.environ_base["REMOTE_ADDR"] = f"192.0.2.{secrets.randbelow(250) + 1}"
    codes = _guesses(direct, "198.51.100.1") + _guesses(direct, "198.51.100.2")
    assert codes.count(429) == 4

"""Every page carries the security headers and loads nothing from third parties."""

from __future__ import annotations


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

"""Security headers for every response: no third-party requests, no framing, no sniffing, and
HTTPS only once served over HTTPS; the client's address as the trusted proxies report it."""

from __future__ import annotations

from flask import Flask, Response, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


#: The headers of every response, unless the view set its own.
HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def _add_headers(response: Response) -> Response:
    """Each header only where the view set none; the view's names are read once (a
    `setdefault` per header would scan the headers twice each, on every response)."""
    present = {name.lower() for name, _value in response.headers.items()}
    wanted = list(HEADERS)
    if response.mimetype == "text/html":
        wanted.append(("Cache-Control", "no-store"))
    if current_app.config["PUBLIC_BASE_URL"].startswith("https://"):
        wanted.append(("Strict-Transport-Security", "max-age=31536000"))
    response.headers.extend(
        [(name, value) for name, value in wanted if name.lower() not in present]
    )
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
    hops = int(app.config.get("PROXY_HOPS", 0))
    if hops:
        # Behind a reverse proxy every client would share the proxy's address, and one
        # guesser would lock out everyone. Only as many hops as are trusted are believed, so a
        # client cannot forge its address with an X-Forwarded-For header of its own.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )

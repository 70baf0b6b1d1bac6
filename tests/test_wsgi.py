"""The production entry point builds the application from the environment alone."""

import runpy
from pathlib import Path

WSGI = Path(__file__).parent.parent / "wsgi.py"


def test_wsgi_module_serves_the_accessibility_statement(monkeypatch, database_url):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    app = runpy.run_path(str(WSGI))["app"]
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.test_client().get("/barrierefreiheit").status_code == 200

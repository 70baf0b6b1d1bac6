"""Entry point for a production WSGI server, e.g. `gunicorn wsgi:app`.

Configuration comes from the environment (see README): set DATABASE_URL to PostgreSQL,
REDIS_URL for the shared rate-limit store, SECRET_KEY, PUBLIC_BASE_URL and the MAIL_* settings.
"""

from surveyapp import create_app

app = create_app()

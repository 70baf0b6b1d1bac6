"""The public results page of a survey: the published findings brief, no login.

`/ergebnisse/<slug>` shows the brief's accessible HTML twin and offers its PDF; a survey that
has nothing published (or does not exist: the two look alike) gets a friendly 404 page.
The researcher area builds, previews and publishes the brief (`surveyapp.admin.publish`, with
the services of `surveyapp.publishing`).
"""

from surveyapp.results import (  # noqa: F401  (the views register themselves on bp)
    views,
)
from surveyapp.results.blueprint import bp

__all__ = ["bp"]

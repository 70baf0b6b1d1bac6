"""The researchers' side: surveys, frame, invitations, monitoring, response management.

Every page needs a login (checked once for the whole blueprint); pages that change anything
are for admins only (`auth.admin_required`). Respondent links give no access here: a respondent
has no account, so the login check turns them away like any stranger.
"""

from surveyapp.admin import (  # noqa: F401  (the views register themselves on bp)
    access,
    accounts,
    contacts,
    dashboard,
    downloads,
    field,
    frame,
    publish,
    responses,
    surveys,
    waves,
)
from surveyapp.admin.blueprint import bp

__all__ = ["bp"]

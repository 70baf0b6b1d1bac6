"""Forms built from the questionnaire: one handler per question type, one form per page."""

from surveyapp.forms.page import Outcome, PageForm, SummaryEntry

__all__ = ["Outcome", "PageForm", "SummaryEntry"]

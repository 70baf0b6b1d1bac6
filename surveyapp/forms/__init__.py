"""Forms built from the questionnaire: one handler per question type, one form per page."""

from surveyapp.forms.page import Outcome, PageForm, SummaryEntry, is_missing

__all__ = ["Outcome", "PageForm", "SummaryEntry", "is_missing"]

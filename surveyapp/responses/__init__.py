"""Responses: the one store of answer rows, their life cycle, and the respondent's session."""

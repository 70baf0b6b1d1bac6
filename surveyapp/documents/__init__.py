"""Documents a respondent takes away: the questionnaire to print and a copy of the answers."""

"""Surveys: a wave's life cycle (creation, opening, closing, settings) and its frame of units."""

"""The demo: the founding survey with its frame, sample answers and a researcher login."""

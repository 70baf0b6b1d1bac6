"""Researcher accounts: passwords, login, roles, and the audit log of what researchers do."""

"""The field phase: invitations and their links, contacts, e-mail, outreach and monitoring."""

"""Contacts and their consents (being built)."""

from querschnitt.network.views._stub import NotBuiltYet

ContactList = NotBuiltYet
ContactCreate = NotBuiltYet
ContactEdit = NotBuiltYet

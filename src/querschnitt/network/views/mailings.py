"""Mailings and unsubscribing (being built)."""

from querschnitt.network.views._stub import NotBuiltYet

MailingList = NotBuiltYet
MailingCreate = NotBuiltYet
MailingDetail = NotBuiltYet
UnsubscribeView = NotBuiltYet

"""Access table: Contacts, consents, mailings and unsubscribing.

Rows still marked 404 are not built yet.
"""

from typing import Any

from querschnitt.core.tests.access_helpers import everyone

ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    "network:unsubscribe": ({"token": "x"}, everyone(404)),
    "staff:contact_list": ({}, everyone(404)),
    "staff:contact_create": ({}, everyone(404)),
    "staff:contact_edit": ({"pk": 1}, everyone(404)),
    "staff:mailing_list": ({}, everyone(404)),
    "staff:mailing_create": ({}, everyone(404)),
    "staff:mailing_detail": ({"pk": 1}, everyone(404)),
}

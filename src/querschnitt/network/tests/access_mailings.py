"""Access table: Contacts, consents, mailings and unsubscribing.

The demo has no contacts or mailings of its own for sure, so the rows for one object create
it inside the (rolled-back) test.
"""

from typing import Any

from django_scopes import scopes_disabled

from querschnitt.core.tests.access_helpers import OFFICE, everyone, staff


def contact_pk() -> dict[str, Any]:
    from querschnitt.core.models import Municipality
    from querschnitt.network.models import Contact

    with scopes_disabled():
        mannheim = Municipality.objects.get(slug="mannheim")
        contact, _created = Contact.objects.get_or_create(
            municipality=mannheim, name="Zugriffstest Kontakt", email="zugriff@example.org"
        )
    return {"pk": contact.pk}


def mailing_pk() -> dict[str, Any]:
    from querschnitt.core.models import Municipality
    from querschnitt.network.models import Mailing

    with scopes_disabled():
        mannheim = Municipality.objects.get(slug="mannheim")
        mailing, _created = Mailing.objects.get_or_create(
            municipality=mannheim,
            subject="Zugriffstest Rundschreiben",
            defaults={"body": "Text", "segment": {"kinds": ["sports_club"]}},
        )
    return {"pk": mailing.pk}


ACCESS: dict[str, tuple[Any, dict[str, int]]] = {
    # A forged token is a clean 400 for everyone; a real one is tested in test_mailings.py.
    "network:unsubscribe": ({"token": "x"}, everyone(400)),
    "staff:contact_list": ({}, staff(*OFFICE)),
    "staff:contact_create": ({}, staff(*OFFICE)),
    "staff:contact_edit": (contact_pk, staff(*OFFICE)),
    "staff:mailing_list": ({}, staff(*OFFICE)),
    "staff:mailing_create": ({}, staff(*OFFICE)),
    "staff:mailing_detail": (mailing_pk, staff(*OFFICE)),
}

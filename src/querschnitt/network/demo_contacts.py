"""Demo contacts of the network: fictional people at the demo organisations, with consents in
every state, so that the contact list and a mailing's recipient count have something to show.

Addresses are all under example.org. Safe to run again: contacts are found by their address.
"""

import datetime
import random

from django_scopes import scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.network.models import Consent, Contact, Organisation

FIRST_NAMES = [
    "Aylin", "Jonas", "Fatma", "Lukas", "Olena", "Mehmet", "Sophie", "Ali", "Marie", "Daniel",
    "Leyla", "Tobias", "Nadia", "Felix", "Hanna", "Kerem", "Julia", "Samir", "Anna", "Dmytro",
]  # fmt: skip
LAST_NAMES = [
    "Yılmaz", "Müller", "Schneider", "Kaya", "Fischer", "Haddad", "Weber", "Kowalski",
    "Becker", "Demir", "Hoffmann", "Petrenko", "Schäfer", "Nasser", "Wagner", "Öztürk",
]  # fmt: skip
FUNCTIONS = [
    "Vorsitz", "Geschäftsführung", "Ehrenamtskoordination", "Jugendarbeit",
    "Öffentlichkeitsarbeit", "Integrationsbeauftragte Person", "Schriftführung",
]  # fmt: skip
SOURCES = [
    "Anmeldeformular MigrationsFORUM",
    "Unterzeichnung der Erklärung",
    "Netzwerktreffen, Teilnahmeliste mit Einwilligung",
    "E-Mail an das Büro",
]
MAX_ORGANISATIONS = 80
DEMO_NOTE = "Beispieldaten (fiktiv)"


def ascii_fold(text: str) -> str:
    table = str.maketrans(
        {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ş": "s", "ç": "c", "ğ": "g"}
    )
    return text.lower().translate(table)


def load_demo_contacts(municipality: Municipality) -> int:
    """Give up to 80 of the municipality's organisations one or two contacts; returns how many
    contacts exist afterwards with a demo address. Call after the organisations are loaded."""
    rng = random.Random(f"contacts-{municipality.slug}")  # noqa: S311 - demo data, not security
    with scopes_disabled():
        organisations = list(
            Organisation.objects.filter(municipality=municipality)
            .exclude(status=Organisation.Status.ARCHIVED)
            .order_by("id")[:MAX_ORGANISATIONS]
        )
        number = 0
        for organisation in organisations:
            for _person in range(rng.choice((1, 1, 2))):
                number += 1
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                has_email = rng.random() < 0.9
                email = (
                    f"{ascii_fold(first)}.{ascii_fold(last)}.{number}@example.org"
                    if has_email
                    else ""
                )
                # Every random value is drawn before looking the contact up, so that a second
                # run draws the same sequence and finds the same contacts.
                function, phone_roll, roll = rng.choice(FUNCTIONS), rng.random(), rng.random()
                given_on = datetime.date(2016, 10, 5) + datetime.timedelta(
                    days=rng.randrange(0, 3000)
                )
                source = rng.choice(SOURCES)
                lookup = {"email": email} if email else {"name": f"{first} {last}", "email": ""}
                contact, created = Contact.objects.get_or_create(
                    municipality=municipality,
                    organisation=organisation,
                    **lookup,
                    defaults={
                        "name": f"{first} {last}",
                        "function": function,
                        "phone": f"+49 000 {number:06d}" if phone_roll < 0.5 else "",
                        "notes": DEMO_NOTE,
                    },
                )
                if created:
                    add_demo_consents(contact, roll=roll, given_on=given_on, source=source)
        return Contact.objects.filter(municipality=municipality, notes=DEMO_NOTE).count()


def add_demo_consents(
    contact: Contact, *, roll: float, given_on: datetime.date, source: str
) -> None:
    """Most demo contacts may receive mailings; some withdrew, some never agreed."""
    if roll < 0.8:
        withdrawn_at = None
        if roll >= 0.7:
            # Withdrawn within the last two years, inside the retention period of withdrawn
            # consents (`network.retention`).
            withdrawn_on = max(
                given_on + datetime.timedelta(days=30),
                datetime.date.today() - datetime.timedelta(days=int(roll * 1000) % 700),
            )
            withdrawn_at = datetime.datetime.combine(
                withdrawn_on, datetime.time(9, 0), tzinfo=datetime.UTC
            )
        Consent.objects.create(
            municipality=contact.municipality,
            contact=contact,
            purpose=Consent.Purpose.MAILINGS,
            legal_basis=Consent.LegalBasis.CONSENT,
            given_on=given_on,
            source=source,
            withdrawn_at=withdrawn_at,
        )
    if roll > 0.5:
        Consent.objects.create(
            municipality=contact.municipality,
            contact=contact,
            purpose=Consent.Purpose.COORDINATION,
            legal_basis=Consent.LegalBasis.PUBLIC_TASK,
            given_on=given_on,
            source="Aufgabe des Integrationsbüros (Koordination des Netzwerks)",
        )

"""Reads of the office's internal contacts and their consents. Nothing here is public."""

import re

from django.db.models import Exists, OuterRef, Q, QuerySet

from querschnitt.core.models import Municipality
from querschnitt.network.models import Consent, Contact, Organisation

# "Name (#123)": how an organisation is offered in the suggestions of the contact forms, so
# that two organisations with the same name can still be told apart.
ORGANISATION_LABEL = re.compile(r"^(?P<name>.*?)\s*\(#(?P<pk>\d+)\)\s*$")
SUGGESTION_LIMIT = 20


def valid_consent_exists(*, purpose: str = Consent.Purpose.MAILINGS) -> Exists:
    """A subquery for `Contact` rows: a consent for `purpose` that has not been withdrawn."""
    return Exists(
        Consent.objects.filter(
            municipality=OuterRef("municipality"),
            contact=OuterRef("pk"),
            purpose=purpose,
            withdrawn_at__isnull=True,
        )
    )


def contact_list(
    *,
    municipality: Municipality,
    query: str = "",
    organisation: Organisation | None = None,
    has_mailing_consent: bool | None = None,
) -> QuerySet[Contact]:
    """The municipality's contacts, searched by name, e-mail address or organisation name."""
    contacts = (
        Contact.objects.filter(municipality=municipality)
        .select_related("organisation")
        .annotate(has_mailing_consent=valid_consent_exists())
    )
    for word in query.split():
        contacts = contacts.filter(
            Q(name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    if organisation is not None:
        contacts = contacts.filter(organisation=organisation)
    if has_mailing_consent is not None:
        contacts = contacts.filter(has_mailing_consent=has_mailing_consent)
    return contacts.order_by("name", "id")


def contact_consents(*, contact: Contact) -> QuerySet[Consent]:
    """The consent records of one contact, the current ones first, newest first."""
    return Consent.objects.filter(municipality=contact.municipality, contact=contact).order_by(
        "withdrawn_at", "-given_on", "-id"
    )


def organisation_label(organisation: Organisation) -> str:
    return f"{organisation.name} (#{organisation.pk})"


def organisation_suggestions(
    *, municipality: Municipality, query: str, limit: int = SUGGESTION_LIMIT
) -> list[Organisation]:
    """A few organisations whose name contains every word typed, for a suggestion list."""
    words = query.split()
    if not words or len(query.strip()) < 2:
        return []
    organisations = Organisation.objects.filter(municipality=municipality)
    for word in words:
        organisations = organisations.filter(name__icontains=word)
    return list(organisations.only("id", "name").order_by("name", "id")[:limit])


def organisation_from_label(*, municipality: Municipality, label: str) -> list[Organisation]:
    """The organisations a typed label may mean: "Name (#123)" one, a bare name every match."""
    label = label.strip()
    organisations = Organisation.objects.filter(municipality=municipality).only("id", "name")
    if match := ORGANISATION_LABEL.match(label):
        return list(organisations.filter(pk=int(match["pk"])))
    return list(organisations.filter(name__iexact=label).order_by("name", "id")[:10])

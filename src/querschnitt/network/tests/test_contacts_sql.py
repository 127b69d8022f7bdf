"""The contact list read with SQL gives what the ORM gives: the same count and the same rows,
page by page, for many searches and every filter; and never a contact, an organisation or a
consent of another municipality."""

import datetime
import re

import pytest
from django_scopes import scope, scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.network.models import Consent, Contact, Organisation
from querschnitt.network.selectors.contacts import contact_list
from querschnitt.network.selectors.contacts_sql import (
    ContactFilters,
    contact_count,
    contact_values,
)
from querschnitt.network.staff_rows import CONTACT_ROW_FIELDS
from querschnitt.network.tests.test_mailings_segments import make_contact, make_organisation


def through_orm(municipality: Municipality, filters: ContactFilters) -> list[dict]:
    organisation = (
        Organisation.objects.get(pk=filters.organisation_id)
        if filters.organisation_id is not None
        else None
    )
    return list(
        contact_list(
            municipality=municipality,
            query=filters.query,
            organisation=organisation,
            has_mailing_consent=filters.has_mailing_consent,
        ).values(*CONTACT_ROW_FIELDS)
    )


def assert_same(municipality: Municipality, filters: ContactFilters, size: int = 7) -> int:
    expected = through_orm(municipality, filters)
    assert contact_count(municipality=municipality, filters=filters) == len(expected), filters
    pages = [
        contact_values(municipality=municipality, filters=filters, offset=start, limit=size)
        for start in range(0, len(expected) + 1, size)
    ]
    assert [row for page in pages for row in page] == expected, filters
    return len(expected)


def queries(municipality: Municipality) -> list[str]:
    """Words and pieces of the municipality's names, addresses and organisations, in other
    cases, and characters that mean something to LIKE."""
    texts = Contact.objects.filter(municipality=municipality).values_list(
        "name", "email", "organisation__name"
    )
    words = sorted({w for row in texts for text in row if text for w in re.split(r"\s", text)})
    found = ["", "a", "A", "e r", "ä", "Ä", "ü", "ss", "ß", "%", "_", "\\", "%a", "_@", "'", '"']
    found += ["@example.org", "EXAMPLE", "zzzz", "e ü", "\u0627", "x" * 200]
    for word in words[::3]:
        found += [word, word.upper(), word[1:4], f"{word[:3]} {word[-3:]}"]
    return found


@pytest.mark.django_db
def test_the_counts_and_rows_read_with_sql_are_those_of_the_orm(
    mannheim: Municipality, bamberg: Municipality
) -> None:
    with scope(municipality=mannheim):
        club = make_organisation(mannheim, "Ruderclub Ärzte_100% Rheinau")
        make_contact(club, "ruth@example.org", name="Ruth Ölmann")
        make_contact(club, "rolf@example.org", name="rolf \\ klein", purpose=None)
        make_contact(club, "", name="Ruth Ölmann", withdrawn=True)  # the same name: by id
        make_contact(None, "ohne@example.org", municipality=mannheim, name="Ohne Organisation")
    for municipality in (mannheim, bamberg):
        with scope(municipality=municipality):
            organisations = list(
                Organisation.objects.filter(municipality=municipality, contacts__isnull=False)
                .distinct()
                .values_list("pk", flat=True)[:3]
            )
            assert organisations
            matched = 0
            for number, query in enumerate(queries(municipality)):
                consent = (None, True, False)[number % 3]
                found = assert_same(
                    municipality, ContactFilters(query=query, has_mailing_consent=consent)
                )
                matched += bool(found)
            for organisation_id in organisations:
                for consent in (None, True, False):
                    assert_same(
                        municipality,
                        ContactFilters(
                            organisation_id=organisation_id, has_mailing_consent=consent
                        ),
                    )
            assert_same(municipality, ContactFilters(), size=50)
            assert matched > 40


@pytest.mark.django_db
def test_the_sql_never_reads_another_municipalitys_contacts_or_consents(
    mannheim: Municipality, bamberg: Municipality
) -> None:
    with scope(municipality=bamberg):
        theirs = make_organisation(bamberg, "Bamberger Kontaktverein")
        make_contact(theirs, "bamberg.kontakt@example.org", name="Kontaktprobe Bamberg")
    with scope(municipality=mannheim):
        ours = make_organisation(mannheim, "Mannheimer Kontaktverein")
        contact = make_contact(
            ours, "mannheim@example.org", name="Kontaktprobe Mannheim", purpose=None
        )
    with scopes_disabled():
        # a consent that names another municipality than its contact's counts for neither
        Consent.objects.create(
            municipality=bamberg,
            contact=contact,
            purpose=Consent.Purpose.MAILINGS,
            legal_basis=Consent.LegalBasis.CONSENT,
            given_on=datetime.date(2024, 5, 1),
            source="Probe",
        )
    with scope(municipality=mannheim):
        assert assert_same(mannheim, ContactFilters(query="Kontaktprobe")) == 1
        rows = contact_values(
            municipality=mannheim, filters=ContactFilters(query="Kontaktprobe"), offset=0, limit=9
        )
        assert [row["name"] for row in rows] == ["Kontaktprobe Mannheim"]
        assert rows[0]["has_mailing_consent"] is False
        assert (
            assert_same(mannheim, ContactFilters(query="Kontaktprobe", has_mailing_consent=True))
            == 0
        )
        # the other city's organisation finds nothing here
        assert (
            contact_count(municipality=mannheim, filters=ContactFilters(organisation_id=theirs.pk))
            == 0
        )
        assert not contact_values(
            municipality=mannheim,
            filters=ContactFilters(organisation_id=theirs.pk),
            offset=0,
            limit=50,
        )
    everyone = ContactFilters()
    with scopes_disabled():
        ids = dict(Contact.objects.values_list("pk", "municipality_id"))
    for municipality in (mannheim, bamberg):
        listed = contact_values(municipality=municipality, filters=everyone, offset=0, limit=10_000)
        assert listed
        assert {ids[row["id"]] for row in listed} == {municipality.pk}
